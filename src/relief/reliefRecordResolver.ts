import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context";
import type { FamilySearchService } from "./familySearchService";
import { RecordReliefCasePayload } from "./matchAlertTypes";
import { ReliefCaseInput } from "./reliefInput";
import { ReliefFilter, ReliefRecordConnection } from "./reliefRecordConnection";
import { ReliefRecord } from "./reliefRecordType";
import { ReliefRegistry } from "./reliefRegistry";

@Resolver(() => ReliefRecord)
export class ReliefRecordResolver {
  constructor(
    private readonly registry: ReliefRegistry,
    private readonly familySearch: FamilySearchService,
  ) {}

  @Query(() => ReliefRecord, { nullable: true, description: "One relief record by id (救助记录), or null when there is none." })
  async reliefRecord(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<ReliefRecord | null> {
    return this.registry.findRecord(id, context);
  }

  @Query(() => ReliefRecordConnection, { description: "Relief records matching a filter, newest found first, in pages (救助记录列表)." })
  async reliefRecords(
    @Arg("filter", () => ReliefFilter) filter: ReliefFilter,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 1–100 (default 20)." }) first: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor of the item to continue after." }) after: string | null,
    @Ctx() context: RequestContext,
  ): Promise<ReliefRecordConnection> {
    return this.registry.listRecords(filter, context, first, after);
  }

  @Mutation(() => RecordReliefCasePayload, {
    description: "Registers a person taken in by a relief station and matches them against open reports; pairs above the threshold become alerts (救助登记).",
  })
  async recordReliefCase(@Arg("input", () => ReliefCaseInput) input: ReliefCaseInput): Promise<RecordReliefCasePayload> {
    return this.familySearch.recordReliefCase(input);
  }
}
