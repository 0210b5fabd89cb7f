import { medianDays, rate, type FigureCell } from "./familySearchFigures";

// Small-cell suppression of the published figures (statistical disclosure control). A count of
// one or two relief cases in one area and month points at a person: anyone who knows that a
// neighbour was taken in by the station that month learns, from "identified 1, returned home 1,
// median 12 days", what became of them and when. So a count from 1 to minCount − 1 is withheld
// (answered as null and named in `suppressed`), and so is every figure computed from one: a rate
// whose numerator or denominator is withheld, a median of fewer than minCount durations.
//
// Neither the fact sheet (/work/shared/facts/standards.md) nor any rule we have for these
// statistics sets a threshold; 5 by default (STATISTICS_MIN_CELL_COUNT) is our choice, the usual
// minimum cell size of official-statistics disclosure control. Zero is shown: "no one" names no one.
// Suppression applies to what an officer reads (each row on its own); the nodes exchange and add
// the exact counts, so combined figures stay exact. Not done: secondary suppression (a withheld
// cell recovered as a total minus its visible siblings) — a row of a month and area is published
// beside the month's and the range's totals, so a single withheld cell among visible ones can be
// worked out by subtraction.

export const DEFAULT_MIN_CELL_COUNT = 5;

/** The published figures of one cell: null where withheld. */
export interface DisclosedFigures {
  takenIn: number | null;
  identified: number | null;
  returnedHome: number | null;
  settledLocally: number | null;
  returnHomeRate: number | null;
  returnHomeRateBase: number | null;
  settlementRate: number | null;
  settlementRateBase: number | null;
  medianDaysToIdentification: number | null;
  crossBorderMatches: number | null;
  dnaComparisonsAnswered: number | null;
  medianDnaTurnaroundDays: number | null;
  /** The figures withheld, by field name (empty when none). */
  suppressed: (keyof Omit<DisclosedFigures, "suppressed">)[];
}

export function disclosedFigures(cell: FigureCell, minCount: number): DisclosedFigures {
  const small = (n: number) => n > 0 && n < minCount;
  const suppressed: DisclosedFigures["suppressed"] = [];
  const shown = <K extends DisclosedFigures["suppressed"][number]>(field: K, value: number | null, withheld: boolean): number | null => {
    if (!withheld) return value;
    suppressed.push(field);
    return null;
  };
  // Rates: withheld when a count they are computed from is small (the settlement rate's
  // numerator, settled of unknown identity, is not published itself but is a count all the same).
  const returnHomeSmall = small(cell.returnedHome) || small(cell.placementsKnownIdentity);
  const settlementSmall = small(cell.settledUnknownIdentity) || small(cell.placementsUnknownIdentity);
  const figures = {
    takenIn: shown("takenIn", cell.takenIn, small(cell.takenIn)),
    identified: shown("identified", cell.identified, small(cell.identified)),
    returnedHome: shown("returnedHome", cell.returnedHome, small(cell.returnedHome)),
    settledLocally: shown("settledLocally", cell.settledLocally, small(cell.settledLocally)),
    returnHomeRate: shown("returnHomeRate", rate(cell.returnedHome, cell.placementsKnownIdentity), returnHomeSmall),
    returnHomeRateBase: shown("returnHomeRateBase", cell.placementsKnownIdentity, small(cell.placementsKnownIdentity)),
    settlementRate: shown("settlementRate", rate(cell.settledUnknownIdentity, cell.placementsUnknownIdentity), settlementSmall),
    settlementRateBase: shown("settlementRateBase", cell.placementsUnknownIdentity, small(cell.placementsUnknownIdentity)),
    // A median is as small as the count of durations it is taken over (identified, answered).
    medianDaysToIdentification: shown("medianDaysToIdentification", medianDays(cell.daysToIdentification), small(cell.identified)),
    crossBorderMatches: shown("crossBorderMatches", cell.crossBorderMatches, small(cell.crossBorderMatches)),
    dnaComparisonsAnswered: shown("dnaComparisonsAnswered", cell.dnaComparisonsAnswered, small(cell.dnaComparisonsAnswered)),
    medianDnaTurnaroundDays: shown("medianDnaTurnaroundDays", medianDays(cell.dnaTurnaroundDays), small(cell.dnaComparisonsAnswered)),
  };
  return { ...figures, suppressed };
}
