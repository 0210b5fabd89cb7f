// The audit door: the chain writer (group commit, fail-closed, signed checkpoints), the Apollo
// plugin that records every operation before its answer leaves, the verifier, export and
// retention, and the compliance officers' review module.
export { AuditChainWriter, AuditUnavailableError, type AuditChainWriterOptions, type AppendReceipt } from "./auditChainWriter";
export { entryHashOf, genesisHashOf, recordOf, type AuditEntryInput, type AuditRecord } from "./auditRecord";
export { SubjectPseudonymizer } from "./subjectPseudonym";
export { CHECKPOINT_TYP, ARCHIVE_TYP, type NodeSigningKey } from "./auditSignature";
export type { CheckpointClaims, CheckpointKind, CheckpointWitness, CheckpointRow } from "./auditCheckpoint";
export type { InsertPath } from "./auditStore";
export { auditPlugin, auditStage, recordUnauthenticatedAccess, type AuditAppender, type AuditPluginOptions, type AuditSlot, type UnauthenticatedAccessRecord } from "./auditPlugin";
export { classifyOutcome, countResults, type OperationResultFacts, type OutcomeDecision } from "./accessOutcome";
export {
  verifyAuditLog,
  type AuditVerificationReport,
  type IntegrityBreak,
  type IntegrityProblem,
  type VerifyOptions,
  type WriterIntegrity,
} from "./auditVerifier";
export { DatabaseAuditSource, FileAuditSource, CombinedAuditSource, type AuditSource, type EntryBatch, type LoadedAuditFile, type TimeRange } from "./auditRecordSource";
export { exportAuditLog, type ExportFormat, type ExportOptions, type ExportResult } from "./auditExport";
export {
  archiveExpiredEntries,
  retentionDays,
  DEFAULT_RETENTION_DAYS,
  MINIMUM_RETENTION_DAYS,
  type ArchiveOptions,
  type ArchiveResult,
} from "./auditRetention";
export type { ArchiveClaims, ArchivedRange } from "./auditArchiveClaims";
export { ARCHIVE_FORMAT, EXPORT_FORMAT, type ArchiveManifestRow } from "./auditJsonl";
export { AuditReviewService, SUBJECT_REPORT_LIMIT, MAX_REVIEW_WINDOW_DAYS, type AuditReviewOptions } from "./auditReview";
export { DEFAULT_ANOMALY_THRESHOLDS, type AnomalyThresholds } from "./accessAnomalies";
export { AuditReviewResolver } from "./auditReviewResolver";
export {
  AccessLogEntry,
  AccessLogFilter,
  AccessLogConnection,
  AccessAnomaly,
  AuditIntegrityReport,
  AccessOutcomeEnum,
  AccessAnomalyKindEnum,
  type AccessAnomalyKind,
} from "./auditReviewTypes";

export { createAuditModule } from "./auditModule";
