import { readingOf, type CharacterReading } from "./pinyinReading";

// A name as a relief station or a family wrote it, split into surname and given name where that
// can be told, with the readings of every character.

/** Two-character surnames; everything else takes the first character as the surname. */
const COMPOUND_SURNAMES = new Set([
  "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
  "夏侯", "轩辕", "端木", "司徒", "西门", "南宫", "澹台", "申屠", "呼延", "钟离", "闻人", "万俟",
]);

/** Prefixes of familiar forms: 小明, 阿明 (given name), 老张 (surname). */
const GIVEN_NICKNAME_PREFIXES = new Set(["小", "阿"]);
const SURNAME_NICKNAME_PREFIXES = new Set(["老"]);
/** Sichuan–Chongqing familiar suffixes: 明娃, 丽妹 (on the given name) or 张娃 (on the surname). */
const FAMILIAR_SUFFIXES = new Set(["娃", "妹", "儿"]);

export type NameShape =
  /** Surname and given name (张小明). */
  | "FULL"
  /** A familiar form built on one character: 小明, 阿明, 明明, and 明娃 / 张娃 (given name or surname). */
  | "NICKNAME"
  /** A familiar form built on the surname: 老张. */
  | "SURNAME_NICKNAME"
  /** One character: a surname or a given name, cannot be told. */
  | "SINGLE";

export interface ParsedName {
  text: string;
  shape: NameShape;
  /** Surname characters for FULL (and SURNAME_NICKNAME: the surname); empty otherwise. */
  surname: string;
  /** Given-name characters for FULL; the core character for NICKNAME (明 of 小明, 明娃; 张 of 张娃); the character for SINGLE. */
  given: string;
  /** Readings of `surname` (surname position) then `given`. */
  surnameReadings: readonly CharacterReading[];
  givenReadings: readonly CharacterReading[];
  /** Readings of every character as written (小明 → xiao ming, not just the core). */
  wholeReadings: readonly CharacterReading[];
}

/** Strips spaces, the middle dot of transliterated names and anything that is not a letter. */
export function cleanName(raw: string): string {
  return raw.normalize("NFKC").replace(/[\s·•・.-]/g, "");
}

function build(text: string, shape: NameShape, surname: string, given: string): ParsedName {
  const surnameReadings = [...surname].map((c) => readingOf(c, "surname"));
  const givenReadings = [...given].map((c) => readingOf(c, "given"));
  const wholeReadings = shape === "FULL" ? [...surnameReadings, ...givenReadings] : [...text].map((c) => readingOf(c, c === surname ? "surname" : "given"));
  return { text, shape, surname, given, surnameReadings, givenReadings, wholeReadings };
}

export function parseName(raw: string): ParsedName | null {
  const text = cleanName(raw);
  const chars = [...text];
  if (chars.length === 0) return null;
  if (chars.length === 1) return build(text, "SINGLE", "", text);
  if (chars.length === 2) {
    if (GIVEN_NICKNAME_PREFIXES.has(chars[0])) return build(text, "NICKNAME", "", chars[1]);
    if (SURNAME_NICKNAME_PREFIXES.has(chars[0])) return build(text, "SURNAME_NICKNAME", chars[1], "");
    if (chars[0] === chars[1]) return build(text, "NICKNAME", "", chars[1]);
    if (FAMILIAR_SUFFIXES.has(chars[1])) return build(text, "NICKNAME", "", chars[0]);
  }
  const compound = COMPOUND_SURNAMES.has(chars.slice(0, 2).join("")) && chars.length >= 3;
  const surnameLength = compound ? 2 : 1;
  return build(text, "FULL", chars.slice(0, surnameLength).join(""), chars.slice(surnameLength).join(""));
}

/** The familiar forms a family might use or a stranger hear for a full name: 小明, 阿明, 明明, 明娃 → core 明. */
export function nicknameCore(name: ParsedName): CharacterReading | undefined {
  if (name.shape === "FULL" || name.shape === "NICKNAME") return name.givenReadings.at(-1);
  return undefined;
}

/** Familiar suffix forms (张娃) may rest on the surname rather than the given name. */
export function hasFamiliarSuffix(name: ParsedName): boolean {
  return name.shape === "NICKNAME" && FAMILIAR_SUFFIXES.has([...name.text].at(-1) ?? "");
}

export const mergedKey = (readings: readonly CharacterReading[]) => readings.map((r) => r.merged).join(" ");
export const plainKey = (readings: readonly CharacterReading[]) => readings.map((r) => r.plain).join(" ");
export const tonedKey = (readings: readonly CharacterReading[]) => readings.map((r) => r.toned).join(" ");
