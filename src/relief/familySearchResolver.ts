import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Int, Query, Resolver, type Complexity } from "type-graphql";
import type { Region } from "../config";
import { RegionEnum, rowScopeOf, type PeerFieldLink, type RequestContext } from "../context";
import { describeRecord } from "./crossBorderMatching";
import type { FamilySearchService } from "./familySearchService";
import { healthDataUseFor } from "./healthDataUse";
import { FamilySearchCandidate } from "./familySearchTypes";
import { ReliefRecord } from "./reliefRecordType";
import { MissingPersonInput } from "./reliefInput";
import { ReliefPersonInput } from "./reliefPersonInput";

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
  constructor(
    private readonly service: FamilySearchService,
    private readonly home: Region,
    private readonly peers?: PeerFieldLink,
  ) {}

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
    return (await this.service.searchForReport(report, regions, limit, rowScopeOf(context, "FamilySearchCandidate").where, healthDataUseFor(context))).candidates;
  }

  @Query(() => [FamilySearchCandidate], {
    description:
      "Open missing-person reports that may describe the person of a relief record, best first (按救助记录寻亲). The record's node searches its own " +
      "province's reports and asks the other province's node (named in `regions`) with the record's description, without its health data; " +
      "that node searches under its own policy. Answers merge by matchWeight.",
    complexity: familySearchForRecordCost,
  })
  async familySearchForRecord(
    @Arg("reliefRecordId", () => ID, { description: "A relief record (its id's region tag routes the search to the node that holds it)." }) reliefRecordId: string,
    @Ctx() context: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg("regions", () => [RegionEnum], { nullable: true, description: "Provinces whose reports to search; default the province holding the record." }) regions?: Region[] | null,
    @Arg("limit", () => Int, { defaultValue: 10, description: "Candidates, 1–50." }) limit = 10,
  ): Promise<FamilySearchCandidate[]> {
    const targets = regions?.length ? [...new Set(regions)] : [this.home];
    const others = targets.filter((r) => r !== this.home);
    // A request forwarded here by the peer is answered for this province only: one hop, never a loop.
    const askPeers = others.length > 0 && this.peers && !context.principal.forwardedBy;
    const record = askPeers ? await this.service.findRecord(reliefRecordId) : undefined;
    const remote = askPeers
      ? Promise.all(
          others.map((region) =>
            this.peers!.askField(
              region,
              { info, field: "familySearchForPerson", args: { person: personOf(record!), regions: [region], limit }, answeredHere: { reliefRecord: ReliefRecord.fromRow(record!) } },
              context,
            ),
          ),
        )
      : Promise.resolve([]);
    const local = targets.includes(this.home) ? await this.service.searchForRecord(reliefRecordId, limit, rowScopeOf(context, "FamilySearchCandidate").where, healthDataUseFor(context)) : undefined;
    if (!local) await this.service.findRecord(reliefRecordId); // NOT_FOUND even when only the other province is asked
    const merged = [...(local?.candidates ?? []), ...(await remote).flatMap((items) => (items ?? []) as FamilySearchCandidate[])];
    if (others.length === 0) return merged;
    return merged.sort((a, b) => b.matchWeight - a.matchWeight).slice(0, limit);
  }

  @Query(() => [FamilySearchCandidate], {
    description:
      "Open missing-person reports that may describe a person as a relief station describes them, best first, without registering a record " +
      "(按救助对象寻亲); also what familySearchForRecord asks the other province's node. No health data is taken or weighed.",
    complexity: familySearchCost,
  })
  async familySearchForPerson(
    @Arg("person", () => ReliefPersonInput, { description: "The person as the station describes them." }) person: ReliefPersonInput,
    @Ctx() context: RequestContext,
    @Arg("regions", () => [RegionEnum], { nullable: true, description: "Provinces to search; default the home province." }) regions?: Region[] | null,
    @Arg("limit", () => Int, { defaultValue: 10, description: "Candidates per province, 1–50." }) limit = 10,
  ): Promise<FamilySearchCandidate[]> {
    return (await this.service.searchForPerson(person, regions, limit, rowScopeOf(context, "FamilySearchCandidate").where)).candidates;
  }
}

/** The record as the other province's search reads it: the cross-border description (no health, no DNA reference). */
function personOf(row: Parameters<typeof describeRecord>[0]): ReliefPersonInput {
  const d = describeRecord(row);
  return Object.assign(new ReliefPersonInput(), {
    reportedName: d.reportedName,
    gender: d.gender,
    apparentAgeMin: d.apparentAgeMin,
    apparentAgeMax: d.apparentAgeMax,
    heightCm: d.heightCm,
    features: d.features,
    dialect: d.dialect,
    placeNamesSpoken: d.placeNamesSpoken,
    foundOn: d.foundOn,
    foundAreaCode: d.foundAreaCode,
    hasDnaSample: d.hasDnaSample,
    faceEmbedding: d.faceEmbedding,
    idNumber: d.idNumber,
  });
}
