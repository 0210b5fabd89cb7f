import { bundledEligibilityEngine, bundledStandards, EligibilityEngine, loadRuleSetFiles, RuleBook, type EligibilityRuleSet } from "../../src/standards";
import { adult, expectBadUserInput, household, outcomeOf } from "./eligibilitySupport";

// Every expected figure below is computed by hand in the comment beside it, from the fact sheet
// (docs/facts/standards.md) and the rule files under prisma/standards/rules/.

const engine = bundledEligibilityEngine();

/** An engine over the shipped standards with one rule parameter changed (for rules the shipped data keeps off). */
function engineWith(change: (rules: EligibilityRuleSet) => void): EligibilityEngine {
  const ruleSets = loadRuleSetFiles().map((f) => structuredClone(f.rules));
  ruleSets.forEach(change);
  return new EligibilityEngine(bundledStandards(), new RuleBook(ruleSets));
}

describe("the issue's worked check (Chongqing urban, 3 adults, 1,500 yuan a month)", () => {
  const threeAdults = [adult("1980-01-01"), adult("1982-05-05"), adult("1990-09-09")];
  const incomes = [{ source: "WAGES" as const, monthlyAmountFen: 150_000 }];

  it("on 2025-08-01: 50,000 fen per capita, 低保 (77,000 − 50,000) × 3 = 81,000 fen", () => {
    const result = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: threeAdults, incomes }));
    expect(result).toMatchObject({ region: "CHONGQING", areaCode: "500103", perCapitaIncomeFen: 50_000, ruleVersion: "CQ-RULES-2023-09-01" });
    const mlg = outcomeOf(result, "MLG");
    expect(mlg).toMatchObject({ eligible: true, monthlyAmountFen: 81_000, confidence: "OFFICIAL" });
    const amountStep = mlg.steps.find((s) => s.arithmetic.startsWith("("))!;
    expect(amountStep.arithmetic).toBe("(77000 − 50000) × 3 = 81000");
    expect(amountStep.standard).toMatchObject({ amountFen: 77_000, effectiveFrom: "2025-07-01", documentNumber: "渝民规〔2025〕6号", confidence: "OFFICIAL" });
    expect(amountStep.source.title).toContain("社会救助暂行办法");
    expect(result.perCapitaIncomeSteps.at(-1)).toMatchObject({ arithmetic: "150000 ÷ 3 = 50000 (exact)", resultFen: 50_000, rounding: "HALF_UP_FEN" });
  });

  it("on 2025-06-30 the 750-yuan standard gives (75,000 − 50,000) × 3 = 75,000 fen; the new one applies from its first day", () => {
    const before = engine.assess(household({ areaCode: "500103", on: "2025-06-30", members: threeAdults, incomes }));
    expect(outcomeOf(before, "MLG").monthlyAmountFen).toBe(75_000);
    expect(outcomeOf(before, "MLG").steps[0]!.standard).toMatchObject({ amountFen: 75_000, documentNumber: "渝民发〔2024〕9号", effectiveTo: "2025-06-30" });
    const firstDay = engine.assess(household({ areaCode: "500103", on: "2025-07-01", members: threeAdults, incomes }));
    expect(outcomeOf(firstDay, "MLG").monthlyAmountFen).toBe(81_000);
  });
});

describe("低保 (Art 9 and 12): boundaries and arithmetic", () => {
  const chongqing = (monthlyAmountFen: number, extra: Parameters<typeof household>[0] | object = {}) =>
    household({ areaCode: "500103", on: "2025-08-01", incomes: [{ source: "PENSION", monthlyAmountFen }], ...extra });

  it("income exactly at the standard is not below it: not eligible (and it is a 低保边缘 household)", () => {
    const result = engine.assess(chongqing(77_000));
    expect(outcomeOf(result, "MLG")).toMatchObject({ eligible: false, monthlyAmountFen: null });
    expect(outcomeOf(result, "LOW_INCOME_EDGE").eligible).toBe(true);
  });

  it("one fen below the standard: eligible for 77,000 − 76,999 = 1 fen", () => {
    expect(outcomeOf(engine.assess(chongqing(76_999)), "MLG")).toMatchObject({ eligible: true, monthlyAmountFen: 1 });
  });

  it("no income: the full standard per member, 77,000 × 2 = 154,000", () => {
    const result = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [adult(), adult("1979-02-02")] }));
    expect(outcomeOf(result, "MLG").monthlyAmountFen).toBe(154_000);
  });

  it("per-capita income is rounded half up to the fen: 100,000 ÷ 3 = 33,333.33 → 33,333; (77,000 − 33,333) × 3 = 131,001", () => {
    const result = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [adult(), adult(), adult()], incomes: [{ source: "WAGES", monthlyAmountFen: 100_000 }] }));
    expect(result.perCapitaIncomeFen).toBe(33_333);
    expect(result.perCapitaIncomeSteps.at(-1)!.arithmetic).toBe("100000 ÷ 3 = 33333 (rounded half up to the fen from 33333.3333)");
    expect(outcomeOf(result, "MLG").monthlyAmountFen).toBe(131_001);
  });

  it("Chongqing rural on 2024-09-01 (610 yuan); farm income averaged over 12 months: 720,000 ÷ 12 = 60,000; ÷ 2 = 30,000; (61,000 − 30,000) × 2 = 62,000", () => {
    const result = engine.assess(household({ areaCode: "500229", on: "2024-09-01", residence: "RURAL", members: [adult(), adult()], incomes: [{ memberIndex: 0, source: "FARMING", monthlyAmountFen: 0, annualNetAmountFen: 720_000 }] }));
    expect(result.perCapitaIncomeSteps[0]).toMatchObject({ arithmetic: "720000 ÷ 12 = 60000 (exact)", confidence: "OFFICIAL" });
    expect(result.perCapitaIncomeFen).toBe(30_000);
    expect(outcomeOf(result, "MLG")).toMatchObject({ monthlyAmountFen: 62_000, confidence: "OFFICIAL" });
  });

  it("farm averaging rounds half up: 100,006 ÷ 12 = 8,333.83 → 8,334", () => {
    const result = engine.assess(household({ areaCode: "500229", on: "2025-08-01", residence: "RURAL", incomes: [{ source: "FARMING", monthlyAmountFen: 0, annualNetAmountFen: 100_006 }] }));
    expect(result.perCapitaIncomeSteps[0]).toMatchObject({ resultFen: 8_334, rounding: "HALF_UP_FEN" });
    expect(outcomeOf(result, "MLG").monthlyAmountFen).toBe(63_000 - 8_334);
  });

  it("Chongqing 分类施保 top-ups (secondary): student 100, aged 70+ 60, grade-3 disabled 40 yuan, on top of (77,000 − 25,000) × 4 = 208,000 → 228,000", () => {
    const members = [adult("1985-01-01"), adult("2009-03-03", { student: true }), adult("1953-01-01"), adult("1975-06-06", { disabilityGrade: 3 })];
    const result = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members, incomes: [{ memberIndex: 0, source: "WAGES", monthlyAmountFen: 100_000 }] }));
    const mlg = outcomeOf(result, "MLG");
    expect(mlg.monthlyAmountFen).toBe(208_000 + 10_000 + 6_000 + 4_000);
    expect(mlg.confidence).toBe("SECONDARY");
    expect(mlg.steps.filter((s) => s.ruleId === "CQ.CLASSIFIED_TOP_UP").map((s) => [s.memberIndex, s.resultFen])).toEqual([[1, 10_000], [2, 6_000], [3, 4_000]]);
    expect(mlg.steps.at(-1)!.arithmetic).toBe("208000 + 20000 = 228000");
  });

  it("a member fitting several top-up categories gets the highest: a grade-1 disabled student gets 100, not 100 + 60 + 40", () => {
    const result = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [adult("2008-01-01", { student: true, disabilityGrade: 1 })] }));
    expect(outcomeOf(result, "MLG").monthlyAmountFen).toBe(77_000 + 10_000);
  });

  it("a preschool child (under 6) gets the 100-yuan top-up without being a student", () => {
    const result = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [adult(), adult("2021-01-01")] }));
    expect(outcomeOf(result, "MLG").monthlyAmountFen).toBe(154_000 + 10_000);
  });

  it("Sichuan has no 分类施保 figures on file: no top-ups are added", () => {
    const result = engine.assess(household({ areaCode: "510502", on: "2025-08-01", members: [adult("2008-01-01", { student: true })] }));
    expect(outcomeOf(result, "MLG").monthlyAmountFen).toBe(78_800);
  });

  it("a superseded code (渝北 500112) is assessed in its successor 两江新区 500157", () => {
    const result = engine.assess(household({ areaCode: "500112", on: "2025-12-01" }));
    expect(result).toMatchObject({ areaCode: "500157", requestedAreaCode: "500112", region: "CHONGQING" });
  });
});

describe("低保 in Sichuan areas", () => {
  const twoPeople = (areaCode: string, on: string, residence: "URBAN" | "RURAL" = "URBAN") =>
    household({ areaCode, on, residence, members: [adult(), adult()], incomes: [{ source: "WAGES", monthlyAmountFen: 100_000 }] });

  it("Chengdu central area 2025 (secondary, 990 yuan unified): (99,000 − 50,000) × 2 = 98,000 for a rural household too", () => {
    const mlg = outcomeOf(engine.assess(twoPeople("510104", "2025-08-01", "RURAL")), "MLG");
    expect(mlg).toMatchObject({ monthlyAmountFen: 98_000, confidence: "SECONDARY" });
    expect(mlg.steps[0]!.standard).toMatchObject({ areaScope: "CHENGDU-CENTRAL", category: "MLG_UNIFIED" });
  });

  it("Chengdu county-level area 2025 (950): (95,000 − 50,000) × 2 = 90,000; citywide 1,120 from 2026-01-01: (112,000 − 50,000) × 2 = 124,000", () => {
    expect(outcomeOf(engine.assess(twoPeople("510185", "2025-12-31")), "MLG").monthlyAmountFen).toBe(90_000);
    expect(outcomeOf(engine.assess(twoPeople("510185", "2026-01-01")), "MLG").monthlyAmountFen).toBe(124_000);
  });

  it("Luzhou urban from 2024-07-01 (official, 788): (78,800 − 50,000) × 2 = 57,600", () => {
    expect(outcomeOf(engine.assess(twoPeople("510502", "2024-07-01")), "MLG")).toMatchObject({ monthlyAmountFen: 57_600, confidence: "OFFICIAL" });
  });

  it("Suining has no city standard on file: the provincial floor (740) answers and the step says it is a floor", () => {
    const mlg = outcomeOf(engine.assess(twoPeople("510903", "2025-08-01")), "MLG");
    expect(mlg.monthlyAmountFen).toBe((74_000 - 50_000) * 2);
    expect(mlg.steps[0]).toMatchObject({ standard: { isFloor: true, areaScope: "SC-FLOOR" } });
    expect(mlg.steps[0]!.description).toContain("provincial floor");
  });
});

describe("低保边缘 (below 1.5 × the standard) and 单人保", () => {
  it("at exactly 1.5 × the standard (115,500) the household is outside the band; one fen below it is inside", () => {
    const at = (pci: number) => engine.assess(household({ areaCode: "500103", on: "2025-08-01", incomes: [{ source: "WAGES", monthlyAmountFen: pci }] }));
    expect(outcomeOf(at(115_500), "LOW_INCOME_EDGE")).toMatchObject({ eligible: false, reason: "at or above the edge limit" });
    expect(outcomeOf(at(115_499), "LOW_INCOME_EDGE")).toMatchObject({ eligible: true, confidence: "SECONDARY" });
  });

  it("a grade-1 disabled member with no own income in an edge household joins 低保 alone: 77,000 − 0 + 60-yuan top-up = 83,000", () => {
    // 300,000 ÷ 3 = 100,000 per capita: 77,000 ≤ 100,000 < 115,500 → edge.
    const members = [adult("1995-01-01", { disabilityGrade: 1 }), adult(), adult()];
    const incomes = [{ memberIndex: 1, source: "WAGES" as const, monthlyAmountFen: 150_000 }, { memberIndex: 2, source: "WAGES" as const, monthlyAmountFen: 150_000 }];
    const result = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members, incomes }));
    expect(outcomeOf(result, "MLG").eligible).toBe(false);
    expect(outcomeOf(result, "LOW_INCOME_EDGE").eligible).toBe(true);
    const single = outcomeOf(result, "SINGLE_PERSON_MLG");
    expect(single).toMatchObject({ eligible: true, monthlyAmountFen: 83_000, confidence: "SECONDARY" });
    expect(single.steps.find((s) => s.memberIndex === 0 && s.ruleId === "NATIONAL.SINGLE_PERSON_MLG")!.arithmetic).toBe("77000 − 0 = 77000");
  });

  it("a seriously ill member with own pension 30,000 gets 77,000 − 30,000 + 60 yuan = 53,000", () => {
    const members = [adult("1960-01-01", { seriousIllness: true }), adult()];
    const incomes = [{ memberIndex: 0, source: "PENSION" as const, monthlyAmountFen: 30_000 }, { memberIndex: 1, source: "WAGES" as const, monthlyAmountFen: 150_000 }];
    // 180,000 ÷ 2 = 90,000 per capita → edge.
    expect(outcomeOf(engine.assess(household({ areaCode: "500103", on: "2025-08-01", members, incomes })), "SINGLE_PERSON_MLG").monthlyAmountFen).toBe(53_000);
  });

  it("outside the band there is no 单人保, and an edge household without severe disability or illness gets none", () => {
    const noneQualify = engine.assess(household({ areaCode: "500103", on: "2025-08-01", incomes: [{ source: "WAGES", monthlyAmountFen: 90_000 }] }));
    expect(outcomeOf(noneQualify, "SINGLE_PERSON_MLG")).toMatchObject({ eligible: false, reason: "no member qualifies for 单人保" });
  });
});

describe("渐退 (illustrative parameters: 6 months, band up to 1.5 ×)", () => {
  const receiving = (pci: number, currentlyReceivingMlg = true) =>
    engine.assess(household({ areaCode: "500103", on: "2025-08-01", currentlyReceivingMlg, incomes: [{ source: "WAGES", monthlyAmountFen: pci }] }));

  it("a household on 低保 whose income rose to 80,000 (≥ 77,000, < 115,500) keeps its benefit for 6 months, flagged illustrative", () => {
    expect(outcomeOf(receiving(80_000), "MLG_GRADUAL_EXIT")).toMatchObject({ eligible: true, graceMonths: 6, monthlyAmountFen: null, confidence: "ILLUSTRATIVE" });
  });

  it("not at the band's top (115,500), not while still below the standard, not for a household not on 低保", () => {
    expect(outcomeOf(receiving(115_500), "MLG_GRADUAL_EXIT").eligible).toBe(false);
    expect(outcomeOf(receiving(50_000), "MLG_GRADUAL_EXIT")).toMatchObject({ eligible: false, reason: "still eligible for 低保 itself" });
    expect(outcomeOf(receiving(80_000, false), "MLG_GRADUAL_EXIT").eligible).toBe(false);
  });

  it("Sichuan's grace months come from its own rule file", () => {
    const result = engine.assess(household({ areaCode: "510502", on: "2025-08-01", currentlyReceivingMlg: true, incomes: [{ source: "WAGES", monthlyAmountFen: 80_000 }] }));
    expect(outcomeOf(result, "MLG_GRADUAL_EXIT")).toMatchObject({ eligible: true, graceMonths: 6 });
    expect(outcomeOf(result, "MLG_GRADUAL_EXIT").steps[0]!.ruleId).toBe("SC.GRADUAL_EXIT");
  });
});

describe("特困 (Art 14): basic living + care", () => {
  const elderly = (selfCare?: "SELF_CARING" | "PARTLY_DEPENDENT" | "FULLY_DEPENDENT") => adult("1950-01-01", selfCare ? { selfCare } : {});

  it("Chongqing 2025: published 1,001 + full-care 500 = 150,100 fen", () => {
    const hardship = outcomeOf(engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [elderly("FULLY_DEPENDENT")] })), "SPECIAL_HARDSHIP");
    expect(hardship).toMatchObject({ eligible: true, monthlyAmountFen: 150_100 });
    expect(hardship.steps.at(-1)!.arithmetic).toBe("100100 + 50000 = 150100");
    expect(hardship.steps.find((s) => s.ruleId === "CQ.HARDSHIP_CARE")!.standard).toMatchObject({ category: "HARDSHIP_CARE_FULL", amountFen: 50_000, confidence: "OFFICIAL" });
  });

  it("Chongqing before the 2024-09-01 raise: 955 + 300 (secondary) = 125,500; partial 300 / self-caring 100 after", () => {
    expect(outcomeOf(engine.assess(household({ areaCode: "500229", on: "2024-08-31", residence: "RURAL", members: [elderly("FULLY_DEPENDENT")] })), "SPECIAL_HARDSHIP").monthlyAmountFen).toBe(125_500);
    const twoMembers = engine.assess(household({ areaCode: "500229", on: "2024-09-01", members: [elderly("PARTLY_DEPENDENT"), adult("2012-01-01", { selfCare: "SELF_CARING" })] }));
    // (97,500 + 30,000) + (97,500 + 10,000) = 235,000
    expect(outcomeOf(twoMembers, "SPECIAL_HARDSHIP").monthlyAmountFen).toBe(235_000);
  });

  it("Sichuan floor area (Suining, rural): published floor 693 + 1/6 of the illustrative 2,000-yuan minimum wage (33,333.33 → 33,333) = 102,633, illustrative", () => {
    const hardship = outcomeOf(engine.assess(household({ areaCode: "510903", on: "2025-08-01", residence: "RURAL", members: [elderly("PARTLY_DEPENDENT")] })), "SPECIAL_HARDSHIP");
    expect(hardship).toMatchObject({ monthlyAmountFen: 69_300 + 33_333, confidence: "ILLUSTRATIVE" });
    expect(hardship.steps.find((s) => s.ruleId === "SC.HARDSHIP_CARE")!.arithmetic).toBe("200000 × 1/6 = 33333 (rounded half up to the fen)");
  });

  it("Luzhou publishes its own 特困 (1,025 urban); Chengdu does not, so 1.3 × its 990 = 1,287 (derived), not the 962 floor", () => {
    const luzhou = outcomeOf(engine.assess(household({ areaCode: "510502", on: "2025-08-01", members: [elderly()] })), "SPECIAL_HARDSHIP");
    expect(luzhou.monthlyAmountFen).toBe(102_500);
    const chengdu = outcomeOf(engine.assess(household({ areaCode: "510104", on: "2025-08-01", members: [elderly()] })), "SPECIAL_HARDSHIP");
    expect(chengdu.monthlyAmountFen).toBe(128_700);
    expect(chengdu.steps.find((s) => s.ruleId === "SC.HARDSHIP_BASIC")!.arithmetic).toBe("99000 × 13/10 = 128700 (exact)");
  });

  it("a published figure wins over the derived multiple: Chongqing 2023 published 955, while 1.3 × 735 = 955.5 would round half up to 956 yuan", () => {
    const derivedOnly = engineWith((r) => (r.hardshipBasic.usePublished = false));
    const derived = outcomeOf(derivedOnly.assess(household({ areaCode: "500103", on: "2023-09-01", members: [elderly()] })), "SPECIAL_HARDSHIP");
    expect(derived.monthlyAmountFen).toBe(95_600);
    expect(derived.steps.find((s) => s.ruleId === "CQ.HARDSHIP_BASIC")).toMatchObject({ arithmetic: "73500 × 13/10 = 95600 (rounded half up to the whole yuan)", rounding: "HALF_UP_YUAN" });
    expect(outcomeOf(engine.assess(household({ areaCode: "500103", on: "2023-09-01", members: [elderly()] })), "SPECIAL_HARDSHIP").monthlyAmountFen).toBe(95_500);
  });

  it("not 特困 with a working-age able member, with any income, or with a capable supporter; minors under 18 qualify", () => {
    const withAdult = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [elderly(), adult("1985-01-01")] }));
    expect(outcomeOf(withAdult, "SPECIAL_HARDSHIP")).toMatchObject({ eligible: false, reason: "member 1 (age 40) is of working age and not disabled" });
    const withIncome = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [elderly()], incomes: [{ source: "PENSION", monthlyAmountFen: 1 }] }));
    expect(outcomeOf(withIncome, "SPECIAL_HARDSHIP").eligible).toBe(false);
    expect(outcomeOf(engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [elderly()], capableSupporter: true })), "SPECIAL_HARDSHIP").eligible).toBe(false);
    const seventeen = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [adult("2008-01-01")] }));
    expect(outcomeOf(seventeen, "SPECIAL_HARDSHIP")).toMatchObject({ eligible: true, monthlyAmountFen: 100_100 });
    const eighteen = engine.assess(household({ areaCode: "500103", on: "2025-08-01", members: [adult("2007-08-01")] }));
    expect(outcomeOf(eighteen, "SPECIAL_HARDSHIP").eligible).toBe(false);
  });
});

describe("temporary assistance (illustrative 2–10 × the standard)", () => {
  it("Chongqing urban: 77,000 × 2 = 154,000 to 77,000 × 10 = 770,000; capped by a stated expense", () => {
    const open = outcomeOf(engine.assess(household({ areaCode: "500103", on: "2025-08-01", emergency: { kind: "MEDICAL" } })), "TEMP_ASSISTANCE");
    expect(open).toMatchObject({ eligible: true, rangeMinFen: 154_000, rangeMaxFen: 770_000, confidence: "ILLUSTRATIVE" });
    const capped = outcomeOf(engine.assess(household({ areaCode: "500103", on: "2025-08-01", emergency: { kind: "FIRE", expenseFen: 300_000 } })), "TEMP_ASSISTANCE");
    expect(capped).toMatchObject({ rangeMinFen: 154_000, rangeMaxFen: 300_000 });
    const small = outcomeOf(engine.assess(household({ areaCode: "500103", on: "2025-08-01", emergency: { kind: "ACCIDENT", expenseFen: 100_000 } })), "TEMP_ASSISTANCE");
    expect(small).toMatchObject({ rangeMinFen: 100_000, rangeMaxFen: 100_000 });
  });

  it("is only assessed when the input names an emergency", () => {
    expect(engine.assess(household({ areaCode: "500103", on: "2025-08-01" })).outcomes.map((o) => o.program)).toEqual(["MLG", "MLG_GRADUAL_EXIT", "LOW_INCOME_EDGE", "SINGLE_PERSON_MLG", "SPECIAL_HARDSHIP"]);
  });
});

describe("illustrative rules: assets and employment costs", () => {
  it("assets up to 24 months of the standard per member pass (77,000 × 24 × 1 = 1,848,000); one fen more fails 低保, flagged illustrative", () => {
    const within = outcomeOf(engine.assess(household({ areaCode: "500103", on: "2025-08-01", financialAssetsFen: 1_848_000 })), "MLG");
    expect(within).toMatchObject({ eligible: true, monthlyAmountFen: 77_000, confidence: "ILLUSTRATIVE" });
    const over = outcomeOf(engine.assess(household({ areaCode: "500103", on: "2025-08-01", financialAssetsFen: 1_848_001 })), "MLG");
    expect(over).toMatchObject({ eligible: false, reason: "financial assets over the limit", confidence: "ILLUSTRATIVE" });
  });

  it("the employment-cost deduction is off in the shipped rules; switched on it deducts min(wages, 30% of 77,000 = 23,100)", () => {
    const request = household({ areaCode: "500103", on: "2025-08-01", incomes: [{ memberIndex: 0, source: "WAGES", monthlyAmountFen: 50_000 }] });
    expect(outcomeOf(engine.assess(request), "MLG").monthlyAmountFen).toBe(27_000);
    const withDeduction = engineWith((r) => (r.employmentCostDeduction.enabled = true)).assess(request);
    // 50,000 − 23,100 = 26,900; 77,000 − 26,900 = 50,100
    expect(withDeduction.perCapitaIncomeFen).toBe(26_900);
    expect(outcomeOf(withDeduction, "MLG")).toMatchObject({ monthlyAmountFen: 50_100 });
    expect(withDeduction.perCapitaIncomeSteps.find((s) => s.ruleId === "CQ.EMPLOYMENT_COST_DEDUCTION")).toMatchObject({ arithmetic: "min(50000, 77000 × 3/10 = 23100) = 23100", confidence: "ILLUSTRATIVE" });
  });
});

describe("bad input → BAD_USER_INPUT naming the field", () => {
  const base = household({ areaCode: "500103", on: "2025-08-01" });

  it.each([
    ["a negative income", { incomes: [{ source: "WAGES", monthlyAmountFen: -1 }] }, "input.incomes[0].monthlyAmountFen"],
    ["a fractional income", { incomes: [{ source: "WAGES", monthlyAmountFen: 0 }, { source: "WAGES", monthlyAmountFen: 1.5 }] }, "input.incomes[1].monthlyAmountFen"],
    ["an unknown area code", { areaCode: "999999" }, "input.areaCode"],
    ["a date before any Chongqing standard", { on: "2023-08-31" }, "input.on"],
    ["a date before any Sichuan standard", { areaCode: "510104", on: "2023-06-30" }, "input.on"],
    ["an impossible date", { on: "2025-02-29" }, "input.on"],
    ["no members", { members: [] }, "input.members"],
    ["a member born after the date", { members: [adult("2026-01-01")] }, "input.members[0].birthDate"],
    ["a disability grade of 5", { members: [adult("1980-01-01", { disabilityGrade: 5 })] }, "input.members[0].disabilityGrade"],
    ["an income of a member who does not exist", { incomes: [{ memberIndex: 1, source: "WAGES", monthlyAmountFen: 1 }] }, "input.incomes[0].memberIndex"],
    ["an annual figure on wages", { incomes: [{ source: "WAGES", monthlyAmountFen: 1, annualNetAmountFen: 12 }] }, "input.incomes[0].annualNetAmountFen"],
    ["negative assets", { financialAssetsFen: -5 }, "input.financialAssetsFen"],
    ["a negative emergency expense", { emergency: { kind: "MEDICAL", expenseFen: -1 } }, "input.emergency.expenseFen"],
  ])("%s", (_what, change, field) => {
    expectBadUserInput(() => engine.assess({ ...base, ...(change as object) }), field);
  });

  it("names the compared area's own path", () => {
    expectBadUserInput(() => engine.assess(base, { areaCode: "123456", areaField: "areaCodes[1]" }), "areaCodes[1]");
  });
});
