import { AREA_COUNT, areaAt, areaDistance } from "./areaGeometry";
import type { AttributeComparison } from "./attributeComparison";
import { round1 } from "./ageWindow";
import { bits, type MatchParameters } from "./matchParameters";
import type { MissingPersonProfile, ReliefRecordProfile } from "./matchProfile";
import type { PopulationStatistics } from "./populationStatistics";

// Where found against where last seen (or home, whichever is nearer): by great-circle distance
// between division seats, so the Chengdu–Chongqing corridor and moves across the provincial
// border are just distances, not a "different province" penalty. u is the share of all records
// found at that distance band from this report's areas, so a band crowded with records (the
// two big cities) says less than a quiet one. The prior m mixes a nearby kernel with u itself
// (people who drift far turn up anywhere), so being far away costs at most a bit, never a veto;
// once the data carry enough, m per band is fitted instead (see matchParameterFit), floored at a
// share of the prior's, so it stays soft too.

export interface GeographyTable {
  /** Level per dense area index; -1 when the report has no known area. */
  levelByArea: Int8Array;
  distanceByArea: Float32Array;
  /** Which of the report's areas was nearer, per area: 0 last seen, 1 home. */
  viaHomeByArea: Uint8Array;
  uByLevel: number[];
  mByLevel: number[];
  weightByLevel: number[];
}

function levelOfDistance(km: number, sameDivision: boolean, parameters: MatchParameters): number {
  const levels = parameters.geography.levels;
  if (sameDivision) return 0;
  for (let i = 1; i < levels.length; i++) if (km <= levels[i][1]) return i;
  return levels.length - 1;
}

export function geographyTable(report: MissingPersonProfile, stats: PopulationStatistics, parameters: MatchParameters): GeographyTable {
  const levels = parameters.geography.levels;
  const levelByArea = new Int8Array(AREA_COUNT).fill(-1);
  const distanceByArea = new Float32Array(AREA_COUNT).fill(Infinity);
  const viaHomeByArea = new Uint8Array(AREA_COUNT);
  const uByLevel = new Array<number>(levels.length).fill(0);
  const known = report.lastSeenArea >= 0 || report.homeArea >= 0;
  for (let area = 0; area < AREA_COUNT && known; area++) {
    const fromLastSeen = areaDistance(report.lastSeenArea, area);
    const fromHome = areaDistance(report.homeArea, area);
    const viaHome = fromHome < fromLastSeen;
    const km = viaHome ? fromHome : fromLastSeen;
    const level = levelOfDistance(km, area === report.lastSeenArea || area === report.homeArea, parameters);
    levelByArea[area] = level;
    distanceByArea[area] = km;
    viaHomeByArea[area] = viaHome ? 1 : 0;
    uByLevel[level] += stats.foundAreaShare(area);
  }
  for (let i = 0; i < uByLevel.length; i++) uByLevel[i] = Math.max(uByLevel[i], stats.floorShare);
  const fitted = parameters.geography.levelM;
  const local = parameters.geography.localShare;
  const mByLevel = fitted ? [...fitted] : levels.map(([, , kernel], i) => local * kernel + (1 - local) * uByLevel[i]);
  const weightByLevel = mByLevel.map((m, i) => bits(m, uByLevel[i], parameters.minimumU));
  return { levelByArea, distanceByArea, viaHomeByArea, uByLevel, mByLevel, weightByLevel };
}

export function geographyWeight(record: ReliefRecordProfile, table: GeographyTable): number {
  if (record.foundArea < 0) return 0;
  const level = table.levelByArea[record.foundArea];
  return level < 0 ? 0 : table.weightByLevel[level];
}

export function compareGeography(record: ReliefRecordProfile, report: MissingPersonProfile, table: GeographyTable, parameters: MatchParameters, explain = true): AttributeComparison | null {
  if (record.foundArea < 0) return null;
  const level = table.levelByArea[record.foundArea];
  if (level < 0) return null;
  const [name] = parameters.geography.levels[level];
  const m = table.mByLevel[level];
  const km = table.distanceByArea[record.foundArea];
  return {
    attribute: "GEOGRAPHY",
    level: name,
    weight: table.weightByLevel[level],
    m,
    u: table.uByLevel[level],
    difference: round1(km),
    unit: "km",
    detail: explain ? describePlace(record, report, table) : "",
  };
}

function describePlace(record: ReliefRecordProfile, report: MissingPersonProfile, table: GeographyTable): string {
  const found = areaAt(record.foundArea);
  const viaHome = table.viaHomeByArea[record.foundArea] === 1;
  const reference = viaHome ? `home area ${report.homeAreaCode}` : `last-seen area ${report.lastSeenAreaCode}`;
  return `found in ${found.name} (${found.code}, ${found.region}), ${Math.round(table.distanceByArea[record.foundArea])} km from the ${reference}`;
}
