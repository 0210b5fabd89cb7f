import { mergedSyllable, mergersBetween, plainSyllable } from "../../../src/relief/matching/dialectMerger";
import { readingOf } from "../../../src/relief/matching/pinyinReading";
import { mergedKey, parseName } from "../../../src/relief/matching/chineseName";

describe("Sichuan–Chongqing dialect mergers", () => {
  it.each([
    ["zhang", "zang"], // zh → z
    ["chen", "cen"], // ch → c, and en stays en
    ["shi", "si"], // sh → s
    ["nan", "lan"], // n ↔ l
    ["niu", "liu"],
    ["hu", "fu"], // hu ↔ f
    ["huang", "fang"], // 黄, 方 and 王 (hu ↔ w) meet
    ["wang", "fang"],
    ["hui", "fei"],
    ["ming", "min"], // in ↔ ing
    ["feng", "fen"], // en ↔ eng
    ["zheng", "zen"], // both at once
    ["li", "li"],
  ])("%s → %s", (syllable, merged) => {
    expect(mergedSyllable(syllable)).toBe(merged);
  });

  it("strips tones and writes ü as v", () => {
    expect(plainSyllable("lǚ")).toBe("lv");
    expect(mergedSyllable(plainSyllable("nǚ"))).toBe("lv");
  });

  it("names the mergers between two readings for the explanation", () => {
    expect(mergersBetween("zhang", "zang")).toEqual(["zh→z"]);
    expect(mergersBetween("ning", "lin")).toEqual(["n↔l", "in↔ing"]);
    expect(mergersBetween("hu", "fu")).toEqual(["hu↔f"]);
    expect(mergersBetween("huang", "wang")).toEqual(["hu↔w"]);
    expect(mergersBetween("feng", "fen")).toEqual(["en↔eng"]);
  });
});

describe("pinyin readings (pinyin-pro, surname mode)", () => {
  it.each([
    ["曾", "zēng", "céng"],
    ["单", "shàn", "dān"],
    ["解", "xiè", "jiě"],
    ["仇", "qiú", "chóu"],
  ])("polyphone surname %s reads %s as a surname and %s elsewhere", (char, asSurname, asGiven) => {
    expect(readingOf(char, "surname").toned).toBe(asSurname);
    expect(readingOf(char, "given").toned).toBe(asGiven);
  });

  it("keeps every reading of a polyphone for misread names", () => {
    expect(readingOf("单", "surname").allPlain).toEqual(expect.arrayContaining(["shan", "dan", "chan"]));
    expect(readingOf("单", "surname").allMerged).toEqual(expect.arrayContaining(["san", "dan", "can"]));
  });
});

describe("parseName", () => {
  it("splits a full name into surname and given name", () => {
    const name = parseName("张小明")!;
    expect(name).toMatchObject({ shape: "FULL", surname: "张", given: "小明" });
    expect(mergedKey(name.surnameReadings)).toBe("zang");
    expect(mergedKey(name.givenReadings)).toBe("xiao min");
  });

  it("knows compound surnames", () => {
    expect(parseName("欧阳娜娜")).toMatchObject({ shape: "FULL", surname: "欧阳", given: "娜娜" });
  });

  it.each([
    ["小明", "NICKNAME", "", "明"],
    ["阿明", "NICKNAME", "", "明"],
    ["明明", "NICKNAME", "", "明"],
    ["老张", "SURNAME_NICKNAME", "张", ""],
    ["明", "SINGLE", "", "明"],
  ])("reads %s as %s", (raw, shape, surname, given) => {
    expect(parseName(raw)).toMatchObject({ shape, surname, given });
  });

  it("ignores spaces and middle dots, and gives nothing for an empty name", () => {
    expect(parseName(" 张 小明 ")!.text).toBe("张小明");
    expect(parseName("  ")).toBeNull();
  });
});
