import { hasFamiliarSuffix, type ParsedName } from "./chineseName";
import { readingOf } from "./pinyinReading";

// Blocking keys for names: a candidate is looked at only if it shares a key with the query.
// Keys are on Sichuan–Chongqing-merged toneless pinyin, so exact spellings, homophones with or
// without tone, and dialect mergers meet on one key; polyphone surnames are expanded to every
// reading (单 → dan, san, can); one misheard syllable in a three-character name meets on a key with
// that syllable masked; a given name or a familiar form (小明, 阿明) meets the full name on the
// given name or its last character.
//
// Namespaces: W whole name; G given name of a full name; M whole name with one syllable masked;
// N core of a familiar form (小明 → min); S a form that may name only the surname (老张, 张娃, a
// lone 张); C core of a full name (only indexed where asked).

const MAX_SURNAME_READINGS = 6;

/** A query name that cannot find full names through a specific key (no name, 老张, 张娃, a lone character). */
export function isWeakQueryName(name: ParsedName | null): boolean {
  return name === null || name.shape === "SINGLE" || name.shape === "SURNAME_NICKNAME" || hasFamiliarSuffix(name);
}

/** Surname readings a partial form may stand for. */
function surnameForms(name: ParsedName): readonly string[] {
  if (name.shape === "SURNAME_NICKNAME") return name.surnameReadings.length === 1 ? name.surnameReadings[0].allMerged : [];
  if (name.shape === "SINGLE" || hasFamiliarSuffix(name)) return readingOf(name.given, "surname").allMerged;
  return [];
}

function surnameVariants(name: ParsedName): string[][] {
  let variants: string[][] = [[]];
  for (const reading of name.surnameReadings) {
    variants = variants.flatMap((v) => reading.allMerged.map((m) => [...v, m])).slice(0, MAX_SURNAME_READINGS);
  }
  return variants;
}

function wholeVariants(name: ParsedName): string[][] {
  if (name.shape !== "FULL") return [name.wholeReadings.map((r) => r.merged)];
  const given = name.givenReadings.map((r) => r.merged);
  return surnameVariants(name).map((s) => [...s, ...given]);
}

function maskedKeys(syllables: readonly string[]): string[] {
  if (syllables.length < 3) return [];
  return syllables.map((_, i) => "M:" + syllables.map((s, j) => (i === j ? "*" : s)).join(" "));
}

/** Keys under which a candidate (record or report) is indexed. */
export function candidateKeys(name: ParsedName, options: { fullNameCores: boolean }): string[] {
  const keys = new Set<string>();
  for (const whole of wholeVariants(name)) {
    keys.add("W:" + whole.join(" "));
    if (name.shape === "FULL") for (const key of maskedKeys(whole)) keys.add(key);
  }
  const core = name.givenReadings.at(-1)?.merged;
  if (name.shape === "FULL") {
    keys.add("G:" + name.givenReadings.map((r) => r.merged).join(" "));
    if (options.fullNameCores && core) keys.add("C:" + core);
  }
  if ((name.shape === "NICKNAME" || name.shape === "SINGLE") && core) keys.add("N:" + core);
  for (const surname of surnameForms(name)) keys.add("S:" + surname);
  return [...keys];
}

/** Keys a query name looks up, each naming the candidate namespace it reads. */
export function queryKeys(name: ParsedName, options: { fullNameCores: boolean }): string[] {
  const keys = new Set<string>();
  const given = name.givenReadings.map((r) => r.merged).join(" ");
  for (const whole of wholeVariants(name)) {
    const joined = whole.join(" ");
    keys.add("W:" + joined);
    // A two-character "full" name may really be a given name alone (晓明).
    keys.add("G:" + joined);
    if (name.shape === "FULL") for (const key of maskedKeys(whole)) keys.add(key);
  }
  const core = name.givenReadings.at(-1)?.merged;
  if (name.shape === "FULL") {
    keys.add("W:" + given);
    if (core) keys.add("N:" + core);
    for (const variant of surnameVariants(name)) keys.add("S:" + variant.join(" "));
  }
  if (name.shape === "NICKNAME" && core) {
    keys.add("N:" + core);
    if (options.fullNameCores) keys.add("C:" + core);
  }
  return [...keys];
}
