import {
  hasFamiliarSuffix,
  mergedKey,
  nicknameCore,
  plainKey,
  tonedKey,
  type ParsedName,
} from "./chineseName";
import type { AttributeComparison } from "./attributeComparison";
import { mergersBetween } from "./dialectMerger";
import { bits, type MatchParameters, type NameLevel } from "./matchParameters";
import { readingOf, type CharacterReading } from "./pinyinReading";
import { initialsKey, type NameGranularity, type PopulationStatistics } from "./populationStatistics";

// Names compared the way a 寻亲 volunteer would: same characters; same sound (homophones, with
// and without tone); the same sound in Sichuan–Chongqing speech; a polyphone read the other way;
// one sound misheard; the given name alone; a familiar form (小明, 阿明, 明明); initials; the
// surname alone. The weight is term-frequency adjusted: u is how often a random person's name
// agrees at that level, from the data, so 欧阳 agreeing counts more than 王.

interface LevelFinding {
  level: NameLevel;
  /** Probability a random non-matching name agrees at this level. */
  u: number;
  /** Built only for the candidates shown (strings cost more than the comparison). */
  describe: () => string;
}

const sameReadings = (a: readonly CharacterReading[], b: readonly CharacterReading[], pick: (r: CharacterReading) => string) =>
  a.length === b.length && a.every((r, i) => pick(r) === pick(b[i]));

const overlapping = (a: CharacterReading, b: CharacterReading) => a.allMerged.some((m) => b.allMerged.includes(m));

/** Levenshtein distance, hand-written: names are a few letters and this runs per scored pair. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const previous = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(above + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}

// Levels below "same sound" agree with more names than the one written: a name one letter away in
// pinyin has tens of neighbours, a polyphone two or three readings. u grows by that many.
const EDIT_NEIGHBOURHOOD = 30;
const POLYPHONE_NEIGHBOURHOOD = 3;

/** u of a full name agreeing at a granularity: P(FULL) · share(surname) · share(given name). */
function fullNameU(name: ParsedName, stats: PopulationStatistics, granularity: NameGranularity): number {
  const key = (readings: ParsedName["surnameReadings"], text: string) =>
    granularity === "text" ? text : granularity === "plain" ? plainKey(readings) : mergedKey(readings);
  return (
    stats.shapeShare("FULL") *
    stats.surnameShare(key(name.surnameReadings, name.surname), granularity) *
    stats.givenShare(key(name.givenReadings, name.given), granularity)
  );
}

/** Two written full names (or two identical partial forms) compared level by level, strongest first. */
function compareWholeNames(a: ParsedName, b: ParsedName, stats: PopulationStatistics): LevelFinding | null {
  const readingsA = a.wholeReadings;
  const readingsB = b.wholeReadings;
  const partialU =
    b.shape === "SURNAME_NICKNAME"
      ? stats.shapeShare(b.shape) * stats.surnameShare(mergedKey(b.surnameReadings))
      : stats.shapeShare(b.shape) * stats.coreShare(b.givenReadings.at(-1)?.merged ?? "");
  const u = (granularity: NameGranularity) => (b.shape === "FULL" ? fullNameU(b, stats, granularity) : partialU);
  if (a.text === b.text) return { level: "EXACT", u: u("text"), describe: () => `${a.text} = ${b.text}` };
  if (readingsA.length !== readingsB.length) return null;
  if (sameReadings(readingsA, readingsB, (r) => r.toned)) {
    return { level: "SAME_PINYIN", u: u("plain"), describe: () => `${a.text} ~ ${b.text}: same pinyin ${tonedKey(readingsB)}` };
  }
  if (sameReadings(readingsA, readingsB, (r) => r.plain)) {
    return { level: "SAME_PINYIN_TONELESS", u: u("plain"), describe: () => `${a.text} ~ ${b.text}: same pinyin apart from tones (${plainKey(readingsB)})` };
  }
  if (sameReadings(readingsA, readingsB, (r) => r.merged)) {
    return {
      level: "DIALECT_MERGER",
      u: u("merged"),
      describe: () => `${a.text} ~ ${b.text}: alike in Sichuan–Chongqing speech (${[...new Set(readingsA.flatMap((r, i) => mergersBetween(r.plain, readingsB[i].plain)))].join(", ")}): ${plainKey(readingsA)} / ${plainKey(readingsB)}`,
    };
  }
  if (readingsA.every((r, i) => overlapping(r, readingsB[i]))) {
    const position = readingsA.findIndex((r, i) => r.merged !== readingsB[i].merged);
    const misread = readingsB[position];
    const asRead = readingsA[position];
    return {
      level: "POLYPHONE_READING",
      u: u("merged") * POLYPHONE_NEIGHBOURHOOD,
      describe: () => `${a.text} ~ ${b.text}: ${misread.char} read ${asRead.plain} instead of ${misread.plain}`,
    };
  }
  const distance = editDistance(mergedKey(readingsA), mergedKey(readingsB));
  const allowed = readingsA.length >= 3 ? 2 : 1;
  if (distance <= allowed) {
    return { level: "PINYIN_EDIT", u: u("merged") * EDIT_NEIGHBOURHOOD, describe: () => `${a.text} ~ ${b.text}: pinyin ${plainKey(readingsA)} / ${plainKey(readingsB)} differ by ${distance} letter${distance > 1 ? "s" : ""}` };
  }
  if (a.shape === "FULL" && b.shape === "FULL" && initialsKey(a) === initialsKey(b)) {
    return { level: "INITIALS", u: stats.shapeShare("FULL") * stats.initialsShare(initialsKey(b)), describe: () => `${a.text} ~ ${b.text}: initials ${initialsKey(b).toUpperCase()} agree` };
  }
  return null;
}

/** `part` (a partial form) against the given name of the full name `full`. */
function comparePartial(part: ParsedName, full: ParsedName, stats: PopulationStatistics): LevelFinding | null {
  if (full.shape !== "FULL") return null;
  const partReadings = part.wholeReadings;
  const givenKey = mergedKey(full.givenReadings);
  const partialShare = stats.shapeShare("NICKNAME") + stats.shapeShare("SINGLE") + stats.shapeShare("FULL") * 0.05;
  if (part.shape !== "SURNAME_NICKNAME" && mergedKey(partReadings) === givenKey) {
    return {
      level: "GIVEN_NAME_ONLY",
      u: partialShare * stats.givenShare(givenKey),
      describe: () => `${part.text} is the given name of ${full.text}`,
    };
  }
  const core = nicknameCore(full);
  if ((part.shape === "NICKNAME" || part.shape === "SINGLE") && core && part.givenReadings.at(-1)?.merged === core.merged) {
    return {
      level: "NICKNAME",
      u: (stats.shapeShare("NICKNAME") + stats.shapeShare("SINGLE")) * stats.coreShare(core.merged),
      describe: () => `${part.text} is a familiar form of ${full.text}`,
    };
  }
  const surname = mergedKey(full.surnameReadings);
  if (surnameReadingsOf(part).includes(surname)) {
    return {
      level: "SURNAME_ONLY",
      u: (stats.shapeShare("SURNAME_NICKNAME") + stats.shapeShare("SINGLE") + (hasFamiliarSuffix(part) ? stats.shapeShare("NICKNAME") : 0)) * stats.surnameShare(surname),
      describe: () => `${part.text} names only the surname of ${full.text}`,
    };
  }
  return null;
}

/** How a partial form could spell a surname: 老张 → zang; 张娃 → zang; a lone 单 → dan, san (shan), can (chan). */
function surnameReadingsOf(part: ParsedName): readonly string[] {
  if (part.shape === "SURNAME_NICKNAME") return [mergedKey(part.surnameReadings)];
  if (part.shape === "SINGLE" || hasFamiliarSuffix(part)) return readingOf(part.given, "surname").allMerged;
  return [];
}

function findLevel(a: ParsedName, b: ParsedName, stats: PopulationStatistics): LevelFinding | null {
  return compareWholeNames(a, b, stats) ?? comparePartial(a, b, stats) ?? comparePartial(b, a, stats);
}

/**
 * The name of a relief record against every name a report gives (name, former names, nicknames):
 * the strongest-weighted pair decides. Null when the record has no name (no evidence either way).
 */
export function compareNames(
  recordName: ParsedName | null,
  reportNames: readonly ParsedName[],
  stats: PopulationStatistics,
  parameters: MatchParameters,
  explain = true,
): AttributeComparison | null {
  if (!recordName || reportNames.length === 0) return null;
  let best: AttributeComparison | null = null;
  for (const reportName of reportNames) {
    const finding = findLevel(recordName, reportName, stats);
    if (!finding) continue;
    const m = parameters.name[finding.level];
    const weight = bits(m, finding.u, parameters.minimumU);
    if (!best || weight > best.weight) {
      best = { attribute: "NAME", level: finding.level, weight, m, u: finding.u, difference: null, unit: null, detail: explain ? finding.describe() : "" };
    }
  }
  if (best) return best;
  const m = parameters.name.DISAGREE;
  return {
    attribute: "NAME",
    level: "DISAGREE",
    weight: bits(m, 1, parameters.minimumU),
    m,
    u: 1,
    difference: null,
    unit: null,
    detail: explain ? `${recordName.text} vs ${reportNames.map((n) => n.text).join(" / ")}: no form agrees` : "",
  };
}
