// Policy door: declarative field-level authorization (policies/*.yaml) — loading and validation,
// per-operation decisions, masking, the Apollo plugin, and explanations.
export { createPolicyEngine, subjectOf, documentHash, type PolicyEngine } from "./policyEngine";
export { policyPlugin } from "./policyPlugin";
export { PolicyError, loadPolicySet } from "./policyLoader";
export { validatePolicySet } from "./policyValidation";
export { planOperation, type OperationPlan, type FieldOutcome } from "./operationPlan";
export { maskIdentityNumber, maskName, maskDateToMonth, maskDateToYear, maskAmountToBand, maskAccountRef, applyMask } from "./masks";
export type { PolicySet, PolicySubject, MaskSpec, FieldClass } from "./policyModel";
