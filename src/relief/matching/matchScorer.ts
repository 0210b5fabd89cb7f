import { ageMasses, ageWeight, compareAge } from "./ageWindow";
import type { AttributeComparison } from "./attributeComparison";
import { compareDialect } from "./dialectComparison";
import { compareFace } from "./faceComparison";
import { compareFeatures } from "./featureComparison";
import { compareGeography, geographyTable, geographyWeight, type GeographyTable } from "./geographyWindow";
import { compareHeight, heightMasses, heightWeight } from "./heightWindow";
import { bits, DEFAULT_MATCH_PARAMETERS, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import { compareNames } from "./nameComparison";
import { comparePlaceNames } from "./placeNameComparison";
import type { PopulationStatistics } from "./populationStatistics";
import { compareTime, timeWeight } from "./timeWindow";

// Fellegi–Sunter: the weight of a pair is the sum of its comparisons' log2(m/u); with the prior
// odds of a match it gives the probability that record and report describe one person. The pair
// is always scored as (record, report), whichever side asked, so both directions agree.

export interface PairScore {
  /** Sum of the comparisons' weights, bits. */
  evidenceWeight: number;
  /** Prior log2 odds plus the evidence: the match weight Splink would print. */
  matchWeight: number;
  matchProbability: number;
  comparisons: AttributeComparison[];
  /** The record has a DNA sample: the police liaison should ask for a laboratory comparison. */
  dnaComparisonSuggested: boolean;
}

export class MatchScorer {
  private readonly geographyTables = new Map<string, { table: GeographyTable; atRecords: number }>();
  private readonly ageMassTable: readonly number[];
  private readonly heightMassTable: readonly number[];

  constructor(
    readonly stats: PopulationStatistics,
    readonly parameters: MatchParameters = DEFAULT_MATCH_PARAMETERS,
  ) {
    this.ageMassTable = ageMasses(parameters);
    this.heightMassTable = heightMasses(parameters);
  }

  /** Prior log2 odds that a given candidate among `poolSize` is the one. */
  priorWeight(poolSize: number): number {
    const rate = this.parameters.matchRate / Math.max(1, poolSize);
    return Math.log2(rate / (1 - rate));
  }

  /** Per report-area pair, re-measured when the records have grown by a twentieth. */
  geography(report: MissingPersonProfile): GeographyTable {
    const key = `${report.lastSeenArea}:${report.homeArea}`;
    const cached = this.geographyTables.get(key);
    const records = this.stats.recordCount;
    if (cached && records <= cached.atRecords * 1.05 + 10) return cached.table;
    const table = geographyTable(report, this.stats, this.parameters);
    this.geographyTables.set(key, { table, atRecords: records });
    return table;
  }

  /** Cheap weight from the numeric windows only (age, time, place, height), for ranking a block scan. */
  quickWeight(record: ReliefRecordProfile, report: MissingPersonProfile, geography: GeographyTable): number {
    return (
      ageWeight(record, report, this.stats, this.parameters, this.ageMassTable) +
      timeWeight(record, report, this.stats, this.parameters) +
      geographyWeight(record, geography) +
      heightWeight(record, report, this.stats, this.parameters, this.heightMassTable)
    );
  }

  genderComparison(record: ReliefRecordProfile): AttributeComparison {
    const u = this.stats.genderShare(record.gender);
    return {
      attribute: "GENDER",
      level: "SAME",
      weight: bits(1, u, this.parameters.minimumU),
      m: 1,
      u,
      difference: null,
      unit: null,
      detail: `both ${record.gender === "MALE" ? "male" : "female"} (a hard condition: other candidates are never shown)`,
    };
  }

  score(record: ReliefRecordProfile, report: MissingPersonProfile, poolSize: number): PairScore {
    const { stats, parameters } = this;
    const comparisons = [
      compareNames(record.name, report.names, stats, parameters),
      this.genderComparison(record),
      compareAge(record, report, stats, parameters),
      compareHeight(record, report, stats, parameters),
      compareTime(record, report, stats, parameters),
      compareGeography(record, report, this.geography(report), parameters),
      compareDialect(record, report, stats, parameters),
      comparePlaceNames(record, report, parameters),
      compareFeatures(record, report, stats, parameters),
      compareFace(record, report, stats, parameters),
    ].filter((c): c is AttributeComparison => c !== null);
    const evidenceWeight = comparisons.reduce((sum, c) => sum + c.weight, 0);
    const matchWeight = this.priorWeight(poolSize) + evidenceWeight;
    return {
      evidenceWeight,
      matchWeight,
      matchProbability: 1 / (1 + 2 ** -matchWeight),
      comparisons,
      dnaComparisonSuggested: record.hasDnaSample,
    };
  }
}
