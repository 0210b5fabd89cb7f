import type { Db } from "../db";
import { badUserInput } from "../errors";
import { isIsoDate } from "./calendarDate";
import { SELF_CARE_LEVELS, type SelfCareLevel } from "./eligibilityRules";
import { RESIDENCES, type Residence } from "./standardVocabulary";

// What a caller tells the engine about a household, and the checks it must pass. Bad input is a
// BAD_USER_INPUT naming the field path (`input.incomes[0].monthlyAmountFen`), never a wrong amount.

export const INCOME_SOURCES = ["WAGES", "PENSION", "FARMING", "BUSINESS", "RENTAL", "TRANSFER", "OTHER"] as const satisfies readonly Db.IncomeSource[];
export type IncomeSource = (typeof INCOME_SOURCES)[number];

export const EMERGENCY_KINDS = ["MEDICAL", "ACCIDENT", "DISASTER", "FIRE", "SUDDEN_LOSS_OF_INCOME", "OTHER"] as const;
export type EmergencyKind = (typeof EMERGENCY_KINDS)[number];

export interface EligibilityMember {
  birthDate: string;
  /** 残疾等级 1 (most severe) to 4; absent when not disabled. */
  disabilityGrade?: number | null;
  seriousIllness?: boolean | null;
  selfCare?: SelfCareLevel | null;
  student?: boolean | null;
}

export interface IncomeEntry {
  /** Index into members; absent for household income not attributable to one member. */
  memberIndex?: number | null;
  source: IncomeSource;
  monthlyAmountFen: number;
  /** Farming only: 12-month net (gross minus direct costs); when given it replaces monthlyAmountFen. */
  annualNetAmountFen?: number | null;
}

export interface EmergencyEntry {
  kind: EmergencyKind;
  /** The expense or loss the emergency caused, when known; caps the temporary-assistance range. */
  expenseFen?: number | null;
}

export interface EligibilityRequest {
  areaCode: string;
  on: string;
  residence: Residence;
  members: readonly EligibilityMember[];
  incomes: readonly IncomeEntry[];
  financialAssetsFen?: number | null;
  emergency?: EmergencyEntry | null;
  /** The household already receives 低保 (needed for 渐退). */
  currentlyReceivingMlg?: boolean | null;
  /** A legal supporter able to support the members exists (rules out 特困). */
  capableSupporter?: boolean | null;
}

/** Households larger than this are a data error, not a family (also bounds the work per request). */
export const MAX_MEMBERS = 30;
export const MAX_INCOMES = 200;

function checkFen(value: number | null | undefined, field: string): void {
  if (value === null || value === undefined) return;
  if (!Number.isSafeInteger(value)) throw badUserInput(field, "must be a whole number of fen");
  if (value < 0) throw badUserInput(field, "must not be negative");
}

/** Checks the shape the GraphQL types cannot express; the area and date are checked against the data later. */
export function validateEligibilityRequest(request: EligibilityRequest, prefix = "input"): void {
  if (!isIsoDate(request.on)) throw badUserInput(`${prefix}.on`, "must be a calendar date YYYY-MM-DD");
  if (!(RESIDENCES as readonly string[]).includes(request.residence)) throw badUserInput(`${prefix}.residence`, "must be URBAN or RURAL");
  if (request.members.length === 0) throw badUserInput(`${prefix}.members`, "a household has at least one member");
  if (request.members.length > MAX_MEMBERS) throw badUserInput(`${prefix}.members`, `at most ${MAX_MEMBERS} members`);
  if (request.incomes.length > MAX_INCOMES) throw badUserInput(`${prefix}.incomes`, `at most ${MAX_INCOMES} income items`);
  request.members.forEach((member, index) => {
    const field = `${prefix}.members[${index}]`;
    if (!isIsoDate(member.birthDate)) throw badUserInput(`${field}.birthDate`, "must be a calendar date YYYY-MM-DD");
    if (member.birthDate > request.on) throw badUserInput(`${field}.birthDate`, `is after the assessment date ${request.on}`);
    const grade = member.disabilityGrade;
    if (grade !== null && grade !== undefined && !(Number.isInteger(grade) && grade >= 1 && grade <= 4)) throw badUserInput(`${field}.disabilityGrade`, "must be 1 to 4");
    if (member.selfCare && !(SELF_CARE_LEVELS as readonly string[]).includes(member.selfCare)) throw badUserInput(`${field}.selfCare`, `must be one of ${SELF_CARE_LEVELS.join(", ")}`);
  });
  request.incomes.forEach((income, index) => {
    const field = `${prefix}.incomes[${index}]`;
    const member = income.memberIndex;
    if (member !== null && member !== undefined && !(Number.isInteger(member) && member >= 0 && member < request.members.length)) {
      throw badUserInput(`${field}.memberIndex`, `must name a member (0 to ${request.members.length - 1})`);
    }
    if (!(INCOME_SOURCES as readonly string[]).includes(income.source)) throw badUserInput(`${field}.source`, `must be one of ${INCOME_SOURCES.join(", ")}`);
    checkFen(income.monthlyAmountFen, `${field}.monthlyAmountFen`);
    checkFen(income.annualNetAmountFen, `${field}.annualNetAmountFen`);
    if (income.annualNetAmountFen !== null && income.annualNetAmountFen !== undefined && income.source !== "FARMING") {
      throw badUserInput(`${field}.annualNetAmountFen`, "is only used for FARMING income");
    }
  });
  checkFen(request.financialAssetsFen, `${prefix}.financialAssetsFen`);
  if (request.emergency) {
    if (!(EMERGENCY_KINDS as readonly string[]).includes(request.emergency.kind)) throw badUserInput(`${prefix}.emergency.kind`, `must be one of ${EMERGENCY_KINDS.join(", ")}`);
    checkFen(request.emergency.expenseFen, `${prefix}.emergency.expenseFen`);
  }
}
