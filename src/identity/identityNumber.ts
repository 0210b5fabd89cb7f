// Resident identity numbers (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit
// sequence (odd = male), and an ISO 7064 MOD 11-2 check character. Written here rather than taken
// from a package: the rule is twelve lines, and the few npm validators either skip the date check
// or accept unknown province prefixes.

declare const identityNumberBrand: unique symbol;
/** An 18-character number that passed validation; only parseIdentityNumber makes one. */
export type IdentityNumber = string & { readonly [identityNumberBrand]: true };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = "10X98765432";

/** Province-level prefixes of GB/T 2260 (including Taiwan, Hong Kong, Macao as issued). */
const PROVINCE_PREFIXES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82",
]);

/**
 * Residence permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证申领发放办法, 2018)
 * carry an 18-character number of the same layout whose address code is the whole region:
 * 810000 Hong Kong, 820000 Macao, 830000 Taiwan. Only these province-level codes stand alone.
 */
const RESIDENCE_PERMIT_AREAS = new Set(["810000", "820000", "830000"]);

export type IdentityNumberProblem =
  | "length"
  | "format"
  | "area"
  | "birth date"
  | "check character";

export type IdentityNumberResult =
  | { ok: true; value: IdentityNumber }
  | { ok: false; problem: IdentityNumberProblem; message: string };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

function isCalendarDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 && date.getTime() <= today.getTime();
}

const fail = (problem: IdentityNumberProblem, message: string): IdentityNumberResult => ({ ok: false, problem, message });

/**
 * Validates a resident identity number. A lower-case x is accepted and normalised. The area
 * check is on the province prefix and county part only: numbers never change, so codes long since
 * abolished (Chongqing's pre-1997 5102xx, say) stay valid on a living person's number.
 */
export function parseIdentityNumber(raw: string, today: Date = new Date()): IdentityNumberResult {
  return validate(raw, today);
}

function validate(raw: string, today: Date): IdentityNumberResult {
  const value = raw.trim().toUpperCase();
  if (value.length !== 18) return fail("length", `must be 18 characters, got ${value.length}`);
  if (!/^\d{17}[\dX]$/.test(value)) return fail("format", "must be 17 digits followed by a digit or X");
  const permit = RESIDENCE_PERMIT_AREAS.has(value.slice(0, 6));
  if (!permit && (!PROVINCE_PREFIXES.has(value.slice(0, 2)) || value.slice(4, 6) === "00")) {
    return fail("area", `address code ${value.slice(0, 6)} is not a county-level GB/T 2260 code`);
  }
  if (!isCalendarDate(value.slice(6, 14), today)) {
    return fail("birth date", `birth date ${value.slice(6, 14)} is not a real date between 1900 and today`);
  }
  const expected = checkCharacter(value.slice(0, 17));
  if (value[17] !== expected) return fail("check character", `check character should be ${expected}`);
  return { ok: true, value: value as IdentityNumber };
}

export function isIdentityNumber(raw: string): raw is IdentityNumber {
  return validate(raw, new Date()).ok;
}

/** Birth date as an ISO date (YYYY-MM-DD). */
export function birthDateOf(id: IdentityNumber): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export function genderOf(id: IdentityNumber): "MALE" | "FEMALE" {
  return Number(id[16]) % 2 === 1 ? "MALE" : "FEMALE";
}

/**
 * Builds a valid number (synthetic data only). `sequence` is 0–999; its parity must match the
 * gender, so the caller passes the gender and a free sequence and this picks the nearest fitting one.
 */
export function composeIdentityNumber(
  areaCode: string,
  birthDate: string,
  gender: "MALE" | "FEMALE",
  sequence: number,
): IdentityNumber {
  let seq = Math.max(0, Math.min(999, Math.trunc(sequence)));
  const wantOdd = gender === "MALE";
  if ((seq % 2 === 1) !== wantOdd) seq = seq === 999 ? 998 : seq + 1;
  const first17 = `${areaCode}${birthDate.replace(/-/g, "")}${String(seq).padStart(3, "0")}`;
  const result = validate(first17 + checkCharacter(first17), new Date());
  if (!result.ok) throw new Error(`composeIdentityNumber: ${result.message}`);
  return result.value;
}
