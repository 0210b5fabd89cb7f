import { pinyin, polyphonic } from "pinyin-pro";
import { SURNAMES, givenNameCharacters } from "./chineseNames";
import type { SeededRandom } from "./seededRandom";

// How a name goes wrong between a person and a relief station's register (issue 6): the station
// writes down what it HEARS. A homophone is another character with the same (toneless) syllable;
// a dialect merger is a syllable a Sichuan–Chongqing speaker does not distinguish from the true
// one; a polyphone surname read by its everyday reading is written with a character of that
// reading. All replacement characters are chosen by their pinyin (pinyin-pro), never by a
// hand-made pair list, and polyphonic characters are never used as replacements so the pinyin of
// a replacement is unambiguous.

export type NameNoiseKind = "ABSENT" | "EXACT" | "HOMOPHONE" | "DIALECT" | "POLYPHONE" | "PARTIAL" | "NICKNAME";

/** Surnames beyond the generator's top 100 that a clerk may write when hearing a homophone (章 for 张). */
const LESS_COMMON_SURNAMES = "章柳阳牛符蓝凌詹甘颜温庞樊兰殷施洪包左柯鲁季卜葛易乔饶佘柴宁祝聂晏伍游路倪安俞纪米翟岳齐欧谷喻蒲苟邬冉";

/** Frequent characters (general vocabulary) as the fallback pool for replacements. */
const COMMON_CHARACTERS =
  "的一是不人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单坐查兰丽芳梅菊竹松柏桃杏荷莲层丑愁丹杰";

/**
 * Polyphone surnames whose surname reading differs from the reading most people know, with the
 * misreading (曾 zēng read céng, 单 shàn read dān, 解 xiè read jiě, 仇 qiú read chóu, 覃 qín read
 * tán). The test checks each misreading is a real reading of the character per pinyin-pro.
 */
export const SURNAME_MISREADINGS: Readonly<Record<string, string>> = { 曾: "ceng", 单: "dan", 解: "jie", 仇: "chou", 覃: "tan" };

const toneless = (text: string, surname = false): string =>
  pinyin(text, { toneType: "none", ...(surname ? { surname: "head" as const } : {}) });

const isPolyphonic = (character: string): boolean =>
  (polyphonic(character, { toneType: "none", type: "array" })[0] ?? []).length > 1;

/** Toneless syllable → non-polyphonic characters with that reading. */
type SyllableIndex = Map<string, string[]>;

interface ReplacementPool {
  /** Characters of the same role (surnames for a surname, name characters for a given name). */
  preferred: SyllableIndex;
  /** General vocabulary, used only when no character of the same role has the syllable. */
  fallback: SyllableIndex;
}

function indexBySyllable(characters: string): SyllableIndex {
  const index: SyllableIndex = new Map();
  for (const character of new Set(characters)) {
    if (isPolyphonic(character)) continue;
    const syllable = toneless(character);
    const list = index.get(syllable) ?? [];
    list.push(character);
    index.set(syllable, list);
  }
  return index;
}

const FALLBACK_INDEX = indexBySyllable(COMMON_CHARACTERS);
const SURNAME_POOL: ReplacementPool = { preferred: indexBySyllable(SURNAMES.join("") + LESS_COMMON_SURNAMES), fallback: FALLBACK_INDEX };
const GIVEN_NAME_POOL: ReplacementPool = { preferred: indexBySyllable(givenNameCharacters()), fallback: FALLBACK_INDEX };

const readingCache = new Map<string, string>();

/** The syllable a character is read with at a position in a name: the surname reading first. */
export function readingInName(character: string, position: number): string {
  const key = position === 0 ? `S${character}` : character;
  let reading = readingCache.get(key);
  if (reading === undefined) {
    reading = toneless(character, position === 0);
    readingCache.set(key, reading);
  }
  return reading;
}

export type DialectMerger = "retroflex" | "n-l" | "hu-f" | "hu-w" | "in-ing" | "en-eng";

// Syllable pairs of the hu-/f- and hu-/w- mergers, both directions (胡/符, 黄/方, 黄/王).
const HU_F: ReadonlyArray<readonly [string, string]> = [
  ["hu", "fu"], ["hua", "fa"], ["huan", "fan"], ["huang", "fang"], ["hui", "fei"], ["hun", "fen"], ["huo", "fo"],
];
const HU_W: ReadonlyArray<readonly [string, string]> = [
  ["hu", "wu"], ["hua", "wa"], ["huan", "wan"], ["huang", "wang"], ["hui", "wei"],
];

function pairVariants(syllable: string, pairs: ReadonlyArray<readonly [string, string]>): string[] {
  const out: string[] = [];
  for (const [a, b] of pairs) {
    if (syllable === a) out.push(b);
    else if (syllable === b) out.push(a);
  }
  return out;
}

/**
 * Syllables a Sichuan–Chongqing listener may confuse with this one, each by exactly one merger:
 * zh/ch/sh ↔ z/c/s, n ↔ l, hu ↔ f, hu ↔ w, -in ↔ -ing, -en ↔ -eng.
 */
export function dialectVariants(syllable: string): Array<{ syllable: string; merger: DialectMerger }> {
  const out: Array<{ syllable: string; merger: DialectMerger }> = [];
  const retroflex = /^(zh|ch|sh)/.exec(syllable);
  if (retroflex) out.push({ syllable: retroflex[1][0] + syllable.slice(2), merger: "retroflex" });
  else if (/^[zcs]/.test(syllable)) out.push({ syllable: `${syllable[0]}h${syllable.slice(1)}`, merger: "retroflex" });
  if (syllable.startsWith("n") && syllable !== "ng") out.push({ syllable: `l${syllable.slice(1)}`, merger: "n-l" });
  else if (syllable.startsWith("l")) out.push({ syllable: `n${syllable.slice(1)}`, merger: "n-l" });
  for (const variant of pairVariants(syllable, HU_F)) out.push({ syllable: variant, merger: "hu-f" });
  for (const variant of pairVariants(syllable, HU_W)) out.push({ syllable: variant, merger: "hu-w" });
  if (syllable.endsWith("ing")) out.push({ syllable: syllable.slice(0, -1), merger: "in-ing" });
  else if (syllable.endsWith("in")) out.push({ syllable: `${syllable}g`, merger: "in-ing" });
  if (syllable.endsWith("eng")) out.push({ syllable: syllable.slice(0, -1), merger: "en-eng" });
  else if (syllable.endsWith("en")) out.push({ syllable: `${syllable}g`, merger: "en-eng" });
  return out;
}

function poolFor(position: number): ReplacementPool {
  return position === 0 ? SURNAME_POOL : GIVEN_NAME_POOL;
}

function charactersReading(position: number, syllable: string, exclude: string): string[] {
  const pool = poolFor(position);
  const preferred = (pool.preferred.get(syllable) ?? []).filter((c) => c !== exclude);
  if (preferred.length > 0) return preferred;
  return (pool.fallback.get(syllable) ?? []).filter((c) => c !== exclude);
}

/** Another character read exactly like the one at `position` (王→汪), or undefined when none. */
export function homophoneAt(name: string, position: number, random: SeededRandom): string | undefined {
  const original = name[position];
  const candidates = charactersReading(position, readingInName(original, position), original);
  return candidates.length > 0 ? random.pick(candidates) : undefined;
}

/** A character whose syllable differs from the original's by one dialect merger (南→蓝, 陈→程). */
export function dialectReplacementAt(name: string, position: number, random: SeededRandom): string | undefined {
  const original = name[position];
  const variants = dialectVariants(readingInName(original, position));
  let candidates = variants.flatMap((v) => (poolFor(position).preferred.get(v.syllable) ?? []).filter((c) => c !== original));
  if (candidates.length === 0) candidates = variants.flatMap((v) => charactersReading(position, v.syllable, original));
  return candidates.length > 0 ? random.pick(candidates) : undefined;
}

/** The surname written as heard when read by its everyday reading (曾→层), or undefined. */
export function misreadSurname(name: string, random: SeededRandom): string | undefined {
  const misreading = SURNAME_MISREADINGS[name[0]];
  if (!misreading) return undefined;
  const candidates = charactersReading(0, misreading, name[0]);
  return candidates.length > 0 ? random.pick(candidates) : undefined;
}

const replaceAt = (name: string, position: number, character: string): string =>
  name.slice(0, position) + character + name.slice(position + 1);

/** Tries positions in a random order and replaces the first one `replacement` can handle. */
function replaceOneCharacter(
  name: string,
  random: SeededRandom,
  replacement: (name: string, position: number, random: SeededRandom) => string | undefined,
): string | undefined {
  const positions = random.shuffle(Array.from({ length: name.length }, (_, i) => i));
  for (const position of positions) {
    const character = replacement(name, position, random);
    if (character !== undefined) return replaceAt(name, position, character);
  }
  return undefined;
}

/** Familiar forms a family or the person may use: 小明, 阿明, 明娃 / 明妹, 明明. */
export function nicknamesOf(givenName: string, gender: "MALE" | "FEMALE"): string[] {
  const last = givenName[givenName.length - 1];
  return [`小${last}`, `阿${last}`, `${last}${gender === "MALE" ? "娃" : "妹"}`, `${last}${last}`];
}

/** What a person with only part of their name gives: the given name, or 张娃 / 李妹. */
function partialName(surname: string, givenName: string, gender: "MALE" | "FEMALE", random: SeededRandom): string {
  if (random.chance(0.5)) return givenName;
  return surname + (gender === "MALE" ? "娃" : random.pick(["妹", "娃"]));
}

export interface NoisedName {
  /** The name as the relief station registered it, or null when the person gave none. */
  reportedName: string | null;
  kind: NameNoiseKind;
}

/** Shares of the noise model (issue 6): name absent ~30 %; the rest split as below. */
export const NAME_NOISE_SHARES = {
  absent: 0.3,
  ofNamed: { EXACT: 0.45, HOMOPHONE: 0.17, DIALECT: 0.15, PARTIAL: 0.13, NICKNAME: 0.1 },
  /** A polyphone surname is read by its everyday reading this often when the name is given. */
  polyphoneMisread: 0.4,
} as const;

type NamedKind = keyof typeof NAME_NOISE_SHARES.ofNamed;
const NAMED_KINDS = Object.entries(NAME_NOISE_SHARES.ofNamed) as Array<[NamedKind, number]>;

/**
 * The relief station's version of a true name. A noise kind that cannot apply to this name (no
 * homophone in the pool, say) falls back to the exact name and says so in `kind`.
 */
export function noiseName(
  surname: string,
  givenName: string,
  gender: "MALE" | "FEMALE",
  random: SeededRandom,
): NoisedName {
  if (random.chance(NAME_NOISE_SHARES.absent)) return { reportedName: null, kind: "ABSENT" };
  const name = surname + givenName;
  if (SURNAME_MISREADINGS[surname] && random.chance(NAME_NOISE_SHARES.polyphoneMisread)) {
    const misread = misreadSurname(name, random);
    if (misread) return { reportedName: misread + givenName, kind: "POLYPHONE" };
  }
  const kind = random.share(NAMED_KINDS);
  switch (kind) {
    case "HOMOPHONE": {
      const noised = replaceOneCharacter(name, random, homophoneAt);
      return noised ? { reportedName: noised, kind } : { reportedName: name, kind: "EXACT" };
    }
    case "DIALECT": {
      const noised = replaceOneCharacter(name, random, dialectReplacementAt);
      return noised ? { reportedName: noised, kind } : { reportedName: name, kind: "EXACT" };
    }
    case "PARTIAL":
      return { reportedName: partialName(surname, givenName, gender, random), kind };
    case "NICKNAME":
      return { reportedName: random.pick(nicknamesOf(givenName, gender)), kind };
    default:
      return { reportedName: name, kind: "EXACT" };
  }
}
