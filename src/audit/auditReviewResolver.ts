import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import type { Region } from "../config";
import { DateTimeScalar, RegionEnum, type RequestContext } from "../context";
import type { AuditReviewService } from "./auditReview";
import { AccessAnomaly, AccessLogConnection, AccessLogEntry, AccessLogFilter, AuditIntegrityReport } from "./auditReviewTypes";

/** The compliance officers' queries (合规审查); who may call them is the policy plugin's decision. */
@Resolver()
export class AuditReviewResolver {
  constructor(private readonly service: AuditReviewService) {}

  @Query(() => AccessLogConnection, { description: "Recorded accesses, newest first, filtered and keyset-paged (访问日志)." })
  accessLog(
    @Arg("filter", () => AccessLogFilter, { description: "Conditions; all given must hold." }) filter: AccessLogFilter,
    @Arg("first", () => Int, { nullable: true, description: "Page size (1–100, default 20)." }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the last entry of the previous page." }) after?: string | null,
  ): Promise<AccessLogConnection> {
    return this.service.accessLog(filter, first, after);
  }

  @Query(() => [AccessLogEntry], {
    description: "Every access that touched this person, from both nodes unless `regions` says otherwise, each entry tagged with the node that recorded it (个人信息访问记录, like Estonia's Data Tracker). The number is validated and only its keyed HMAC is searched.",
  })
  subjectAccessReport(
    @Arg("idNumber", () => String, { description: "Resident identity number (公民身份号码), validated (GB 11643)." }) idNumber: string,
    @Ctx() context: RequestContext,
    @Arg("from", () => DateTimeScalar, { nullable: true, description: "Recorded at or after." }) from?: Date | null,
    @Arg("to", () => DateTimeScalar, { nullable: true, description: "Recorded at or before." }) to?: Date | null,
    // Read by the peer layer, which asks each node for its own log; this resolver answers for its node.
    @Arg("regions", () => [RegionEnum], { nullable: true, description: "Nodes whose logs to search; default both." }) _regions?: Region[] | null,
  ): Promise<AccessLogEntry[]> {
    // The officer's own look-up touches this person: validating the number notes it for their entry.
    return this.service.subjectAccessReport(idNumber, from, to);
  }

  @Query(() => [AccessAnomaly], { description: "Access patterns worth a review, with the entries behind them (异常访问); default the last 24 hours, at most 31 days." })
  accessAnomalies(
    @Arg("from", () => DateTimeScalar, { nullable: true, description: "Start of the period." }) from?: Date | null,
    @Arg("to", () => DateTimeScalar, { nullable: true, description: "End of the period (default now)." }) to?: Date | null,
  ): Promise<AccessAnomaly[]> {
    return this.service.accessAnomalies(from, to);
  }

  @Query(() => AuditIntegrityReport, {
    description: "Verifies the hash chains, checkpoint signatures and completeness of the log segments holding the period's entries (审计日志完整性); default the last 24 hours, at most 31 days. `npm run audit:verify` checks the whole log.",
  })
  auditIntegrity(
    @Arg("from", () => DateTimeScalar, { nullable: true, description: "Start of the period." }) from?: Date | null,
    @Arg("to", () => DateTimeScalar, { nullable: true, description: "End of the period (default now)." }) to?: Date | null,
  ): Promise<AuditIntegrityReport> {
    return this.service.auditIntegrity(from, to);
  }
}
