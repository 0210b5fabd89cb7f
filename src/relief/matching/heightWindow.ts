import type { AttributeComparison } from "./attributeComparison";
import { yearsBetween } from "./calendarDay";
import { round1 } from "./ageWindow";
import { bits, gaussianBandMasses, type MatchParameters } from "./matchParameters";
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

export function heightFinding(record: ReliefRecordProfile, report: MissingPersonProfile, parameters: MatchParameters): HeightFinding | null {
  if (record.heightCm === null || report.heightCm === null) return null;
  const ageAtLastSeen = yearsBetween(report.birthDay, report.lastSeenDay);
  const growth = expectedGrowth(report.gender, ageAtLastSeen, yearsBetween(report.lastSeenDay, record.foundDay));
  const expected = report.heightCm + growth;
  const sigma = Math.hypot(parameters.height.sigma, parameters.height.growthSpread * growth);
  const difference = record.heightCm - expected;
  const z = Math.abs(difference) / sigma;
  let level = parameters.height.bands.findIndex((b) => z <= b);
  if (level < 0) level = parameters.height.bands.length;
  return { level, expected, difference, sigma, growth };
}

function heightU(finding: HeightFinding, gender: GenderCode, stats: PopulationStatistics, parameters: MatchParameters): number {
  const bands = parameters.height.bands;
  const within = (k: number) => (k < 0 ? 0 : stats.heightShare(gender, finding.expected - bands[k] * finding.sigma, finding.expected + bands[k] * finding.sigma));
  const share = finding.level >= bands.length ? 1 - within(bands.length - 1) : within(finding.level) - within(finding.level - 1);
  return Math.max(share, stats.floorShare);
}

export function heightMasses(parameters: MatchParameters): number[] {
  return gaussianBandMasses(parameters.height.bands);
}

export function heightWeight(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, masses: readonly number[]): number {
  const finding = heightFinding(record, report, parameters);
  if (!finding) return 0;
  return bits(masses[finding.level], heightU(finding, record.gender, stats, parameters), parameters.minimumU);
}

export function compareHeight(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters): AttributeComparison | null {
  const finding = heightFinding(record, report, parameters);
  if (!finding) return null;
  const m = heightMasses(parameters)[finding.level];
  const u = heightU(finding, record.gender, stats, parameters);
  const grown = finding.growth >= 0.5 ? ` + ${finding.growth.toFixed(1)} cm expected growth` : "";
  return {
    attribute: "HEIGHT",
    level: HEIGHT_LEVELS[finding.level],
    weight: bits(m, u, parameters.minimumU),
    m,
    u,
    difference: round1(finding.difference),
    unit: "cm",
    detail: `${record.heightCm} cm measured vs ${report.heightCm} cm reported${grown}; off by ${Math.abs(finding.difference).toFixed(1)} cm`,
  };
}
