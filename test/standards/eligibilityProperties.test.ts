import fc from "fast-check";
import { bundledEligibilityEngine, bundledRuleBook, mlgStandardFen, type EligibilityRequest, type Program } from "../../src/standards";
import { outcomeOf } from "./eligibilitySupport";

// Properties over random households in both provinces and across the standards' history.

const engine = bundledEligibilityEngine();
const AREAS = ["500103", "500105", "500229", "510104", "510185", "510502", "511702", "510903"];
const DATES = ["2023-09-01", "2024-08-31", "2024-09-01", "2025-06-30", "2025-07-01", "2025-12-31", "2026-01-01"];

const member = fc.record({
  birthDate: fc.date({ min: new Date("1930-01-01T00:00:00Z"), max: new Date("2023-06-30T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  disabilityGrade: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  seriousIllness: fc.boolean(),
  selfCare: fc.option(fc.constantFrom("SELF_CARING" as const, "PARTLY_DEPENDENT" as const, "FULLY_DEPENDENT" as const), { nil: null }),
  student: fc.boolean(),
});

const householdArbitrary: fc.Arbitrary<EligibilityRequest> = fc
  .record({
    areaCode: fc.constantFrom(...AREAS),
    on: fc.constantFrom(...DATES),
    residence: fc.constantFrom("URBAN" as const, "RURAL" as const),
    members: fc.array(member, { minLength: 1, maxLength: 6 }),
    financialAssetsFen: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
    currentlyReceivingMlg: fc.boolean(),
    incomeSeeds: fc.array(fc.record({ member: fc.option(fc.nat(), { nil: null }), source: fc.constantFrom("WAGES" as const, "PENSION" as const, "FARMING" as const, "BUSINESS" as const, "TRANSFER" as const), monthlyAmountFen: fc.integer({ min: 0, max: 400_000 }) }), { maxLength: 4 }),
  })
  .map(({ incomeSeeds, ...rest }) => ({
    ...rest,
    incomes: incomeSeeds.map((s) => ({ memberIndex: s.member === null ? null : s.member % rest.members.length, source: s.source, monthlyAmountFen: s.monthlyAmountFen })),
  }));

const amount = (request: EligibilityRequest, program: Program) => outcomeOf(engine.assess(request), program).monthlyAmountFen ?? 0;

describe("eligibility properties (fast-check)", () => {
  it("低保 never exceeds the standard × members plus each member's largest top-up; 单人保 never exceeds standard + top-up per member", () => {
    fc.assert(
      fc.property(householdArbitrary, (request) => {
        const standard = mlgStandardFen(request.areaCode, request.residence, request.on)!.amountFen;
        const rules = bundledRuleBook().rulesFor(engine.assess(request).region, request.on)!;
        const largestTopUp = Math.max(0, ...rules.topUps.categories.map((c) => c.amountFen));
        const n = request.members.length;
        expect(amount(request, "MLG")).toBeLessThanOrEqual((standard + largestTopUp) * n);
        expect(amount(request, "SINGLE_PERSON_MLG")).toBeLessThanOrEqual((standard + largestTopUp) * n);
      }),
      { numRuns: 500 },
    );
  });

  // The "benefit" is the 低保 amount (standard − per-capita income + top-ups). 单人保 is a
  // separate program that starts only above the standard, so it is monotone only among edge
  // households (see the documented edge at the end of this file).
  it("more income never increases the 低保 or 特困 amount, nor 单人保 among edge households, and never makes an ineligible household eligible for 低保", () => {
    fc.assert(
      fc.property(householdArbitrary, fc.integer({ min: 1, max: 300_000 }), fc.nat(), (request, extra, which) => {
        const richer: EligibilityRequest = request.incomes.length === 0
          ? { ...request, incomes: [{ memberIndex: which % request.members.length, source: "WAGES", monthlyAmountFen: extra }] }
          : { ...request, incomes: request.incomes.map((income, i) => (i === which % request.incomes.length ? { ...income, monthlyAmountFen: income.monthlyAmountFen + extra } : income)) };
        for (const program of ["MLG", "SPECIAL_HARDSHIP"] as const) {
          expect(amount(richer, program)).toBeLessThanOrEqual(amount(request, program));
        }
        const edge = (r: EligibilityRequest) => outcomeOf(engine.assess(r), "LOW_INCOME_EDGE").eligible;
        if (edge(request) && edge(richer)) expect(amount(richer, "SINGLE_PERSON_MLG")).toBeLessThanOrEqual(amount(request, "SINGLE_PERSON_MLG"));
        if (!outcomeOf(engine.assess(request), "MLG").eligible) expect(outcomeOf(engine.assess(richer), "MLG").eligible).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("more financial assets never increase the 低保 amount", () => {
    fc.assert(
      fc.property(householdArbitrary, fc.integer({ min: 1, max: 5_000_000 }), (request, extra) => {
        const richer = { ...request, financialAssetsFen: (request.financialAssetsFen ?? 0) + extra };
        expect(amount(richer, "MLG")).toBeLessThanOrEqual(amount(request, "MLG"));
      }),
      { numRuns: 300 },
    );
  });

  it("every amount is the result of its outcome's last step, and every step with a standard names a source", () => {
    fc.assert(
      fc.property(householdArbitrary, (request) => {
        const assessment = engine.assess(request);
        expect(assessment.perCapitaIncomeSteps.at(-1)!.resultFen).toBe(assessment.perCapitaIncomeFen);
        for (const outcome of assessment.outcomes) {
          if (outcome.monthlyAmountFen !== null) expect(outcome.steps.at(-1)!.resultFen).toBe(outcome.monthlyAmountFen);
          for (const step of outcome.steps) {
            expect(step.ruleId).toMatch(/^[A-Z]+\.[A-Z_]+$/);
            if (step.standard) expect(step.standard.sourceUrl).toBeTruthy();
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic: the same household gives the same answer", () => {
    fc.assert(fc.property(householdArbitrary, (request) => expect(engine.assess(request)).toEqual(engine.assess(structuredClone(request)))), { numRuns: 100 });
  });
});

describe("a documented edge of the published rules (not a property)", () => {
  it("单人保 can pay a household more than 低保 did just below the standard: the two programs are separate, so only each program is monotone", () => {
    const members = [{ birthDate: "1995-01-01", disabilityGrade: 1 }, { birthDate: "1985-01-01" }];
    const at = (wages: number): EligibilityRequest => ({ areaCode: "500103", on: "2025-08-01", residence: "URBAN", members, incomes: [{ memberIndex: 1, source: "WAGES", monthlyAmountFen: wages }] });
    // 153,998 ÷ 2 = 76,999 → 低保 (77,000 − 76,999) × 2 = 2, plus the 60-yuan top-up = 6,002.
    expect(amount(at(153_998), "MLG")).toBe(6_002);
    // 154,000 ÷ 2 = 77,000 → edge; member 0 alone: 77,000 − 0 + 6,000 = 83,000.
    expect(amount(at(154_000), "SINGLE_PERSON_MLG")).toBe(83_000);
  });
});
