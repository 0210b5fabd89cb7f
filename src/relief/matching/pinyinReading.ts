import { pinyin } from "pinyin-pro";
import { mergedSyllable, plainSyllable } from "./dialectMerger";

/** How one character of a name can be read. */
export interface CharacterReading {
  char: string;
  /** The reading a registrar would give it in this position, with tone mark (surname readings in surname position). */
  toned: string;
  /** The same without tone. */
  plain: string;
  /** The same after the Sichuan–Chongqing mergers. */
  merged: string;
  /** Every toneless reading of the character (polyphones have several: 单 dan/shan/chan). */
  allPlain: readonly string[];
  /** Every reading after the mergers. */
  allMerged: readonly string[];
}

// Names are drawn from a few thousand characters, so readings are computed once per character and
// position; pinyin-pro's surname mode gives the surname readings (曾 zēng, 单 shàn, 解 xiè, 仇 qiú).
const cache = new Map<string, CharacterReading>();

function isHan(char: string): boolean {
  return /\p{Script=Han}/u.test(char);
}

export function readingOf(char: string, position: "surname" | "given"): CharacterReading {
  const key = position === "surname" ? `s:${char}` : `g:${char}`;
  const known = cache.get(key);
  if (known) return known;
  const reading = computeReading(char, position);
  cache.set(key, reading);
  return reading;
}

function computeReading(char: string, position: "surname" | "given"): CharacterReading {
  if (!isHan(char)) {
    const plain = char.toLowerCase();
    return { char, toned: plain, plain, merged: plain, allPlain: [plain], allMerged: [plain] };
  }
  const toned = pinyin(char, { type: "array", surname: position === "surname" ? "head" : "off" })[0] ?? char;
  const plain = plainSyllable(toned);
  const alternatives = pinyin(char, { type: "array", multiple: true, toneType: "none" }).map(plainSyllable);
  const allPlain = [...new Set([plain, ...alternatives])];
  const allMerged = [...new Set(allPlain.map(mergedSyllable))];
  return { char, toned, plain, merged: mergedSyllable(plain), allPlain, allMerged };
}
