import type { AuditRecord } from "./auditRecord";
import type { CheckpointRow } from "./auditCheckpoint";
import type { SubjectRow } from "./auditStore";

/** What the commit thread is started with. */
export interface AuditCommitThreadData {
  file: string;
  busyTimeoutMs: number;
  /** PRAGMAs for the thread's connection: the gateway's SQLite settings (src/db). */
  pragmas: readonly string[];
}

/** One batch: committed in one transaction, or not at all. */
export interface CommitRequest {
  id: number;
  records: readonly AuditRecord[];
  subjects: readonly SubjectRow[];
  checkpoint?: CheckpointRow;
}

export type CommitReply = { id: number; ok: true } | { id: number; ok: false; message: string; code?: string };

/** The thread's first message: its connection is open and its statements prepared, or why not. */
export type ThreadStart = { ready: true } | { ready: false; message: string; code?: string };
