import { compareDialect } from "../../../src/relief/matching/dialectComparison";
import { FamilySearchEngine } from "../../../src/relief/matching/familySearchEngine";
import { compareFeatures } from "../../../src/relief/matching/featureComparison";
import { DEFAULT_FIT_OPTIONS, fitMatchParameters, fitPairOf, NAME_KEY_SESSION, type FitPair } from "../../../src/relief/matching/matchParameterFit";
import { DEFAULT_MATCH_PARAMETERS as P } from "../../../src/relief/matching/matchParameters";
import { profileOfRecord, profileOfReport } from "../../../src/relief/matching/matchProfile";
import { PopulationStatistics } from "../../../src/relief/matching/populationStatistics";
import type { AttributeComparison } from "../../../src/relief/matching/attributeComparison";
import { recordFacts, reportFacts } from "../support/matchingFixtures";

// The fit of m on hand-made pairs whose posteriors and level counts can be followed by hand.

const DIALECT_SESSION = ["DIALECT"] as const;
const level = (attribute: AttributeComparison["attribute"], name: string, u: number, weight = 0): AttributeComparison => ({
  attribute,
  level: name,
  weight,
  m: 0,
  u,
  difference: null,
  unit: null,
  detail: "",
});

/** A pair the anchors (prior + name) make `anchorWeight` bits likely, with a dialect level. */
function pair(anchorWeight: number, dialect: string): FitPair {
  return fitPairOf([level("NAME", "EXACT", 1e-6, anchorWeight), level("DIALECT", dialect, 0.3)], 0, P, DIALECT_SESSION);
}

describe("fitting m from anchored pairs", () => {
  it("reads the anchors' weight and each fitted attribute's level and u off a scored pair", () => {
    const p = fitPairOf([level("NAME", "EXACT", 1e-6, 14), level("GENDER", "SAME", 0.6, 0.7), level("DIALECT", "SAME_GROUP", 0.2, 9)], -20, P, DIALECT_SESSION);
    expect(p.anchorWeight).toBeCloseTo(-5.3, 10); // −20 prior + 14 name + 0.7 gender; the dialect's own weight is not an anchor
    expect([...p.levels]).toEqual([1]); // SAME_GROUP is the second dialect level
    expect([...p.u]).toEqual([0.2]);
  });

  it("counts anchored pairs by level, smoothed by 20 pseudo-pairs of the prior", () => {
    // Ten pairs the name makes certain (40 bits: posterior 1 − 2⁻⁴⁰ whatever the dialect says):
    // 6 SAME, 2 SAME_GROUP, 0 SAME_FAMILY, 2 DIFFERENT. Prior m 0.75 / 0.08 / 0.07 / 0.10, so
    //   m = (count + 20·prior) / (10 + 20): (6 + 15)/30 = 0.7, (2 + 1.6)/30 = 0.12,
    //   (0 + 1.4)/30 = 0.04667, (2 + 2)/30 = 0.13333 — above every floor (a tenth of the prior).
    // Forty pairs whose anchors give −30 bits stay out of the fit (below −6), all DIFFERENT.
    const pairs = [
      ...Array.from({ length: 6 }, () => pair(40, "SAME")),
      ...Array.from({ length: 2 }, () => pair(40, "SAME_GROUP")),
      ...Array.from({ length: 2 }, () => pair(40, "DIFFERENT")),
      ...Array.from({ length: 40 }, () => pair(-30, "DIFFERENT")),
    ];
    const fit = fitMatchParameters(pairs, P, DIALECT_SESSION, { ...DEFAULT_FIT_OPTIONS, minimumMatchMass: 5 })!;
    expect(fit.pairs).toBe(10);
    expect(fit.matchMass).toBeCloseTo(10, 6);
    expect(fit.parameters.dialect.SAME).toBeCloseTo(0.7, 6);
    expect(fit.parameters.dialect.SAME_GROUP).toBeCloseTo(0.12, 6);
    expect(fit.parameters.dialect.SAME_FAMILY).toBeCloseTo(0.046667, 6);
    expect(fit.parameters.dialect.DIFFERENT).toBeCloseTo(0.133333, 6);
    // Everything outside the session keeps its prior.
    expect(fit.parameters.name).toEqual(P.name);
    expect(fit.parameters.age).toBe(P.age);

    // The fitted m is what the comparison then weighs with: SAME now log2(0.7 / u).
    const stats = new PopulationStatistics();
    for (let i = 0; i < 4; i++) stats.addRecord(profileOfRecord(recordFacts({ dialect: i === 0 ? "重庆话" : "成都话" })));
    const c = compareDialect(profileOfRecord(recordFacts({ dialect: "重庆话" })), profileOfReport(reportFacts({ dialect: "重庆话" })), stats, fit.parameters)!;
    // u: (1 重庆话 + ½) / (4 + 1) = 0.3 (add-half smoothing).
    expect(c.u).toBeCloseTo(0.3, 10);
    expect(c.weight).toBeCloseTo(Math.log2(0.7 / 0.3), 10); // 1.222 bits (0.75 before the fit: 1.322)
  });

  it("keeps a level never seen among matches soft: no m below a tenth of its prior", () => {
    // 300 certain pairs, all SAME: unfloored, SAME_FAMILY would be (0 + 1.4)/320 = 0.004375;
    // the floor 0.007 holds, and the four are renormalised to sum to one.
    const pairs = Array.from({ length: 300 }, () => pair(40, "SAME"));
    const fit = fitMatchParameters(pairs, P, DIALECT_SESSION)!;
    const raw = { SAME: (300 + 15) / 320, SAME_GROUP: Math.max(1.6 / 320, 0.008), SAME_FAMILY: Math.max(1.4 / 320, 0.007), DIFFERENT: Math.max(2 / 320, 0.01) };
    const sum = raw.SAME + raw.SAME_GROUP + raw.SAME_FAMILY + raw.DIFFERENT;
    expect(fit.parameters.dialect.SAME_FAMILY).toBeCloseTo(0.007 / sum, 8);
    expect(fit.parameters.dialect.SAME).toBeCloseTo(315 / 320 / sum, 8);
  });

  it("says nothing when the anchored pairs carry too little match mass", () => {
    expect(fitMatchParameters(Array.from({ length: 20 }, () => pair(40, "SAME")), P, DIALECT_SESSION)).toBeNull(); // 20 < 50
    // Anchors at exactly −6 bits enter; with SAME's log2(0.75 / 0.3) = 1.32 bits each is at −4.68,
    // a posterior of 1/(1 + 2^4.68) = 0.038: 200 of them make 7.5 matches, under 50.
    expect(fitMatchParameters(Array.from({ length: 200 }, () => pair(-6, "SAME")), P, DIALECT_SESSION)).toBeNull();
  });

  it("fits features per level, replacing sharedToken^k", () => {
    const stats = new PopulationStatistics();
    const record = profileOfRecord(recordFacts({ features: ["scar:left-cheek", "mole:chin"] }));
    const report = profileOfReport(reportFacts({ features: ["tattoo:dragon:left-arm"] }));
    stats.addRecord(record);
    stats.addReport(report);
    const fitted = { ...P, features: { ...P.features, levelM: { SHARED_1: 0.7, SHARED_2: 0.15, SHARED_3: 0.03, SHARED_KIND: 0.02, NONE_SHARED: 0.1, RECORD_LISTS_NONE: 0.2, REPORT_LISTS_NONE: 0.2, NEITHER_LISTS: 0.8 } } };
    const before = compareFeatures(record, report, stats, P)!;
    const after = compareFeatures(record, report, stats, fitted)!;
    expect(after.level).toBe("NONE_SHARED");
    // u = max(0.05, 1 − share(tattoo:dragon:left-arm)) = 1 − (1 + ½)/(2 + 1) = 0.5
    expect(after.u).toBeCloseTo(0.5, 10);
    expect(before.weight).toBeCloseTo(Math.log2(0.25 / 0.5), 10); // −1 bit with the prior
    expect(after.weight).toBeCloseTo(Math.log2(0.1 / 0.5), 10); // −2.32 bits fitted
  });

  it("fits geography's m per distance band like the other attributes, from the counts and the prior's pseudo-pairs", () => {
    // Prior per band, whatever the report's area: ½ · kernel (0.55, 0.2, 0.13, 0.08, 0.04; sums
    // to 1) + ½ · ⅕ = 0.375, 0.2, 0.165, 0.14, 0.12. Thirty certain pairs: 10 in the same county,
    // 3 within 50 km, 5 within 150, 9 within 350 and 3 farther — far more drift than the kernel's.
    const GEOGRAPHY_SESSION = ["GEOGRAPHY"] as const;
    const band = (name: string) => fitPairOf([level("NAME", "EXACT", 1e-6, 40), level("GEOGRAPHY", name, 0.2)], 0, P, GEOGRAPHY_SESSION);
    const counts: [string, number][] = [["SAME_COUNTY", 10], ["WITHIN_50_KM", 3], ["WITHIN_150_KM", 5], ["WITHIN_350_KM", 9], ["FARTHER", 3]];
    const pairs = counts.flatMap(([name, n]) => Array.from({ length: n }, () => band(name)));
    const fit = fitMatchParameters(pairs, P, GEOGRAPHY_SESSION, { ...DEFAULT_FIT_OPTIONS, minimumMatchMass: 5 })!;
    const prior = [0.375, 0.2, 0.165, 0.14, 0.12];
    // m = (count + 20 · prior) / (30 + 20): 0.35, 0.14, 0.166, 0.236, 0.108.
    counts.forEach(([, n], i) => expect(fit.parameters.geography.levelM![i]).toBeCloseTo((n + 20 * prior[i]) / 50, 10));
    expect(fit.parameters.geography.levels).toBe(P.geography.levels);
  });

  it("fits a condition's m within its apparent-age group: each group's m sums to one", () => {
    const CONDITION_SESSION = ["CONDITION"] as const;
    // m = u to start with: within "looks 60 and over" 0.5 / 0.5, within "under 25" 1.
    const start = { ...P, condition: { levelM: { "dementia/impaired, looks 60 and over": 0.5, "normal/normal, looks 60 and over": 0.5, "normal/normal, looks under 25": 1 } } };
    const noted = (condition: string) => fitPairOf([level("NAME", "EXACT", 1e-6, 40), level("CONDITION", condition, 0.5)], 0, start, CONDITION_SESSION);
    const pairs = [
      ...Array.from({ length: 30 }, () => noted("dementia/impaired, looks 60 and over")),
      ...Array.from({ length: 10 }, () => noted("normal/normal, looks 60 and over")),
      ...Array.from({ length: 20 }, () => noted("normal/normal, looks under 25")),
    ];
    const fit = fitMatchParameters(pairs, start, CONDITION_SESSION, { ...DEFAULT_FIT_OPTIONS, minimumMatchMass: 5 })!;
    // Among the elderly: (30 + 20 · ½) / (40 + 20) = ⅔ and (10 + 10) / 60 = ⅓; the children's one level keeps 1.
    expect(fit.parameters.condition.levelM!["dementia/impaired, looks 60 and over"]).toBeCloseTo(2 / 3, 10);
    expect(fit.parameters.condition.levelM!["normal/normal, looks 60 and over"]).toBeCloseTo(1 / 3, 10);
    expect(fit.parameters.condition.levelM!["normal/normal, looks under 25"]).toBeCloseTo(1, 10);
  });

  it("adds a peer's pairs to the fit: the node's sampled reports against the other province's records", () => {
    const engine = new FamilySearchEngine();
    engine.addRecord(recordFacts({ reportedName: "张小明" }));
    const filed = engine.addReport(reportFacts({ name: "张小明" }));
    engine.flush({ fit: false });
    const asked: string[][] = [];
    // What the peer answers for the name-key session: sixty pairs its records make certain, all SAME dialect.
    const peer = (reports: readonly { id: string }[], _: unknown, session: readonly string[], source: string) => {
      asked.push(reports.map((r) => r.id).concat(source));
      return source === "NAME" ? Array.from({ length: 60 }, () => fitPairOf([level("NAME", "EXACT", 1e-6, 40), level("DIALECT", "SAME", 0.3)], 0, P, session as typeof NAME_KEY_SESSION)) : [];
    };
    const fits = engine.fitParameters(peer);
    expect(asked).toEqual([[filed.id, "NAME"], [filed.id, "FACE"]]);
    expect(fits).toHaveLength(1);
    expect(fits[0].pairs).toBeGreaterThanOrEqual(60);
    // 60 SAME of 60 (or 61) certain pairs: m of SAME rises from 0.75 toward (60 + 15) / 80.
    expect(engine.scorer.parameters.dialect.SAME).toBeGreaterThan(0.85);
  });

  it("fits the sessions an engine's own data carry, and keeps the priors on a small node", () => {
    const engine = new FamilySearchEngine();
    engine.addRecord(recordFacts({ reportedName: "张小明" }));
    engine.addReport(reportFacts({ name: "张小明" }));
    engine.flush();
    expect(engine.parameterFits).toEqual([]);
    expect(engine.scorer.parameters).toBe(P);
    expect(NAME_KEY_SESSION).not.toContain("NAME");
  });
});
