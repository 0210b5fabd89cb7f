import { pinyin, polyphonic } from "pinyin-pro";
import {
  SeededRandom,
  SURNAMES,
  SURNAME_MISREADINGS,
  dialectReplacementAt,
  drawFullName,
  homophoneAt,
  misreadSurname,
  nicknamesOf,
  noiseName,
} from "../../src/synthetic";

// Every replacement is checked here against pinyin-pro directly, not against the generator's own
// reading tables: a homophone must read the same, a dialect replacement must differ by exactly one
// Sichuan–Chongqing merger, a misread polyphone must be written with the everyday reading.

/** Toneless reading of the character at `position` of `name` (surname reading for the first). */
function readingAt(name: string, position: number): string {
  if (position === 0) return pinyin(name, { surname: "head", toneType: "none", type: "array" })[0];
  return pinyin(name[position], { toneType: "none" });
}
const standalone = (character: string) => pinyin(character, { toneType: "none" });

const HU_F = [["hu", "fu"], ["hua", "fa"], ["huan", "fan"], ["huang", "fang"], ["hui", "fei"], ["hun", "fen"], ["huo", "fo"]];
const HU_W = [["hu", "wu"], ["hua", "wa"], ["huan", "wan"], ["huang", "wang"], ["hui", "wei"]];
const pairOf = (pairs: string[][], a: string, b: string) => pairs.some(([x, y]) => (a === x && b === y) || (a === y && b === x));

/** True when syllables a and b differ, and only by one merger of Sichuan–Chongqing speech. */
function differByOneMerger(a: string, b: string): boolean {
  if (a === b) return false;
  const sameAfter = (f: (s: string) => string) => f(a) === f(b);
  return (
    sameAfter((s) => s.replace(/^([zcs])h/, "$1")) || // zh/ch/sh ↔ z/c/s
    sameAfter((s) => s.replace(/^n(?!g$)/, "l")) || // n ↔ l
    pairOf(HU_F, a, b) || // hu ↔ f
    pairOf(HU_W, a, b) || // hu ↔ w (黄/王)
    sameAfter((s) => s.replace(/ing$/, "in")) || // -in ↔ -ing
    sameAfter((s) => s.replace(/eng$/, "en")) // -en ↔ -eng
  );
}

describe("name noise against pinyin-pro", () => {
  const random = SeededRandom.stream(11, "familySearch");
  const names = Array.from({ length: 3000 }, (_, i) => drawFullName(random, i % 2 ? "MALE" : "FEMALE", 1940 + (i % 80)));

  /** Every replacement `replace` offers over the sample names, with the reading it replaced. */
  function replacements(replace: typeof homophoneAt): Array<{ name: string; position: number; from: string; replacement: string }> {
    return names.flatMap((name) =>
      [...name].flatMap((_, position) => {
        const replacement = replace(name, position, random);
        return replacement === undefined ? [] : [{ name, position, from: readingAt(name, position), replacement }];
      }),
    );
  }

  it("replaces a character by a true homophone (same toneless syllable)", () => {
    const found = replacements(homophoneAt);
    expect(found.length).toBeGreaterThan(2000);
    const wrong = found.filter(
      (r) =>
        r.replacement === r.name[r.position] ||
        standalone(r.replacement) !== r.from ||
        new Set(polyphonic(r.replacement, { toneType: "none", type: "array" })[0]).size !== 1,
    );
    expect(wrong).toEqual([]);
  });

  it("finds the classic surname homophones: 王→汪/… 张→章 李→黎/…", () => {
    const seen = (surname: string) => new Set(Array.from({ length: 60 }, () => homophoneAt(`${surname}明`, 0, random)));
    expect(seen("王").has("汪")).toBe(true);
    expect(seen("张").has("章")).toBe(true);
    expect(seen("李").has("黎")).toBe(true);
    expect(seen("刘").has("柳")).toBe(true);
    expect(seen("杨").has("阳")).toBe(true);
  });

  it("replaces a character by one whose syllable differs by exactly one dialect merger", () => {
    const found = replacements(dialectReplacementAt);
    expect(found.length).toBeGreaterThan(2000);
    expect(found.filter((r) => !differByOneMerger(r.from, standalone(r.replacement)))).toEqual([]);
  });

  it("covers the mergers the issue names: 南→l-, 胡→f-, 陈→-eng, 林→-ing, 黄→w-/f-, 张→z-", () => {
    const readingsFrom = (name: string) => new Set(Array.from({ length: 80 }, () => standalone(dialectReplacementAt(name, 0, random) ?? "")));
    expect(readingsFrom("南明").has("lan")).toBe(true);
    expect(readingsFrom("胡明").has("fu")).toBe(true);
    expect(readingsFrom("陈明").has("cheng")).toBe(true);
    expect(readingsFrom("林明").has("ling")).toBe(true);
    const huang = readingsFrom("黄明");
    expect(huang.has("wang") && huang.has("fang")).toBe(true);
    expect(readingsFrom("曾明").has("zheng")).toBe(true);
  });

  it("misreads polyphone surnames by a reading the character really has, and writes what was heard", () => {
    for (const [surname, misreading] of Object.entries(SURNAME_MISREADINGS)) {
      const readings = polyphonic(surname, { toneType: "none", type: "array" })[0];
      const surnameReading = pinyin(surname, { surname: "head", toneType: "none" });
      expect(readings).toContain(misreading);
      expect(misreading).not.toBe(surnameReading);
      const written = misreadSurname(`${surname}明`, random);
      expect(written).toBeDefined();
      expect(standalone(written!)).toBe(misreading);
    }
    expect(Object.keys(SURNAME_MISREADINGS).filter((s) => SURNAMES.includes(s))).toEqual(["曾", "单", "解", "仇", "覃"]);
    expect(misreadSurname("王明", random)).toBeUndefined();
  });

  it("gives partial names and nicknames in the forms people use", () => {
    expect(nicknamesOf("建明", "MALE")).toEqual(["小明", "阿明", "明娃", "明明"]);
    expect(nicknamesOf("丽", "FEMALE")).toEqual(["小丽", "阿丽", "丽妹", "丽丽"]);
    const partials = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const noised = noiseName("张", "建明", "MALE", random);
      if (noised.kind === "PARTIAL") partials.add(noised.reportedName!);
    }
    expect(partials).toEqual(new Set(["建明", "张娃"]));
  });

  it("noises names in the issue's shares: absent ≈ 30 %, the rest mostly exact, each noise kind present", () => {
    const kinds = new Map<string, number>();
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const surname = i % 50 === 0 ? "曾" : "王";
      const { kind, reportedName } = noiseName(surname, "建华", "MALE", random);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      if (kind === "ABSENT") expect(reportedName).toBeNull();
      if (kind === "EXACT") expect(reportedName).toBe(`${surname}建华`);
    }
    expect((kinds.get("ABSENT") ?? 0) / n).toBeCloseTo(0.3, 1);
    for (const kind of ["EXACT", "HOMOPHONE", "DIALECT", "POLYPHONE", "PARTIAL", "NICKNAME"]) expect(kinds.get(kind) ?? 0).toBeGreaterThan(50);
  });
});
