// Who counts as a minor (未成年人) for the stricter masks of policies/relief.yaml `minors:`.
//
// Under 18. The facts this repository holds (docs/facts/standards.md §2) support 18 as the
// age the assistance rules themselves use for minors: the 2020 民政部/财政部 low-income notice
// raised the 特困 age limit for minors from 16 to 18 (⚠️ secondary source there). PIPL's
// stricter rules for children under 14 (DESIGN.md, sensitive personal information) fall inside
// this band. Where the age is uncertain the row counts as a minor's: the masks only ever tighten.

export const MINOR_AGE_LIMIT = 18;

/** A relief record: when the lower bound of the apparent age is under 18 (a possible minor is one). */
export function reliefRecordIsMinor(apparentAgeMin: number): boolean {
  return apparentAgeMin < MINOR_AGE_LIMIT;
}

/**
 * A missing person, as of `today`: under 18 by the birth date when known; with only a birth year,
 * whenever they could still be 17 (turning 18 later this year).
 */
export function missingPersonIsMinor(birthDate: string | null, birthYear: number, today: Date = new Date()): boolean {
  const year = today.getUTCFullYear();
  if (birthDate) {
    const eighteenth = `${Number(birthDate.slice(0, 4)) + MINOR_AGE_LIMIT}${birthDate.slice(4)}`;
    return today.toISOString().slice(0, 10) < eighteenth;
  }
  return year - birthYear <= MINOR_AGE_LIMIT;
}
