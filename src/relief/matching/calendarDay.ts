// Dates in the matching engine are whole days since 1970-01-01 (UTC), so windows are subtractions.

const MS_PER_DAY = 86_400_000;
export const DAYS_PER_YEAR = 365.2425;

export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY);
}

/** The middle of a year (2 July) when only the year is known. */
export function midYearDay(year: number): number {
  return Math.floor(Date.UTC(year, 6, 2) / MS_PER_DAY);
}

export function isoDateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearsBetween(fromDay: number, toDay: number): number {
  return (toDay - fromDay) / DAYS_PER_YEAR;
}
