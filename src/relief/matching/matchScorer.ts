import { ageMasses, ageWeight, apparentAgeWeight, compareAge } from "./ageWindow";
import type { AttributeComparison } from "./attributeComparison";
import { compareCondition, conditionWeight } from "./conditionComparison";
import { compareDialect } from "./dialectComparison";
import { compareFace } from "./faceComparison";
import { compareFeatures, listedWeight, noneSharedWeight } from "./featureComparison";
import { compareGeography, geographyTable, geographyWeight, type GeographyTable } from "./geographyWindow";
import { compareHeight, growthIsNil, heightMasses, heightWeight, measuredHeightWeight } from "./heightWindow";
import { bits, DEFAULT_MATCH_PARAMETERS, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import { CategoricalKeys, CONDITION_KEYS, DIALECT_KEYS, FEATURE_KEYS, PLACE_KEYS } from "./categoricalKeys";
import { compareIdentityNumbers } from "./identityNumberComparison";
import { compareNames } from "./nameComparison";
import { comparePlaceNames } from "./placeNameComparison";
import type { PopulationStatistics } from "./populationStatistics";
import type { ScanBlock } from "./scanBlock";
import { compareTime, timeLevel, timeWeight, timeWeightsFor } from "./timeWindow";

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

/** Whether a search may weigh health data (a record's noted condition) for its caller. */
export type HealthDataUse = "WITH_HEALTH" | "WITHOUT_HEALTH";

export interface PreparedReport {
  profile: MissingPersonProfile;
  /**
   * Whether the record's noted condition (mental state, intellect: health data) may weigh: only
   * for a caller allowed to read it (see HealthDataUse). Otherwise CONDITION neither adds to the
   * score nor appears in it, so no weight shown across the border is derived from health data.
   */
  weighsHealth: boolean;
  geography: GeographyTable;
  timeWeights: readonly number[];
  /** Weights of categorical comparisons already met in this query, by the value's number (NaN: not yet). */
  dialectWeights: Float64Array;
  placeWeights: Float64Array;
  featureWeights: Float64Array;
  /** Weights of the record conditions met in this query, by CONDITION_KEYS number (NaN: not yet). */
  conditionWeights: Float64Array;
  /** Weight of a record feature list sharing no kind with the report's (null: the report lists none). */
  noneSharedFeatures: number | null;
  /** Weight of a record listing no features against this report (the report lists some, or none). */
  featurelessRecord: number;
  /** Weight of a record listing features when the report lists none. */
  unlistedByReport: number;
}

function memoTable(keys: CategoricalKeys): Float64Array {
  return new Float64Array(keys.size + 16).fill(NaN);
}

function memo(table: Float64Array, key: number, compute: () => number): number {
  if (key >= table.length) return compute();
  let weight = table[key];
  if (Number.isNaN(weight)) {
    weight = compute();
    table[key] = weight;
  }
  return weight;
}

/** What a relief record keeps in its scan block's columns (see ScanBlock). */
export const RECORD_SCAN_COLUMNS = { ageMin: 0, ageMax: 1, heightCm: 2, foundArea: 3, dialectKey: 4, placeKey: 5, featureKey: 6, conditionKey: 7 } as const;

export function recordScanColumns(record: ReliefRecordProfile): number[] {
  return [record.ageMin, record.ageMax, record.heightCm ?? -1, record.foundArea, record.dialectKey, record.placeKey, record.featureKey, record.conditionKey];
}

/** Found dates within this many days share one cached age weight in a scan (under 0.15 years of age). */
const SCAN_DAY_BUCKET = 61;
const STANDARD_AGE_RANGE = 10;

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

  /** What quick weights against many records share for one report: its geography and time tables. */
  prepare(report: MissingPersonProfile, health: HealthDataUse = "WITHOUT_HEALTH"): PreparedReport {
    return {
      profile: report,
      weighsHealth: health === "WITH_HEALTH",
      geography: this.geography(report),
      timeWeights: timeWeightsFor(report, this.stats, this.parameters),
      dialectWeights: memoTable(DIALECT_KEYS),
      placeWeights: memoTable(PLACE_KEYS),
      featureWeights: memoTable(FEATURE_KEYS),
      conditionWeights: memoTable(CONDITION_KEYS),
      noneSharedFeatures: report.features.length > 0 ? noneSharedWeight(report, this.stats, this.parameters) : null,
      featurelessRecord: listedWeight(report.features.length > 0 ? "RECORD_LISTS_NONE" : "NEITHER_LISTS", this.stats, this.parameters),
      unlistedByReport: listedWeight("REPORT_LISTS_NONE", this.stats, this.parameters),
    };
  }

  /**
   * Everything but name, identity number and face, from per-query tables: what ranks the block
   * scan of nameless records (tens of thousands per query), so it must stay a few table reads.
   */
  quickWeight(record: ReliefRecordProfile, prepared: PreparedReport): number {
    const { stats, parameters } = this;
    const report = prepared.profile;
    let weight =
      ageWeight(record, report, stats, parameters, this.ageMassTable) +
      prepared.timeWeights[timeLevel(record.foundDay - report.lastSeenDay, parameters)] +
      geographyWeight(record, prepared.geography) +
      heightWeight(record, report, stats, parameters, this.heightMassTable);
    if (record.dialectKey >= 0) weight += memo(prepared.dialectWeights, record.dialectKey, () => compareDialect(record, report, stats, parameters, false)?.weight ?? 0);
    if (record.placeKey >= 0) weight += memo(prepared.placeWeights, record.placeKey, () => comparePlaceNames(record, report, parameters, false)?.weight ?? 0);
    weight += this.featureWeight(prepared, record.featureKey, () => record);
    if (record.conditionKey >= 0) weight += this.conditionWeight(prepared, record.conditionKey);
    return weight;
  }

  /** A record condition's weight: the same for every report, memoised per query like the others. */
  private conditionWeight(prepared: PreparedReport, key: number): number {
    if (!prepared.weighsHealth) return 0;
    return memo(prepared.conditionWeights, key, () => conditionWeight(key, this.stats, this.parameters));
  }

  /**
   * quickWeight over a scan block's columns, with the age and height weights cached per query by
   * (apparent age, found date in two-month steps) and by height: an approximation good to a
   * fraction of a bit, used only to choose which nameless records to score in full.
   */
  scanWeigher(prepared: PreparedReport, recordAt: (row: number) => ReliefRecordProfile, firstDay: number, lastDay: number): (block: ScanBlock, i: number) => number {
    const { stats, parameters } = this;
    const report = prepared.profile;
    const C = RECORD_SCAN_COLUMNS;
    const buckets = Math.floor((lastDay - firstDay) / SCAN_DAY_BUCKET) + 1;
    const ageCache = new Float64Array(131 * buckets).fill(NaN);
    const heightCache = report.heightCm !== null && growthIsNil(report) ? new Float64Array(300).fill(NaN) : null;
    const ageMasses = this.ageMassTable;
    const heightMasses = this.heightMassTable;
    return (block, i) => {
      const columns = block.columns;
      const day = block.days[i];
      const ageMin = columns[C.ageMin][i];
      const ageMax = columns[C.ageMax][i];
      let weight: number;
      if (ageMax - ageMin === STANDARD_AGE_RANGE && ageMin >= 0 && ageMin <= 130 && day >= firstDay && day <= lastDay) {
        const bucket = ((day - firstDay) / SCAN_DAY_BUCKET) | 0;
        const at = ageMin * buckets + bucket;
        weight = ageCache[at];
        if (Number.isNaN(weight)) {
          weight = apparentAgeWeight(ageMin, ageMax, firstDay + bucket * SCAN_DAY_BUCKET + (SCAN_DAY_BUCKET >> 1), report.gender, report, stats, parameters, ageMasses);
          ageCache[at] = weight;
        }
      } else {
        weight = apparentAgeWeight(ageMin, ageMax, day, report.gender, report, stats, parameters, ageMasses);
      }
      weight += prepared.timeWeights[timeLevel(day - report.lastSeenDay, parameters)];
      const area = columns[C.foundArea][i];
      if (area >= 0) {
        const level = prepared.geography.levelByArea[area];
        if (level >= 0) weight += prepared.geography.weightByLevel[level];
      }
      const height = columns[C.heightCm][i];
      if (height >= 0 && report.heightCm !== null) {
        if (heightCache && height < heightCache.length) {
          let h = heightCache[height];
          if (Number.isNaN(h)) {
            h = measuredHeightWeight(height, day, report.gender, report, stats, parameters, heightMasses);
            heightCache[height] = h;
          }
          weight += h;
        } else {
          weight += measuredHeightWeight(height, day, report.gender, report, stats, parameters, heightMasses);
        }
      }
      const dialect = columns[C.dialectKey][i];
      const place = columns[C.placeKey][i];
      const features = columns[C.featureKey][i];
      if (dialect >= 0) weight += memo(prepared.dialectWeights, dialect, () => compareDialect(recordAt(block.rows[i]), report, stats, parameters, false)?.weight ?? 0);
      if (place >= 0) weight += memo(prepared.placeWeights, place, () => comparePlaceNames(recordAt(block.rows[i]), report, parameters, false)?.weight ?? 0);
      weight += this.featureWeight(prepared, features, () => recordAt(block.rows[i]));
      const condition = columns[C.conditionKey][i];
      if (condition >= 0) weight += this.conditionWeight(prepared, condition);
      return weight;
    };
  }

  /** A record's feature list against the report, by the list's number: no shared kind needs no record. */
  private featureWeight(prepared: PreparedReport, key: number, record: () => ReliefRecordProfile): number {
    if (key < 0) return prepared.featurelessRecord;
    if (prepared.noneSharedFeatures === null) return prepared.unlistedByReport;
    const none = prepared.noneSharedFeatures;
    const kinds = prepared.profile.featureKinds;
    return memo(prepared.featureWeights, key, () =>
      FEATURE_KEYS.kindsOf(key).some((k) => kinds.has(k)) ? (compareFeatures(record(), prepared.profile, this.stats, this.parameters, false)?.weight ?? 0) : none,
    );
  }

  /**
   * The same for one pair seen from the record's side (report tables from the cache). The query
   * record's condition would shift every candidate alike, so it is left out here.
   */
  quickWeightOfPair(record: ReliefRecordProfile, report: MissingPersonProfile): number {
    const { stats, parameters } = this;
    return (
      ageWeight(record, report, stats, parameters, this.ageMassTable) +
      timeWeight(record, report, stats, parameters) +
      geographyWeight(record, this.geography(report)) +
      heightWeight(record, report, stats, parameters, this.heightMassTable) +
      (compareDialect(record, report, stats, parameters, false)?.weight ?? 0) +
      (comparePlaceNames(record, report, parameters, false)?.weight ?? 0) +
      (compareFeatures(record, report, stats, parameters, false)?.weight ?? 0)
    );
  }

  /** The weight alone, reusing the query's tables: for ranking candidates before explaining the best. */
  rankingScore(record: ReliefRecordProfile, prepared: PreparedReport, poolSize: number): PairScore {
    const { stats, parameters } = this;
    const report = prepared.profile;
    const evidenceWeight =
      (compareNames(record.name, report.names, stats, parameters, false)?.weight ?? 0) +
      (compareIdentityNumbers(record, report, stats, parameters)?.weight ?? 0) +
      bits(1, stats.genderShare(record.gender), parameters.minimumU) +
      this.quickWeight(record, prepared) +
      (compareFace(record, report, stats, parameters, false)?.weight ?? 0);
    const matchWeight = this.priorWeight(poolSize) + evidenceWeight;
    return { evidenceWeight, matchWeight, matchProbability: 1 / (1 + 2 ** -matchWeight), comparisons: [], dnaComparisonSuggested: record.hasDnaSample };
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

  /**
   * The pair's score, every comparison listed; with `explain` false their details are left empty
   * (for the fit, not for showing). `health` as in PreparedReport.
   */
  score(record: ReliefRecordProfile, report: MissingPersonProfile, poolSize: number, options: { explain?: boolean; health?: HealthDataUse } = {}): PairScore {
    const { stats, parameters } = this;
    const explain = options.explain ?? true;
    const weighsHealth = options.health === "WITH_HEALTH";
    const comparisons = [
      compareNames(record.name, report.names, stats, parameters, explain),
      compareIdentityNumbers(record, report, stats, parameters),
      this.genderComparison(record),
      compareAge(record, report, stats, parameters, explain),
      compareHeight(record, report, stats, parameters, explain),
      compareTime(record, report, stats, parameters, explain),
      compareGeography(record, report, this.geography(report), parameters, explain),
      compareDialect(record, report, stats, parameters, explain),
      comparePlaceNames(record, report, parameters, explain),
      compareFeatures(record, report, stats, parameters, explain),
      weighsHealth ? compareCondition(record, stats, parameters, explain) : null,
      compareFace(record, report, stats, parameters, explain),
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
