// Area-division door (GB/T 2260): the codes both provinces use, their successors and seats.
export { AREA_DIVISIONS, type AreaDivision } from "./divisions";
export { findAreaDivision, isKnownAreaCode, currentAreaCode, regionOfArea, divisionsOf, distanceKm } from "./areaRegistry";
