import type { Region } from "../config";
import { AREA_DIVISIONS, type AreaDivision } from "./divisions";

const BY_CODE = new Map(AREA_DIVISIONS.map((d) => [d.code, d]));

export function findAreaDivision(code: string): AreaDivision | undefined {
  return BY_CODE.get(code);
}

export function isKnownAreaCode(code: string): boolean {
  return BY_CODE.has(code);
}

/** Follows successor links to the division in force (江北 500105 → 两江新区 500157). */
export function currentAreaCode(code: string): string {
  let current = BY_CODE.get(code);
  const seen = new Set<string>();
  while (current?.successorCode && !seen.has(current.code)) {
    seen.add(current.code);
    current = BY_CODE.get(current.successorCode);
  }
  return current?.code ?? code;
}

/** Region of an area code: from the division list, never from an identity-number prefix. */
export function regionOfArea(code: string): Region | undefined {
  return BY_CODE.get(code)?.region;
}

export function divisionsOf(region: Region, options: { includeAbolished?: boolean } = {}): AreaDivision[] {
  return AREA_DIVISIONS.filter((d) => d.region === region && (options.includeAbolished || !d.successorCode));
}

const EARTH_RADIUS_KM = 6371;

/** Great-circle distance between two divisions' seats, in km (undefined if either is unknown). */
export function distanceKm(codeA: string, codeB: string): number | undefined {
  const a = BY_CODE.get(codeA);
  const b = BY_CODE.get(codeB);
  if (!a || !b) return undefined;
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}
