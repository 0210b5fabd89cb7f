// Policy door: declarative field-level authorization (policies/*.yaml) — loading and validation,
// per-operation decisions, masking, the Apollo plugin, and explanations.
export { createPolicyEngine, subjectOf, documentHash, type PolicyEngine } from "./policyEngine";
export { policyPlugin, policyStage, unrestrictedRowScopesForBenchmark, unrestrictedRowsForBenchmark, rowScopesOfPlan, applyRowScopes, type PolicySlot } from "./policyPlugin";
export { agencyRegistryJurisdictions, jurisdictionAt, describeJurisdiction, type Jurisdiction, type JurisdictionDirectory } from "./jurisdiction";
export { rowScopeFor, compileRowFilter, areaCondition } from "./rowRules";
export { PolicyError, loadPolicySet } from "./policyLoader";
export { validatePolicySet } from "./policyValidation";
export { planOperation, refusalError, type OperationPlan, type FieldOutcome } from "./operationPlan";
export { shapeData, deniedFieldErrors } from "./responseShaper";
export { maskIdentityNumber, maskName, maskDateToMonth, maskDateToYear, maskAmountToBand, maskAccountRef, maskAddress, applyMask } from "./masks";
export type { PolicySet, PolicySubject, MaskSpec, FieldClass, RowRule } from "./policyModel";
export { createExplainModule, explainOperationText, explainPlan, type ExplainTarget, AccessExplanation } from "./explainResolver";
export { enumerationBudgetStage, type BudgetSlot, type EnumerationBudget } from "./enumerationBudget";
