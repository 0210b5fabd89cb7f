import { Arg, Ctx, Field, Float, Int, ObjectType, Query, Resolver } from "type-graphql";
import type { Region } from "../config";
import { DateTimeScalar, RegionEnum, type RequestContext } from "../context";
import { addCell, emptyCell, type FigureCell } from "./familySearchFigures";
import { combinedByMonth, figureQuery, type FamilySearchStatisticsService } from "./familySearchStatisticsService";
import { disclosedFigures } from "./smallCellSuppression";

// The figures the plans measure, as GraphQL (definitions: familySearchFigures.ts and
// docs/family-search-lifecycle.md). No field names, dates or ids of a person: counts only, and
// counts too small to publish withheld (smallCellSuppression.ts).

const WITHHELD = " Null when withheld: a count from 1 to STATISTICS_MIN_CELL_COUNT − 1, or computed from one (see suppressedFigures).";

@ObjectType({ simpleResolvers: true, description: "Family-search figures for a month and area, a month, or the whole range (寻亲救助统计). Counts only, no personal data." })
export class FamilySearchFigures {
  @Field(() => String, { nullable: true, description: "The month, YYYY-MM; null for the whole range." })
  month!: string | null;

  @Field(() => RegionEnum, { nullable: true, description: "The province; null when both are combined." })
  region!: Region | null;

  @Field(() => String, { nullable: true, description: "County-level GB/T 2260 code (as in force; superseded codes fold into their successor); null when areas are combined." })
  areaCode!: string | null;

  @Field(() => Int, { nullable: true, description: "Relief records taken in, by the month found (受助人数)." + WITHHELD })
  takenIn!: number | null;

  @Field(() => Int, { nullable: true, description: "Records identified after intake, by the month identified (身份查明)." + WITHHELD })
  identified!: number | null;

  @Field(() => Int, { nullable: true, description: "Returned home, by the month of the hand-over (接送返回)." + WITHHELD })
  returnedHome!: number | null;

  @Field(() => Int, { nullable: true, description: "Settled locally, by the month settled (落户安置)." + WITHHELD })
  settledLocally!: number | null;

  @Field(() => Float, { nullable: true, description: "接送返回率: returned home ÷ placements (returned home, settled locally, transferred to another station) of people whose identity was known. Null when there were none." + WITHHELD })
  returnHomeRate!: number | null;

  @Field(() => Int, { nullable: true, description: "The denominator of returnHomeRate." + WITHHELD })
  returnHomeRateBase!: number | null;

  @Field(() => Float, { nullable: true, description: "落户安置率: settled locally ÷ placements of people whose identity was unknown. Null when there were none." + WITHHELD })
  settlementRate!: number | null;

  @Field(() => Int, { nullable: true, description: "The denominator of settlementRate." + WITHHELD })
  settlementRateBase!: number | null;

  @Field(() => Float, { nullable: true, description: "Median days from found to identified, of the records identified (身份查明中位天数)." + WITHHELD })
  medianDaysToIdentification!: number | null;

  @Field(() => Int, { nullable: true, description: "Confirmed matches of a record of one province with a report of the other (跨省比中), counted once, where the record is." + WITHHELD })
  crossBorderMatches!: number | null;

  @Field(() => Int, { nullable: true, description: "DNA comparisons answered by the laboratory (DNA比对协查完成)." + WITHHELD })
  dnaComparisonsAnswered!: number | null;

  @Field(() => Float, { nullable: true, description: "协查 turnaround: median days from a DNA comparison request to its result, of those answered." + WITHHELD })
  medianDnaTurnaroundDays!: number | null;

  @Field({ description: "Whether any figure of this entry is withheld as too small to publish (small-cell suppression)." })
  suppressed!: boolean;

  @Field(() => [String], { description: "The fields of this entry withheld (null) as too small to publish, or computed from a count that is." })
  suppressedFigures!: string[];

  static of(cell: FigureCell, month: string | null, region: Region | null, areaCode: string | null, minCellCount: number): FamilySearchFigures {
    const { suppressed, ...figures } = disclosedFigures(cell, minCellCount);
    return Object.assign(new FamilySearchFigures(), { month, region, areaCode, ...figures, suppressed: suppressed.length > 0, suppressedFigures: suppressed });
  }
}

@ObjectType({ simpleResolvers: true, description: "Where a province's figures came from." })
export class FamilySearchStatisticsSource {
  @Field(() => RegionEnum, { description: "The province." })
  region!: Region;

  @Field({ description: "Whether its figures are included (the other province's arrive through the node statistics exchange)." })
  available!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: "When its figures were read from its database." })
  asOf!: Date | null;
}

@ObjectType({ simpleResolvers: true, description: "familySearchStatistics: per month and area, per month, and for the range, across the provinces asked for." })
export class FamilySearchStatistics {
  @Field({ description: "First month, YYYY-MM." })
  from!: string;

  @Field({ description: "Last month, YYYY-MM." })
  to!: string;

  @Field(() => [FamilySearchFigures], { description: "One entry per month, province and area that has any figure, by month then area." })
  byArea!: FamilySearchFigures[];

  @Field(() => [FamilySearchFigures], { description: "One entry per month of the range, every area and province asked for combined." })
  byMonth!: FamilySearchFigures[];

  @Field(() => FamilySearchFigures, { description: "The whole range, everything asked for combined." })
  total!: FamilySearchFigures;

  @Field(() => [FamilySearchStatisticsSource], { description: "Each province asked for: included or not, and as of when." })
  sources!: FamilySearchStatisticsSource[];
}

@Resolver()
export class FamilySearchStatisticsResolver {
  constructor(
    private readonly statistics: FamilySearchStatisticsService,
    private readonly home: Region,
    private readonly minCellCount: number,
  ) {}

  @Query(() => FamilySearchStatistics, {
    description:
      "The figures the plans measure (接送返回率, 落户安置率 …), per month and area, for both provinces unless one is named: this node's read now, " +
      "the other's as last received from its node. Counts only: no personal data.",
  })
  async familySearchStatistics(
    @Arg("from", { description: "First month, YYYY-MM." }) from: string,
    @Arg("to", { description: "Last month, YYYY-MM (at most 120 months in all)." }) to: string,
    @Ctx() context: RequestContext,
    @Arg("region", () => RegionEnum, { nullable: true, description: "Only this province (default both)." }) region?: Region | null,
    @Arg("areaCode", () => String, { nullable: true, description: "Only this county-level area (GB/T 2260)." }) areaCode?: string | null,
  ): Promise<FamilySearchStatistics> {
    const query = figureQuery(this.home, region, areaCode, from, to);
    const figures = await this.statistics.figures(query);
    for (const missing of figures.filter((f) => f.asOf === null)) {
      context.deferredErrors.push({
        message: `no figures from the ${missing.region} node yet; they arrive through the node statistics exchange`,
        path: ["familySearchStatistics"],
        extensions: { code: "PEER_UNAVAILABLE", region: missing.region },
      });
    }
    const cells = figures.flatMap((f) => f.cells.map((cell) => ({ region: f.region, cell })));
    const combined = combinedByMonth(cells.map((c) => c.cell), from, to);
    return Object.assign(new FamilySearchStatistics(), {
      from,
      to,
      byArea: cells.map(({ region: r, cell }) => FamilySearchFigures.of(cell, cell.month, r, cell.areaCode, this.minCellCount)),
      byMonth: combined.map((cell) => FamilySearchFigures.of(cell, cell.month, query.regions.length === 1 ? query.regions[0] : null, query.areaCode, this.minCellCount)),
      total: FamilySearchFigures.of(combined.reduce(addCell, emptyCell("", "")), null, query.regions.length === 1 ? query.regions[0] : null, query.areaCode, this.minCellCount),
      sources: figures.map((f) => Object.assign(new FamilySearchStatisticsSource(), { region: f.region, available: f.asOf !== null, asOf: f.asOf })),
    });
  }
}
