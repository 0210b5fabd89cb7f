import { currentAreaCode, regionOfArea } from "../areas";
import { badUserInput } from "../errors";
import { ageOn } from "./calendarDate";
import type { CalculationStep, EligibilityAssessment, Program, ProgramOutcome } from "./eligibilityAssessment";
import { validateEligibilityRequest, type EligibilityMember, type EligibilityRequest } from "./eligibilityInput";
import type { EligibilityRuleSet, RuleBook, RuleSource, SelfCareLevel } from "./eligibilityRules";
import { applyFraction, atLeastFractionOf, describeDivision, divideRounded, fraction, ROUNDING_WORDS, type Rounding } from "./fenArithmetic";
import { hardshipCategoryFor, mlgCategoryFor, type StandardFigure, type StandardsCatalogue } from "./standardsCatalogue";
import { weakestConfidence, type SourceConfidence, type StandardCategory } from "./standardVocabulary";

// The eligibility rule engine: pure and synchronous. It reads standards from a catalogue and every
// parameter from the region's rule set in force on the date, and writes down each piece of
// arithmetic as a CalculationStep so an officer can check the answer by hand.

interface Rule {
  id: string;
  source: RuleSource;
}

interface StepOptions {
  resultFen?: number | null;
  rounding?: Rounding;
  memberIndex?: number | null;
  standard?: StandardFigure | null;
  /** A parameter weaker than the rule's own source (e.g. Sichuan's illustrative farm averaging). */
  confidence?: SourceConfidence;
}

function step(rule: Rule, description: string, arithmetic: string, options: StepOptions = {}): CalculationStep {
  const standard = options.standard ?? null;
  const confidences: SourceConfidence[] = [rule.source.confidence];
  if (standard) confidences.push(standard.confidence);
  if (options.confidence) confidences.push(options.confidence);
  return {
    ruleId: rule.id,
    description,
    arithmetic,
    resultFen: options.resultFen ?? null,
    rounding: options.rounding ?? "NONE",
    memberIndex: options.memberIndex ?? null,
    standard,
    source: rule.source,
    confidence: weakestConfidence(...confidences),
  };
}

function outcome(program: Program, eligible: boolean, reason: string, steps: CalculationStep[], amounts: Partial<Pick<ProgramOutcome, "monthlyAmountFen" | "graceMonths" | "rangeMinFen" | "rangeMaxFen">> = {}): ProgramOutcome {
  return {
    program,
    eligible,
    monthlyAmountFen: amounts.monthlyAmountFen ?? null,
    graceMonths: amounts.graceMonths ?? null,
    rangeMinFen: amounts.rangeMinFen ?? null,
    rangeMaxFen: amounts.rangeMaxFen ?? null,
    confidence: weakestConfidence(...steps.map((s) => s.confidence)),
    reason,
    steps,
  };
}

const describeStandard = (s: StandardFigure) =>
  `${s.category} for ${s.areaScope}${s.isFloor ? " (Sichuan provincial floor)" : ""} from ${s.effectiveFrom}${s.documentNumber ? ` (${s.documentNumber})` : ""}`;

const CARE_CATEGORY: Record<SelfCareLevel, StandardCategory> = {
  FULLY_DEPENDENT: "HARDSHIP_CARE_FULL",
  PARTLY_DEPENDENT: "HARDSHIP_CARE_PARTIAL",
  SELF_CARING: "HARDSHIP_CARE_SELF",
};

export interface AssessOptions {
  /** Field path prefix for errors (default "input"). */
  prefix?: string;
  /** Field path of the area code (compareEligibility names `areaCodes[1]`). */
  areaField?: string;
  /** Assess in this area instead of request.areaCode (compareEligibility). */
  areaCode?: string;
  /** The request was validated already (compareEligibility validates once). */
  validated?: boolean;
}

/** Everything one assessment works from, computed once. */
interface Household {
  request: EligibilityRequest;
  rules: EligibilityRuleSet;
  areaCode: string;
  n: number;
  ages: number[];
  mlgStandard: StandardFigure;
  /** Monthly income per member after averaging and deductions; index n holds unattributed income. */
  incomeByMember: number[];
  totalIncomeFen: number;
  perCapitaIncomeFen: number;
  perCapitaSteps: CalculationStep[];
  assetStep: CalculationStep | null;
  assetsWithinLimit: boolean;
}

export class EligibilityEngine {
  constructor(
    private readonly catalogue: StandardsCatalogue,
    private readonly ruleBook: RuleBook,
  ) {}

  assess(request: EligibilityRequest, options: AssessOptions = {}): EligibilityAssessment {
    const prefix = options.prefix ?? "input";
    if (!options.validated) validateEligibilityRequest(request, prefix);
    const household = this.household(request, options.areaCode ?? request.areaCode, options.areaField ?? `${prefix}.areaCode`, prefix);
    const mlg = this.mlg(household);
    const outcomes = [mlg, this.gradualExit(household), ...this.lowIncomeEdge(household), this.specialHardship(household)];
    if (request.emergency) outcomes.push(this.tempAssistance(household));
    return {
      region: household.mlgStandard.region,
      areaCode: household.areaCode,
      requestedAreaCode: options.areaCode ?? request.areaCode,
      on: request.on,
      residence: request.residence,
      memberCount: household.n,
      totalIncomeFen: household.totalIncomeFen,
      perCapitaIncomeFen: household.perCapitaIncomeFen,
      perCapitaIncomeSteps: household.perCapitaSteps,
      ruleVersion: household.rules.ruleVersion,
      outcomes,
    };
  }

  private household(request: EligibilityRequest, requestedArea: string, areaField: string, prefix: string): Household {
    const areaCode = currentAreaCode(requestedArea);
    const region = regionOfArea(areaCode);
    if (!region) throw badUserInput(areaField, `unknown area code ${requestedArea} (a GB/T 2260 code of Chongqing or Sichuan)`);
    const on = request.on;
    const rules = this.ruleBook.rulesFor(region, on);
    const mlgStandard = this.catalogue.figure(areaCode, mlgCategoryFor(request.residence), on);
    if (!rules || !mlgStandard) {
      const earliest = [this.ruleBook.earliestDate(region), this.catalogue.earliestDate(region)].filter(Boolean).sort().at(-1);
      throw badUserInput(`${prefix}.on`, `no ${request.residence} 低保 standard or rules on file for ${areaCode} on ${on}${earliest ? ` (the earliest is ${earliest})` : ""}`);
    }
    const n = request.members.length;
    const ages = request.members.map((m) => ageOn(m.birthDate, on));
    const { incomeByMember, steps } = this.monthlyIncomes(request, rules, mlgStandard);
    const totalIncomeFen = incomeByMember.reduce((sum, v) => sum + v, 0);
    const pci = rules.perCapitaIncome;
    const perCapitaIncomeFen = divideRounded(totalIncomeFen, n, pci.rounding);
    steps.push(
      step(pci, `Per-capita monthly income: household income ÷ ${n} member(s). ${pci.roundingNote}`, describeDivision(totalIncomeFen, n, perCapitaIncomeFen, pci.rounding), {
        resultFen: perCapitaIncomeFen,
        rounding: pci.rounding,
      }),
    );
    const assets = this.assetTest(request, rules, mlgStandard, n);
    return { request, rules, areaCode, n, ages, mlgStandard, incomeByMember, totalIncomeFen, perCapitaIncomeFen, perCapitaSteps: steps, ...assets };
  }

  /** Monthly income per member (and unattributed), farm income averaged, employment costs deducted when the region's rule is on. */
  private monthlyIncomes(request: EligibilityRequest, rules: EligibilityRuleSet, mlgStandard: StandardFigure): { incomeByMember: number[]; steps: CalculationStep[] } {
    const n = request.members.length;
    const pci = rules.perCapitaIncome;
    const steps: CalculationStep[] = [];
    const incomeByMember = new Array<number>(n + 1).fill(0);
    const wagesByMember = new Array<number>(n + 1).fill(0);
    const addends: string[] = [];
    request.incomes.forEach((income, index) => {
      const slot = income.memberIndex ?? n;
      let amount = income.monthlyAmountFen;
      if (income.source === "FARMING" && income.annualNetAmountFen !== null && income.annualNetAmountFen !== undefined) {
        const months = pci.farmingMonthsAveraged;
        amount = divideRounded(income.annualNetAmountFen, months, pci.rounding);
        steps.push(
          step(pci, `Farm income of incomes[${index}] averaged: 12-month net ÷ ${months}.${pci.farmingNote ? ` ${pci.farmingNote}` : ""}`, describeDivision(income.annualNetAmountFen, months, amount, pci.rounding), {
            resultFen: amount,
            rounding: pci.rounding,
            memberIndex: income.memberIndex ?? null,
            confidence: pci.farmingConfidence,
          }),
        );
      }
      incomeByMember[slot]! += amount;
      if (income.source === "WAGES") wagesByMember[slot]! += amount;
      addends.push(String(amount));
    });
    const deduction = rules.employmentCostDeduction;
    if (deduction.enabled) {
      const perEarner = applyFraction(mlgStandard.amountFen, deduction.fractionOfStandard, "HALF_UP_FEN").value;
      wagesByMember.forEach((wages, slot) => {
        if (wages === 0) return;
        const deducted = Math.min(wages, perEarner);
        incomeByMember[slot]! -= deducted;
        addends.push(`−${deducted}`);
        steps.push(
          step(deduction, `Employment-cost deduction for ${slot === n ? "unattributed wages" : `member ${slot}`}: ${fraction(deduction.fractionOfStandard)} of the standard, at most the wages`, `min(${wages}, ${mlgStandard.amountFen} × ${fraction(deduction.fractionOfStandard)} = ${perEarner}) = ${deducted}`, {
            resultFen: deducted,
            rounding: "HALF_UP_FEN",
            memberIndex: slot === n ? null : slot,
            standard: mlgStandard,
          }),
        );
      });
    }
    const total = incomeByMember.reduce((sum, v) => sum + v, 0);
    steps.push(
      step(pci, `Household monthly income: the ${request.incomes.length} income item(s) of last month${deduction.enabled ? " less employment costs" : ""}`, `${addends.length === 0 ? "0" : addends.join(" + ").replace(/\+ −/g, "− ")} = ${total}`, { resultFen: total }),
    );
    return { incomeByMember, steps };
  }

  /** Art 9: property within local rules. No published limit: the rule set's limit is illustrative. */
  private assetTest(request: EligibilityRequest, rules: EligibilityRuleSet, standard: StandardFigure, n: number): { assetStep: CalculationStep | null; assetsWithinLimit: boolean } {
    const assets = request.financialAssetsFen;
    if (assets === null || assets === undefined) return { assetStep: null, assetsWithinLimit: true };
    const rule = rules.assetLimit;
    const limit = standard.amountFen * rule.monthsOfStandardPerMember * n;
    const within = assets <= limit;
    const assetStep = step(rule, `Financial assets against the limit (${rule.monthsOfStandardPerMember} months of the standard per member): ${within ? "within" : "over"} the limit`, `${assets} ${within ? "≤" : ">"} ${standard.amountFen} × ${rule.monthsOfStandardPerMember} × ${n} = ${limit}`, {
      resultFen: limit,
      standard,
    });
    return { assetStep, assetsWithinLimit: within };
  }

  private standardStep(h: Household, rule: Rule, purpose: string): CalculationStep {
    const s = h.mlgStandard;
    return step(rule, `${purpose}: ${describeStandard(s)}`, `${s.amountFen}`, { resultFen: s.amountFen, standard: s });
  }

  /** 低保: per-capita income below the standard → (standard − per-capita income) × members + top-ups. */
  private mlg(h: Household): ProgramOutcome {
    const rule = h.rules.mlg;
    const standard = h.mlgStandard.amountFen;
    const steps = [this.standardStep(h, rule, "低保 standard")];
    if (h.assetStep) steps.push(h.assetStep);
    if (!h.assetsWithinLimit) return outcome("MLG", false, "financial assets over the limit", steps);
    if (h.perCapitaIncomeFen >= standard) {
      steps.push(step(rule, "Per-capita income is not below the standard: not eligible", `${h.perCapitaIncomeFen} ≥ ${standard}`));
      return outcome("MLG", false, "per-capita income is not below the standard", steps);
    }
    const base = (standard - h.perCapitaIncomeFen) * h.n;
    steps.push(
      step(rule, "低保 amount: (standard − per-capita income) × members", `(${standard} − ${h.perCapitaIncomeFen}) × ${h.n} = ${base}`, { resultFen: base, standard: h.mlgStandard }),
    );
    const topUps = this.topUps(h, [...h.request.members.keys()]);
    steps.push(...topUps.steps);
    const amount = base + topUps.totalFen;
    if (topUps.steps.length > 0) {
      steps.push(step(rule, "低保 monthly amount: base + top-ups", `${base} + ${topUps.totalFen} = ${amount}`, { resultFen: amount }));
    }
    return outcome("MLG", true, "per-capita income below the standard", steps, { monthlyAmountFen: amount });
  }

  /** 分类施保: per member the highest top-up category that fits (rule set decides categories and amounts). */
  private topUps(h: Household, memberIndexes: readonly number[]): { totalFen: number; steps: CalculationStep[] } {
    const rule = h.rules.topUps;
    const steps: CalculationStep[] = [];
    let totalFen = 0;
    for (const index of memberIndexes) {
      const member = h.request.members[index]!;
      const age = h.ages[index]!;
      const fits = rule.categories.filter((c) => {
        if (c.when === "STUDENT_OR_PRESCHOOL") return member.student === true || age < rule.preschoolAgeBelow;
        if (c.when === "ANY_DISABILITY") return member.disabilityGrade != null;
        const severe = member.disabilityGrade != null && (c.severeDisabilityGrades ?? []).includes(member.disabilityGrade);
        return severe || member.seriousIllness === true || (c.agedAtLeast !== undefined && age >= c.agedAtLeast);
      });
      if (fits.length === 0) continue;
      const best = fits.reduce((a, b) => (b.amountFen > a.amountFen ? b : a));
      totalFen += best.amountFen;
      steps.push(
        step(rule, `Top-up for member ${index} (age ${age}): ${best.code}${fits.length > 1 ? `, the highest of ${fits.map((f) => f.code).join(", ")}` : ""}`, `${best.amountFen}`, {
          resultFen: best.amountFen,
          memberIndex: index,
        }),
      );
    }
    return { totalFen, steps };
  }

  /** 渐退: a household already on 低保 whose income rose to the standard but stays below the band keeps its benefit for the grace months. */
  private gradualExit(h: Household): ProgramOutcome {
    const rule = h.rules.gradualExit;
    const standard = h.mlgStandard.amountFen;
    const steps = [this.standardStep(h, rule, "低保 standard")];
    if (h.request.currentlyReceivingMlg !== true) {
      steps.push(step(rule, "渐退 applies only to households already receiving 低保 (input.currentlyReceivingMlg)", "not receiving"));
      return outcome("MLG_GRADUAL_EXIT", false, "the household does not already receive 低保", steps);
    }
    const band = rule.bandMultiple;
    const inBand = h.perCapitaIncomeFen >= standard && !atLeastFractionOf(h.perCapitaIncomeFen, band, standard);
    steps.push(
      step(rule, `渐退 band: per-capita income from the standard up to (not including) ${fraction(band)} × the standard: ${inBand ? "inside" : "outside"}`, `${standard} ≤ ${h.perCapitaIncomeFen} < ${standard} × ${fraction(band)} is ${inBand}`, {
        standard: h.mlgStandard,
      }),
    );
    if (!inBand) return outcome("MLG_GRADUAL_EXIT", false, h.perCapitaIncomeFen < standard ? "still eligible for 低保 itself" : "income above the 渐退 band", steps);
    return outcome("MLG_GRADUAL_EXIT", true, `benefit in payment continues for ${rule.graceMonths} months`, steps, { graceMonths: rule.graceMonths });
  }

  /** 低保边缘 (standard ≤ per-capita income < 1.5 × standard) and, inside it, 单人保 for severely disabled or seriously ill members. */
  private lowIncomeEdge(h: Household): [ProgramOutcome, ProgramOutcome] {
    const rule = h.rules.lowIncomeEdge;
    const standard = h.mlgStandard.amountFen;
    const steps = [this.standardStep(h, rule, "低保 standard")];
    if (h.assetStep) steps.push(h.assetStep);
    const inBand = h.perCapitaIncomeFen >= standard && !atLeastFractionOf(h.perCapitaIncomeFen, rule.multiple, standard);
    const limit = applyFraction(standard, rule.multiple, "HALF_UP_FEN");
    steps.push(
      step(rule, `低保边缘: per-capita income at or above the standard and below ${fraction(rule.multiple)} × the standard: ${inBand ? "inside" : "outside"}`, `${standard} ≤ ${h.perCapitaIncomeFen} < ${standard} × ${fraction(rule.multiple)} = ${limit.value}${limit.exact ? "" : " (rounded half up to the fen)"} is ${inBand}`, {
        resultFen: limit.value,
        rounding: limit.exact ? "NONE" : "HALF_UP_FEN",
        standard: h.mlgStandard,
      }),
    );
    const eligible = inBand && h.assetsWithinLimit;
    const reason = !h.assetsWithinLimit ? "financial assets over the limit" : inBand ? "low-income edge household" : h.perCapitaIncomeFen < standard ? "below the standard: 低保 itself applies" : "at or above the edge limit";
    const edge = outcome("LOW_INCOME_EDGE", eligible, reason, steps);
    return [edge, this.singlePerson(h, eligible)];
  }

  private singlePerson(h: Household, edgeHousehold: boolean): ProgramOutcome {
    const rule = h.rules.singlePerson;
    const standard = h.mlgStandard.amountFen;
    const steps = [this.standardStep(h, rule, "低保 standard for a one-person household")];
    if (!edgeHousehold) {
      steps.push(step(rule, "单人保 applies only inside a 低保边缘 household", "not an edge household"));
      return outcome("SINGLE_PERSON_MLG", false, "the household is not a low-income edge household", steps);
    }
    const qualifying = h.request.members
      .map((m, index) => ({ m, index }))
      .filter(({ m }) => (m.disabilityGrade != null && rule.severeDisabilityGrades.includes(m.disabilityGrade)) || (rule.seriousIllness && m.seriousIllness === true));
    let amount = 0;
    const paid: number[] = [];
    for (const { index } of qualifying) {
      const own = h.incomeByMember[index]!;
      if (own >= standard) {
        steps.push(step(rule, `Member ${index} alone: own income is not below the standard`, `${own} ≥ ${standard}`, { memberIndex: index, standard: h.mlgStandard }));
        continue;
      }
      const base = standard - own;
      amount += base;
      paid.push(index);
      steps.push(step(rule, `Member ${index} as a one-person household: standard − own monthly income`, `${standard} − ${own} = ${base}`, { resultFen: base, memberIndex: index, standard: h.mlgStandard }));
    }
    if (paid.length === 0) {
      if (qualifying.length === 0) steps.push(step(rule, "No member is grade 1–2 disabled or seriously ill", "none"));
      return outcome("SINGLE_PERSON_MLG", false, "no member qualifies for 单人保", steps);
    }
    const topUps = this.topUps(h, paid);
    steps.push(...topUps.steps);
    const total = amount + topUps.totalFen;
    steps.push(step(rule, "单人保 monthly amount: sum over qualifying members, with their top-ups", `${amount} + ${topUps.totalFen} = ${total}`, { resultFen: total }));
    return outcome("SINGLE_PERSON_MLG", true, `${paid.length} member(s) may join 低保 alone`, steps, { monthlyAmountFen: total });
  }

  /** 特困 (Art 14): every member elderly, disabled or a minor; no income; no capable legal supporter. Basic living + care per member. */
  private specialHardship(h: Household): ProgramOutcome {
    const rule = h.rules.hardship;
    const steps: CalculationStep[] = [];
    const notEligible = (reason: string, arithmetic: string, memberIndex: number | null = null) => {
      steps.push(step(rule, `特困: ${reason}`, arithmetic, { memberIndex }));
      return outcome("SPECIAL_HARDSHIP", false, reason, steps);
    };
    const able = h.ages.findIndex((age, i) => age >= rule.minorAgeBelow && age < rule.elderlyAgeAtLeast && h.request.members[i]!.disabilityGrade == null);
    if (able >= 0) return notEligible(`member ${able} (age ${h.ages[able]}) is of working age and not disabled`, `${rule.minorAgeBelow} ≤ ${h.ages[able]} < ${rule.elderlyAgeAtLeast}`, able);
    if (h.totalIncomeFen > 0) return notEligible("the household has income", `${h.totalIncomeFen} > 0`);
    if (h.request.capableSupporter === true) return notEligible("a legal supporter able to support exists", "input.capableSupporter = true");
    steps.push(
      step(rule, `特困 conditions met: every member under ${rule.minorAgeBelow}, from ${rule.elderlyAgeAtLeast}, or disabled; no income; ${h.request.capableSupporter === false ? "no capable supporter (stated)" : "no capable supporter stated (the officer must confirm)"}`, "0 income"),
    );
    const parts: number[] = [];
    h.request.members.forEach((member, index) => {
      parts.push(this.hardshipBasic(h, index, steps), this.hardshipCare(h, member, index, steps));
    });
    const total = parts.reduce((sum, v) => sum + v, 0);
    steps.push(step(rule, "特困 monthly amount: basic living + care, summed over members", `${parts.join(" + ")} = ${total}`, { resultFen: total }));
    return outcome("SPECIAL_HARDSHIP", true, `${h.n} member(s) meet the 特困 conditions`, steps, { monthlyAmountFen: total });
  }

  /** A published 特困 figure when on file (a floor figure only beside a floor 低保); otherwise the multiple of 低保. */
  private hardshipBasic(h: Household, index: number, steps: CalculationStep[]): number {
    const rule = h.rules.hardshipBasic;
    const { on, residence } = h.request;
    const published = rule.usePublished ? this.catalogue.figure(h.areaCode, hardshipCategoryFor(residence), on) : undefined;
    if (published && (!published.isFloor || h.mlgStandard.isFloor)) {
      steps.push(step(rule, `特困 basic living for member ${index}: published ${describeStandard(published)}`, `${published.amountFen}`, { resultFen: published.amountFen, memberIndex: index, standard: published }));
      return published.amountFen;
    }
    const basis = rule.multipleBasis === "URBAN" ? this.catalogue.figure(h.areaCode, "MLG_URBAN", on) ?? h.mlgStandard : h.mlgStandard;
    const derived = applyFraction(basis.amountFen, rule.multipleOfMlg, rule.rounding);
    steps.push(
      step(rule, `特困 basic living for member ${index}: ${published ? "only the provincial floor is published beside an own 低保 standard" : "no figure published"}, so ${fraction(rule.multipleOfMlg)} × ${describeStandard(basis)}`, `${basis.amountFen} × ${fraction(rule.multipleOfMlg)} = ${derived.value} (${derived.exact ? "exact" : ROUNDING_WORDS[rule.rounding]})`, {
        resultFen: derived.value,
        rounding: derived.exact ? "NONE" : rule.rounding,
        memberIndex: index,
        standard: basis,
      }),
    );
    return derived.value;
  }

  private hardshipCare(h: Household, member: EligibilityMember, index: number, steps: CalculationStep[]): number {
    const rule = h.rules.hardshipCare;
    if (!member.selfCare) {
      steps.push(step(rule, `Care subsidy for member ${index}: self-care level not given, not assessed`, "0", { resultFen: 0, memberIndex: index }));
      return 0;
    }
    if (rule.kind === "FIXED") {
      const care = this.catalogue.figure(h.areaCode, CARE_CATEGORY[member.selfCare], h.request.on);
      const amount = care?.amountFen ?? 0;
      steps.push(step(rule, `Care subsidy for member ${index} (${member.selfCare}): ${care ? `fixed amount, ${describeStandard(care)}` : "no amount on file"}`, `${amount}`, { resultFen: amount, memberIndex: index, standard: care ?? null }));
      return amount;
    }
    const wage = this.catalogue.figure(h.areaCode, "MINIMUM_WAGE", h.request.on);
    const wageFen = wage?.amountFen ?? rule.illustrativeMinimumWageFen;
    const share = rule.fractions[member.selfCare];
    const amount = applyFraction(wageFen, share, rule.rounding);
    steps.push(
      step(rule, `Care subsidy for member ${index} (${member.selfCare}): ${fraction(share)} of the minimum wage${wage ? ` (${describeStandard(wage)})` : " (illustrative minimum wage)"}`, `${wageFen} × ${fraction(share)} = ${amount.value} (${amount.exact ? "exact" : ROUNDING_WORDS[rule.rounding]})`, {
        resultFen: amount.value,
        rounding: amount.exact ? "NONE" : rule.rounding,
        memberIndex: index,
        standard: wage ?? null,
      }),
    );
    return amount.value;
  }

  /** 临时救助 (Art 49): a one-off range set locally; the multiples here are illustrative. */
  private tempAssistance(h: Household): ProgramOutcome {
    const rule = h.rules.tempAssistance;
    const standard = h.mlgStandard.amountFen;
    const emergency = h.request.emergency!;
    const steps = [this.standardStep(h, rule, "低保 standard")];
    let max = standard * rule.maxMultipleOfStandard;
    let min = standard * rule.minMultipleOfStandard;
    steps.push(step(rule, `Temporary assistance (${emergency.kind}): ${rule.minMultipleOfStandard}–${rule.maxMultipleOfStandard} × the monthly standard`, `${standard} × ${rule.minMultipleOfStandard} = ${min}; ${standard} × ${rule.maxMultipleOfStandard} = ${max}`, { standard: h.mlgStandard }));
    const expense = emergency.expenseFen;
    if (expense !== null && expense !== undefined && expense < max) {
      max = expense;
      min = Math.min(min, max);
      steps.push(step(rule, "Range capped at the stated expense", `max = min(${standard * rule.maxMultipleOfStandard}, ${expense}) = ${max}; min = ${min}`, { resultFen: max }));
    }
    return outcome("TEMP_ASSISTANCE", max > 0, max > 0 ? "an emergency was stated" : "the stated expense is zero", steps, { rangeMinFen: min, rangeMaxFen: max });
  }
}
