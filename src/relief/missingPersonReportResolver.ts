import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context";
import type { FamilySearchService } from "./familySearchService";
import { FileMissingPersonReportPayload } from "./matchAlertTypes";
import { MissingPersonReport } from "./missingPersonReportType";
import { MissingPersonReportConnection, MissingPersonReportFilter } from "./missingPersonReportConnection";
import { MissingPersonInput } from "./reliefInput";
import { ReliefRegistry } from "./reliefRegistry";

@Resolver(() => MissingPersonReport)
export class MissingPersonReportResolver {
  constructor(
    private readonly registry: ReliefRegistry,
    private readonly familySearch: FamilySearchService,
  ) {}

  @Query(() => MissingPersonReport, { nullable: true, description: "One missing-person report by id (寻亲登记), or null when there is none." })
  async missingPersonReport(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<MissingPersonReport | null> {
    return this.registry.findReport(id, context);
  }

  @Query(() => MissingPersonReportConnection, {
    description: "Missing-person reports taken by agencies in the caller's jurisdiction, newest filed first, in pages (寻亲登记列表).",
  })
  async missingPersonReports(
    @Arg("filter", () => MissingPersonReportFilter, { nullable: true, description: "Conditions the reports must meet; none lists every report in the caller's jurisdiction." })
    filter: MissingPersonReportFilter | null,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 1–100 (default 20)." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the item to continue after." }) after: string | null,
    @Ctx() context: RequestContext,
  ): Promise<MissingPersonReportConnection> {
    return this.registry.listReports(filter ?? {}, context, first, after);
  }

  @Mutation(() => FileMissingPersonReportPayload, {
    description: "Files a missing-person report and matches it against the relief records; pairs above the threshold become alerts (寻亲登记).",
  })
  async fileMissingPersonReport(
    @Arg("input", () => MissingPersonInput) input: MissingPersonInput,
  ): Promise<FileMissingPersonReportPayload> {
    return this.familySearch.fileMissingPersonReport(input);
  }
}
