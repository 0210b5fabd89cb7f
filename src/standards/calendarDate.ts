// Calendar dates are "YYYY-MM-DD" strings end to end (they compare correctly as strings). The few
// operations the standards need are written here over UTC so no time zone can shift a day.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!));
  return date.toISOString().slice(0, 10) === value;
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole years from birth to `on` (an age on the day of a birthday counts the new year). */
export function ageOn(birthDate: string, on: string): number {
  const years = +on.slice(0, 4) - +birthDate.slice(0, 4);
  return on.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** Today in China Standard Time (UTC+8, no daylight saving), the calendar both provinces use. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
