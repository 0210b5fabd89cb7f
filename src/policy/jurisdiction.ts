import { LRUCache } from "lru-cache";
import { areaLevelOf, regionOfAnyLevel, type AreaLevel } from "../areas";
import type { Region } from "../config";
import type { PrismaClient } from "../db";

/** The area an agency answers for: a county, a prefecture or the province (GB/T 2260 code). */
export interface Jurisdiction {
  level: AreaLevel;
  areaCode: string;
  /** Where it came from: the configuration override or the agency registry. */
  source: "configuration" | "agency registry";
  /**
   * Several areas from the registry (an agency answering for some counties, say): the union of
   * them, each at its own level. `level` and `areaCode` then name the first, for display.
   */
  areas?: readonly { level: AreaLevel; areaCode: string }[];
}

/**
 * Where jurisdictions come from. One small interface so the deployment can point it at whatever
 * registry holds its agencies (the agency table today; an imported registry with explicit
 * jurisdiction codes later) without the policy engine knowing.
 */
export interface JurisdictionDirectory {
  /** The jurisdiction of an agency (the token's `agency` claim) in this node's province, or undefined. */
  jurisdictionOf(agency: string): Promise<Jurisdiction | undefined>;
}

/** A code's level, when the code is one of this province's (county, prefecture xxxx00, province xx0000). */
export function jurisdictionAt(areaCode: string, region: Region, source: Jurisdiction["source"]): Jurisdiction | undefined {
  const level = areaLevelOf(areaCode);
  if (!level || regionOfAnyLevel(areaCode) !== region) return undefined;
  return { level, areaCode, source };
}

const CACHE_TTL_MS = 60_000;

/**
 * Jurisdictions from the configuration override (AGENCY_JURISDICTIONS), else from the `Agency`
 * row (by id, then by code): the level of its `areaCode` — a county code is that county, xxxx00 its
 * prefecture, xx0000 the province. Answers are cached for a minute (a request needs one; the
 * registry changes rarely), including "unknown", so a token for a missing agency cannot hammer it.
 */
export function agencyRegistryJurisdictions(prisma: PrismaClient, region: Region, overrides: Record<string, string> = {}): JurisdictionDirectory {
  const cache = new LRUCache<string, { found?: Jurisdiction }>({ max: 10_000, ttl: CACHE_TTL_MS });
  // Worked out once: the same object on every request, so what is compiled from it can be kept (policyPlugin).
  const configured = new Map(Object.entries(overrides).filter(([, code]) => Boolean(code)).map(([agency, code]) => [agency, jurisdictionAt(code, region, "configuration")]));
  return {
    async jurisdictionOf(agency) {
      if (configured.has(agency)) return configured.get(agency);
      const cached = cache.get(agency);
      if (cached) return cached.found;
      const row = await prisma.agency.findFirst({
        where: { OR: [{ id: agency }, { code: agency }], region },
        select: { areaCode: true, jurisdictions: { select: { areaCode: true } } },
      });
      const found = row ? registryJurisdiction(row, region) : undefined;
      cache.set(agency, { found });
      return found;
    },
  };
}

/**
 * The registry's explicit jurisdiction (AgencyJurisdiction rows, written by `npm run import -- --kind
 * agencies`), else the level of the agency's seat. Several rows are the union of their areas; a
 * row that is not an area of this province makes the whole jurisdiction unknown (no rows, rather
 * than a guess).
 */
function registryJurisdiction(row: { areaCode: string; jurisdictions: { areaCode: string }[] }, region: Region): Jurisdiction | undefined {
  const codes = row.jurisdictions.length > 0 ? row.jurisdictions.map((j) => j.areaCode) : [row.areaCode];
  const areas = codes.map((code) => jurisdictionAt(code, region, "agency registry"));
  if (areas.some((area) => !area)) return undefined;
  const known = areas as Jurisdiction[];
  const province = known.find((area) => area.level === "province");
  if (province) return province;
  if (known.length === 1) return known[0];
  return { ...known[0], areas: known.map(({ level, areaCode }) => ({ level, areaCode })) };
}

export function describeJurisdiction(jurisdiction: Jurisdiction | undefined): string {
  if (!jurisdiction) return "none in this province";
  if (jurisdiction.areas) return jurisdiction.areas.map((area) => `${area.level} ${area.areaCode}`).join(" + ");
  return `${jurisdiction.level} ${jurisdiction.areaCode}`;
}
