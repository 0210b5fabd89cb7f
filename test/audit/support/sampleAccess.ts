import type { AuditEntryInput } from "../../../src/audit";

/** A verification officer's allowed lookup, as the audit plugin would hand it to the writer. */
export function sampleAccess(requestId: string, extra: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    requestId,
    node: "CHONGQING",
    principal: { sub: "officer-1", agency: "CQ-MZJ", region: "CHONGQING", roles: ["verification_officer"] },
    purpose: "MLG_REVIEW",
    caseRef: "CQ-2026-0001",
    operationName: "Household",
    operationHash: "ab".repeat(32),
    fieldsRequested: ["householdVerification.conclusion"],
    outcome: "ALLOWED",
    resultCount: 1,
    latencyMs: 3,
    ...extra,
  };
}
