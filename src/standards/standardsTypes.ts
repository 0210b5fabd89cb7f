import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Region } from "../config";
import { DateScalar, IncomeSourceEnum, RegionEnum, ResidenceEnum, type IncomeSource, type Residence } from "../context";
import { PROGRAMS, type Program } from "./eligibilityAssessment";
import { EMERGENCY_KINDS, type EmergencyKind } from "./eligibilityInput";
import { SELF_CARE_LEVELS, type SelfCareLevel } from "./eligibilityRules";
import type { Rounding } from "./fenArithmetic";
import { SOURCE_CONFIDENCES, STANDARD_CATEGORIES, type SourceConfidence, type StandardCategory } from "./standardVocabulary";

// GraphQL types of the standards domain. The names in the contract are fixed (partner
// systems call them): fields may be added, never renamed. Standards hold no personal data.
// Object types use type-graphql's simple resolvers (graphql-js's default property read, no
// per-field middleware wrapper): an assessment carries dozens of steps, and policy and audit work
// per operation in the server's plugins, never through field middleware.

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const StandardCategoryEnum = asEnum(STANDARD_CATEGORIES);
registerEnumType(StandardCategoryEnum, {
  name: "StandardCategory",
  description:
    "Kind of assistance standard (救助标准类别): urban/rural/unified 低保 (MLG_*), 特困 basic living (HARDSHIP_BASIC*), 特困 care by self-care level (HARDSHIP_CARE_FULL 全护理 / _PARTIAL 半护理 / _SELF 全自理), relief-station living standard (RELIEF_STATION_LIVING), minimum wage (MINIMUM_WAGE).",
});

export const SourceConfidenceEnum = asEnum(SOURCE_CONFIDENCES);
registerEnumType(SourceConfidenceEnum, {
  name: "SourceConfidence",
  description: "How far a figure or rule can be trusted (来源可信度): OFFICIAL (official source read), SECONDARY (secondary source or mirror), ILLUSTRATIVE (not a published figure: a placeholder parameter).",
});

export const SelfCareEnum = asEnum(SELF_CARE_LEVELS);
registerEnumType(SelfCareEnum, {
  name: "SelfCare",
  description: "Self-care level from the six-item assessment (生活自理能力): SELF_CARING 全自理, PARTLY_DEPENDENT 半护理, FULLY_DEPENDENT 全护理.",
});

export const ProgramEnum = asEnum(PROGRAMS);
registerEnumType(ProgramEnum, {
  name: "Program",
  description:
    "Assistance programme assessed (救助项目): MLG 低保, MLG_GRADUAL_EXIT 渐退, LOW_INCOME_EDGE 低保边缘, SINGLE_PERSON_MLG 单人保, SPECIAL_HARDSHIP 特困供养, TEMP_ASSISTANCE 临时救助.",
});

export const RoundingEnum = asEnum(["NONE", "HALF_UP_FEN", "HALF_UP_YUAN"] as const satisfies readonly Rounding[]);
registerEnumType(RoundingEnum, { name: "Rounding", description: "How a step's result was rounded (取整): NONE (exact), HALF_UP_FEN (half up to the fen), HALF_UP_YUAN (half up to the whole yuan)." });

export const EmergencyKindEnum = asEnum(EMERGENCY_KINDS);
registerEnumType(EmergencyKindEnum, { name: "EmergencyKind", description: "Kind of emergency behind a temporary-assistance request (急难类型)." });

@ObjectType({ simpleResolvers: true, description: "A published assistance standard (救助标准) in force for an area on a date, with the document and source it comes from." })
export class AssistanceStandard {
  @Field(() => ID, { description: "Stable id: scope, category and start date." })
  id!: string;

  @Field(() => RegionEnum, { description: "Province-level region that published it." })
  region!: Region;

  @Field(() => String, { nullable: true, description: "The area code the standard was looked up for (a superseded code resolves to its successor); null in a region-wide listing." })
  areaCode!: string | null;

  @Field(() => String, { description: "Where it was published for: a GB/T 2260 area or city code, a named group (CHENGDU-CENTRAL, CHENGDU-COUNTY), CQ-ALL (Chongqing municipal) or SC-FLOOR (Sichuan provincial floor 低限)." })
  areaScope!: string;

  @Field(() => StandardCategoryEnum, { description: "Kind of standard." })
  category!: StandardCategory;

  @Field(() => Int, { description: "Amount per person per month, in fen (分)." })
  amountFen!: number;

  @Field(() => DateScalar, { description: "First day in force (起始日期)." })
  effectiveFrom!: string;

  @Field(() => DateScalar, { nullable: true, description: "Last day in force for this area: the document's own end or the day before the next version; null while current." })
  effectiveTo!: string | null;

  @Field(() => String, { nullable: true, description: "Document number (文号), e.g. 渝民规〔2025〕6号." })
  documentNumber!: string | null;

  @Field(() => String, { nullable: true, description: "Where the figure was read, as recorded in the fact sheet." })
  sourceUrl!: string | null;

  @Field(() => SourceConfidenceEnum, { description: "Confidence in the figure." })
  confidence!: SourceConfidence;

  @Field(() => Boolean, { description: "True when Sichuan's provincial floor answered because no area or city standard is on file." })
  isFloor!: boolean;

  @Field(() => String, { nullable: true, description: "Caveats recorded with the figure." })
  note!: string | null;

  @Field(() => String, { description: "The data-file version that introduced the figure." })
  dataVersion!: string;
}

@ObjectType({ simpleResolvers: true, description: "The legal basis or source of a rule, with its confidence (规则依据)." })
export class RuleSource {
  @Field(() => String, { description: "Document or description of the source." })
  title!: string;

  @Field(() => String, { nullable: true, description: "Where it was read." })
  url!: string | null;

  @Field(() => SourceConfidenceEnum, { description: "Confidence in the rule's parameters." })
  confidence!: SourceConfidence;
}

@ObjectType({ simpleResolvers: true, description: "One checkable piece of arithmetic behind an amount (计算步骤): the rule, the standard and its source, the sum in fen and its rounding." })
export class CalculationStep {
  @Field(() => String, { description: "Rule id, e.g. NATIONAL.MLG_AMOUNT or CQ.CLASSIFIED_TOP_UP." })
  ruleId!: string;

  @Field(() => String, { description: "What the step does, in words." })
  description!: string;

  @Field(() => String, { description: "The arithmetic in fen, e.g. `(77000 − 50000) × 3 = 81000`." })
  arithmetic!: string;

  @Field(() => Int, { nullable: true, description: "The number the step produced, in fen." })
  resultFen!: number | null;

  @Field(() => RoundingEnum, { description: "How the result was rounded." })
  rounding!: Rounding;

  @Field(() => Int, { nullable: true, description: "Index of the member the step is about (input.members), when it is about one." })
  memberIndex!: number | null;

  @Field(() => AssistanceStandard, { nullable: true, description: "The standard the step used, with its document and source." })
  standard!: AssistanceStandard | null;

  @Field(() => RuleSource, { description: "The rule's source." })
  source!: RuleSource;

  @Field(() => SourceConfidenceEnum, { description: "The weaker of the rule's and the standard's confidence." })
  confidence!: SourceConfidence;
}

@ObjectType({ simpleResolvers: true, description: "The outcome for one programme (救助项目结论)." })
export class ProgramOutcome {
  @Field(() => ProgramEnum, { description: "Programme assessed." })
  program!: Program;

  @Field(() => Boolean, { description: "Whether the household (or a member) qualifies." })
  eligible!: boolean;

  @Field(() => Int, { nullable: true, description: "Monthly amount in fen, when the programme pays one." })
  monthlyAmountFen!: number | null;

  @Field(() => Int, { nullable: true, description: "Months the benefit continues (渐退)." })
  graceMonths!: number | null;

  @Field(() => Int, { nullable: true, description: "Lowest one-off amount in fen (临时救助)." })
  rangeMinFen!: number | null;

  @Field(() => Int, { nullable: true, description: "Highest one-off amount in fen (临时救助)." })
  rangeMaxFen!: number | null;

  @Field(() => SourceConfidenceEnum, { description: "Weakest confidence among the steps: ILLUSTRATIVE means an unpublished parameter shaped the answer." })
  confidence!: SourceConfidence;

  @Field(() => String, { description: "Why, in words." })
  reason!: string;

  @Field(() => [CalculationStep], { description: "The steps behind every number in this outcome." })
  steps!: CalculationStep[];
}

@ObjectType({ simpleResolvers: true, description: "A household's eligibility in one area on one date (救助资格测算)." })
export class EligibilityAssessment {
  @Field(() => RegionEnum, { description: "Region whose standards and rules applied." })
  region!: Region;

  @Field(() => String, { description: "Area assessed (a superseded code resolves to its successor)." })
  areaCode!: string;

  @Field(() => String, { description: "Area code as requested." })
  requestedAreaCode!: string;

  @Field(() => DateScalar, { description: "Assessment date." })
  on!: string;

  @Field(() => ResidenceEnum, { description: "Urban or rural standard applied." })
  residence!: Residence;

  @Field(() => Int, { description: "Household members counted (共同生活家庭成员)." })
  memberCount!: number;

  @Field(() => Int, { description: "Household monthly income in fen after averaging and deductions." })
  totalIncomeFen!: number;

  @Field(() => Int, { description: "Per-capita monthly income in fen (家庭人均月收入)." })
  perCapitaIncomeFen!: number;

  @Field(() => [CalculationStep], { description: "How the per-capita income was computed." })
  perCapitaIncomeSteps!: CalculationStep[];

  @Field(() => String, { description: "The rule version applied (rules as data)." })
  ruleVersion!: string;

  @Field(() => [ProgramOutcome], { description: "One outcome per programme; TEMP_ASSISTANCE only when an emergency was given." })
  outcomes!: ProgramOutcome[];
}

@InputType({ description: "A household member as the rules see them (家庭成员)." })
export class EligibilityMemberInput {
  @Field(() => DateScalar, { description: "Birth date (age on the assessment date decides elderly/minor rules)." })
  birthDate!: string;

  @Field(() => Int, { nullable: true, description: "Disability grade 1 (most severe) to 4 (残疾等级); omit when not disabled." })
  disabilityGrade?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Has a serious illness (重特大疾病)." })
  seriousIllness?: boolean | null;

  @Field(() => SelfCareEnum, { nullable: true, description: "Self-care level, for the 特困 care subsidy." })
  selfCare?: SelfCareLevel | null;

  @Field(() => Boolean, { nullable: true, description: "In school (在校学生)." })
  student?: boolean | null;
}

@InputType({ description: "One monthly income by source and member (收入)." })
export class IncomeInput {
  @Field(() => Int, { nullable: true, description: "Index into members; omit for household income not attributable to one member." })
  memberIndex?: number | null;

  @Field(() => IncomeSourceEnum, { description: "Source of the income." })
  source!: IncomeSource;

  @Field(() => Int, { description: "Last month's amount in fen." })
  monthlyAmountFen!: number;

  @Field(() => Int, { nullable: true, description: "FARMING only: 12-month net income in fen (gross minus direct costs); when given it is averaged over 12 months and replaces monthlyAmountFen." })
  annualNetAmountFen?: number | null;
}

@InputType({ description: "An emergency behind a temporary-assistance request (急难情形)." })
export class EmergencyInput {
  @Field(() => EmergencyKindEnum, { description: "Kind of emergency." })
  kind!: EmergencyKind;

  @Field(() => Int, { nullable: true, description: "Expense or loss in fen, when known; caps the range." })
  expenseFen?: number | null;
}

@InputType({ description: "A household to assess (救助资格测算输入). Holds no identity numbers." })
export class EligibilityInput {
  @Field(() => String, { description: "GB/T 2260 area of household registration (户籍所在地)." })
  areaCode!: string;

  @Field(() => DateScalar, { description: "Assessment date: the standards and rules in force on it apply." })
  on!: string;

  @Field(() => ResidenceEnum, { description: "URBAN or RURAL registration." })
  residence!: Residence;

  @Field(() => [EligibilityMemberInput], { description: "Members living together (共同生活家庭成员)." })
  members!: EligibilityMemberInput[];

  @Field(() => [IncomeInput], { description: "Last month's incomes by source and member." })
  incomes!: IncomeInput[];

  @Field(() => Int, { nullable: true, description: "Household financial assets in fen (deposits, securities, …)." })
  financialAssetsFen?: number | null;

  @Field(() => EmergencyInput, { nullable: true, description: "An emergency, to assess temporary assistance." })
  emergency?: EmergencyInput | null;

  @Field(() => Boolean, { nullable: true, description: "The household already receives 低保 (for 渐退)." })
  currentlyReceivingMlg?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "A legal supporter able to support exists (rules out 特困)." })
  capableSupporter?: boolean | null;
}
