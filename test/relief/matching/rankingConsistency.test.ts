import { FamilySearchEngine } from "../../../src/relief/matching/familySearchEngine";
import { profileOfReport } from "../../../src/relief/matching/matchProfile";
import { recordFacts, reportFacts } from "../support/matchingFixtures";

// Candidates are ranked by a weight-only score reusing per-query tables, then the best are
// explained: both must give the same number, or the explanation would not justify the rank.

const names = ["张小明", "王伟", null, "小明", "老张", "明娃", "李娜", null, "欧阳娜娜", "章晓敏"];
const dialects = ["chongqing", "chengdu", null, "mandarin"];
const features = [[], ["scar:left-cheek"], ["mole:chin", "limp:left"], ["scar:right-arm"]];
const places = [[], ["万州"], ["重庆"], ["成都"]];

it("weight-only ranking and explained scores agree for every pair", () => {
  const engine = new FamilySearchEngine();
  const records = Array.from({ length: 120 }, (_, i) =>
    engine.addRecord(
      recordFacts({
        reportedName: names[i % names.length],
        gender: i % 5 === 0 ? "FEMALE" : "MALE",
        apparentAgeMin: 10 + (i % 70),
        apparentAgeMax: 20 + (i % 70) + (i % 7 === 0 ? 6 : 0),
        heightCm: i % 6 === 0 ? null : 120 + (i % 60),
        dialect: dialects[i % dialects.length],
        features: features[i % features.length],
        placeNamesSpoken: places[i % places.length],
        foundOn: `202${3 + (i % 3)}-0${1 + (i % 9)}-1${i % 10}`,
        foundAreaCode: ["500101", "500103", "510104", "511702", "513401"][i % 5],
        faceEmbedding: i % 3 === 0 ? Float32Array.from({ length: 8 }, (_, d) => Math.sin(i * (d + 1))) : null,
      }),
    ),
  );
  const reports = [
    reportFacts({ name: "张小明", aliases: ["明娃"], dialect: "chongqing", features: ["scar:left-cheek"], heightCm: 150, homeAreaCode: "500101", faceEmbedding: Float32Array.from({ length: 8 }, (_, d) => Math.cos(d)) }),
    reportFacts({ name: "欧阳娜娜", gender: "FEMALE", birthDate: "2012-05-01", birthYear: 2012, heightCm: 140, lastSeenOn: "2024-03-01", features: ["mole:chin"] }),
  ].map(profileOfReport);
  const scorer = engine.scorer;
  let compared = 0;
  for (const report of reports) {
    const prepared = scorer.prepare(report);
    for (const record of records) {
      if (record.gender !== report.gender) continue;
      const ranking = scorer.rankingScore(record, prepared, 120);
      const explained = scorer.score(record, report, 120);
      expect(ranking.evidenceWeight).toBeCloseTo(explained.evidenceWeight, 9);
      compared += 1;
    }
  }
  expect(compared).toBeGreaterThan(100);
});
