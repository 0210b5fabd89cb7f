import type { Region } from "../config";
import { currentAreaCode, divisionsOf, findAreaDivision, type AreaDivision } from "../areas";
import { SeededRandom, WeightedTable } from "./seededRandom";

// Where synthetic people live: current divisions weighted by population (src/areas
// populationWeight), and the code their household-registration record shows, which for
// 两江新区 is still often the superseded 江北 (500105) or 渝北 (500112) code.

const tables = new Map<string, WeightedTable<AreaDivision>>();

function tableFor(key: string, divisions: () => AreaDivision[]): WeightedTable<AreaDivision> {
  let table = tables.get(key);
  if (!table) {
    table = new WeightedTable(divisions(), (d) => d.populationWeight);
    tables.set(key, table);
  }
  return table;
}

/** A division in force in the region (or in either province), drawn by population. */
export function drawDivision(random: SeededRandom, region?: Region): AreaDivision {
  if (region) return tableFor(region, () => divisionsOf(region, { seatedOnly: true })).draw(random);
  return tableFor("BOTH", () => [...divisionsOf("CHONGQING", { seatedOnly: true }), ...divisionsOf("SICHUAN", { seatedOnly: true })]).draw(random);
}

/** A division of the region other than `except`, drawn by population. */
export function drawOtherDivision(random: SeededRandom, region: Region, except: string): AreaDivision {
  for (;;) {
    const division = drawDivision(random, region);
    if (division.code !== except) return division;
  }
}

/** Share of 两江新区 registration records not yet re-coded after the 2025-11-06 change. */
const SUPERSEDED_RECORD_SHARE = 0.5;

/** The area code on the registration record of someone living in `current`. */
export function registrationAreaCode(current: AreaDivision, random: SeededRandom): string {
  if (current.code !== "500157" || !random.chance(SUPERSEDED_RECORD_SHARE)) return current.code;
  return random.float() * 312 < 93 ? "500105" : "500112";
}

/** Dialect codes of the family-search data (issue 6). */
export type DialectCode = "chongqing" | "chengdu" | "nanchong" | "mandarin" | "other";

// Rough dialect areas of Southwestern Mandarin as spoken in the two provinces: the 成渝 sub-areas
// around Chengdu and Chongqing, the north-east Sichuan (南充) speech, Mandarin in the migrant city
// of Panzhihua, and non-Mandarin home languages (Tibetan, Qiang, Yi) in the autonomous prefectures.
const DIALECT_BY_CITY: Readonly<Record<string, DialectCode>> = {
  重庆市: "chongqing",
  广安市: "chongqing",
  达州市: "chongqing",
  南充市: "nanchong",
  遂宁市: "nanchong",
  巴中市: "nanchong",
  广元市: "nanchong",
  绵阳市: "nanchong",
  攀枝花市: "mandarin",
  阿坝藏族羌族自治州: "other",
  甘孜藏族自治州: "other",
  凉山彝族自治州: "other",
};

export function dialectOfArea(areaCode: string): DialectCode {
  const division = findAreaDivision(currentAreaCode(areaCode));
  if (!division) return "other";
  return DIALECT_BY_CITY[division.cityName] ?? "chengdu";
}

export const DIALECT_CODES: readonly DialectCode[] = ["chongqing", "chengdu", "nanchong", "mandarin", "other"];

/** Short form of a division name as people say it (万州区 → 万州, 石柱土家族自治县 → 石柱). */
export function spokenPlaceName(division: AreaDivision): string {
  const name = division.name.replace(/(土家族|苗族|藏族|羌族|彝族)+自治县$/, "");
  if (name.length <= 2) return name;
  return name.replace(/[区县市]$/, "");
}
