import { AREA_DIVISIONS, currentAreaCode, findAreaDivision } from "../areas";
import type { Region } from "../config";
import { CHONGQING_MUNICIPAL_SCOPE, SICHUAN_FLOOR_SCOPE } from "./standardVocabulary";

// Which scopes a standard can be published for, and which of them cover a given area code.
// Chongqing sets one municipal standard (CQ-ALL); Sichuan sets a provincial floor (SC-FLOOR) and
// each city (its GB/T 2260 city code, e.g. 510100 成都市) sets its own at or above it; Chengdu
// further distinguishes named groups of districts (CHENGDU-CENTRAL / CHENGDU-COUNTY).

/** A Sichuan city's GB/T 2260 code: the first four digits of any of its divisions, then "00". */
function cityScopeOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}

const SCOPE_REGIONS: ReadonlyMap<string, Region> = (() => {
  const scopes = new Map<string, Region>([
    [CHONGQING_MUNICIPAL_SCOPE, "CHONGQING"],
    [SICHUAN_FLOOR_SCOPE, "SICHUAN"],
  ]);
  for (const division of AREA_DIVISIONS) {
    scopes.set(division.code, division.region);
    for (const group of division.groups ?? []) scopes.set(group, division.region);
    if (division.region === "SICHUAN") scopes.set(cityScopeOf(division.code), "SICHUAN");
  }
  return scopes;
})();

/** The region a scope belongs to, or undefined when no standard could be published for it. */
export function knownScopeRegion(scope: string): Region | undefined {
  return SCOPE_REGIONS.get(scope);
}

export interface AreaScopes {
  /** The code the lookup used: superseded codes are followed to their successor. */
  areaCode: string;
  region: Region;
  /** Scopes that set the area's own standard, most specific first. */
  ownScopes: readonly string[];
  /** The provincial floor, used only when no own scope has a figure (Sichuan). */
  floorScope?: string;
}

const cache = new Map<string, AreaScopes | undefined>();

/** Scopes covering an area code, or undefined for a code outside the division list. */
export function scopesOfArea(code: string): AreaScopes | undefined {
  if (cache.has(code)) return cache.get(code);
  const resolved = resolveScopes(code);
  cache.set(code, resolved);
  return resolved;
}

function resolveScopes(code: string): AreaScopes | undefined {
  const division = findAreaDivision(currentAreaCode(code));
  if (!division) return undefined;
  const groups = division.groups ?? [];
  if (division.region === "CHONGQING") {
    return { areaCode: division.code, region: "CHONGQING", ownScopes: [division.code, ...groups, CHONGQING_MUNICIPAL_SCOPE] };
  }
  return {
    areaCode: division.code,
    region: "SICHUAN",
    ownScopes: [division.code, ...groups, cityScopeOf(division.code)],
    floorScope: SICHUAN_FLOOR_SCOPE,
  };
}
