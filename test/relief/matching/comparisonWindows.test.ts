import { AREA_DIVISIONS } from "../../../src/areas";
import { compareAge, expectedApparentAge } from "../../../src/relief/matching/ageWindow";
import { compareCondition } from "../../../src/relief/matching/conditionComparison";
import { compareDialect } from "../../../src/relief/matching/dialectComparison";
import { compareFace } from "../../../src/relief/matching/faceComparison";
import { compareFeatures } from "../../../src/relief/matching/featureComparison";
import { compareGeography, geographyTable } from "../../../src/relief/matching/geographyWindow";
import { compareHeight, expectedGrowth } from "../../../src/relief/matching/heightWindow";
import { DEFAULT_MATCH_PARAMETERS as P } from "../../../src/relief/matching/matchParameters";
import { profileOfRecord, profileOfReport, type MissingPersonFacts, type ReliefRecordFacts } from "../../../src/relief/matching/matchProfile";
import { comparePlaceNames } from "../../../src/relief/matching/placeNameComparison";
import { PopulationStatistics } from "../../../src/relief/matching/populationStatistics";
import { compareTime } from "../../../src/relief/matching/timeWindow";
import { recordFacts, reportFacts } from "../support/matchingFixtures";

// Ten male records, one per row, whose ages, dates, heights and areas are easy to count by hand.
// Every u below is "how many of the ten fall in the band" / 10 (floor ½/11 when none do).
const POPULATION: [number, string, number, string][] = [
  // apparent-age mid, found on, height, found area
  [20, "2020-01-15", 120, "500103"], // 渝中
  [25, "2021-03-01", 140, "500101"], // 万州, 226 km from 渝中
  [30, "2022-05-10", 160, "510402"], // 攀枝花, > 500 km from both
  [35, "2023-02-01", 165, "510402"],
  [45, "2024-06-28", 170, "513301"], // 康定, 216 km from 锦江
  [55, "2024-07-02", 172, "510107"], // 武侯, 4 km from 锦江
  [60, "2024-08-15", 175, "511702"], // 通川, 205 km from 渝中
  [65, "2024-12-01", 178, "510302"], // 自流井, 162 km from 锦江
  [70, "2025-03-01", 180, "511502"], // 翠屏, 208 km from 渝中
  [75, "2019-05-05", 185, "510502"], // 江阳, 133 km from 渝中
];
const stats = new PopulationStatistics();
for (const [mid, foundOn, heightCm, foundAreaCode] of POPULATION) {
  stats.addRecord(profileOfRecord(recordFacts({ apparentAgeMin: mid - 5, apparentAgeMax: mid + 5, foundOn, heightCm, foundAreaCode })));
}

const record = (o: Partial<ReliefRecordFacts>) => profileOfRecord(recordFacts(o));
const report = (o: Partial<MissingPersonFacts>) => profileOfReport(reportFacts(o));
const CLOSE_M = 0.382925; // P(|z| ≤ 0.5) for a normal error

describe("age window: apparent age vs age at the date found, pulled toward 45", () => {
  it("expects children to look older and the old younger", () => {
    expect(expectedApparentAge(10, P)).toBeCloseTo(18.75, 10); // 10 + 0.25·(45 − 10)
    expect(expectedApparentAge(45, P)).toBeCloseTo(45, 10);
    expect(expectedApparentAge(75, P)).toBeCloseTo(67.5, 10); // 75 − 0.25·30
  });

  it("an adult of 45 recorded as 40–50: CLOSE, log2(0.3829 / (1/10)) = 1.94 bits", () => {
    const c = compareAge(record({ apparentAgeMin: 40, apparentAgeMax: 50, foundOn: "2024-07-02" }), report({ birthDate: "1979-07-02" }), stats, P);
    expect(c.level).toBe("CLOSE");
    expect(c.m).toBeCloseTo(CLOSE_M, 5);
    expect(c.u).toBeCloseTo(0.1, 10);
    expect(c.weight).toBeCloseTo(1.94, 2);
  });

  it("a child of 10 recorded as 14–24 is CLOSE, where a hard 14–24 filter would drop them", () => {
    const c = compareAge(record({ apparentAgeMin: 14, apparentAgeMax: 24, foundOn: "2024-07-02" }), report({ birthDate: "2014-07-02", birthYear: 2014 }), stats, P);
    expect(c.level).toBe("CLOSE");
    expect(c.difference).toBeCloseTo(0.2, 1); // 19 − 18.75
    expect(c.weight).toBeCloseTo(1.94, 2); // only the mid-20 record lies within ±3 years of 18.75
  });

  it("a man of 75 recorded as 60–70 is CLOSE: log2(0.3829 / (2/10)) = 0.94 bits", () => {
    const c = compareAge(record({ apparentAgeMin: 60, apparentAgeMax: 70, foundOn: "2024-07-02" }), report({ birthDate: "1949-07-02", birthYear: 1949 }), stats, P);
    expect(c.level).toBe("CLOSE");
    expect(c.weight).toBeCloseTo(0.94, 2);
  });

  it("20 years old recorded as 40–50 is IMPLAUSIBLE: log2(0.0027 / (1 − 4/10)) = −7.80 bits (soft, not a veto)", () => {
    const c = compareAge(record({ apparentAgeMin: 40, apparentAgeMax: 50, foundOn: "2024-07-02" }), report({ birthDate: "2004-07-02", birthYear: 2004 }), stats, P);
    expect(c.level).toBe("IMPLAUSIBLE");
    expect(c.m).toBeCloseTo(0.0027, 4);
    expect(c.u).toBeCloseTo(0.6, 10);
    expect(c.weight).toBeCloseTo(-7.8, 2);
  });
});

describe("height window with growth for children", () => {
  it("integrates yearly growth rates", () => {
    expect(expectedGrowth("MALE", 8, 2)).toBeCloseTo(11, 10); // 5.5 + 5.5
    expect(expectedGrowth("FEMALE", 11, 1)).toBeCloseTo(7.5, 10);
    expect(expectedGrowth("MALE", 40, 5)).toBe(0);
  });

  it("a boy of 8 at 128 cm, found two years later at 140 cm: SAME after ~11 cm growth, log2(0.6827 / (1/10)) = 2.77 bits", () => {
    const c = compareHeight(
      record({ heightCm: 140, foundOn: "2026-07-01" }),
      report({ birthDate: "2016-07-01", birthYear: 2016, heightCm: 128, lastSeenOn: "2024-07-01" }),
      stats,
      P,
    )!;
    expect(c.level).toBe("SAME");
    expect(c.difference).toBeCloseTo(1.0, 1);
    expect(c.weight).toBeCloseTo(2.77, 2);
  });

  it("an adult 6 cm off is 1.7 sigma (σ = 3.6): CLOSE, log2(0.2718 / (4/10 − 2/10)) = 0.44 bits", () => {
    const c = compareHeight(
      record({ heightCm: 176, foundOn: "2025-07-01" }),
      report({ birthDate: "1984-07-01", birthYear: 1984, heightCm: 170, lastSeenOn: "2024-07-01" }),
      stats,
      P,
    )!;
    expect(c.level).toBe("CLOSE");
    expect(c.weight).toBeCloseTo(0.44, 2);
  });

  it("gives no evidence when either side lacks a height", () => {
    expect(compareHeight(record({ heightCm: null }), report({ heightCm: 170 }), stats, P)).toBeNull();
  });
});

describe("time window: found date vs last seen", () => {
  const lastSeen = { lastSeenOn: "2024-07-01" };

  it("found three days BEFORE the reported last contact keeps a small weight: log2(0.02 / (1/10)) = −2.32 bits", () => {
    const c = compareTime(record({ foundOn: "2024-06-28" }), report(lastSeen), stats, P);
    expect(c.level).toBe("FOUND_SHORTLY_BEFORE");
    expect(c.difference).toBe(-3);
    expect(c.weight).toBeCloseTo(-2.32, 2);
    expect(c.detail).toContain("3 days BEFORE");
  });

  // m of the delay levels follows a log-normal delay (median 30 days, σ 1) with a 3% uniform tail:
  // 0–3 days Φ((ln 3.5 − ln 30)/1) ≈ 0.016 → m 0.0150; 31–61 days → m 0.2426.
  it("found the next day: WITHIN_3_DAYS, log2(0.0150 / (1/10)) = −2.74 bits (few are found that soon)", () => {
    const c = compareTime(record({ foundOn: "2024-07-02" }), report(lastSeen), stats, P);
    expect(c.level).toBe("WITHIN_3_DAYS");
    expect(c.m).toBeCloseTo(0.015, 3);
    expect(c.weight).toBeCloseTo(-2.74, 2);
  });

  it("found six weeks later: WITHIN_TWO_MONTHS, log2(0.2426 / (1/10)) = 1.28 bits (only the 2024-08-15 record lies 31–61 days on)", () => {
    const c = compareTime(record({ foundOn: "2024-08-12" }), report(lastSeen), stats, P);
    expect(c.level).toBe("WITHIN_TWO_MONTHS");
    expect(c.weight).toBeCloseTo(1.28, 2);
  });

  it("found five years before: FOUND_LONG_BEFORE, log2(0.005 / (5/10)) = −6.64 bits", () => {
    const c = compareTime(record({ foundOn: "2019-05-05" }), report(lastSeen), stats, P);
    expect(c.level).toBe("FOUND_LONG_BEFORE");
    expect(c.weight).toBeCloseTo(-6.64, 2);
  });
});

describe("geography window: distance from last-seen or home area", () => {
  // m = ½ · kernel + ½ · u, kernel SAME_COUNTY 0.55, ≤50 km 0.2, ≤150 km 0.13, ≤350 km 0.08, farther 0.04.
  // Last seen in 锦江 (Chengdu), home 渝中 (Chongqing). Levels of the ten records' areas:
  // SAME_COUNTY 渝中 (1); ≤50 km 武侯 (1); ≤150 km 江阳 (1); ≤350 km 万州 康定 通川 自流井 翠屏 (5); farther 攀枝花 (2).
  const lostInChengdu = report({ lastSeenAreaCode: "510104", homeAreaCode: "500103" });
  const table = geographyTable(lostInChengdu, stats, P);

  it("a neighbouring district: WITHIN_50_KM, log2((0.1 + 0.05) / (1/10)) = 0.58 bits", () => {
    const c = compareGeography(record({ foundAreaCode: "510107" }), lostInChengdu, table, P)!;
    expect(c.level).toBe("WITHIN_50_KM");
    expect(c.difference).toBeCloseTo(4.4, 1);
    expect(c.weight).toBeCloseTo(0.58, 2);
  });

  it("the home county counts as the same county: log2((0.275 + 0.05) / (1/10)) = 1.70 bits", () => {
    const c = compareGeography(record({ foundAreaCode: "500103" }), lostInChengdu, table, P)!;
    expect(c.level).toBe("SAME_COUNTY");
    expect(c.weight).toBeCloseTo(Math.log2(3.25), 10);
    expect(c.detail).toContain("home area 500103");
  });

  it("far away is mild evidence against: FARTHER, log2((0.02 + 0.1) / (2/10)) = −0.74 bits", () => {
    const c = compareGeography(record({ foundAreaCode: "510402" }), lostInChengdu, table, P)!;
    expect(c.level).toBe("FARTHER");
    expect(c.weight).toBeCloseTo(-0.74, 2);
  });

  it("the Chengdu–Chongqing corridor is a distance (269 km), not a border penalty: WITHIN_350_KM, log2((0.04 + 0.3) / (6/10))", () => {
    const lastSeenOnly = report({ lastSeenAreaCode: "510104", homeAreaCode: null });
    const c = compareGeography(record({ foundAreaCode: "500103" }), lastSeenOnly, geographyTable(lastSeenOnly, stats, P), P)!;
    expect(c.level).toBe("WITHIN_350_KM");
    expect(c.difference).toBeCloseTo(269.4, 1);
    expect(c.weight).toBeCloseTo(Math.log2(0.34 / 0.6), 5);
  });

  it("an abolished code is compared as its successor (江北 500105 → 两江新区 500157)", () => {
    const lostInJiangbei = report({ lastSeenAreaCode: "500105" });
    const c = compareGeography(record({ foundAreaCode: "500157" }), lostInJiangbei, geographyTable(lostInJiangbei, stats, P), P)!;
    expect(c.level).toBe("SAME_COUNTY");
  });
});

describe("dialect", () => {
  // 重庆话 ×4, 成都话 ×2, 普通话 ×2, 自贡话, 贵州话 — shares ½-smoothed over 10: 重庆话 4.5/11,
  // 成渝片 6.5/11, 西南官话 8.5/11.
  const dialects = new PopulationStatistics();
  for (const d of ["重庆话", "重庆话", "重庆话", "重庆话", "成都话", "成都话", "普通话", "普通话", "自贡话", "贵州话"]) {
    dialects.addRecord(profileOfRecord(recordFacts({ dialect: d })));
  }
  const reported = report({ dialect: "重庆方言" });

  it.each([
    ["重庆话", "SAME", Math.log2(0.75 / (4.5 / 11))],
    ["chongqing", "SAME", Math.log2(0.75 / (4.5 / 11))], // the registry code
    ["成都话", "SAME_GROUP", Math.log2(0.08 / (2 / 11))],
    ["自贡话", "SAME_FAMILY", Math.log2(0.07 / (2 / 11))],
    ["普通话", "DIFFERENT", Math.log2(0.1 / (2.5 / 11))],
  ])("heard %s for 重庆方言: %s", (heard, level, weight) => {
    const c = compareDialect(record({ dialect: heard }), reported, dialects, P)!;
    expect(c.level).toBe(level);
    expect(c.weight).toBeCloseTo(weight, 10);
  });

  it("gives no evidence when the accent was not noted", () => {
    expect(compareDialect(record({ dialect: null }), reported, dialects, P)).toBeNull();
  });
});

describe("distinctive features", () => {
  // glasses ×3, scar:left-cheek, missing:finger, tattoo:dragon-left-arm among 10 records; token share (n + ½)/11.
  const featured = new PopulationStatistics();
  for (const f of [["glasses"], ["glasses"], ["glasses", "scar:left-cheek"], ["missing:finger"], ["tattoo:dragon-left-arm"], [], [], [], [], []]) {
    featured.addRecord(profileOfRecord(recordFacts({ features: f })));
  }
  const compare = (a: string[], b: string[]) => compareFeatures(record({ features: a }), report({ features: b }), featured, P);

  it("a rare shared feature outweighs a common one", () => {
    expect(compare(["missing:finger"], ["missing:finger"])!.weight).toBeCloseTo(Math.log2(0.6 / (1.5 / 11)), 10); // 2.14
    expect(compare(["glasses"], ["glasses"])!.weight).toBeCloseTo(Math.log2(0.6 / (3.5 / 11)), 10); // 0.92
  });

  it("two shared features multiply: log2(0.6² / (1.5/11 · 3.5/11)) = 3.05 bits", () => {
    const c = compare(["missing:finger", "Glasses "], ["glasses", "missing:finger", "scar:right-hand"])!;
    expect(c.level).toBe("SHARED_2");
    expect(c.weight).toBeCloseTo(3.05, 2);
    expect(c.detail).toBe("both note missing:finger, glasses");
  });

  it("the same kind of feature in a different place is weak: log2(0.15 / (1.5/11))", () => {
    const c = compare(["scar:left-cheek"], ["scar:right-hand"])!;
    expect(c.level).toBe("SHARED_KIND");
    expect(c.weight).toBeCloseTo(Math.log2(0.15 / (1.5 / 11)), 10);
  });

  it("nothing in common is mild evidence against: log2(0.25 / (1 − 1.5/11)) = −1.79 bits", () => {
    const c = compare(["glasses"], ["tattoo:dragon-left-arm"])!;
    expect(c.level).toBe("NONE_SHARED");
    expect(c.weight).toBeCloseTo(-1.79, 2);
  });

  // 5 of the 10 records list a feature: share (5 + ½)/11 = ½.
  it("a record listing nothing the report names: RECORD_LISTS_NONE, log2(0.25 / (1 − ½)) = −1 bit", () => {
    const c = compare([], ["missing:finger"])!;
    expect(c.level).toBe("RECORD_LISTS_NONE");
    expect(c.u).toBeCloseTo(0.5, 10);
    expect(c.weight).toBeCloseTo(-1, 10);
    expect(c.detail).toBe("the record notes none of missing:finger");
  });

  it("a record listing marks the report does not name: REPORT_LISTS_NONE, log2(0.25 / ½) = −1 bit", () => {
    const c = compare(["glasses"], [])!;
    expect(c.level).toBe("REPORT_LISTS_NONE");
    expect(c.weight).toBeCloseTo(-1, 10);
  });

  it("neither side listing a feature is mild evidence for: NEITHER_LISTS, log2(0.75 / ½) = 0.58 bits", () => {
    const c = compare([], [])!;
    expect(c.level).toBe("NEITHER_LISTS");
    expect(c.weight).toBeCloseTo(Math.log2(1.5), 10);
  });
});

describe("geography with m fitted per distance band", () => {
  // The ten records again, lost in 锦江 with home 渝中 (levels as above: 1, 1, 1, 5, 2 of 10).
  const fitted = { ...P, geography: { ...P.geography, levelM: [0.3, 0.1, 0.2, 0.3, 0.1] } };
  const lostInChengdu = report({ lastSeenAreaCode: "510104", homeAreaCode: "500103" });
  const table = geographyTable(lostInChengdu, stats, fitted);

  it("weighs a band by its fitted m against the share of records there: ≤350 km, log2(0.3 / (5/10)) = −0.74 bits", () => {
    const c = compareGeography(record({ foundAreaCode: "511702" }), lostInChengdu, table, fitted)!;
    expect(c.level).toBe("WITHIN_350_KM");
    expect(c.m).toBe(0.3);
    expect(c.u).toBeCloseTo(0.5, 10);
    expect(c.weight).toBeCloseTo(Math.log2(0.6), 10);
  });

  it("the same county: log2(0.3 / (1/10)) = 1.58 bits", () => {
    expect(compareGeography(record({ foundAreaCode: "500103" }), lostInChengdu, table, fitted)!.weight).toBeCloseTo(Math.log2(3), 10);
  });
});

describe("condition noted by the station, within its apparent-age group", () => {
  // Six records noting a condition: looking 70, dementia/impaired ×2 and normal/normal ×2; looking
  // 15, normal/normal ×2. u is the condition's share within its age group, ½-smoothed.
  const noted = new PopulationStatistics();
  const conditionRecord = (mentalState: string, intellect: string, mid: number) =>
    profileOfRecord(recordFacts({ mentalState, intellect, apparentAgeMin: mid - 5, apparentAgeMax: mid + 5 }));
  for (const [mental, intellect, mid] of [["dementia", "impaired", 70], ["dementia", "impaired", 70], ["normal", "normal", 70], ["normal", "normal", 70], ["normal", "normal", 15], ["normal", "normal", 15]] as const) {
    noted.addRecord(conditionRecord(mental, intellect, mid));
  }
  noted.addRecord(profileOfRecord(recordFacts({}))); // nothing noted: not counted
  const fitted = { ...P, condition: { levelM: { "dementia/impaired, looks 60 and over": 0.8, "normal/normal, looks 60 and over": 0.2, "normal/normal, looks under 25": 1 } } };

  it("weighs nothing until m is fitted: m = u", () => {
    const c = compareCondition(conditionRecord("Dementia", "impaired", 70), noted, P, false)!;
    expect(c.fitLevel).toBe("dementia/impaired, looks 60 and over");
    expect(c.u).toBeCloseTo(2.5 / 5, 10); // (2 + ½) / (4 + 1) among those looking 60 and over
    expect(c.weight).toBe(0);
  });

  it("a condition common among the reported of its age: log2(0.8 / (2.5/5)) = 0.68 bits", () => {
    const c = compareCondition(conditionRecord("dementia", "impaired", 70), noted, fitted)!;
    expect(c.weight).toBeCloseTo(Math.log2(0.8 / 0.5), 10);
  });

  it("never shows the condition itself (health data): the explained level is NOTED and the detail names none", () => {
    const c = compareCondition(conditionRecord("dementia", "impaired", 70), noted, fitted)!;
    expect(c.level).toBe("NOTED");
    expect(c.fitLevel).toBeUndefined();
    expect(c.detail).not.toMatch(/dementia|impaired/);
    expect(c.detail).toContain("mental state and intellect");
  });

  it("normal/normal counts against among the elderly but not among children: log2(0.2 / ½) and log2(1 / (2.5/3))", () => {
    expect(compareCondition(conditionRecord("normal", "normal", 70), noted, fitted)!.weight).toBeCloseTo(Math.log2(0.4), 10);
    expect(compareCondition(conditionRecord("normal", "normal", 15), noted, fitted)!.weight).toBeCloseTo(Math.log2(1.2), 10);
  });

  it("gives no evidence when nothing was noted", () => {
    expect(compareCondition(profileOfRecord(recordFacts({})), noted, fitted)).toBeNull();
  });
});

describe("face embeddings", () => {
  // Four orthogonal embeddings: the random-pair sample holds 3 cosines, all 0.
  const faces = new PopulationStatistics();
  for (let i = 0; i < 4; i++) {
    const v = new Float32Array(4);
    v[i] = 1;
    faces.addRecord(profileOfRecord(recordFacts({ faceEmbedding: v })));
  }

  it("a near-identical face: VERY_SIMILAR, log2(0.3 / ((0 + ½)/(3 + 1))) = 1.26 bits", () => {
    const c = compareFace(
      record({ faceEmbedding: new Float32Array([1, 0.05, 0, 0]) }),
      report({ faceEmbedding: new Float32Array([1, 0, 0, 0]) }),
      faces,
      P,
    )!;
    expect(c.level).toBe("VERY_SIMILAR");
    expect(c.difference).toBeCloseTo(0.999, 3);
    expect(c.weight).toBeCloseTo(Math.log2(0.3 / 0.125), 10);
  });

  it("an unrelated face: DIFFERENT, log2(0.01 / ((3 + ½)/4)) = −6.45 bits", () => {
    const c = compareFace(record({ faceEmbedding: new Float32Array([0, 1, 0, 0]) }), report({ faceEmbedding: new Float32Array([1, 0, 0, 0]) }), faces, P)!;
    expect(c.level).toBe("DIFFERENT");
    expect(c.weight).toBeCloseTo(-6.45, 2);
  });

  it("compares only when both sides have a photo", () => {
    expect(compareFace(record({ faceEmbedding: null }), report({ faceEmbedding: new Float32Array([1, 0, 0, 0]) }), faces, P)).toBeNull();
  });
});

describe("place names spoken", () => {
  const total = AREA_DIVISIONS.filter((d) => !d.successorCode).reduce((sum, d) => sum + d.populationWeight, 0);
  const chongqingShare = AREA_DIVISIONS.filter((d) => !d.successorCode && d.region === "CHONGQING").reduce((sum, d) => sum + d.populationWeight, 0) / total;

  it("naming the home county weighs by how few people live there (万州: 156 of the total)", () => {
    const c = comparePlaceNames(record({ placeNamesSpoken: ["万州"] }), report({ homeAreaCode: "500101" }), P)!;
    expect(c.level).toBe("COUNTY_NAMED");
    expect(c.weight).toBeCloseTo(Math.log2(0.6 / (156 / total)), 10);
  });

  it("naming only the city (重庆) says less", () => {
    const c = comparePlaceNames(record({ placeNamesSpoken: ["重庆"] }), report({ lastSeenAreaCode: "500103" }), P)!;
    expect(c.level).toBe("CITY_NAMED");
    expect(c.weight).toBeCloseTo(Math.log2(0.15 / chongqingShare), 10);
  });

  it("naming somewhere else is weak evidence against", () => {
    const c = comparePlaceNames(record({ placeNamesSpoken: ["成都"] }), report({ homeAreaCode: "500101", lastSeenAreaCode: "500101" }), P)!;
    expect(c.level).toBe("NOT_NAMED");
    expect(c.weight).toBeLessThan(0);
  });
});
