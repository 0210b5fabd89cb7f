// Dates in the data model are "YYYY-MM-DD" strings; the generators do their arithmetic on whole
// days since 1970-01-01 (UTC), which never meets a time zone or a daylight-saving gap.

const MS_PER_DAY = 86_400_000;

export function dayNumber(isoDate: string): number {
  return Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / MS_PER_DAY;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * Day number → "YYYY-MM-DD" by the civil-from-days algorithm (H. Hinnant, public domain),
 * hand-written because Date#toISOString was the generator's top cost at a million records.
 */
export function isoDate(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function addDays(date: string, days: number): string {
  return isoDate(dayNumber(date) + Math.round(days));
}

/** Completed years of age on a date. */
export function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** A birth date that makes the person `age` (completed years) on `on`, the day within the year drawn from `dayOfYear` ∈ [0, 1). */
export function birthDateForAge(age: number, on: string, dayOfYear: number): string {
  const end = dayNumber(on);
  // 29 February has no anniversary in most years; the 28th keeps the age exact.
  const monthDay = on.slice(4) === "-02-29" ? "-02-28" : on.slice(4);
  const latest = dayNumber(`${Number(on.slice(0, 4)) - age}${monthDay}`);
  // Born between one year before `latest` (exclusive) and `latest` (inclusive) → exactly `age` on `on`.
  const day = latest - Math.floor(dayOfYear * 365);
  return isoDate(Math.min(day, end));
}

export function dateTimeOn(date: string, minutesIntoDay: number): Date {
  return new Date(dayNumber(date) * MS_PER_DAY + Math.round(minutesIntoDay) * 60_000);
}
