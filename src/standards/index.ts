// Standards door: assistance standards as dated, sourced data (prisma/standards/), the pure lookup
// over them, add-only seeding into the database, the eligibility rule engine, and the GraphQL
// module (createStandardsModule) that serves both from a node's seeded database.
export { STANDARD_CATEGORIES, SOURCE_CONFIDENCES, RESIDENCES, CHONGQING_MUNICIPAL_SCOPE, SICHUAN_FLOOR_SCOPE, type StandardCategory, type SourceConfidence, type Residence } from "./standardVocabulary";
export { loadStandardFiles, parseStandardFile, StandardsDataError, STANDARDS_DIR, type StandardRow } from "./standardFiles";
export { StandardsCatalogue, type StandardFigure } from "./standardsCatalogue";
export { standardAmountFen, mlgStandardFen, bundledStandards, bundledRuleBook, bundledEligibilityEngine } from "./standardLookup";
export { seedAssistanceStandards, storedStandardRows, storedRuleSets, StandardHistoryConflict, type StandardsSeedResult, type StandardsSeedData } from "./standardsSeeding";
export { loadRuleSetFiles, parseRuleSetFile, RuleBook, RULES_DIR, SELF_CARE_LEVELS, type EligibilityRuleSet, type RuleSetFile, type RuleSource, type SelfCareLevel } from "./eligibilityRules";
export { EligibilityEngine, type AssessOptions } from "./eligibilityEngine";
export { INCOME_SOURCES, EMERGENCY_KINDS, validateEligibilityRequest, type EligibilityRequest, type EligibilityMember, type IncomeEntry, type EmergencyEntry, type IncomeSource, type EmergencyKind } from "./eligibilityInput";
export { PROGRAMS, type Program, type ProgramOutcome, type CalculationStep, type EligibilityAssessment } from "./eligibilityAssessment";
export { StandardsService, MAX_COMPARED_AREAS } from "./standardsService";
export { createStandardsModule } from "./standardsModule";
