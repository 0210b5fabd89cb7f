import type { AttributeComparison } from "./attributeComparison";
import { bits, type FeatureLevel, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import type { PopulationStatistics } from "./populationStatistics";

// Distinctive features as normalised tokens ("scar:left-cheek", "missing:finger"). Each shared
// token weighs by its rarity (a missing finger is rarer than glasses); at most a few count, since
// features noted together are not independent. A shared kind without the same detail is weak
// evidence; lists that share nothing are mild evidence against (features go unrecorded often).

/** m of a feature level: fitted when the data allowed, else from the three prior shares. */
export function featureM(parameters: MatchParameters, level: FeatureLevel): number {
  const p = parameters.features;
  if (p.levelM) return p.levelM[level];
  if (level === "SHARED_KIND") return p.sharedCategory;
  if (level === "NONE_SHARED") return p.noneShared;
  if (level === "RECORD_LISTS_NONE") return p.recordListsNone;
  if (level === "REPORT_LISTS_NONE") return p.reportListsNone;
  if (level === "NEITHER_LISTS") return 1 - p.reportListsNone;
  return p.sharedToken ** Number(level.slice("SHARED_".length));
}

/** Shared tokens need a shared kind: the cheap test first (most pairs share nothing). */
function sharedKindsPossible(record: ReliefRecordProfile, report: MissingPersonProfile): boolean {
  for (const kind of record.featureKinds) if (report.featureKinds.has(kind)) return true;
  return false;
}

/** The weight of "both list features, no kind in common" for a report (most pairs). */
export function noneSharedWeight(report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters): number {
  return bits(featureM(parameters, "NONE_SHARED"), noneSharedU(report, stats), parameters.minimumU);
}

function noneSharedU(report: MissingPersonProfile, stats: PopulationStatistics): number {
  return Math.max(0.05, 1 - report.features.reduce((sum, t) => sum + stats.featureTokenShare(t), 0));
}

/**
 * The weight of a record listing features, or listing none, when one side lists none: u is the
 * share of records that do (or do not) list any.
 */
export function listedWeight(level: "RECORD_LISTS_NONE" | "REPORT_LISTS_NONE" | "NEITHER_LISTS", stats: PopulationStatistics, parameters: MatchParameters): number {
  return bits(featureM(parameters, level), listedU(level, stats), parameters.minimumU);
}

function listedU(level: "RECORD_LISTS_NONE" | "REPORT_LISTS_NONE" | "NEITHER_LISTS", stats: PopulationStatistics): number {
  const listing = stats.recordFeatureListingShare();
  return level === "REPORT_LISTS_NONE" ? listing : 1 - listing;
}

/** A comparison when at least one side lists no features. */
function compareListing(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, explain: boolean): AttributeComparison {
  const level = report.features.length > 0 ? "RECORD_LISTS_NONE" : record.features.length > 0 ? "REPORT_LISTS_NONE" : "NEITHER_LISTS";
  const m = featureM(parameters, level);
  const u = listedU(level, stats);
  const detail =
    level === "RECORD_LISTS_NONE" ? `the record notes none of ${report.features.join(", ")}` : level === "REPORT_LISTS_NONE" ? `the report names none of ${record.features.join(", ")}` : "neither side lists a feature";
  return { attribute: "FEATURES", level, weight: bits(m, u, parameters.minimumU), m, u, difference: 0, unit: "features", detail: explain ? detail : "" };
}

export function compareFeatures(record: ReliefRecordProfile, report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters, explain = true): AttributeComparison | null {
  if (record.features.length === 0 || report.features.length === 0) return compareListing(record, report, stats, parameters, explain);
  const p = parameters.features;
  const shared = sharedKindsPossible(record, report) ? record.features.filter((t) => report.features.includes(t)) : [];
  if (shared.length > 0) {
    const counted = shared
      .map((token) => ({ token, u: stats.featureTokenShare(token) }))
      .sort((a, b) => a.u - b.u)
      .slice(0, p.maxCounted);
    const m = featureM(parameters, `SHARED_${counted.length}` as FeatureLevel);
    const u = counted.reduce((product, c) => product * c.u, 1);
    return {
      attribute: "FEATURES",
      level: `SHARED_${counted.length}`,
      weight: bits(m, u, parameters.minimumU),
      m,
      u,
      difference: shared.length,
      unit: "features",
      detail: explain ? `both note ${shared.join(", ")}` : "",
    };
  }
  const sharedKinds = record.featureKinds.filter((k) => report.featureKinds.has(k));
  if (sharedKinds.length > 0) {
    const rarest = sharedKinds.map((k) => ({ k, u: stats.featureCategoryShare(k) })).sort((a, b) => a.u - b.u)[0];
    return {
      attribute: "FEATURES",
      level: "SHARED_KIND",
      weight: bits(featureM(parameters, "SHARED_KIND"), rarest.u, parameters.minimumU),
      m: featureM(parameters, "SHARED_KIND"),
      u: rarest.u,
      difference: 0,
      unit: "features",
      detail: explain ? `both note a ${rarest.k}, differently: ${record.features.join(", ")} / ${report.features.join(", ")}` : "",
    };
  }
  const uNone = noneSharedU(report, stats);
  return {
    attribute: "FEATURES",
    level: "NONE_SHARED",
    weight: bits(featureM(parameters, "NONE_SHARED"), uNone, parameters.minimumU),
    m: featureM(parameters, "NONE_SHARED"),
    u: uNone,
    difference: 0,
    unit: "features",
    detail: explain ? `no feature in common: ${record.features.join(", ")} / ${report.features.join(", ")}` : "",
  };
}
