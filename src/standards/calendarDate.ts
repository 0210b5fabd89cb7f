// Calendar dates are "YYYY-MM-DD" strings end to end (they compare correctly as strings). The few
// operations the standards need are written here over UTC so no time zone can shift a day.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real calendar date in YYYY-MM-DD form. Integer checks, not Date parsing: it runs on every input date. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = +match[1]!;
  const month = +match[2]!;
  const day = +match[3]!;
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
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
