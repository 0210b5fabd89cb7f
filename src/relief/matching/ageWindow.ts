import type { AttributeComparison } from "./attributeComparison";
import { yearsBetween } from "./calendarDay";
import { bandRingShare, bits, gaussianBandMasses, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import type { PopulationStatistics } from "./populationStatistics";

// Apparent age (a relief station's guess) against the age the reported person had on the day they
// were found. Guesses are off by about eight years and pulled toward the middle — children look
// older, the old younger — so the window is centred on true + pull·(pivot − true), not on the true
// age, and is soft: every distance has a weight, none is a hard no.

export const AGE_LEVELS = ["CLOSE", "NEAR", "PLAUSIBLE", "STRETCHED", "IMPLAUSIBLE"] as const;

export function expectedApparentAge(trueAge: number, parameters: MatchParameters): number {
  return trueAge + parameters.age.pull * (parameters.age.pivot - trueAge);
}

export interface AgeFinding {
  level: number;
  /** Apparent-age midpoint minus the age the person was expected to look, years. */
  residual: number;
  trueAge: number;
  expected: number;
  sigma: number;
}

/** A birth year alone: the day is anywhere in the year (variance 1/12) and the year itself is sometimes off by one. */
const BIRTH_YEAR_ONLY_VARIANCE = 0.3;

// One finding reused by the weight-only path: a block scan weighs tens of thousands of pairs per
// query and must not allocate for each.
const scratch: AgeFinding = { level: 0, residual: 0, trueAge: 0, expected: 0, sigma: 0 };

export function ageFinding(record: ReliefRecordProfile, report: MissingPersonProfile, parameters: MatchParameters): AgeFinding {
  return { ...findAge(record, report, parameters, scratch) };
}

function findAge(record: ReliefRecordProfile, report: MissingPersonProfile, parameters: MatchParameters, into: AgeFinding): AgeFinding {
  const trueAge = yearsBetween(report.birthDay, record.foundDay);
  const expected = expectedApparentAge(trueAge, parameters);
  // A range wider than the usual ±5 years says the station was less sure: widen accordingly.
  const extraWidth = Math.max(0, record.ageMax - record.ageMin - 10);
  const sigma = Math.sqrt(parameters.age.sigma ** 2 + (report.birthDayApproximate ? BIRTH_YEAR_ONLY_VARIANCE : 0) + (extraWidth * extraWidth) / 12);
  const residual = record.ageMid - expected;
  const z = Math.abs(residual) / sigma;
  const bands = parameters.age.bands;
  let level = 0;
  while (level < bands.length && z > bands[level]) level++;
  if (trueAge < 0) level = bands.length;
  into.level = level;
  into.residual = residual;
  into.trueAge = trueAge;
  into.expected = expected;
  into.sigma = sigma;
  return into;
}

/** u: share of records (same gender) whose apparent age falls in the same band around the expectation. */
function ageU(finding: AgeFinding, gender: ReliefRecordProfile["gender"], stats: PopulationStatistics, parameters: MatchParameters): number {
  return bandRingShare(finding.level, parameters.age.bands, finding.expected, finding.sigma, (lo, hi) => stats.apparentAgeShare(gender, lo, hi), stats.floorShare);
}

export function ageWeight(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, masses: readonly number[]): number {
  const finding = findAge(record, report, parameters, scratch);
  return bits(masses[finding.level], ageU(finding, record.gender, stats, parameters), parameters.minimumU);
}

/** The same weight from plain values (the block scan keeps columns, not records). */
export function apparentAgeWeight(
  ageMin: number,
  ageMax: number,
  foundDay: number,
  gender: ReliefRecordProfile["gender"],
  report: MissingPersonProfile,
  stats: PopulationStatistics,
  parameters: MatchParameters,
  masses: readonly number[],
): number {
  proxy.ageMin = ageMin;
  proxy.ageMax = ageMax;
  proxy.ageMid = (ageMin + ageMax) / 2;
  proxy.foundDay = foundDay;
  proxy.gender = gender;
  return ageWeight(proxy as ReliefRecordProfile, report, stats, parameters, masses);
}

/** The fields findAge and ageU read. */
const proxy: Pick<ReliefRecordProfile, "ageMin" | "ageMax" | "ageMid" | "foundDay" | "gender"> = { ageMin: 0, ageMax: 0, ageMid: 0, foundDay: 0, gender: "MALE" };

export function ageMasses(parameters: MatchParameters): readonly number[] {
  return parameters.age.levelM ?? gaussianBandMasses(parameters.age.bands);
}

export function compareAge(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, explain = true): AttributeComparison {
  const finding = ageFinding(record, report, parameters);
  const m = ageMasses(parameters)[finding.level];
  const u = ageU(finding, record.gender, stats, parameters);
  return {
    attribute: "AGE",
    level: AGE_LEVELS[finding.level],
    weight: bits(m, u, parameters.minimumU),
    m,
    u,
    difference: round1(finding.residual),
    unit: "years",
    detail: explain ? describeAge(record, finding) : "",
  };
}

function describeAge(record: ReliefRecordProfile, finding: AgeFinding): string {
  const when = finding.trueAge < 0 ? "born after the date found" : `${finding.trueAge.toFixed(1)} years old when found`;
  return `apparent age ${record.ageMin}–${record.ageMax} vs ${when} (would look about ${Math.round(finding.expected)}); off by ${Math.abs(finding.residual).toFixed(1)} years`;
}

export const round1 = (x: number) => Math.round(x * 10) / 10;
