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

/**
 * Divisions of a region, in code order. `seatedOnly`: only those with a seat and population weight
 * of their own (the synthetic generator's and the demo agencies' world, unchanged by the full list).
 */
export function divisionsOf(region: Region, options: { includeAbolished?: boolean; seatedOnly?: boolean } = {}): AreaDivision[] {
  return AREA_DIVISIONS.filter(
    (d) => d.region === region && (options.includeAbolished || !d.successorCode) && (!options.seatedOnly || d.geographyCode === d.code),
  );
}

/** Every code that is, or was superseded into, the same division in force (江北 and 渝北 → 两江新区). */
export function codesOfSameDivision(code: string): string[] {
  const current = currentAreaCode(code);
  return AREA_DIVISIONS.filter((d) => currentAreaCode(d.code) === current).map((d) => d.code);
}

/** Province-level code (xx0000) of a code's province: 50 Chongqing, 51 Sichuan. */
export const PROVINCE_CODES: Record<Region, string> = { CHONGQING: "500000", SICHUAN: "510000" };

export type AreaLevel = "county" | "prefecture" | "province";

const PREFECTURES = new Set(AREA_DIVISIONS.map((d) => d.prefectureCode));

/**
 * The GB/T 2260 level of a code of Chongqing or Sichuan: xx0000 the province, xxxx00 a prefecture
 * (one that has divisions), anything else a county-level division on the list. Undefined otherwise.
 */
export function areaLevelOf(code: string): AreaLevel | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  if (Object.values(PROVINCE_CODES).includes(code)) return "province";
  if (code.endsWith("00")) return PREFECTURES.has(code) ? "prefecture" : undefined;
  return BY_CODE.has(code) ? "county" : undefined;
}

/** Region of a county, prefecture or province code. */
export function regionOfAnyLevel(code: string): Region | undefined {
  if (code === PROVINCE_CODES.CHONGQING) return "CHONGQING";
  if (code === PROVINCE_CODES.SICHUAN) return "SICHUAN";
  return BY_CODE.get(code)?.region ?? AREA_DIVISIONS.find((d) => d.prefectureCode === code)?.region;
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
