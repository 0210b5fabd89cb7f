import { EligibilityEngine } from "./eligibilityEngine";
import { loadRuleSetFiles, RuleBook } from "./eligibilityRules";
import { loadStandardFiles } from "./standardFiles";
import { mlgCategoryFor, StandardsCatalogue, type StandardFigure } from "./standardsCatalogue";
import type { Residence, StandardCategory } from "./standardVocabulary";

// The pure, synchronous lookup over the standards and rules shipped in prisma/standards/ (read and
// validated once, on first use). The seed generator, the benchmark and tests use it without a database.

let bundled: StandardsCatalogue | undefined;
let bundledRules: RuleBook | undefined;
let bundledEngine: EligibilityEngine | undefined;

export function bundledStandards(): StandardsCatalogue {
  bundled ??= new StandardsCatalogue(loadStandardFiles());
  return bundled;
}

export function bundledRuleBook(): RuleBook {
  bundledRules ??= new RuleBook(loadRuleSetFiles().map((f) => f.rules));
  return bundledRules;
}

/** The rule engine over the shipped standards and rules. */
export function bundledEligibilityEngine(): EligibilityEngine {
  bundledEngine ??= new EligibilityEngine(bundledStandards(), bundledRuleBook());
  return bundledEngine;
}

/** The standard for an area code, category and date (YYYY-MM-DD), or undefined when none is on file. */
export function standardAmountFen(areaCode: string, category: StandardCategory, on: string): StandardFigure | undefined {
  return bundledStandards().figure(areaCode, category, on);
}

/** The 低保 standard for an area and residence (an area with one unified rate answers both). */
export function mlgStandardFen(areaCode: string, residence: Residence, on: string): StandardFigure | undefined {
  return bundledStandards().figure(areaCode, mlgCategoryFor(residence), on);
}
