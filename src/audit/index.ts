// The audit door: the chain writer (group commit, fail-closed, signed checkpoints), the Apollo
// plugin that records every operation before its answer leaves, the verifier, export and
// retention, and the compliance officers' review module.
export { AuditChainWriter, AuditUnavailableError, type AuditChainWriterOptions, type AppendReceipt } from "./auditChainWriter";
export { entryHashOf, genesisHashOf, recordOf, type AuditEntryInput, type AuditRecord } from "./auditRecord";
export { SubjectPseudonymizer } from "./subjectPseudonym";
export { CHECKPOINT_TYP, ARCHIVE_TYP, type NodeSigningKey } from "./auditSignature";
export type { CheckpointClaims, CheckpointKind, CheckpointWitness, CheckpointRow } from "./auditCheckpoint";
export type { InsertPath } from "./auditStore";
export { auditPlugin, recordUnauthenticatedAccess, type AuditAppender, type AuditPluginOptions, type UnauthenticatedAccessRecord } from "./auditPlugin";
export { classifyOutcome, countResults, type OperationResultFacts, type OutcomeDecision } from "./accessOutcome";
