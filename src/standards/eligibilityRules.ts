import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { REGIONS, type Region } from "../config";
import { projectRoot } from "../db";
import { STANDARDS_DIR, StandardsDataError } from "./standardFiles";
import { SOURCE_CONFIDENCES } from "./standardVocabulary";

// Eligibility rules as data: one YAML file per region and dated version under
// prisma/standards/rules/. Regions differ (fixed care amounts in Chongqing, minimum-wage fractions
// elsewhere; top-ups only where published), so the engine reads every parameter from here and
// every parameter carries its source and confidence. Validated with zod when first loaded.

export const RULES_DIR = path.join(STANDARDS_DIR, "rules");

const isoDate = z.iso.date();
const fen = z.number().int().nonnegative();
const positive = z.number().int().positive();

const ruleSourceSchema = z.strictObject({
  title: z.string().min(1),
  url: z.string().min(1).nullable(),
  confidence: z.enum(SOURCE_CONFIDENCES),
});
export type RuleSource = z.infer<typeof ruleSourceSchema>;

const fractionSchema = z.strictObject({ numerator: z.number().int().nonnegative(), denominator: positive });
export type Fraction = z.infer<typeof fractionSchema>;

const roundingSchema = z.enum(["HALF_UP_FEN", "HALF_UP_YUAN"]);
const ruleId = z.string().regex(/^[A-Z]+\.[A-Z_]+$/, "REGION.RULE_NAME");
const selfCareLevels = ["SELF_CARING", "PARTLY_DEPENDENT", "FULLY_DEPENDENT"] as const;

const topUpCategorySchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9_]+$/),
  amountFen: fen,
  when: z.enum(["STUDENT_OR_PRESCHOOL", "SEVERE_DISABILITY_OR_SERIOUS_ILLNESS_OR_AGED", "ANY_DISABILITY"]),
  agedAtLeast: positive.optional(),
  severeDisabilityGrades: z.array(z.number().int().min(1).max(4)).optional(),
});

const hardshipCareSchema = z.discriminatedUnion("kind", [
  z.strictObject({ id: ruleId, kind: z.literal("FIXED"), source: ruleSourceSchema }),
  z.strictObject({
    id: ruleId,
    kind: z.literal("MINIMUM_WAGE_FRACTION"),
    fractions: z.strictObject({ FULLY_DEPENDENT: fractionSchema, PARTLY_DEPENDENT: fractionSchema, SELF_CARING: fractionSchema }),
    /** Used only when no MINIMUM_WAGE standard is on file for the area; always illustrative. */
    illustrativeMinimumWageFen: fen,
    rounding: roundingSchema,
    source: ruleSourceSchema,
  }),
]);

const ruleSetSchema = z.strictObject({
  ruleVersion: z.string().regex(/^[A-Z0-9-]+$/),
  region: z.enum(REGIONS),
  effectiveFrom: isoDate,
  /** YAML anchors for sources shared by several rules; not read otherwise. */
  sources: z.record(z.string(), ruleSourceSchema).optional(),
  perCapitaIncome: z.strictObject({
    id: ruleId,
    article: z.string(),
    farmingMonthsAveraged: positive,
    farmingConfidence: z.enum(SOURCE_CONFIDENCES).optional(),
    farmingNote: z.string().optional(),
    rounding: roundingSchema,
    roundingNote: z.string(),
    source: ruleSourceSchema,
  }),
  mlg: z.strictObject({ id: ruleId, article: z.string(), source: ruleSourceSchema }),
  assetLimit: z.strictObject({ id: ruleId, article: z.string(), monthsOfStandardPerMember: positive, source: ruleSourceSchema }),
  employmentCostDeduction: z.strictObject({ id: ruleId, enabled: z.boolean(), fractionOfStandard: fractionSchema, source: ruleSourceSchema }),
  topUps: z.strictObject({
    id: ruleId,
    article: z.string(),
    combination: z.literal("HIGHEST_PER_MEMBER"),
    combinationNote: z.string().optional(),
    preschoolAgeBelow: positive,
    categories: z.array(topUpCategorySchema),
    source: ruleSourceSchema,
  }),
  gradualExit: z.strictObject({ id: ruleId, graceMonths: positive, bandMultiple: fractionSchema, source: ruleSourceSchema }),
  lowIncomeEdge: z.strictObject({ id: ruleId, multiple: fractionSchema, source: ruleSourceSchema }),
  singlePerson: z.strictObject({ id: ruleId, severeDisabilityGrades: z.array(z.number().int().min(1).max(4)), seriousIllness: z.boolean(), source: ruleSourceSchema }),
  hardship: z.strictObject({ id: ruleId, article: z.string(), elderlyAgeAtLeast: positive, minorAgeBelow: positive, source: ruleSourceSchema }),
  hardshipBasic: z.strictObject({
    id: ruleId,
    usePublished: z.boolean(),
    multipleOfMlg: fractionSchema,
    multipleBasis: z.enum(["URBAN", "RESIDENCE"]),
    rounding: roundingSchema,
    source: ruleSourceSchema,
  }),
  hardshipCare: hardshipCareSchema,
  tempAssistance: z.strictObject({ id: ruleId, article: z.string(), minMultipleOfStandard: positive, maxMultipleOfStandard: positive, source: ruleSourceSchema }),
});

export type EligibilityRuleSet = z.infer<typeof ruleSetSchema>;
export type SelfCareLevel = (typeof selfCareLevels)[number];
export const SELF_CARE_LEVELS = selfCareLevels;

/** A rule set as loaded, with the text it came from (seeded verbatim; its hash guards history). */
export interface RuleSetFile {
  rules: EligibilityRuleSet;
  origin: string;
  text: string;
  sha256: string;
}

export function parseRuleSetFile(text: string, origin: string): RuleSetFile {
  const parsed = ruleSetSchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ");
    throw new StandardsDataError(`${origin}: ${issues}`);
  }
  const rules = parsed.data;
  if (rules.tempAssistance.minMultipleOfStandard > rules.tempAssistance.maxMultipleOfStandard) {
    throw new StandardsDataError(`${origin}: tempAssistance.minMultipleOfStandard exceeds maxMultipleOfStandard`);
  }
  return { rules, origin, text, sha256: crypto.createHash("sha256").update(text).digest("hex") };
}

export function loadRuleSetFiles(dir: string = RULES_DIR): RuleSetFile[] {
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => parseRuleSetFile(fs.readFileSync(path.join(dir, name), "utf8"), path.relative(projectRoot, path.join(dir, name))));
  const seen = new Map<string, string>();
  for (const file of files) {
    const key = `${file.rules.region}@${file.rules.effectiveFrom}`;
    const earlier = seen.get(key) ?? seen.get(file.rules.ruleVersion);
    if (earlier) throw new StandardsDataError(`${file.origin}: ${key} or ${file.rules.ruleVersion} already defined in ${earlier}`);
    seen.set(key, file.origin);
    seen.set(file.rules.ruleVersion, file.origin);
  }
  return files;
}

/** The rule versions of both regions; picks the version in force on a date. */
export class RuleBook {
  private readonly byRegion: Map<Region, EligibilityRuleSet[]>;

  constructor(ruleSets: readonly EligibilityRuleSet[]) {
    this.byRegion = new Map(REGIONS.map((region) => [region, ruleSets.filter((r) => r.region === region).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))]));
  }

  /** The newest version that has started on `on`, or undefined before the first one. */
  rulesFor(region: Region, on: string): EligibilityRuleSet | undefined {
    return this.byRegion.get(region)?.find((r) => r.effectiveFrom <= on);
  }

  earliestDate(region: Region): string | undefined {
    return this.byRegion.get(region)?.at(-1)?.effectiveFrom;
  }
}
