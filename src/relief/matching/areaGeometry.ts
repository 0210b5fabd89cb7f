import { AREA_DIVISIONS, currentAreaCode, distanceKm, type AreaDivision } from "../../areas";

// The divisions in force, numbered densely so per-query tables over areas are plain arrays, with
// their pairwise distances computed once (a few hundred divisions → under a megabyte).

// Only divisions with a seat of their own are numbered; the others (src/areas: no overlay entry)
// stand at their prefecture seat, so they share its index, distances and population prior.
const IN_FORCE: readonly AreaDivision[] = AREA_DIVISIONS.filter((d) => !d.successorCode && d.geographyCode === d.code);
const OWN_INDEX = new Map(IN_FORCE.map((d, i) => [d.code, i]));
const INDEX_OF = new Map(AREA_DIVISIONS.filter((d) => !d.successorCode).map((d) => [d.code, OWN_INDEX.get(d.geographyCode)!]));

export const AREA_COUNT = IN_FORCE.length;

/** Dense index of the division in force for a code (abolished codes follow their successor); -1 if unknown. */
export function areaIndexOf(code: string | null | undefined): number {
  if (!code) return -1;
  return INDEX_OF.get(currentAreaCode(code)) ?? -1;
}

export function areaAt(index: number): AreaDivision {
  return IN_FORCE[index];
}

let matrix: Float32Array | undefined;

function distanceMatrix(): Float32Array {
  if (matrix) return matrix;
  matrix = new Float32Array(AREA_COUNT * AREA_COUNT);
  for (let a = 0; a < AREA_COUNT; a++) {
    for (let b = 0; b < AREA_COUNT; b++) {
      matrix[a * AREA_COUNT + b] = a === b ? 0 : distanceKm(IN_FORCE[a].code, IN_FORCE[b].code) ?? Infinity;
    }
  }
  return matrix;
}

/** Distance in km between two dense area indices (Infinity if either is unknown). */
export function areaDistance(a: number, b: number): number {
  if (a < 0 || b < 0) return Infinity;
  return distanceMatrix()[a * AREA_COUNT + b];
}

/** A division's name without its 区/县/市 suffix, as people say it (万州区 → 万州). */
export function nameStem(name: string): string {
  if (name.length <= 2) return name;
  return name.replace(/(自治县|自治州|新区|区|县|市)$/, "");
}

/** Share of the population of both provinces living in each division (public census ranks, rounded). */
const TOTAL_POPULATION = IN_FORCE.reduce((sum, d) => sum + d.populationWeight, 0);

export function populationShareOfArea(index: number): number {
  return IN_FORCE[index].populationWeight / TOTAL_POPULATION;
}

export function populationShareOfCity(cityName: string): number {
  let sum = 0;
  for (const d of IN_FORCE) if (d.cityName === cityName) sum += d.populationWeight;
  return sum / TOTAL_POPULATION;
}
