import { areaAt, nameStem, populationShareOfArea, populationShareOfCity } from "./areaGeometry";
import type { AttributeComparison } from "./attributeComparison";
import { bits, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";

// Place names a person mentioned at the station (a county, a town, a city) against the report's
// home and last-seen areas. u is the population share of the place named: naming 重庆 says less
// than naming 城口.

function mentions(spoken: readonly string[], name: string): boolean {
  const stem = nameStem(name);
  return spoken.some((p) => p === name || p === stem || (stem.length >= 2 && p.includes(stem)));
}

export function comparePlaceNames(record: ReliefRecordProfile, report: MissingPersonProfile, parameters: MatchParameters, explain = true): AttributeComparison | null {
  if (record.placeNames.length === 0) return null;
  const areas = [...new Set([report.homeArea, report.lastSeenArea].filter((a) => a >= 0))];
  if (areas.length === 0) return null;
  const spoken = record.placeNames;
  const county = areas.find((a) => mentions(spoken, areaAt(a).name));
  const city = areas.find((a) => mentions(spoken, areaAt(a).cityName));
  const level = county !== undefined ? "COUNTY_NAMED" : city !== undefined ? "CITY_NAMED" : "NOT_NAMED";
  const u =
    county !== undefined
      ? populationShareOfArea(county)
      : city !== undefined
        ? populationShareOfCity(areaAt(city).cityName)
        : 1 - Math.max(...areas.map((a) => populationShareOfCity(areaAt(a).cityName)));
  const m = parameters.placeNames[level];
  return {
    attribute: "PLACE_NAMES",
    level,
    weight: bits(m, u, parameters.minimumU),
    m,
    u,
    difference: null,
    unit: null,
    detail: explain
      ? `mentioned ${spoken.join("、")}: ${county !== undefined ? `names ${areaAt(county).name}` : city !== undefined ? `names ${areaAt(city).cityName}` : "names none of the report's areas"}`
      : "",
  };
}
