import { Arg, Query, Resolver } from "type-graphql";
import type { Region } from "../config";
import { DateScalar, RegionEnum } from "../context";
import type { StandardsService } from "./standardsService";
import { AssistanceStandard, EligibilityAssessment, EligibilityInput } from "./standardsTypes";

// Thin: argument mapping and one service call. Standards hold no personal data (purpose STANDARDS).

@Resolver()
export class StandardsResolver {
  constructor(private readonly service: StandardsService) {}

  @Query(() => [AssistanceStandard], { description: "Assistance standards in force on a date, with their sources (救助标准查询). With areaCode: that area's view (area, group, city, municipal standard or provincial floor); without: every published scope of the region." })
  async assistanceStandards(
    @Arg("region", () => RegionEnum, { nullable: true, description: "Limit to one region." }) region?: Region | null,
    @Arg("areaCode", () => String, { nullable: true, description: "GB/T 2260 area code; a superseded code resolves to its successor." }) areaCode?: string | null,
    @Arg("on", () => DateScalar, { nullable: true, description: "Date (default: today in China)." }) on?: string | null,
  ): Promise<AssistanceStandard[]> {
    return this.service.standardsInForce(region, areaCode, on);
  }

  @Query(() => [AssistanceStandard], { description: "Standards of several areas side by side, across the provincial border (川渝标准对比)." })
  async compareStandards(
    @Arg("areaCodes", () => [String], { description: "GB/T 2260 area codes, in the order to show them." }) areaCodes: string[],
    @Arg("on", () => DateScalar, { nullable: true, description: "Date (default: today in China)." }) on?: string | null,
  ): Promise<AssistanceStandard[]> {
    return this.service.compareStandards(areaCodes, on);
  }

  @Query(() => EligibilityAssessment, { description: "Assess a household for 低保, 渐退, 低保边缘/单人保, 特困 and temporary assistance; every number carries its calculation steps (救助资格测算)." })
  async assessEligibility(@Arg("input", () => EligibilityInput, { description: "The household, area and date." }) input: EligibilityInput): Promise<EligibilityAssessment> {
    return this.service.assess(input);
  }

  @Query(() => [EligibilityAssessment], { description: "The same household assessed in several areas at once, e.g. on both sides of the border (跨区域测算对比)." })
  async compareEligibility(
    @Arg("input", () => EligibilityInput, { description: "The household and date (its areaCode is its registration area)." }) input: EligibilityInput,
    @Arg("areaCodes", () => [String], { description: "Areas to assess it in, in order." }) areaCodes: string[],
  ): Promise<EligibilityAssessment[]> {
    return this.service.compareEligibility(input, areaCodes);
  }
}
