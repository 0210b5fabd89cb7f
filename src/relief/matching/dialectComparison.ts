import type { AttributeComparison } from "./attributeComparison";
import { bits, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import type { PopulationStatistics } from "./populationStatistics";

// The accent a station heard against the dialect a family named: the same dialect, the same
// group (成都话 and 重庆话 are both 成渝片), the same family (Southwestern Mandarin), or not.
// Staff often mishear or leave it out, so disagreement weighs little.

export function compareDialect(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, explain = true): AttributeComparison | null {
  const a = record.dialect;
  const b = report.dialect;
  if (!a || !b) return null;
  const sameName = stats.dialectShare(b.name);
  const sameGroup = stats.dialectGroupShare(b.group);
  const sameFamily = stats.dialectFamilyShare(b.family);
  const [level, u] =
    a.name === b.name
      ? (["SAME", sameName] as const)
      : a.group === b.group
        ? (["SAME_GROUP", Math.max(sameGroup - sameName, 0)] as const)
        : a.family === b.family
          ? (["SAME_FAMILY", Math.max(sameFamily - sameGroup, 0)] as const)
          : (["DIFFERENT", Math.max(1 - sameFamily, 0)] as const);
  const m = parameters.dialect[level];
  const relation = level === "SAME" ? "same dialect" : level === "DIFFERENT" ? "different dialects" : level === "SAME_GROUP" ? `both ${b.group}` : `both ${b.family}`;
  return {
    attribute: "DIALECT",
    level,
    weight: bits(m, u, parameters.minimumU),
    m,
    u,
    difference: null,
    unit: null,
    detail: explain ? `heard ${a.name}, reported ${b.name}: ${relation}` : "",
  };
}
