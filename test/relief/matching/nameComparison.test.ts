import { parseName } from "../../../src/relief/matching/chineseName";
import { DEFAULT_MATCH_PARAMETERS } from "../../../src/relief/matching/matchParameters";
import { profileOfRecord } from "../../../src/relief/matching/matchProfile";
import { compareNames, editDistance } from "../../../src/relief/matching/nameComparison";
import { PopulationStatistics } from "../../../src/relief/matching/populationStatistics";
import { recordFacts } from "../support/matchingFixtures";

// A population of ten records whose name frequencies are easy to count by hand:
// 王伟 ×3, 李娜 ×2, 张小明, 欧阳娜娜 (7 full names), 小明 (a familiar form), and 2 without a name.
//   shape share FULL = (7 + ½)/(10 + 1) = 7.5/11; NICKNAME = 1.5/11; SINGLE = SURNAME_NICKNAME = 0.5/11
//   surname shares (merged pinyin, ½-smoothed over 7): wan 3.5/8, li 2.5/8, zan 1.5/8, unseen 0.5/8
//   given shares: wei 3.5/8, "xiao min" 1.5/8, unseen 0.5/8; core min 1.5/8; initials zxm 1.5/8
const stats = new PopulationStatistics();
for (const name of ["王伟", "王伟", "王伟", "李娜", "李娜", "张小明", "欧阳娜娜", "小明", null, null]) {
  stats.addRecord(profileOfRecord(recordFacts({ reportedName: name })));
}
const FULL = 7.5 / 11;

function compare(recordName: string | null, reportName: string, aliases: string[] = []) {
  const names = [reportName, ...aliases].map((n) => parseName(n)!);
  return compareNames(recordName === null ? null : parseName(recordName), names, stats, DEFAULT_MATCH_PARAMETERS);
}

describe("compareNames (Fellegi–Sunter levels with term-frequency u)", () => {
  it("exact characters: log2(0.45 / (FULL · 1.5/8 · 1.5/8)) = 4.23 bits", () => {
    const c = compare("张小明", "张小明")!;
    expect(c.level).toBe("EXACT");
    expect(c.u).toBeCloseTo(FULL * (1.5 / 8) * (1.5 / 8), 10);
    expect(c.weight).toBeCloseTo(4.23, 2);
  });

  it("a rare surname agreeing counts more than a common one: 王伟 exact is only 1.79 bits", () => {
    const common = compare("王伟", "王伟")!;
    expect(common.level).toBe("EXACT");
    expect(common.weight).toBeCloseTo(1.79, 2); // log2(0.45 / (FULL · 3.5/8 · 3.5/8))
    expect(common.weight).toBeLessThan(compare("张小明", "张小明")!.weight);
  });

  it("homophone with the same tones (章/张): SAME_PINYIN, log2(0.05/u) = 1.06 bits", () => {
    const c = compare("章小明", "张小明")!;
    expect(c.level).toBe("SAME_PINYIN");
    expect(c.weight).toBeCloseTo(1.06, 2);
    expect(c.detail).toContain("zhāng xiǎo míng");
  });

  it("homophone differing in tone (汪 wāng / 王 wáng): SAME_PINYIN_TONELESS, log2(0.06 / (FULL · (3.5/8)²)) = −1.12 bits", () => {
    const c = compare("汪伟", "王伟")!;
    expect(c.level).toBe("SAME_PINYIN_TONELESS");
    expect(c.weight).toBeCloseTo(-1.12, 2);
  });

  it("dialect merger in↔ing (曾晓林 heard for 曾晓玲): log2(0.07 / (FULL · 0.5/8 · 0.5/8)) = 4.72 bits", () => {
    const c = compare("曾晓林", "曾晓玲")!;
    expect(c.level).toBe("DIALECT_MERGER");
    expect(c.weight).toBeCloseTo(4.72, 2);
    expect(c.detail).toContain("in↔ing");
  });

  it.each([
    ["张", "章"], // zh/z is handled by the merger on the surname too
    ["周", "邹"], // zhou / zou: zh→z
    ["胡明", "符明"], // hu ↔ f
    ["黄伟", "王伟"], // hu ↔ w
    ["黄伟", "方伟"], // hu ↔ f
    ["李辉", "李飞"], // hui ↔ fei
    ["刘兰", "刘南"], // n ↔ l
    ["陈晨", "岑晨"], // ch → c
    ["石伟", "司伟"], // sh → s
    ["王平", "王贫"], // in ↔ ing
    ["李峰", "李芬"], // en ↔ eng
  ])("merger pairs meet: %s ~ %s", (heard, reported) => {
    const c = compare(heard, reported)!;
    expect(["SAME_PINYIN", "SAME_PINYIN_TONELESS", "DIALECT_MERGER", "POLYPHONE_READING"]).toContain(c.level);
  });

  it("misread polyphone surname (单 shàn written 丹 dān): POLYPHONE_READING, log2(0.03 / (3 · FULL · (0.5/8)²)) = 1.91 bits", () => {
    const c = compare("丹丽", "单丽")!;
    expect(c.level).toBe("POLYPHONE_READING");
    expect(c.weight).toBeCloseTo(1.91, 2);
    expect(c.detail).toBe("丹丽 ~ 单丽: 单 read dan instead of shan");
  });

  // u is the reported name's: 张晓明 sounds like the population's 张小明 (xiao min), so 1.5/8 twice.
  it("one sound misheard beyond the mergers (张晓宁 for 张晓明, m/n): PINYIN_EDIT, log2(0.04 / (30 · FULL · 1.5/8 · 1.5/8)) = −4.17 bits", () => {
    const c = compare("张晓宁", "张晓明")!;
    expect(c.level).toBe("PINYIN_EDIT");
    expect(c.weight).toBeCloseTo(-4.17, 2);
    expect(c.detail).toContain("differ by 1 letter");
  });

  it("given name only (小明 for 张小明): u = (NICKNAME + SINGLE + 5% of FULL) · 1.5/8; 0.79 bits", () => {
    const c = compare("小明", "张小明")!;
    expect(c.level).toBe("GIVEN_NAME_ONLY");
    expect(c.weight).toBeCloseTo(0.79, 2);
  });

  it.each(["阿明", "明明"])("familiar form %s of 张小明: NICKNAME, log2(0.09 / ((1.5+0.5)/11 · 1.5/8)) = 1.40 bits", (nickname) => {
    const c = compare(nickname, "张小明")!;
    expect(c.level).toBe("NICKNAME");
    expect(c.weight).toBeCloseTo(1.4, 2);
  });

  it("surname only (老张): SURNAME_ONLY, log2(0.05 / ((0.5+0.5)/11 · 1.5/8)) = 1.55 bits", () => {
    const c = compare("老张", "张小明")!;
    expect(c.level).toBe("SURNAME_ONLY");
    expect(c.weight).toBeCloseTo(1.55, 2);
  });

  it("a lone polyphone character can be the surname under another reading (单 as shan)", () => {
    expect(compare("单", "单丽")!.level).toBe("SURNAME_ONLY");
  });

  it("initials only (赵新民 / 张晓梅, both ZXM): INITIALS, log2(0.01 / (FULL · 1.5/8)) = −3.68 bits", () => {
    const c = compare("赵新民", "张晓梅")!;
    expect(c.level).toBe("INITIALS");
    expect(c.weight).toBeCloseTo(-3.68, 2);
  });

  it("no form agreeing is evidence against: log2(0.08) = −3.64 bits", () => {
    const c = compare("李娜", "张小明")!;
    expect(c.level).toBe("DISAGREE");
    expect(c.weight).toBeCloseTo(-3.64, 2);
  });

  it("compares against former names and nicknames too, keeping the strongest", () => {
    const c = compare("明娃", "张小明", ["明娃"])!;
    expect(c.level).toBe("EXACT");
    expect(c.detail).toBe("明娃 = 明娃");
    expect(c.weight).toBeCloseTo(4.14, 2); // a familiar form on 明: log2(0.45 / (NICKNAME 1.5/11 · core min 1.5/8))
  });

  it("reads 张娃 as the surname and 明娃 as the given name", () => {
    expect(compare("张娃", "张小明")!.level).toBe("SURNAME_ONLY");
    expect(compare("明娃", "张小明")!.level).toBe("NICKNAME");
  });

  it("a record without a name gives no name evidence at all", () => {
    expect(compare(null, "张小明")).toBeNull();
  });

  it("edit distance counts single-letter edits", () => {
    expect(editDistance("liu de fua", "liu de fa")).toBe(1);
    expect(editDistance("zan", "zan")).toBe(0);
    expect(editDistance("abc", "")).toBe(3);
  });
});
