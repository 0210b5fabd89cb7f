import type { AttributeComparison } from "./attributeComparison";
import { yearsBetween } from "./calendarDay";
import { round1 } from "./ageWindow";
import { bandRingShare, bits, gaussianBandMasses, type MatchParameters } from "./matchParameters";
import type { GenderCode, MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import type { PopulationStatistics } from "./populationStatistics";

// Height measured at the station against the height the family gave, grown by the years between
// for a child. Annual growth by age, cm/year, read off the WHO and Chinese (2009) child growth
// charts and rounded; adults do not grow. Hand-written as a table: no maintained npm package gives
// growth velocity, and the figures change less than the measurement error.
const GROWTH_CM_PER_YEAR: Record<GenderCode, readonly number[]> = {
  //      0   1  2    3  4    5  6  7  8  9 10 11 12 13 14 15 16   17
  MALE: [25, 12, 9, 7.5, 7, 6.5, 6, 6, 5.5, 5.5, 5.5, 6, 7.5, 8, 7, 5, 3, 1.5],
  FEMALE: [25, 12, 9, 7.5, 7, 6.5, 6, 6, 5.5, 6, 7, 7.5, 6, 4, 2, 1, 0.5, 0],
};

/** Expected growth in cm from `fromAge` over `years`, integrating the yearly rates. */
export function expectedGrowth(gender: GenderCode, fromAge: number, years: number): number {
  const rates = GROWTH_CM_PER_YEAR[gender];
  let grown = 0;
  let age = Math.max(0, fromAge);
  let remaining = Math.max(0, years);
  while (remaining > 0 && age < rates.length) {
    const step = Math.min(remaining, Math.floor(age) + 1 - age);
    grown += rates[Math.floor(age)] * step;
    age += step;
    remaining -= step;
  }
  return grown;
}

export const HEIGHT_LEVELS = ["SAME", "CLOSE", "PLAUSIBLE", "DIFFERENT"] as const;

export interface HeightFinding {
  level: number;
  expected: number;
  difference: number;
  sigma: number;
  growth: number;
}

// Reused by the weight-only path (see ageWindow).
const scratch: HeightFinding = { level: 0, expected: 0, difference: 0, sigma: 0, growth: 0 };
const ADULT_AGE = 18;

export function heightFinding(record: ReliefRecordProfile, report: MissingPersonProfile, parameters: MatchParameters): HeightFinding | null {
  const finding = findHeight(record, report, parameters, scratch);
  return finding ? { ...finding } : null;
}

function findHeight(record: ReliefRecordProfile, report: MissingPersonProfile, parameters: MatchParameters, into: HeightFinding): HeightFinding | null {
  if (record.heightCm === null || report.heightCm === null) return null;
  const ageAtLastSeen = yearsBetween(report.birthDay, report.lastSeenDay);
  const growth = ageAtLastSeen >= ADULT_AGE ? 0 : expectedGrowth(report.gender, ageAtLastSeen, yearsBetween(report.lastSeenDay, record.foundDay));
  const expected = report.heightCm + growth;
  const sigma = Math.hypot(parameters.height.sigma, parameters.height.growthSpread * growth);
  const difference = record.heightCm - expected;
  const z = Math.abs(difference) / sigma;
  const bands = parameters.height.bands;
  let level = 0;
  while (level < bands.length && z > bands[level]) level++;
  into.level = level;
  into.expected = expected;
  into.difference = difference;
  into.sigma = sigma;
  into.growth = growth;
  return into;
}

function heightU(finding: HeightFinding, gender: GenderCode, stats: PopulationStatistics, parameters: MatchParameters): number {
  return bandRingShare(finding.level, parameters.height.bands, finding.expected, finding.sigma, (lo, hi) => stats.heightShare(gender, lo, hi), stats.floorShare);
}

export function heightMasses(parameters: MatchParameters): readonly number[] {
  return parameters.height.levelM ?? gaussianBandMasses(parameters.height.bands);
}

export function heightWeight(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, masses: readonly number[]): number {
  const finding = findHeight(record, report, parameters, scratch);
  if (!finding) return 0;
  return bits(masses[finding.level], heightU(finding, record.gender, stats, parameters), parameters.minimumU);
}

/** The same weight from plain values (the block scan keeps columns, not records). */
export function measuredHeightWeight(
  heightCm: number,
  foundDay: number,
  gender: GenderCode,
  report: MissingPersonProfile,
  stats: PopulationStatistics,
  parameters: MatchParameters,
  masses: readonly number[],
): number {
  proxy.heightCm = heightCm;
  proxy.foundDay = foundDay;
  proxy.gender = gender;
  return heightWeight(proxy as ReliefRecordProfile, report, stats, parameters, masses);
}

/** The fields findHeight and heightU read. */
const proxy: Pick<ReliefRecordProfile, "heightCm" | "foundDay" | "gender"> = { heightCm: 0, foundDay: 0, gender: "MALE" };

/** True when no growth is expected between last seen and any later date (an adult). */
export function growthIsNil(report: MissingPersonProfile): boolean {
  return yearsBetween(report.birthDay, report.lastSeenDay) >= ADULT_AGE;
}

export function compareHeight(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, explain = true): AttributeComparison | null {
  const finding = heightFinding(record, report, parameters);
  if (!finding) return null;
  const m = heightMasses(parameters)[finding.level];
  const u = heightU(finding, record.gender, stats, parameters);
  return {
    attribute: "HEIGHT",
    level: HEIGHT_LEVELS[finding.level],
    weight: bits(m, u, parameters.minimumU),
    m,
    u,
    difference: round1(finding.difference),
    unit: "cm",
    detail: explain ? describeHeight(record, report, finding) : "",
  };
}

function describeHeight(record: ReliefRecordProfile, report: MissingPersonProfile, finding: HeightFinding): string {
  const grown = finding.growth >= 0.5 ? ` + ${finding.growth.toFixed(1)} cm expected growth` : "";
  return `${record.heightCm} cm measured vs ${report.heightCm} cm reported${grown}; off by ${Math.abs(finding.difference).toFixed(1)} cm`;
}
