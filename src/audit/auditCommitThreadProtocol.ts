import type { CheckpointRow } from "./auditCheckpoint";
import type { AuditRecord } from "./auditRecord";
import type { SubjectRow } from "./auditStore";
import { CHECKPOINT_COLUMNS, ENTRY_COLUMNS } from "./auditTableColumns";

/** What the commit thread is started with. */
export interface AuditCommitThreadData {
  file: string;
  busyTimeoutMs: number;
  /** PRAGMAs for the thread's connection: the gateway's SQLite settings (src/db). */
  pragmas: readonly string[];
}

/** One batch: committed in one transaction, or not at all. */
export interface CommitBatch {
  records: readonly AuditRecord[];
  subjects: readonly SubjectRow[];
  checkpoint?: CheckpointRow;
}

/**
 * A batch as it crosses to the thread: one JSON string, which the thread receives as one copy of
 * its bytes. A structured clone of the records would walk every record's 29 properties and every
 * subject row on the request thread; the entries' canonical JSON already exists (it is what their
 * hashes cover), so the batch is that text joined:
 * `{"entries":[[<hashed JSON>,"<entryHash>"],…],"checkpoint":[<CHECKPOINT_COLUMNS values>]|null}`.
 * Subject rows are not sent: each is (writerId, sequence, one of the entry's subjectHmacs), which
 * the entry carries — the thread derives them. Measured on one 32-entry batch of S1 lookups
 * (4 subjects each): ~150 µs of request-thread CPU against ~245 µs for the structured clone; an
 * ArrayBuffer transfer was no cheaper, its UTF-8 encoding costing more than the copy it saves.
 */
export interface CommitRequest {
  id: number;
  batch: string;
}

export type CommitReply = { id: number; ok: true } | { id: number; ok: false; message: string; code?: string };

/** The thread's first message: its connection is open and its statements prepared, or why not. */
export type ThreadStart = { ready: true } | { ready: false; message: string; code?: string };

/** Rows ready to bind, in the column orders of auditTableColumns.ts. */
export interface DecodedBatch {
  entries: unknown[][];
  subjects: unknown[][];
  checkpoint: unknown[] | null;
}

/**
 * A value as Prisma's better-sqlite3 adapter binds it (its default `iso8601` timestamp format),
 * so rows the thread writes read back through Prisma exactly like rows Prisma wrote.
 */
export function boundValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return isoAsBound(value.toISOString());
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function isoAsBound(iso: string): string {
  return iso.replace("Z", "+00:00");
}

export function checkpointValues(checkpoint: CheckpointRow): unknown[] {
  return CHECKPOINT_COLUMNS.map((c) => boundValue(checkpoint[c]));
}

/** The thread's side: the text back into rows, each entry's columns and subjects taken from its hashed JSON. */
export function decodeBatch(batch: string): DecodedBatch {
  const parsed = JSON.parse(batch) as { entries: [Record<string, unknown>, string][]; checkpoint: unknown[] | null };
  const entries: unknown[][] = [];
  const subjects: unknown[][] = [];
  for (const [hashed, entryHash] of parsed.entries) {
    entries.push(ENTRY_COLUMNS.map((c) => (c === "entryHash" ? entryHash : c === "recordedAt" ? isoAsBound(hashed.recordedAt as string) : (hashed[c] ?? null))));
    for (const subjectHmac of JSON.parse(hashed.subjectHmacs as string) as string[]) subjects.push([hashed.writerId, hashed.sequence, subjectHmac]);
  }
  return { entries, subjects, checkpoint: parsed.checkpoint };
}
