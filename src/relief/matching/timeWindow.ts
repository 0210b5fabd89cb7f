import type { AttributeComparison } from "./attributeComparison";
import { isoDateOf } from "./calendarDay";
import { bits, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import type { PopulationStatistics } from "./populationStatistics";

// Date found against date last seen. Mostly found after, sometimes years after; but the reported
// last contact can be late (a real case was found three days before it), so "shortly before"
// keeps a small weight and only "long before" is heavily against.

export function timeLevel(delayDays: number, parameters: MatchParameters): number {
  const levels = parameters.time.levels;
  for (let i = 0; i < levels.length; i++) if (delayDays <= levels[i][1]) return i;
  return levels.length - 1;
}

function timeU(level: number, lastSeenDay: number, stats: PopulationStatistics, parameters: MatchParameters): number {
  const levels = parameters.time.levels;
  const lo = level === 0 ? -1e6 : levels[level - 1][1] + 1;
  const hi = levels[level][1] === Infinity ? 1e6 : levels[level][1];
  return Math.max(stats.foundDayShare(lastSeenDay + lo, lastSeenDay + hi), stats.floorShare);
}

/** Weight of every time level for one report (its last-seen day fixes each level's u). */
export function timeWeightsFor(report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters): number[] {
  return parameters.time.levels.map(([, , m], level) => bits(m, timeU(level, report.lastSeenDay, stats, parameters), parameters.minimumU));
}

export function timeWeight(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters): number {
  const level = timeLevel(record.foundDay - report.lastSeenDay, parameters);
  return bits(parameters.time.levels[level][2], timeU(level, report.lastSeenDay, stats, parameters), parameters.minimumU);
}

export function compareTime(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, explain = true): AttributeComparison {
  const delay = record.foundDay - report.lastSeenDay;
  const level = timeLevel(delay, parameters);
  const [name, , m] = parameters.time.levels[level];
  const u = timeU(level, report.lastSeenDay, stats, parameters);
  return {
    attribute: "TIME",
    level: name,
    weight: bits(m, u, parameters.minimumU),
    m,
    u,
    difference: delay,
    unit: "days",
    detail: explain ? `found ${isoDateOf(record.foundDay)}, ${delay >= 0 ? `${delay} days after` : `${-delay} days BEFORE`} last seen ${isoDateOf(report.lastSeenDay)}` : "",
  };
}
