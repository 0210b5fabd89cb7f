import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { rowScopeOf, type RequestContext } from "../context";
import { MatchAlert, MatchAlertConnection, MatchAlertDecisionEnum, MatchAlertStatusEnum, type MatchAlertDecision, type MatchAlertStatus } from "./matchAlertTypes";
import type { MatchAlertService } from "./matchAlertService";
import { MissingPersonReport } from "./missingPersonReportType";
import { ReliefRecord } from "./reliefRecordType";
import type { ReliefRegistry } from "./reliefRegistry";

@Resolver(() => MatchAlert)
export class MatchAlertResolver {
  constructor(
    private readonly alerts: MatchAlertService,
    private readonly registry: ReliefRegistry,
  ) {}

  @Query(() => MatchAlertConnection, { description: "Match alerts raised by continuous matching, newest first (寻亲比对预警)." })
  matchAlerts(
    @Arg("status", () => MatchAlertStatusEnum, { nullable: true, description: "Only alerts in this state." }) status: MatchAlertStatus | null,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 1–100 (default 20)." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the alert to continue after." }) after: string | null,
    @Ctx() context: RequestContext,
  ): Promise<MatchAlertConnection> {
    // The row rule (policies/relief.yaml, entity MatchAlert) is a condition of the query itself.
    return this.alerts.list(status, first, after, rowScopeOf(context, "MatchAlert").where);
  }

  @Mutation(() => MatchAlert, {
    description: "An officer's step on an alert: REVIEWED, then CONFIRMED (the record is identified, the report found) or REJECTED (预警处理).",
  })
  async reviewMatchAlert(
    @Arg("id", () => ID, { description: "The alert." }) id: string,
    @Arg("decision", () => MatchAlertDecisionEnum, { description: "The step taken." }) decision: MatchAlertDecision,
    @Ctx() context: RequestContext,
    @Arg("note", () => String, { nullable: true, description: "The officer's note (处理意见)." }) note?: string | null,
  ): Promise<MatchAlert> {
    const result = await this.alerts.review(id, decision, note, context.principal.sub, rowScopeOf(context, "MatchAlert"));
    return result.alert;
  }

  @FieldResolver(() => ReliefRecord, { nullable: true })
  async reliefRecord(@Root() alert: MatchAlert, @Ctx() context: RequestContext): Promise<ReliefRecord | null> {
    return this.registry.loaders(context).record.load(alert.reliefRecordId);
  }

  @FieldResolver(() => MissingPersonReport, { nullable: true })
  async missingPersonReport(@Root() alert: MatchAlert, @Ctx() context: RequestContext): Promise<MissingPersonReport | null> {
    return this.registry.loaders(context).report.load(alert.missingPersonReportId);
  }
}
