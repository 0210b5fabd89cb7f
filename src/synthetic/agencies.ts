import { regionTag, type Region } from "../config";
import { currentAreaCode, divisionsOf, findAreaDivision, type AreaDivision } from "../areas";
import { syntheticId } from "./syntheticIds";

export type AgencyKind = "CIVIL_AFFAIRS" | "VERIFICATION_CENTRE" | "RELIEF_STATION" | "POLICE";

/** Columns of the prisma Agency model. */
export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  region: Region;
  kind: AgencyKind;
  areaCode: string;
}

// The agencies of one province, built from the division list alone (no randomness), so their ids
// are the same whatever the seed: a civil-affairs bureau (民政局) and a police liaison office
// (公安寻亲联络) per district, one economic-status verification centre (核对中心) per province,
// and relief stations (救助管理站) — one per district in Chongqing, one per prefecture city in
// Sichuan, where stations are run by the city. Jurisdictions come at all three levels: the
// centre answers for the province, Sichuan's city bureaus (市民政局, added last so earlier ids stay
// put) for their prefecture, district bureaus and stations for their district.

/** Seat of each Sichuan city: its first listed division (the urban core in GB/T 2260 order). */
function citySeats(divisions: readonly AreaDivision[]): AreaDivision[] {
  const seen = new Set<string>();
  return divisions.filter((d) => (seen.has(d.cityName) ? false : (seen.add(d.cityName), true)));
}

// Province-level: their area code is the province's (xx0000), so their jurisdiction is the province.
const VERIFICATION_CENTRES: Record<Region, { name: string; areaCode: string }> = {
  CHONGQING: { name: "重庆市社会救助家庭经济状况核对中心", areaCode: "500000" },
  SICHUAN: { name: "四川省居民家庭经济状况核对中心", areaCode: "510000" },
};

function districtLabel(d: AreaDivision): string {
  return d.region === "CHONGQING" ? `重庆市${d.name}` : `${d.cityName}${d.name}`;
}

export interface ProvinceAgencies {
  region: Region;
  all: AgencyRow[];
  verificationCentre: AgencyRow;
  /** Sichuan: the city bureau (prefecture jurisdiction) over an area; Chongqing has no city level. */
  cityBureauFor(areaCode: string): AgencyRow | undefined;
  /** Bureau of the district in force for an area code (superseded codes follow their successor). */
  civilAffairsFor(areaCode: string): AgencyRow;
  /** Relief station that takes in people found in an area. */
  reliefStationFor(areaCode: string): AgencyRow;
  /** Police liaison office where a missing-person report about an area is filed. */
  policeFor(areaCode: string): AgencyRow;
}

export function provinceAgencies(region: Region): ProvinceAgencies {
  const tag = regionTag(region);
  // Only divisions with a seat and population of their own (src/areas overlay): the demo's people live there.
  const districts = divisionsOf(region, { seatedOnly: true });
  const rows: AgencyRow[] = [];
  const add = (kind: AgencyKind, code: string, name: string, areaCode: string): AgencyRow => {
    const row: AgencyRow = { id: syntheticId(tag, "AG", rows.length + 1), code, name, region, kind, areaCode };
    rows.push(row);
    return row;
  };

  const centre = VERIFICATION_CENTRES[region];
  const verificationCentre = add("VERIFICATION_CENTRE", `HD-${region === "CHONGQING" ? "50" : "51"}`, centre.name, centre.areaCode);
  const bureaus = new Map(districts.map((d) => [d.code, add("CIVIL_AFFAIRS", `MZ-${d.code}`, `${districtLabel(d)}民政局`, d.code)]));
  const police = new Map(
    districts.map((d) => [
      d.code,
      add("POLICE", `GA-${d.code}`, region === "CHONGQING" ? `重庆市公安局${d.name}分局寻亲联络室` : `${d.cityName}公安局${d.name}分局寻亲联络室`, d.code),
    ]),
  );
  const stationDistricts = region === "SICHUAN" ? citySeats(districts) : districts;
  const stationsByKey = new Map(
    stationDistricts.map((d) => [
      region === "SICHUAN" ? d.cityName : d.code,
      add("RELIEF_STATION", `JZ-${d.code}`, region === "SICHUAN" ? `${d.cityName}救助管理站` : `${districtLabel(d)}救助管理站`, d.code),
    ]),
  );

  const cityBureaus = new Map(
    region === "SICHUAN"
      ? citySeats(districts).map((seat) => [seat.cityName, add("CIVIL_AFFAIRS", `MZ-${seat.prefectureCode}`, `${seat.cityName}民政局`, seat.prefectureCode)])
      : [],
  );

  const divisionIn = (areaCode: string): AreaDivision => {
    const division = findAreaDivision(currentAreaCode(areaCode));
    if (!division || division.region !== region) throw new Error(`area ${areaCode} is not in ${region}`);
    return division;
  };
  const lookup = (map: Map<string, AgencyRow>, key: string, what: string): AgencyRow => {
    const row = map.get(key);
    if (!row) throw new Error(`no ${what} for ${key}`);
    return row;
  };

  return {
    region,
    all: rows,
    verificationCentre,
    civilAffairsFor: (areaCode) => lookup(bureaus, divisionIn(areaCode).code, "civil-affairs bureau"),
    cityBureauFor: (areaCode) => (region === "SICHUAN" ? lookup(cityBureaus, divisionIn(areaCode).cityName, "city civil-affairs bureau") : undefined),
    policeFor: (areaCode) => lookup(police, divisionIn(areaCode).code, "police liaison office"),
    reliefStationFor: (areaCode) => {
      const d = divisionIn(areaCode);
      return lookup(stationsByKey, region === "SICHUAN" ? d.cityName : d.code, "relief station");
    },
  };
}

const CACHE = new Map<Region, ProvinceAgencies>();

/** Agencies of a province (built once; they depend on the division list only). */
export function agenciesOf(region: Region): ProvinceAgencies {
  let agencies = CACHE.get(region);
  if (!agencies) {
    agencies = provinceAgencies(region);
    CACHE.set(region, agencies);
  }
  return agencies;
}
