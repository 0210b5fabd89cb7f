import type { AuditRecord } from "./auditRecord";
import type { CheckpointRow } from "./auditCheckpoint";
import type { ArchivedRange } from "./auditArchiveClaims";

// One line per record: exports and archives share this format, so the verifier reads both.
// Dates travel as ISO strings; every other column exactly as stored (JSON columns as their text).

export const EXPORT_FORMAT = "assist-gateway/audit-export/1";
export const ARCHIVE_FORMAT = "assist-gateway/audit-archive/1";

/** A signed manifest of archived entries (AuditArchive row): one writer's span and the file holding it. */
export interface ArchiveManifestRow extends ArchivedRange {
  cutoff: Date;
  archivedAt: Date;
  fileName: string;
  fileSha256: string;
  jws: string;
}

export type AuditLine =
  | { type: "header"; format: string; [key: string]: unknown }
  | ({ type: "entry" } & AuditRecord)
  | ({ type: "checkpoint" } & CheckpointRow)
  | ({ type: "archive" } & ArchiveManifestRow)
  | { type: "seal"; jws: string }
  | { type: "trailer"; [key: string]: unknown };

export function entryLine(record: AuditRecord): string {
  return JSON.stringify({ type: "entry", ...record, recordedAt: record.recordedAt.toISOString() });
}

export function checkpointLine(row: CheckpointRow): string {
  const { node, writerId, sequence, headHash, kind, signedAt, jws } = row;
  return JSON.stringify({ type: "checkpoint", node, writerId, sequence, headHash, kind, signedAt: signedAt.toISOString(), jws });
}

export function archiveLine(row: ArchiveManifestRow): string {
  return JSON.stringify({ type: "archive", ...row, cutoff: row.cutoff.toISOString(), archivedAt: row.archivedAt.toISOString() });
}

/** Parses one line back, turning the ISO strings into Dates again. */
export function parseLine(text: string): AuditLine {
  const line = JSON.parse(text) as Record<string, unknown> & { type: string };
  switch (line.type) {
    case "entry":
      return { ...(line as unknown as AuditRecord), type: "entry", recordedAt: new Date(String(line.recordedAt)) };
    case "checkpoint":
      return { ...(line as unknown as CheckpointRow), type: "checkpoint", signedAt: new Date(String(line.signedAt)) };
    case "archive":
      return {
        ...(line as unknown as ArchiveManifestRow),
        type: "archive",
        cutoff: new Date(String(line.cutoff)),
        archivedAt: new Date(String(line.archivedAt)),
      };
    case "header":
    case "seal":
    case "trailer":
      return line as AuditLine;
    default:
      throw new Error(`unknown audit line type ${JSON.stringify(line.type)}`);
  }
}
