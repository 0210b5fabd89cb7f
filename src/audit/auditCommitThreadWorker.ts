// The body of the audit commit thread (see auditCommitThread.ts): its own better-sqlite3
// connection to the gateway's SQLite file, statements prepared once, one transaction per batch.
// better-sqlite3 is synchronous: here its INSERTs and the fsync of COMMIT block this thread only,
// never the event loop that serves requests.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { decodeBatch, type AuditCommitThreadData, type CommitReply, type CommitRequest, type DecodedBatch, type ThreadStart } from "./auditCommitThreadProtocol";
import { CHECKPOINT_COLUMNS, ENTRY_COLUMNS, quotedColumns, SUBJECT_COLUMNS } from "./auditTableColumns";

const { file, busyTimeoutMs, pragmas } = workerData as AuditCommitThreadData;
const port = parentPort!;

/** Opens the connection and prepares the statements, or says why it cannot. */
function openConnection() {
  const db = new Database(file, { fileMustExist: true, timeout: busyTimeoutMs });
  // The gateway's connection settings (src/db sqliteTuning: WAL, synchronous FULL, checkpoint
  // threshold), passed in because this thread must not load Prisma.
  for (const pragma of pragmas) db.pragma(pragma);
  const insertStatement = (table: string, columns: readonly string[]) =>
    db.prepare(`INSERT INTO "${table}" (${quotedColumns(columns)}) VALUES (${columns.map(() => "?").join(", ")})`);
  const insertEntry = insertStatement("AuditEntry", ENTRY_COLUMNS);
  const insertSubject = insertStatement("AuditSubject", SUBJECT_COLUMNS);
  const insertCheckpoint = insertStatement("AuditCheckpoint", CHECKPOINT_COLUMNS);
  const commitBatch = db.transaction((batch: DecodedBatch) => {
    for (const values of batch.entries) insertEntry.run(values);
    for (const values of batch.subjects) insertSubject.run(values);
    if (batch.checkpoint) insertCheckpoint.run(batch.checkpoint);
  });
  return { db, commitBatch };
}

/** Errors cross to the main thread as plain fields: a driver's own error class does not survive the copy. */
function failure(error: unknown): { message: string; code?: string } {
  const e = error as Error & { code?: string };
  return { message: String(e?.message ?? e), code: e?.code };
}

let connection: ReturnType<typeof openConnection>;
try {
  connection = openConnection();
} catch (error) {
  port.postMessage({ ready: false, ...failure(error) } satisfies ThreadStart);
  port.close();
  process.exit(1);
}

port.on("message", (message: CommitRequest | "close") => {
  if (message === "close") {
    connection.db.close();
    port.close();
    return;
  }
  let reply: CommitReply;
  try {
    connection.commitBatch(decodeBatch(message.batch));
    reply = { id: message.id, ok: true };
  } catch (error) {
    reply = { id: message.id, ok: false, ...failure(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies ThreadStart);
