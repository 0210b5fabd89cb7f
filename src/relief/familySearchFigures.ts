import { z } from "zod";
import { REGIONS } from "../config";

// The figures the plans measure, per month and area (familySearchStatistics), as counts that add
// up across areas and provinces: every rate keeps its numerator and denominator, every median its
// histogram, so figures combined across both nodes are exact, not averages of averages. Counts
// only — no id, no date of a person, nothing that points at someone. Definitions (also in
// docs/family-search-lifecycle.md; the fact sheet defines neither rate, so they are ours):
//
// - takenIn: relief records by the month they were found (foundOn) — 受助人数.
// - identified: records identified after intake, by the month of identification (identifiedOn).
// - daysToIdentification: identifiedOn − foundOn, in days, for those.
// - placements: steps that end the station's care by placing the person somewhere — RETURNED_HOME,
//   SETTLED_LOCALLY, TRANSFERRED to another relief station — by the month of the step
//   (effectiveOn), split by whether the identity was known (IDENTIFIED or SELF_REPORTED) when the
//   step was taken. Death, leaving of one's own accord and a transfer into care (托养, the
//   station keeps the case) are not placements.
// - 接送返回率 returnHomeRate = returnedHome ÷ placements of people whose identity was known.
// - 落户安置率 settlementRate = settled locally ÷ placements of people whose identity was unknown.
//   Both targets are 100 %: everyone whose home is known goes home, everyone whose home stays
//   unknown is settled where found rather than passed on.
// - crossBorderMatches: confirmed match alerts pairing a record of this province with a report of
//   the other, counted once, at the record's node, by the month (China time) of the confirmation.
// - 协查 turnaround: days from a DNA comparison request to the laboratory's result, by the month of
//   the result (dnaComparisonsAnswered, dnaTurnaroundDays).

/** A histogram of whole days: "12" → how many took 12 days. */
export type DayHistogram = Record<string, number>;

export interface FigureCell {
  month: string;
  areaCode: string;
  takenIn: number;
  identified: number;
  returnedHome: number;
  settledLocally: number;
  placementsKnownIdentity: number;
  settledUnknownIdentity: number;
  placementsUnknownIdentity: number;
  crossBorderMatches: number;
  dnaComparisonsAnswered: number;
  daysToIdentification: DayHistogram;
  dnaTurnaroundDays: DayHistogram;
}

const MAX_COUNT = 1_000_000_000;
const count = z.number().int().min(0).max(MAX_COUNT);
const histogram = z.record(z.string().regex(/^\d{1,6}$/), count);

export const figureCellSchema = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    areaCode: z.string().regex(/^\d{6}$/),
    takenIn: count,
    identified: count,
    returnedHome: count,
    settledLocally: count,
    placementsKnownIdentity: count,
    settledUnknownIdentity: count,
    placementsUnknownIdentity: count,
    crossBorderMatches: count,
    dnaComparisonsAnswered: count,
    daysToIdentification: histogram,
    dnaTurnaroundDays: histogram,
  })
  .strict();

/** What one node publishes to the other (GET /peer/statistics/family-search-statistics). */
export const publishedFiguresSchema = z
  .object({
    region: z.enum(REGIONS),
    computedAt: z.iso.datetime(),
    cells: z.array(figureCellSchema).max(1_000_000),
  })
  .strict();

export type PublishedFigures = z.infer<typeof publishedFiguresSchema>;

export function emptyCell(month: string, areaCode: string): FigureCell {
  return {
    month,
    areaCode,
    takenIn: 0,
    identified: 0,
    returnedHome: 0,
    settledLocally: 0,
    placementsKnownIdentity: 0,
    settledUnknownIdentity: 0,
    placementsUnknownIdentity: 0,
    crossBorderMatches: 0,
    dnaComparisonsAnswered: 0,
    daysToIdentification: {},
    dnaTurnaroundDays: {},
  };
}

const COUNTS = [
  "takenIn",
  "identified",
  "returnedHome",
  "settledLocally",
  "placementsKnownIdentity",
  "settledUnknownIdentity",
  "placementsUnknownIdentity",
  "crossBorderMatches",
  "dnaComparisonsAnswered",
] as const;

/** Adds `cell` into `into` (counts and histograms). */
export function addCell(into: FigureCell, cell: FigureCell): FigureCell {
  for (const key of COUNTS) into[key] += cell[key];
  addHistogram(into.daysToIdentification, cell.daysToIdentification);
  addHistogram(into.dnaTurnaroundDays, cell.dnaTurnaroundDays);
  return into;
}

function addHistogram(into: DayHistogram, from: DayHistogram): void {
  for (const [days, n] of Object.entries(from)) into[days] = (into[days] ?? 0) + n;
}

export function countDays(histogram: DayHistogram, days: number): void {
  const key = String(Math.max(0, days));
  histogram[key] = (histogram[key] ?? 0) + 1;
}

/** The median of a histogram of days (the mean of the two middle values for an even count); null when empty. */
export function medianDays(histogram: DayHistogram): number | null {
  const entries = Object.entries(histogram).map(([days, n]) => [Number(days), n] as const).filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (const [days, n] of entries) {
      seen += n;
      if (rank < seen) return days;
    }
    return entries[entries.length - 1][0];
  };
  return total % 2 === 1 ? valueAt((total - 1) / 2) : (valueAt(total / 2 - 1) + valueAt(total / 2)) / 2;
}

/** A share to four decimals; null when nothing was to be counted. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
}
