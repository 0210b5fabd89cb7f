import type { AttributeComparison } from "./attributeComparison";
import { CONDITION_KEYS } from "./categoricalKeys";
import { bits, type MatchParameters } from "./matchParameters";
import { ageGroupOfCondition, type ReliefRecordProfile } from "./matchProfile";
import type { PopulationStatistics } from "./populationStatistics";

// The condition a station noted (mental state / intellect) against who families report missing.
// A report says nothing of it, so this is not an agreement between the two sides: it weighs how
// much more often records of this condition turn out to be a reported person than other records
// of the same apparent-age group do (age is weighed by its own comparison, so the condition is
// read within the group: normal/normal is most runaway children, but few of the elderly found).
// u is the share of the group's records noting it, m its share among the group's true matches as
// the fit of m finds it on this node's pairs. Until fitted m is u and it weighs nothing: the
// engine assumes no difference it has not measured.
//
// Mental state and intellect are health data that stay with those allowed them (policies/
// relief.yaml): an explained comparison shows the level NOTED and a detail that names no
// condition; the condition itself is carried only by unexplained comparisons, for the fit.

/** The level of a record's condition: its value, as CONDITION_KEYS numbers it; null when none is noted. */
export function conditionLevel(record: ReliefRecordProfile): string | null {
  return record.conditionKey >= 0 ? (CONDITION_KEYS.valueOf(record.conditionKey) ?? null) : null;
}

/** m of a condition among the true matches of its age group; undefined when not fitted. */
function conditionM(level: string, parameters: MatchParameters): number | undefined {
  return parameters.condition.levelM?.[level];
}

/** The age group of each condition level, by index, for the fit to normalise m within each group. */
export function conditionGroups(levels: readonly string[]): number[] {
  const groups = [...new Set(levels.map(ageGroupOfCondition))];
  return levels.map((level) => groups.indexOf(ageGroupOfCondition(level)));
}

export function compareCondition(record: ReliefRecordProfile, stats: PopulationStatistics, parameters: MatchParameters, explain = true): AttributeComparison | null {
  const level = conditionLevel(record);
  if (level === null) return null;
  const u = stats.conditionShare(record.conditionKey);
  const fitted = conditionM(level, parameters);
  const m = fitted ?? u;
  const comparison: AttributeComparison = {
    attribute: "CONDITION",
    level: "NOTED",
    weight: bits(m, u, parameters.minimumU),
    m,
    u,
    difference: null,
    unit: null,
    detail: explain ? describe(fitted !== undefined) : "",
  };
  if (!explain) comparison.fitLevel = level;
  return comparison;
}

/** The weight of a condition by its number, for the scans (0 when none is noted or not fitted). */
export function conditionWeight(conditionKey: number, stats: PopulationStatistics, parameters: MatchParameters): number {
  if (conditionKey < 0) return 0;
  const level = CONDITION_KEYS.valueOf(conditionKey);
  const fitted = level === undefined ? undefined : conditionM(level, parameters);
  return fitted === undefined ? 0 : bits(fitted, stats.conditionShare(conditionKey), parameters.minimumU);
}

/** Says how the condition weighs without naming it (see the header). */
function describe(fitted: boolean): string {
  if (!fitted) return "the station noted mental state or intellect; not yet measured among matches, so it weighs nothing";
  return "the station's note on mental state and intellect, as common among this apparent age's records that matched a report as the weight says (the note itself is shown only where health data may be)";
}

/** The fit's starting point: m = u, each condition's share within its age group, so nothing weighs until the data say otherwise. */
export function conditionPrior(stats: PopulationStatistics): Record<string, number> {
  const prior: Record<string, number> = {};
  for (const key of stats.conditionKeys()) {
    const level = CONDITION_KEYS.valueOf(key);
    if (level !== undefined) prior[level] = stats.conditionShare(key);
  }
  return prior;
}
