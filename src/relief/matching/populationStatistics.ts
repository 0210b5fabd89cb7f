import { AREA_COUNT } from "./areaGeometry";
import { mergedKey, plainKey, type NameShape, type ParsedName } from "./chineseName";
import { CountingHistogram } from "./countingHistogram";
import { CONDITION_KEYS } from "./categoricalKeys";
import { ageGroupOfCondition, featureKind, type GenderCode, type MissingPersonProfile, type ReliefRecordProfile } from "./matchProfile";

// Where every u comes from: what a random non-matching pair looks like, measured on the data the
// engine holds (records and open reports), updated as rows arrive. Name frequencies are derived
// from the data, never from a bundled frequency table (the good ones carry non-commercial licences).

const FACE_SAMPLE_SIZE = 1500;
/** Pairs compared per sampled embedding (every third partner): about 375 000 random pairs. */
const FACE_PAIR_STRIDE = 3;

class ValueCounts {
  private readonly counts = new Map<string, number>();
  total = 0;

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total += 1;
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  keys(): string[] {
    return [...this.counts.keys()];
  }

  /** Share with add-half smoothing, so a value seen once (the query's own) is not certainty. */
  share(key: string): number {
    return (this.count(key) + 0.5) / (this.total + 1);
  }
}

/** How finely names are told apart when counting: characters, toneless pinyin, or pinyin after the dialect mergers. */
export type NameGranularity = "text" | "plain" | "merged";

export interface GeographyShares {
  /** Share of records found at each geography level (indexed like the parameter levels). */
  byLevel: readonly number[];
}

export class PopulationStatistics {
  private readonly surnames: Record<NameGranularity, ValueCounts> = { text: new ValueCounts(), plain: new ValueCounts(), merged: new ValueCounts() };
  private readonly givenNames: Record<NameGranularity, ValueCounts> = { text: new ValueCounts(), plain: new ValueCounts(), merged: new ValueCounts() };
  private readonly cores = new ValueCounts();
  private readonly initials = new ValueCounts();
  private readonly shapes = new ValueCounts();
  private readonly dialects = new ValueCounts();
  private readonly dialectGroups = new ValueCounts();
  private readonly dialectFamilies = new ValueCounts();
  private readonly featureTokens = new ValueCounts();
  private readonly featureCategories = new ValueCounts();
  private featureHolders = 0;
  private recordsListingFeatures = 0;
  private readonly recordGenders = new ValueCounts();
  /** Records per recorded condition and apparent-age group (those noting one), and per age group. */
  private readonly conditions = new ValueCounts();
  private readonly conditionAgeGroups = new ValueCounts();
  private profiles = 0;
  private readonly apparentAges: Record<GenderCode, CountingHistogram> = {
    MALE: new CountingHistogram(0, 0.5, 300),
    FEMALE: new CountingHistogram(0, 0.5, 300),
  };
  private readonly heights: Record<GenderCode, CountingHistogram> = {
    MALE: new CountingHistogram(30, 1, 230),
    FEMALE: new CountingHistogram(30, 1, 230),
  };
  readonly foundDays = new CountingHistogram(0, 1, 40_000);
  readonly foundAreas = new Float64Array(AREA_COUNT);
  private foundAreaTotal = 0;
  /** Records per found area on the other province's node (see FamilySearchEngine.setPeerPopulation). */
  private peerFoundAreas: Float64Array | null = null;
  private peerFoundAreaTotal = 0;
  private readonly faceSample: Float32Array[] = [];
  private faceSeen = 0;
  private faceCosines: Float64Array | undefined;
  private faceSeenAtCosines = 0;

  get recordCount(): number {
    return this.foundDays.total;
  }

  /** The least u a measured share may have: half a record, so an empty band is not certainty. */
  get floorShare(): number {
    return 0.5 / (this.recordCount + 1);
  }

  addRecord(record: ReliefRecordProfile): void {
    this.profiles += 1;
    this.shapes.add(record.name?.shape ?? "ABSENT");
    this.recordGenders.add(record.gender);
    if (record.conditionKey >= 0) {
      this.conditions.add(String(record.conditionKey));
      this.conditionAgeGroups.add(ageGroupOfCondition(CONDITION_KEYS.valueOf(record.conditionKey)!));
    }
    if (record.name) this.addName(record.name);
    this.apparentAges[record.gender].add(record.ageMid);
    if (record.heightCm !== null) this.heights[record.gender].add(record.heightCm);
    this.foundDays.add(record.foundDay);
    if (record.foundArea >= 0) {
      this.foundAreas[record.foundArea] += 1;
      this.foundAreaTotal += 1;
    }
    this.addDialect(record.dialect);
    this.addFeatures(record.features);
    if (record.features.length > 0) this.recordsListingFeatures += 1;
    this.addFace(record.embedding);
  }

  /** Share of records listing any feature, ½-smoothed. */
  recordFeatureListingShare(): number {
    return (this.recordsListingFeatures + 0.5) / (this.recordCount + 1);
  }

  addReport(report: MissingPersonProfile): void {
    this.profiles += 1;
    if (report.names[0]) this.addName(report.names[0]);
    if (report.heightCm !== null) this.heights[report.gender].add(report.heightCm);
    this.addDialect(report.dialect);
    this.addFeatures(report.features);
    this.addFace(report.embedding);
  }

  private addName(name: ParsedName): void {
    if (name.shape !== "FULL") return;
    this.surnames.text.add(name.surname);
    this.surnames.plain.add(plainKey(name.surnameReadings));
    this.surnames.merged.add(mergedKey(name.surnameReadings));
    this.givenNames.text.add(name.given);
    this.givenNames.plain.add(plainKey(name.givenReadings));
    this.givenNames.merged.add(mergedKey(name.givenReadings));
    const core = name.givenReadings.at(-1);
    if (core) this.cores.add(core.merged);
    this.initials.add(initialsKey(name));
  }

  private addDialect(dialect: ReliefRecordProfile["dialect"]): void {
    if (!dialect) return;
    this.dialects.add(dialect.name);
    this.dialectGroups.add(dialect.group);
    this.dialectFamilies.add(dialect.family);
  }

  private addFeatures(tokens: readonly string[]): void {
    if (tokens.length === 0) return;
    this.featureHolders += 1;
    for (const token of tokens) this.featureTokens.add(token);
    for (const category of new Set(tokens.map(featureKind))) this.featureCategories.add(category);
  }

  /** Reservoir of embeddings: the cosine of random pairs gives u for face similarity. */
  private addFace(embedding: Float32Array | null): void {
    if (!embedding) return;
    this.faceSeen += 1;
    if (this.faceSample.length < FACE_SAMPLE_SIZE) {
      this.faceSample.push(embedding);
      return;
    }
    // Deterministic replacement (no RNG): keeps the sample spread over arrival order.
    if (this.faceSeen % 97 === 0) this.faceSample[(this.faceSeen / 97) % FACE_SAMPLE_SIZE] = embedding;
  }

  // --- name shares -------------------------------------------------------------------------

  /** Share of full names with this surname: as written (text), as pinyin (plain) or as heard in the dialect (merged). */
  surnameShare(key: string, granularity: NameGranularity = "merged"): number {
    return this.surnames[granularity].share(key);
  }
  givenShare(key: string, granularity: NameGranularity = "merged"): number {
    return this.givenNames[granularity].share(key);
  }
  coreShare(key: string): number {
    return this.cores.share(key);
  }
  initialsShare(key: string): number {
    return this.initials.share(key);
  }
  /** Share of records whose name has this shape (ABSENT for no name). */
  shapeShare(shape: NameShape | "ABSENT"): number {
    return this.shapes.share(shape);
  }

  /** Share of records of this gender. */
  genderShare(gender: GenderCode): number {
    return this.recordGenders.share(gender);
  }

  // --- numeric shares ----------------------------------------------------------------------

  apparentAgeShare(gender: GenderCode, lo: number, hi: number): number {
    return this.apparentAges[gender].shareBetween(lo, hi);
  }

  heightShare(gender: GenderCode, lo: number, hi: number): number {
    return this.heights[gender].shareBetween(lo, hi);
  }

  foundDayShare(lo: number, hi: number): number {
    return this.foundDays.shareBetween(lo, hi);
  }

  /**
   * Share of the records of BOTH provinces found in the area, once the peer's counts are known:
   * candidates of the two nodes are merged by weight, so a level's u must be over the merged
   * population (a node alone would make a ring reaching across the border look rarer than it is).
   */
  foundAreaShare(area: number): number {
    const total = this.foundAreaTotal + this.peerFoundAreaTotal;
    return total === 0 ? 0 : (this.foundAreas[area] + (this.peerFoundAreas?.[area] ?? 0)) / total;
  }

  setPeerFoundAreas(counts: Float64Array): void {
    this.peerFoundAreas = Float64Array.from(counts);
    this.peerFoundAreaTotal = counts.reduce((sum, n) => sum + n, 0);
  }

  // --- categorical shares ------------------------------------------------------------------

  /**
   * Share of the records of an apparent-age group noting a condition that note this one (by its
   * CONDITION_KEYS number, which carries the group).
   */
  conditionShare(key: number): number {
    const group = ageGroupOfCondition(CONDITION_KEYS.valueOf(key) ?? "");
    return (this.conditions.count(String(key)) + 0.5) / (this.conditionAgeGroups.count(group) + 1);
  }

  /** Condition numbers seen on records. */
  conditionKeys(): number[] {
    return this.conditions.keys().map(Number);
  }

  dialectShare(name: string): number {
    return this.dialects.share(name);
  }
  dialectGroupShare(group: string): number {
    return this.dialectGroups.share(group);
  }
  dialectFamilyShare(family: string): number {
    return this.dialectFamilies.share(family);
  }

  /** Share of all profiles carrying the token. */
  featureTokenShare(token: string): number {
    return (this.featureTokens.count(token) + 0.5) / (this.profiles + 1);
  }
  featureCategoryShare(category: string): number {
    return (this.featureCategories.count(category) + 0.5) / (this.profiles + 1);
  }

  /** Share of random pairs of embeddings whose cosine lies in [lo, hi), ½-smoothed. */
  faceCosineShare(lo: number, hi: number): number {
    const cosines = this.randomPairCosines();
    return (lowerBound(cosines, hi) - lowerBound(cosines, lo) + 0.5) / (cosines.length + 1);
  }

  /** Re-measured when the embeddings seen have grown by a tenth (a few tens of ms each time). */
  private randomPairCosines(): Float64Array {
    if (this.faceCosines && this.faceSeen <= this.faceSeenAtCosines * 1.1) return this.faceCosines;
    const sample = this.faceSample;
    const values: number[] = [];
    for (let i = 0; i < sample.length; i++) {
      for (let j = i + 1; j < sample.length; j += FACE_PAIR_STRIDE) values.push(cosine(sample[i], sample[j]));
    }
    this.faceCosines = Float64Array.from(values).sort();
    this.faceSeenAtCosines = this.faceSeen;
    return this.faceCosines;
  }
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Cosine of two unit vectors (profiles hold unit embeddings). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

export function initialsKey(name: ParsedName): string {
  return name.wholeReadings.map((r) => r.merged[0] ?? "").join("");
}

