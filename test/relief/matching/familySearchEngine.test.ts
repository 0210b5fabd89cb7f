import { FamilySearchEngine } from "../../../src/relief/matching/familySearchEngine";
import { recordFacts, reportFacts } from "../support/matchingFixtures";

// The engine end to end on hand-made rows: candidates reached by name keys, faces and the block
// scan; ranking; explanations; DNA flags.

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / norm);
}

function engineWithCrowd(): FamilySearchEngine {
  const engine = new FamilySearchEngine();
  // A crowd of unrelated men and women, so frequencies and blocks are not trivial.
  const surnames = ["王", "李", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐"];
  const given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇"];
  for (let i = 0; i < 400; i++) {
    engine.addRecord(
      recordFacts({
        reportedName: i % 3 === 0 ? null : surnames[i % 10] + given[(i * 7) % 10],
        gender: i % 2 === 0 ? "MALE" : "FEMALE",
        apparentAgeMin: 15 + (i % 60),
        apparentAgeMax: 25 + (i % 60),
        heightCm: 150 + (i % 35),
        foundOn: `20${String(15 + (i % 10)).padStart(2, "0")}-0${1 + (i % 9)}-1${i % 10}`,
        foundAreaCode: ["500103", "500106", "510104", "510107", "511702", "510302"][i % 6],
        dialect: ["重庆话", "成都话", "普通话"][i % 3],
        faceEmbedding: unit([Math.sin(i), Math.cos(i * 1.3), Math.sin(i * 0.7), Math.cos(i * 2.1)]),
      }),
    );
  }
  return engine;
}

describe("FamilySearchEngine", () => {
  it("finds a record whose name was written in Sichuan–Chongqing speech and a polyphone misread, ranking them first", () => {
    const engine = engineWithCrowd();
    const dialectRecord = engine.addRecord(
      recordFacts({ reportedName: "曾晓林", apparentAgeMin: 30, apparentAgeMax: 40, foundOn: "2024-07-10", foundAreaCode: "500103", heightCm: 168 }),
    );
    const polyphoneRecord = engine.addRecord(
      recordFacts({ reportedName: "丹丽", gender: "FEMALE", apparentAgeMin: 55, apparentAgeMax: 65, foundOn: "2023-03-02", foundAreaCode: "510104" }),
    );
    engine.flush();

    const forZeng = engine.searchRecords(reportFacts({ name: "曾晓玲", birthDate: "1988-01-01", birthYear: 1988, lastSeenOn: "2024-07-01", lastSeenAreaCode: "510104", heightCm: 167 }), 10);
    expect(forZeng[0].recordId).toBe(dialectRecord.id);
    expect(forZeng[0].sources).toContain("NAME");
    expect(forZeng[0].score.comparisons.find((c) => c.attribute === "NAME")?.level).toBe("DIALECT_MERGER");

    const forShan = engine.searchRecords(
      reportFacts({ name: "单丽", gender: "FEMALE", birthDate: "1960-05-01", birthYear: 1960, lastSeenOn: "2023-02-20", lastSeenAreaCode: "510104" }),
      10,
    );
    expect(forShan[0].recordId).toBe(polyphoneRecord.id);
    expect(forShan[0].score.comparisons.find((c) => c.attribute === "NAME")?.detail).toBe("丹丽 ~ 单丽: 单 read dan instead of shan");
  });

  it("never proposes the other gender, even with the same name", () => {
    const engine = engineWithCrowd();
    engine.addRecord(recordFacts({ reportedName: "欧阳明", gender: "FEMALE" }));
    engine.flush();
    const found = engine.searchRecords(reportFacts({ name: "欧阳明", gender: "MALE" }), 50);
    expect(found.every((m) => engine.recordProfile(m.recordId)!.gender === "MALE")).toBe(true);
  });

  it("reaches a nameless record through its face photo, and a nameless photo-less one through the block scan", () => {
    const engine = engineWithCrowd();
    const face = unit([0.3, -0.2, 0.9, 0.1]);
    const withPhoto = engine.addRecord(recordFacts({ reportedName: null, apparentAgeMin: 40, apparentAgeMax: 50, foundOn: "2022-02-01", foundAreaCode: "500106", faceEmbedding: face }));
    const plain = engine.addRecord(recordFacts({ reportedName: null, apparentAgeMin: 70, apparentAgeMax: 80, heightCm: 158, foundOn: "2021-09-03", foundAreaCode: "511702", features: ["missing:finger"] }));
    engine.flush();

    const byFace = engine.searchRecords(reportFacts({ name: "何建华", birthDate: "1977-01-01", birthYear: 1977, lastSeenOn: "2022-01-20", lastSeenAreaCode: "500106", faceEmbedding: unit([0.31, -0.19, 0.9, 0.1]) }), 10);
    const faceHit = byFace.find((m) => m.recordId === withPhoto.id);
    expect(faceHit?.sources).toContain("FACE");
    expect(byFace[0].recordId).toBe(withPhoto.id);

    const byBlocks = engine.searchRecords(
      reportFacts({ name: "何老汉", birthDate: "1946-01-01", birthYear: 1946, heightCm: 159, lastSeenOn: "2021-08-30", lastSeenAreaCode: "511702", features: ["missing:finger"] }),
      10,
    );
    expect(byBlocks[0].recordId).toBe(plain.id);
    expect(byBlocks[0].sources).toEqual(["DEMOGRAPHIC"]);
  });

  it("explains every attribute compared, with weights summing to the evidence", () => {
    const engine = engineWithCrowd();
    const target = engine.addRecord(
      recordFacts({ reportedName: "张小明", apparentAgeMin: 35, apparentAgeMax: 45, heightCm: 170, dialect: "成都话", foundOn: "2024-03-04", foundAreaCode: "500103", features: ["scar:left-cheek"], dnaSampleRef: "DNA-1", placeNamesSpoken: ["锦江"] }),
    );
    engine.flush();
    const [top] = engine.searchRecords(
      reportFacts({ name: "张小明", birthDate: "1984-02-02", birthYear: 1984, heightCm: 171, dialect: "成都话", lastSeenOn: "2024-03-01", lastSeenAreaCode: "510104", features: ["scar:left-cheek"] }),
      1,
    );
    expect(top.recordId).toBe(target.id);
    expect(top.score.comparisons.map((c) => c.attribute)).toEqual(["NAME", "GENDER", "AGE", "HEIGHT", "TIME", "GEOGRAPHY", "DIALECT", "PLACE_NAMES", "FEATURES"]);
    const sum = top.score.comparisons.reduce((s, c) => s + c.weight, 0);
    expect(top.score.evidenceWeight).toBeCloseTo(sum, 10);
    expect(top.score.matchProbability).toBeGreaterThan(0.5);
    expect(top.score.dnaComparisonSuggested).toBe(true);
    for (const c of top.score.comparisons) {
      expect(c.weight).toBeCloseTo(Math.log2(c.m / Math.max(c.u, 1e-7)), 10);
      expect(c.detail.length).toBeGreaterThan(0);
    }
  });

  it("searches the other way: a new record against open reports, and retires what was resolved", () => {
    const engine = new FamilySearchEngine();
    const report = engine.addReport(reportFacts({ name: "李建国", aliases: ["建娃"], birthDate: "1970-05-05", birthYear: 1970, lastSeenOn: "2024-01-01", lastSeenAreaCode: "510104" }));
    engine.addReport(reportFacts({ name: "王大山", birthDate: "1990-05-05", birthYear: 1990 }));
    const record = recordFacts({ reportedName: "建娃", apparentAgeMin: 45, apparentAgeMax: 55, foundOn: "2024-02-01", foundAreaCode: "510107" });
    engine.addRecord(record);
    const [top] = engine.searchReports(record, 5);
    expect(top.reportId).toBe(report.id);
    expect(top.score.comparisons[0]).toMatchObject({ attribute: "NAME", level: "EXACT" });
    engine.retireReport(report.id);
    expect(engine.searchReports(record, 5).map((m) => m.reportId)).not.toContain(report.id);
  });

  it("scores a pair the same whichever side asked", () => {
    const engine = engineWithCrowd();
    const report = reportFacts({ name: "周文斌", birthDate: "1980-01-01", birthYear: 1980, lastSeenOn: "2020-01-01" });
    engine.addReport(report);
    const record = recordFacts({ reportedName: "邹文宾", apparentAgeMin: 38, apparentAgeMax: 48, foundOn: "2020-03-01" });
    engine.addRecord(record);
    engine.flush();
    const forward = engine.searchRecords(report, 5).find((m) => m.recordId === record.id)!;
    const backward = engine.searchReports(record, 5).find((m) => m.reportId === report.id)!;
    expect(forward.score.evidenceWeight).toBeCloseTo(backward.score.evidenceWeight, 10);
  });

  it("weighs candidates among both provinces' records once the peer node's counts are known", () => {
    // Three nameless records in 渝中 (500103) on this node; the peer holds seven, all in 锦江 (510104).
    const engine = new FamilySearchEngine();
    for (let i = 0; i < 3; i++) engine.addRecord(recordFacts({ foundAreaCode: "500103" }));
    engine.flush();
    const report = reportFacts({ lastSeenAreaCode: "500103" });
    const alone = engine.searchRecords(report, 1)[0].score;
    // Prior odds one in three: rate 0.5/3, log2((1/6) / (5/6)) = −2.322 bits. Same county: u is
    // every record here (1), m = ½·0.55 + ½·1 = 0.775, log2(0.775) = −0.368 bits.
    expect(alone.matchWeight - alone.evidenceWeight).toBeCloseTo(-2.322, 3);
    expect(alone.comparisons.find((c) => c.attribute === "GEOGRAPHY")!.weight).toBeCloseTo(-0.368, 3);

    const peerAreas = new Float64Array(engine.population().foundAreaCounts.length);
    const jinjiang = engine.population().foundAreaCounts.findIndex((n) => n === 3); // the dense index of 500103…
    peerAreas[jinjiang === 0 ? 1 : 0] = 7; // …and seven records somewhere else
    engine.setPeerPopulation({ openRecords: 7, foundAreaCounts: peerAreas });
    const merged = engine.searchRecords(report, 1)[0].score;
    // One in ten: rate 0.05, log2(0.05 / 0.95) = −4.248 bits. Same county is now 3 of 10 records:
    // u 0.3, m = ½·0.55 + ½·0.3 = 0.425, log2(0.425 / 0.3) = +0.503 bits.
    expect(merged.matchWeight - merged.evidenceWeight).toBeCloseTo(-4.248, 3);
    expect(merged.comparisons.find((c) => c.attribute === "GEOGRAPHY")).toMatchObject({ u: 0.3 });
    expect(merged.comparisons.find((c) => c.attribute === "GEOGRAPHY")!.weight).toBeCloseTo(0.503, 3);
  });
});
