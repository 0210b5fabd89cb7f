import { currentAreaCode, findAreaDivision, type AreaDivision } from "../../../src/areas";
import type { MissingPersonFacts, ReliefRecordFacts } from "../../../src/relief";

// The baselines the engine is measured against, in the same run over the same records:
//   B0 — 全国救助寻亲网-style browsing: hard filters (same sex, the reported person's age inside the
//        station's apparent-age range, found within a year after last seen, found in the province
//        last seen in), exact-name hits first, then the filtered list by date found.
//   B1 — the same hard filters over both provinces, ranked by hand-set additive weights (exact
//        name, surname, given name, place, height, features, dialect, place named) — the usual
//        "rules plus weights" register search.
// Columnar storage so a query scans its filtered window in typed arrays.

const YEAR_DAYS = 365;
const NONE: string[] = [];
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
const yearsBetween = (from: number, to: number) => (to - from) / 365.2425;
const midYearDay = (year: number) => Math.floor(Date.UTC(year, 6, 2) / 86_400_000);

/** Divisions in force, numbered: baseline rows store a number, not a string. */
const divisions: AreaDivision[] = [];
const divisionNumber = new Map<string, number>();
function areaIndexOf(code: string | null): number {
  if (!code) return -1;
  const current = currentAreaCode(code);
  let n = divisionNumber.get(current);
  if (n === undefined) {
    const division = findAreaDivision(current);
    if (!division) return -1;
    n = divisions.push(division) - 1;
    divisionNumber.set(current, n);
  }
  return n;
}
const areaAt = (n: number) => divisions[n];

export class BaselineRecords {
  private ids: string[] = [];
  private names: (string | null)[] = [];
  private features: string[][] = [];
  private dialects: (string | null)[] = [];
  private places: string[][] = [];
  private genders: number[] = [];
  private ageMin: number[] = [];
  private ageMax: number[] = [];
  private foundDay: number[] = [];
  private heights: number[] = [];
  private areas: number[] = [];
  /** Row numbers per gender, sorted by found day after `freeze`. */
  private byGender: Int32Array[] = [];
  private dayByGender: Int32Array[] = [];

  add(record: ReliefRecordFacts): void {
    this.ids.push(record.id);
    this.names.push(record.reportedName);
    this.features.push(record.features.length ? [...record.features] : NONE);
    this.dialects.push(record.dialect);
    this.places.push(record.placeNamesSpoken.length ? [...record.placeNamesSpoken] : NONE);
    this.genders.push(record.gender === "MALE" ? 0 : 1);
    this.ageMin.push(record.apparentAgeMin);
    this.ageMax.push(record.apparentAgeMax);
    this.foundDay.push(dayNumber(record.foundOn));
    this.heights.push(record.heightCm ?? -1);
    this.areas.push(areaIndexOf(record.foundAreaCode));
  }

  freeze(): void {
    for (const g of [0, 1]) {
      const rows = [];
      for (let i = 0; i < this.ids.length; i++) if (this.genders[i] === g) rows.push(i);
      rows.sort((a, b) => this.foundDay[a] - this.foundDay[b]);
      this.byGender[g] = Int32Array.from(rows);
      this.dayByGender[g] = Int32Array.from(rows, (r) => this.foundDay[r]);
    }
  }

  /** Rows passing the hard filters (sex, age inside the range, found within a year after last seen). */
  private filtered(report: MissingPersonFacts, visit: (row: number) => void): void {
    const g = report.gender === "MALE" ? 0 : 1;
    const rows = this.byGender[g];
    const days = this.dayByGender[g];
    const from = dayNumber(report.lastSeenOn);
    const to = from + YEAR_DAYS;
    const birth = report.birthDate ? dayNumber(report.birthDate) : midYearDay(report.birthYear);
    for (let i = lowerBound(days, from); i < rows.length && days[i] <= to; i++) {
      const row = rows[i];
      const age = Math.floor(yearsBetween(birth, this.foundDay[row]));
      if (age < this.ageMin[row] || age > this.ageMax[row]) continue;
      visit(row);
    }
  }

  /** B0: browsing with hard filters in the province last seen, exact names first. */
  searchB0(report: MissingPersonFacts, limit: number): string[] {
    const names = new Set([report.name, ...report.aliases]);
    const lastSeenArea = areaIndexOf(report.lastSeenAreaCode);
    const province = lastSeenArea >= 0 ? areaAt(lastSeenArea).region : undefined;
    const exact: number[] = [];
    const rest: number[] = [];
    this.filtered(report, (row) => {
      const area = this.areas[row];
      if (province && (area < 0 || areaAt(area).region !== province)) return;
      const name = this.names[row];
      if (name && names.has(name)) exact.push(row);
      else rest.push(row);
    });
    return [...exact, ...rest].slice(0, limit).map((row) => this.ids[row]);
  }

  /** B1: hard filters over both provinces, ranked by additive weights. */
  searchB1(report: MissingPersonFacts, limit: number): string[] {
    const names = new Set([report.name, ...report.aliases]);
    const surname = report.name[0];
    const given = report.name.slice(1);
    const near = [areaIndexOf(report.lastSeenAreaCode), areaIndexOf(report.homeAreaCode)].filter((a) => a >= 0);
    const home = areaIndexOf(report.homeAreaCode);
    const homeStem = home >= 0 ? areaAt(home).name.slice(0, 2) : null;
    const scored: { row: number; score: number }[] = [];
    this.filtered(report, (row) => {
      let score = 0;
      const name = this.names[row];
      if (name) {
        if (names.has(name)) score += 8;
        else {
          if (name[0] === surname) score += 2;
          if (given && name.includes(given)) score += 3;
        }
      }
      const area = this.areas[row];
      if (area >= 0 && near.length > 0) {
        if (near.includes(area)) score += 3;
        else if (near.some((a) => areaAt(a).cityName === areaAt(area).cityName)) score += 1.5;
        else if (near.some((a) => areaAt(a).region === areaAt(area).region)) score += 0.5;
      }
      if (report.heightCm !== null && this.heights[row] >= 0 && Math.abs(report.heightCm - this.heights[row]) <= 5) score += 1;
      for (const f of this.features[row]) if (report.features.includes(f)) score += 2;
      if (report.dialect && this.dialects[row] === report.dialect) score += 1;
      if (homeStem && this.places[row].some((p) => p.startsWith(homeStem))) score += 2;
      scored.push({ row, score });
    });
    scored.sort((a, b) => b.score - a.score || this.foundDay[a.row] - this.foundDay[b.row]);
    return scored.slice(0, limit).map((s) => this.ids[s.row]);
  }
}

function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
