import { areaIndexOf } from "./areaGeometry";
import { CONDITION_KEYS, DIALECT_KEYS, FEATURE_KEYS, PLACE_KEYS } from "./categoricalKeys";
import { dayNumber, midYearDay } from "./calendarDay";
import { parseName, type ParsedName } from "./chineseName";
import { dialectKey, type DialectKey } from "./dialectVocabulary";

// What the engine keeps of a relief record or a missing-person report: parsed once when the row
// enters the index, never re-read per comparison.

export type GenderCode = "MALE" | "FEMALE";

/** The part of a relief record matching reads. */
export interface ReliefRecordFacts {
  id: string;
  region: string;
  reportedName: string | null;
  gender: GenderCode;
  apparentAgeMin: number;
  apparentAgeMax: number;
  heightCm: number | null;
  /** Feature tokens, already split. */
  features: readonly string[];
  dialect: string | null;
  placeNamesSpoken: readonly string[];
  foundOn: string;
  foundAreaCode: string;
  dnaSampleRef: string | null;
  faceEmbedding: Float32Array | null;
  idNumber?: string | null;
  /** Mental state and intellect as the station recorded them (精神状况, 智力状况); absent when not noted. */
  mentalState?: string | null;
  intellect?: string | null;
}

/** The part of a missing-person report matching reads. */
export interface MissingPersonFacts {
  id: string;
  region: string;
  name: string;
  aliases: readonly string[];
  gender: GenderCode;
  birthDate: string | null;
  birthYear: number;
  heightCm: number | null;
  features: readonly string[];
  dialect: string | null;
  homeAreaCode: string | null;
  lastSeenOn: string;
  lastSeenAreaCode: string;
  faceEmbedding: Float32Array | null;
  idNumber?: string | null;
}

export interface ReliefRecordProfile {
  kind: "record";
  id: string;
  region: string;
  gender: GenderCode;
  name: ParsedName | null;
  ageMin: number;
  ageMax: number;
  ageMid: number;
  heightCm: number | null;
  foundDay: number;
  foundArea: number;
  foundAreaCode: string;
  dialect: DialectKey | null;
  placeNames: readonly string[];
  features: readonly string[];
  /** Kinds of the features (the part before the colon: scar, tattoo …). */
  featureKinds: readonly string[];
  /** Numbers of the dialect, the place-name list and the feature list (-1 none): equal values weigh the same against one report. */
  dialectKey: number;
  placeKey: number;
  featureKey: number;
  /** Number of the recorded condition, mental state / intellect (-1 none; see conditionOf and CONDITION_KEYS). */
  conditionKey: number;
  embedding: Float32Array | null;
  hasDnaSample: boolean;
  idNumber: string | null;
}

export interface MissingPersonProfile {
  kind: "report";
  id: string;
  region: string;
  gender: GenderCode;
  /** The name first, then aliases (former names, nicknames). */
  names: readonly ParsedName[];
  birthDay: number;
  /** True when only the year is known (the day is mid-year). */
  birthDayApproximate: boolean;
  heightCm: number | null;
  lastSeenDay: number;
  lastSeenArea: number;
  lastSeenAreaCode: string;
  homeArea: number;
  homeAreaCode: string | null;
  dialect: DialectKey | null;
  features: readonly string[];
  featureKinds: ReadonlySet<string>;
  embedding: Float32Array | null;
  idNumber: string | null;
}

/** The kind of a feature token: the part before the first colon. */
export function featureKind(token: string): string {
  const colon = token.indexOf(":");
  return colon < 0 ? token : token.slice(0, colon);
}

export function normaliseFeatureToken(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, "-");
}

/** Most records list no features and name no places: they share one empty list (a million records). */
const NONE: readonly string[] = Object.freeze([]);

function orNone(list: readonly string[]): readonly string[] {
  return list.length === 0 ? NONE : list;
}

function normalisedTokens(tokens: readonly string[]): string[] {
  return [...new Set(tokens.map(normaliseFeatureToken).filter((t) => t.length > 0))];
}

function usableEmbedding(vector: Float32Array | null): Float32Array | null {
  if (!vector || vector.length === 0) return null;
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
  if (!(norm > 0)) return null;
  const unit = new Float32Array(vector.length);
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) unit[i] = vector[i] * scale;
  return unit;
}

/**
 * Apparent-age groups a condition is weighed within: who is reported missing differs by age (the
 * confused elderly, runaway children), and within a group the condition says what age does not.
 */
export const CONDITION_AGE_GROUPS = ["under 25", "25 to 59", "60 and over"] as const;

export function conditionAgeGroup(apparentAgeMid: number): (typeof CONDITION_AGE_GROUPS)[number] {
  return apparentAgeMid < 25 ? "under 25" : apparentAgeMid < 60 ? "25 to 59" : "60 and over";
}

/**
 * The condition a record notes, as one value: "mental state / intellect" in normalised tokens
 * ("?" for a part not noted) and the apparent-age group, "confused/impaired, looks 60 and over";
 * null when neither part was noted.
 */
export function conditionOf(facts: Pick<ReliefRecordFacts, "mentalState" | "intellect" | "apparentAgeMin" | "apparentAgeMax">): string | null {
  const mental = facts.mentalState ? normaliseFeatureToken(facts.mentalState) : "";
  const intellect = facts.intellect ? normaliseFeatureToken(facts.intellect) : "";
  if (!mental && !intellect) return null;
  return `${mental || "?"}/${intellect || "?"}${AGE_GROUP_MARK}${conditionAgeGroup((facts.apparentAgeMin + facts.apparentAgeMax) / 2)}`;
}

export const AGE_GROUP_MARK = ", looks ";

/** The age group part of a condition value (see conditionOf). */
export function ageGroupOfCondition(condition: string): string {
  return condition.slice(condition.lastIndexOf(AGE_GROUP_MARK) + AGE_GROUP_MARK.length);
}

export function profileOfRecord(facts: ReliefRecordFacts): ReliefRecordProfile {
  const placeNames = orNone(facts.placeNamesSpoken.map((p) => p.trim()).filter((p) => p.length > 0));
  const features = orNone(normalisedTokens(facts.features));
  const featureKinds = orNone([...new Set(features.map(featureKind))]);
  return {
    kind: "record",
    id: facts.id,
    region: facts.region,
    gender: facts.gender,
    name: facts.reportedName ? parseName(facts.reportedName) : null,
    ageMin: facts.apparentAgeMin,
    ageMax: facts.apparentAgeMax,
    ageMid: (facts.apparentAgeMin + facts.apparentAgeMax) / 2,
    heightCm: facts.heightCm,
    foundDay: dayNumber(facts.foundOn),
    foundArea: areaIndexOf(facts.foundAreaCode),
    foundAreaCode: facts.foundAreaCode,
    dialect: dialectKey(facts.dialect),
    placeNames,
    features,
    featureKinds,
    dialectKey: DIALECT_KEYS.numberOf(dialectKey(facts.dialect)?.name),
    placeKey: PLACE_KEYS.numberOf(placeNames.join("|")),
    featureKey: FEATURE_KEYS.numberOfList(features, featureKinds),
    conditionKey: CONDITION_KEYS.numberOf(conditionOf(facts)),
    embedding: usableEmbedding(facts.faceEmbedding),
    hasDnaSample: Boolean(facts.dnaSampleRef),
    idNumber: facts.idNumber ?? null,
  };
}

export function profileOfReport(facts: MissingPersonFacts): MissingPersonProfile {
  const names = [facts.name, ...facts.aliases]
    .map((n) => parseName(n))
    .filter((n): n is ParsedName => n !== null);
  const unique = names.filter((n, i) => names.findIndex((o) => o.text === n.text) === i);
  const reportFeatures = normalisedTokens(facts.features);
  return {
    kind: "report",
    id: facts.id,
    region: facts.region,
    gender: facts.gender,
    names: unique,
    birthDay: facts.birthDate ? dayNumber(facts.birthDate) : midYearDay(facts.birthYear),
    birthDayApproximate: !facts.birthDate,
    heightCm: facts.heightCm,
    lastSeenDay: dayNumber(facts.lastSeenOn),
    lastSeenArea: areaIndexOf(facts.lastSeenAreaCode),
    lastSeenAreaCode: facts.lastSeenAreaCode,
    homeArea: areaIndexOf(facts.homeAreaCode),
    homeAreaCode: facts.homeAreaCode,
    dialect: dialectKey(facts.dialect),
    features: reportFeatures,
    featureKinds: new Set(reportFeatures.map(featureKind)),
    embedding: usableEmbedding(facts.faceEmbedding),
    idNumber: facts.idNumber ?? null,
  };
}

/** Little-endian float32 bytes (as stored) → vector. */
export function embeddingFromBytes(bytes: Uint8Array | null | undefined): Float32Array | null {
  if (!bytes || bytes.length === 0 || bytes.length % 4 !== 0) return null;
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, copy.byteOffset, copy.length / 4);
}

export function embeddingToBytes(vector: readonly number[] | Float32Array): Uint8Array<ArrayBuffer> {
  const floats = Float32Array.from(vector);
  return new Uint8Array(floats.buffer);
}
