import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context";
import type { FamilySearchService } from "./familySearchService";
import { FileMissingPersonReportPayload } from "./matchAlertTypes";
import { MissingPersonReport } from "./missingPersonReportType";
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

  @Mutation(() => FileMissingPersonReportPayload, {
    description: "Files a missing-person report and matches it against the relief records; pairs above the threshold become alerts (寻亲登记).",
  })
  async fileMissingPersonReport(
    @Arg("input", () => MissingPersonInput) input: MissingPersonInput,
  ): Promise<FileMissingPersonReportPayload> {
    return this.familySearch.fileMissingPersonReport(input);
  }
}
