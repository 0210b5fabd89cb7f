import { Arg, Ctx, ID, Int, Query, Resolver, type Complexity } from "type-graphql";
import type { Region } from "../config";
import { RegionEnum, type RequestContext } from "../context";
import type { FamilySearchService } from "./familySearchService";
import { healthDataUseFor } from "./healthDataUse";
import { FamilySearchCandidate } from "./familySearchTypes";
import { MissingPersonInput } from "./reliefInput";

/**
 * Operation cost of one search, per province searched (src/limits weighs operations with it). A
 * search ranks every open record of a province (p50 15.7 ms, p95 36.2 ms at 1M records in bench:match) where
 * an ordinary field costs microseconds, so it weighs like a few hundred fields: the default limit
 * (MAX_COST 5000) then admits a handful of searches in one operation, not ten aliased ones.
 */
export const FAMILY_SEARCH_COST_PER_PROVINCE = 200;

const candidateCost = (limit: unknown, childComplexity: number) => (typeof limit === "number" ? limit : 10) * childComplexity;

const familySearchCost: Complexity = ({ args, childComplexity }) => {
  const regions = args.regions as unknown[] | null | undefined;
  const provinces = Array.isArray(regions) && regions.length > 0 ? new Set(regions).size : 1;
  return provinces * (FAMILY_SEARCH_COST_PER_PROVINCE + candidateCost(args.limit, childComplexity));
};

const familySearchForRecordCost: Complexity = ({ args, childComplexity }) =>
  FAMILY_SEARCH_COST_PER_PROVINCE + candidateCost(args.limit, childComplexity);

@Resolver(() => FamilySearchCandidate)
export class FamilySearchResolver {
  constructor(private readonly service: FamilySearchService) {}

  @Query(() => [FamilySearchCandidate], {
    description:
      "Relief records that may be the described missing person, best first, each with its score and per-attribute explanation (寻亲比对). " +
      "This node answers for its own province; other regions named in `regions` are asked through the peer node.",
    complexity: familySearchCost,
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
    complexity: familySearchForRecordCost,
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
