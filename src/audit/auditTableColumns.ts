import type { AuditRecord } from "./auditRecord";
import type { CheckpointRow } from "./auditCheckpoint";

/** The AuditEntry columns every insert path writes, in one order (the row id is the database's). */
export const ENTRY_COLUMNS = [
  "writerId", "sequence", "previousHash", "entryHash", "recordedAt", "node", "requestId",
  "principalSub", "principalAgency", "principalRegion", "principalRoles", "forwardedByNode", "forwardedTokenId",
  "purpose", "caseRef", "operationName", "operationHash", "fieldsRequested", "fieldsDenied", "fieldsMasked",
  "deniedCount", "maskedCount", "subjectHmacs", "resultCount", "outcome", "errorCode", "errorDetail",
  "latencyMs", "peerHops", "rowRules",
] as const satisfies readonly (keyof AuditRecord)[];

export const SUBJECT_COLUMNS = ["writerId", "sequence", "subjectHmac"] as const;

export const CHECKPOINT_COLUMNS = ["node", "writerId", "sequence", "headHash", "kind", "signedAt", "jws"] as const satisfies readonly (keyof CheckpointRow)[];

/** Column names are constants of this module, never input, so quoting them into SQL is safe. */
export function quotedColumns(columns: readonly string[]): string {
  return columns.map((c) => `"${c}"`).join(", ");
}
