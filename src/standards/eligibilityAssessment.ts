import type { Region } from "../config";
import type { RuleSource } from "./eligibilityRules";
import type { Rounding } from "./fenArithmetic";
import type { StandardFigure } from "./standardsCatalogue";
import type { Residence, SourceConfidence } from "./standardVocabulary";

// What the engine answers: per program an outcome, and behind every number the steps that made it.

export const PROGRAMS = ["MLG", "MLG_GRADUAL_EXIT", "LOW_INCOME_EDGE", "SINGLE_PERSON_MLG", "SPECIAL_HARDSHIP", "TEMP_ASSISTANCE"] as const;
export type Program = (typeof PROGRAMS)[number];

/** One checkable piece of arithmetic: which rule, which standard (with its source), the sum in fen and how it was rounded. */
export interface CalculationStep {
  ruleId: string;
  description: string;
  /** The arithmetic in fen, e.g. "(77000 − 50000) × 3 = 81000". */
  arithmetic: string;
  resultFen: number | null;
  rounding: Rounding;
  /** The member the step is about, when it is about one. */
  memberIndex: number | null;
  standard: StandardFigure | null;
  source: RuleSource;
  /** The weaker of the rule's and the standard's confidence. */
  confidence: SourceConfidence;
}

export interface ProgramOutcome {
  program: Program;
  eligible: boolean;
  monthlyAmountFen: number | null;
  graceMonths: number | null;
  /** One-off amounts (temporary assistance) are a range, not a monthly amount. */
  rangeMinFen: number | null;
  rangeMaxFen: number | null;
  /** The weakest confidence among the steps: ILLUSTRATIVE means an unpublished parameter decided it. */
  confidence: SourceConfidence;
  reason: string;
  steps: CalculationStep[];
}

export interface EligibilityAssessment {
  region: Region;
  /** The area the standards were taken for (a superseded code is followed to its successor). */
  areaCode: string;
  requestedAreaCode: string;
  on: string;
  residence: Residence;
  memberCount: number;
  totalIncomeFen: number;
  perCapitaIncomeFen: number;
  perCapitaIncomeSteps: CalculationStep[];
  ruleVersion: string;
  outcomes: ProgramOutcome[];
}
