// Area-division door (GB/T 2260): the codes both provinces use, their successors and seats.
export { AREA_DIVISIONS, GBT2260_EDITION, type AreaDivision } from "./divisions";
export {
  findAreaDivision,
  isKnownAreaCode,
  currentAreaCode,
  regionOfArea,
  divisionsOf,
  distanceKm,
  codesOfSameDivision,
  areaLevelOf,
  regionOfAnyLevel,
  PROVINCE_CODES,
  type AreaLevel,
} from "./areaRegistry";
