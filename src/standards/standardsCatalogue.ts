import type { Region } from "../config";
import { scopesOfArea } from "./areaScopes";
import { addDays } from "./calendarDate";
import type { StandardRow } from "./standardFiles";
import { SICHUAN_FLOOR_SCOPE, STANDARD_CATEGORIES, type Residence, type StandardCategory } from "./standardVocabulary";

/** The standard that applies to an area on a date: the published row, resolved for the area. */
export interface StandardFigure extends StandardRow {
  /** The area code the figure was resolved for (a superseded code is followed to its successor). */
  areaCode: string;
  /** Last day this figure is the area's answer: the document's own end, or the day before the next version. */
  effectiveTo: string | null;
  /** True when no area or city standard was on file and Sichuan's provincial floor (低限) answered. */
  isFloor: boolean;
}

/**
 * A category and the categories that stand in for it: an area that publishes one 低保 rate for
 * urban and rural alike (Chengdu) answers an urban or rural question with its unified rate.
 */
const STAND_INS: Record<StandardCategory, readonly StandardCategory[]> = {
  MLG_URBAN: ["MLG_URBAN", "MLG_UNIFIED"],
  MLG_RURAL: ["MLG_RURAL", "MLG_UNIFIED"],
  MLG_UNIFIED: ["MLG_UNIFIED"],
  HARDSHIP_BASIC_URBAN: ["HARDSHIP_BASIC_URBAN", "HARDSHIP_BASIC"],
  HARDSHIP_BASIC_RURAL: ["HARDSHIP_BASIC_RURAL", "HARDSHIP_BASIC"],
  HARDSHIP_BASIC: ["HARDSHIP_BASIC"],
  HARDSHIP_CARE_FULL: ["HARDSHIP_CARE_FULL"],
  HARDSHIP_CARE_PARTIAL: ["HARDSHIP_CARE_PARTIAL"],
  HARDSHIP_CARE_SELF: ["HARDSHIP_CARE_SELF"],
  RELIEF_STATION_LIVING: ["RELIEF_STATION_LIVING"],
  MINIMUM_WAGE: ["MINIMUM_WAGE"],
};

export function mlgCategoryFor(residence: Residence): StandardCategory {
  return residence === "URBAN" ? "MLG_URBAN" : "MLG_RURAL";
}

export function hardshipCategoryFor(residence: Residence): StandardCategory {
  return residence === "URBAN" ? "HARDSHIP_BASIC_URBAN" : "HARDSHIP_BASIC_RURAL";
}

/** A stretch of days over which one row answers for an area and category. */
interface Segment {
  from: string;
  /** Inclusive; null = open-ended. */
  to: string | null;
  row: StandardRow;
  isFloor: boolean;
  /** The answer, built once per segment: lookups return it without allocating (treat as read-only). */
  figure?: StandardFigure;
}

const inForce = (row: StandardRow, on: string) => row.effectiveFrom <= on && (row.effectiveTo === null || on <= row.effectiveTo);

/**
 * The standards in memory, answering "which figure applies to this area, category and date".
 * Resolution: among the area's own scopes (code, named groups, city, CQ-ALL) the figure published
 * most recently wins — a newer citywide rate supersedes older district-group rates — and on a tie
 * the more specific scope wins. Sichuan's provincial floor answers only when no own figure is in
 * force, and says so. Each (area, category) is resolved once into a timeline, so a lookup is a
 * short scan (the eligibility engine does several per assessment).
 */
export class StandardsCatalogue {
  private readonly byScope = new Map<string, Map<StandardCategory, StandardRow[]>>();
  private readonly timelines = new Map<string, Segment[] | null>();

  constructor(readonly rows: readonly StandardRow[]) {
    for (const row of rows) {
      let categories = this.byScope.get(row.areaScope);
      if (!categories) this.byScope.set(row.areaScope, (categories = new Map()));
      const list = categories.get(row.category) ?? [];
      list.push(row);
      list.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
      categories.set(row.category, list);
    }
  }

  /** The figure for an area code, category and date; undefined for an unknown area or no figure in force. */
  figure(areaCode: string, category: StandardCategory, on: string): StandardFigure | undefined {
    const timeline = this.timeline(areaCode, category);
    if (!timeline) return undefined;
    const segment = timeline.find((s) => s.from <= on && (s.to === null || on <= s.to));
    if (!segment) return undefined;
    segment.figure ??= Object.freeze({ ...segment.row, areaCode: scopesOfArea(areaCode)!.areaCode, effectiveTo: segment.to, isFloor: segment.isFloor });
    return segment.figure;
  }

  /** Every category's figure for an area on a date (the area's view of the standards). */
  figuresForArea(areaCode: string, on: string): StandardFigure[] {
    const figures = STANDARD_CATEGORIES.map((c) => this.figure(areaCode, c, on)).filter((f): f is StandardFigure => f !== undefined);
    // A stand-in answers under its own category once: MLG_URBAN and MLG_RURAL may both resolve to
    // Chengdu's unified rate, which is listed once.
    const seen = new Set<string>();
    return figures.filter((f) => {
      const key = `${f.areaScope}:${f.category}:${f.effectiveFrom}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Rows of a region in force on a date at every scope (the published list, not one area's view); a row ends where the next version of its scope and category starts. */
  rowsInForce(region: Region | undefined, on: string): Array<Omit<StandardFigure, "areaCode"> & { areaCode: null }> {
    return this.rows.flatMap((row) => {
      if ((region !== undefined && row.region !== region) || row.effectiveFrom > on) return [];
      const end = this.endOfRow(row);
      if (end !== null && on > end) return [];
      return [{ ...row, areaCode: null, effectiveTo: end, isFloor: row.areaScope === SICHUAN_FLOOR_SCOPE }];
    });
  }

  /** The earliest date any figure of a region starts (for "no standard before …" messages). */
  earliestDate(region: Region): string | undefined {
    return this.rows.filter((r) => r.region === region).reduce<string | undefined>((min, r) => (min === undefined || r.effectiveFrom < min ? r.effectiveFrom : min), undefined);
  }

  private endOfRow(row: StandardRow): string | null {
    if (row.effectiveTo) return row.effectiveTo;
    const next = this.byScope.get(row.areaScope)?.get(row.category)?.find((r) => r.effectiveFrom > row.effectiveFrom);
    return next ? addDays(next.effectiveFrom, -1) : null;
  }

  private timeline(areaCode: string, category: StandardCategory): Segment[] | null {
    const key = `${areaCode}|${category}`;
    let timeline = this.timelines.get(key);
    if (timeline === undefined) {
      timeline = this.buildTimeline(areaCode, category);
      this.timelines.set(key, timeline);
    }
    return timeline;
  }

  private buildTimeline(areaCode: string, category: StandardCategory): Segment[] | null {
    const scopes = scopesOfArea(areaCode);
    if (!scopes) return null;
    const categories = STAND_INS[category];
    const rowsOf = (scopeList: readonly string[]) =>
      scopeList.flatMap((scope, specificity) =>
        categories.flatMap((c, preference) => (this.byScope.get(scope)?.get(c) ?? []).map((row) => ({ row, specificity, preference }))),
      );
    const own = rowsOf(scopes.ownScopes);
    const floor = scopes.floorScope ? rowsOf([scopes.floorScope]) : [];

    // The answer can only change on a day some row starts or the day after one ends.
    const breakpoints = [...new Set([...own, ...floor].flatMap(({ row }) => (row.effectiveTo ? [row.effectiveFrom, addDays(row.effectiveTo, 1)] : [row.effectiveFrom])))].sort();
    const answerOn = (on: string): { row: StandardRow; isFloor: boolean } | undefined => {
      const pick = (candidates: typeof own) =>
        candidates
          .filter(({ row }) => inForce(row, on))
          .sort((a, b) => b.row.effectiveFrom.localeCompare(a.row.effectiveFrom) || a.specificity - b.specificity || a.preference - b.preference)[0]?.row;
      const ownRow = pick(own);
      if (ownRow) return { row: ownRow, isFloor: false };
      const floorRow = pick(floor);
      return floorRow ? { row: floorRow, isFloor: true } : undefined;
    };

    const segments: Segment[] = [];
    for (const day of breakpoints) {
      const answer = answerOn(day);
      const last = segments[segments.length - 1];
      if (last && last.to === null && answer?.row === last.row) continue;
      if (last && last.to === null) last.to = addDays(day, -1);
      if (answer) segments.push({ from: day, to: null, row: answer.row, isFloor: answer.isFloor });
    }
    return segments;
  }
}
