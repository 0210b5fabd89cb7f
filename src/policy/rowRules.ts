import { AREA_DIVISIONS, codesOfSameDivision, currentAreaCode, type AreaLevel } from "../areas";
import type { RowEntity, RowScope } from "../context";
import { describeJurisdiction, type Jurisdiction } from "./jurisdiction";
import type { RowFilter, RowRule } from "./policyModel";

// Row rules compile into the Prisma `where` of the reads they govern: the database returns only
// rows inside the caller's jurisdiction, so lists, counts and keyset cursors are exact — never a
// filter applied after the read.

/** Every code, past and present, inside a county or prefecture (for a union of several areas). */
function codesInside(area: { level: AreaLevel; areaCode: string }): string[] {
  if (area.level === "county") return codesOfSameDivision(currentAreaCode(area.areaCode));
  return AREA_DIVISIONS.filter((d) => d.code.startsWith(area.areaCode.slice(0, area.level === "prefecture" ? 4 : 2))).map((d) => d.code);
}

/** Prisma condition on an area-code column for a jurisdiction (`undefined`: no jurisdiction, no row). */
export function areaCondition(jurisdiction: Jurisdiction | undefined): Record<string, unknown> {
  if (!jurisdiction) return { in: [] };
  // Several areas: one IN over all their codes, so the rule stays a condition on the one column.
  if (jurisdiction.areas) return { in: [...new Set(jurisdiction.areas.flatMap(codesInside))].sort() };
  switch (jurisdiction.level) {
    case "county":
      // The county and every code superseded into it (两江新区 holds 江北's and 渝北's records).
      return { in: codesOfSameDivision(currentAreaCode(jurisdiction.areaCode)) };
    case "prefecture":
      // GB/T 2260 is hierarchical: a prefecture's divisions, past and present, share its first four digits.
      return { startsWith: jurisdiction.areaCode.slice(0, 4) };
    case "province":
      return { startsWith: jurisdiction.areaCode.slice(0, 2) };
  }
}

/** One rule's filter as a Prisma `where` (relations nest, as Prisma's relation filters do). */
export function compileRowFilter(filter: RowFilter, jurisdiction: Jurisdiction | undefined): Record<string, unknown> {
  if (filter.kind === "all") return {};
  if (filter.kind === "any") return { OR: filter.filters.map((f) => compileRowFilter(f, jurisdiction)) };
  return filter.path.reduceRight<Record<string, unknown>>((inner, key) => ({ [key]: inner }), areaCondition(jurisdiction) as Record<string, unknown>);
}

const OUTSIDE_RANK = { deny: 0, requested: 1, allow: 2 } as const;

/**
 * The scope of the rules that matched one caller for one entity. Rules combine like grants (a
 * caller with two roles gets the union): their filters are OR-ed, the most open outside-lookup wins.
 */
export function rowScopeFor(entity: RowEntity, rules: readonly RowRule[], jurisdiction: Jurisdiction | undefined): RowScope {
  const filters = rules.map((rule) => compileRowFilter(rule.filter, jurisdiction));
  const where = filters.some((f) => Object.keys(f).length === 0) ? {} : filters.length === 1 ? filters[0] : { OR: filters };
  const outsideLookup = rules.reduce<RowScope["outsideLookup"]>((best, rule) => (OUTSIDE_RANK[rule.outsideLookup] > OUTSIDE_RANK[best] ? rule.outsideLookup : best), "deny");
  return { entity, policyIds: rules.map((r) => r.id), where, outsideLookup, jurisdiction: describeJurisdiction(jurisdiction) };
}
