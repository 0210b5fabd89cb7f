import { Arg, Ctx, ID, Int, Query, Resolver } from "type-graphql";
import type { Region } from "../config";
import { RegionEnum, type RequestContext } from "../context";
import type { FamilySearchService } from "./familySearchService";
import { healthDataUseFor } from "./healthDataUse";
import { FamilySearchCandidate } from "./familySearchTypes";
import { MissingPersonInput } from "./reliefInput";

@Resolver(() => FamilySearchCandidate)
export class FamilySearchResolver {
  constructor(private readonly service: FamilySearchService) {}

  @Query(() => [FamilySearchCandidate], {
    description:
      "Relief records that may be the described missing person, best first, each with its score and per-attribute explanation (寻亲比对). " +
      "This node answers for its own province; other regions named in `regions` are asked through the peer node.",
  })
  async familySearch(
    @Arg("report", () => MissingPersonInput, { description: "The missing person as the family describes them." }) report: MissingPersonInput,
    @Ctx() context: RequestContext,
    @Arg("regions", () => [RegionEnum], { nullable: true, description: "Provinces to search; default the home province." }) regions?: Region[] | null,
    @Arg("limit", () => Int, { defaultValue: 10, description: "Candidates per province, 1–50." }) limit = 10,
  ): Promise<FamilySearchCandidate[]> {
    const answer = await this.service.searchForReport(report, regions, limit, healthDataUseFor(context));
    for (const subject of answer.subjects) context.touchedSubjects.add(subject);
    return answer.candidates;
  }

  @Query(() => [FamilySearchCandidate], {
    description: "Open missing-person reports that may describe the person of a relief record, best first (按救助记录寻亲).",
  })
  async familySearchForRecord(
    @Arg("reliefRecordId", () => ID, { description: "A relief record of this node (its id's region tag routes it)." }) reliefRecordId: string,
    @Ctx() context: RequestContext,
    @Arg("limit", () => Int, { defaultValue: 10, description: "Candidates, 1–50." }) limit = 10,
  ): Promise<FamilySearchCandidate[]> {
    const answer = await this.service.searchForRecord(reliefRecordId, limit, healthDataUseFor(context));
    for (const subject of answer.subjects) context.touchedSubjects.add(subject);
    return answer.candidates;
  }
}
