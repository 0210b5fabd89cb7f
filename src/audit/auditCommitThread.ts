import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { projectRoot, SQLITE_GATEWAY_PRAGMAS } from "../db";
import { checkpointValues, type AuditCommitThreadData, type CommitBatch, type CommitReply, type CommitRequest, type ThreadStart } from "./auditCommitThreadProtocol";
import { hashedTextOf } from "./auditRecord";

const WORKER_FILE = "auditCommitThreadWorker.js";

/**
 * The thread's own V8 heap, sized for what it holds: one batch's JSON (≤ 256 entries, ~1 MB)
 * and its rows. Left at the defaults its young generation grows like the request thread's (up to
 * 16 MB semi-spaces) under a steady stream of batches, resident memory that buys it nothing.
 * The old-generation cap is far above a batch; a thread that hit it would exit, which fails the
 * waiting commits closed and is restarted on the next one.
 */
const THREAD_HEAP_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 };

/**
 * Under ts-jest this module runs from src/ as TypeScript, which a worker thread cannot load; the
 * test run's globalSetup compiles dist/ first, so the compiled worker is taken from there.
 */
function workerScript(): string {
  const dir = __filename.endsWith(".ts") ? path.join(projectRoot, "dist", "src", "audit") : __dirname;
  const file = path.join(dir, WORKER_FILE);
  if (!fs.existsSync(file)) throw new Error(`audit commit thread: ${file} is missing (run npm run build)`);
  return file;
}

/**
 * The batch as one string (format: CommitRequest), built from the text the entries were hashed
 * over. Subject rows are left out: the thread derives them from each entry's subjectHmacs, which
 * is how the writer built them.
 */
function encodeBatch({ records, checkpoint }: CommitBatch): string {
  let text = '{"entries":[';
  for (let i = 0; i < records.length; i++) text += `${i > 0 ? "," : ""}[${hashedTextOf(records[i]!)},"${records[i]!.entryHash}"]`;
  return `${text}],"checkpoint":${checkpoint ? JSON.stringify(checkpointValues(checkpoint)) : "null"}}`;
}

interface Inflight {
  resolve: () => void;
  reject: (error: Error) => void;
}

export class AuditCommitError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "AuditCommitError";
  }
}

/**
 * Commits audit batches to a SQLite file from a worker thread with its own connection.
 *
 * better-sqlite3 is synchronous: committed on the request thread, every batch's INSERTs and the
 * fsync of its COMMIT stopped all other requests (measured: ~4–5 ms per commit through Prisma's
 * adapter, half of an audited node's time under load). Here the event loop keeps serving while
 * the thread writes, and the batch a commit carries grows with the load. A commit resolves only
 * after the thread's COMMIT returned, so fail-closed holds as before.
 *
 * The thread is referenced only while something awaits it (its start, a batch, its close), so an
 * idle writer never keeps a process alive. A thread that died (a native crash) rejects what it
 * held and is started anew on the next commit, so a probe can bring the writer back.
 */
export class AuditCommitThread {
  #worker: Worker | undefined;
  #ready: Promise<void> | undefined;
  #nextId = 1;
  readonly #inflight = new Map<number, Inflight>();

  private constructor(private readonly data: AuditCommitThreadData) {}

  /** Starts the thread and waits until its connection is open and its statements are prepared. */
  static async start(file: string, options: { busyTimeoutMs?: number; pragmas?: readonly string[] } = {}): Promise<AuditCommitThread> {
    const thread = new AuditCommitThread({ file, busyTimeoutMs: options.busyTimeoutMs ?? 5000, pragmas: options.pragmas ?? SQLITE_GATEWAY_PRAGMAS });
    await thread.#spawn();
    return thread;
  }

  commit(batch: CommitBatch): Promise<void> {
    return this.#spawn().then(
      () =>
        new Promise<void>((resolve, reject) => {
          const id = this.#nextId++;
          this.#inflight.set(id, { resolve, reject });
          if (this.#inflight.size === 1) this.#worker!.ref();
          this.#worker!.postMessage({ id, batch: encodeBatch(batch) } satisfies CommitRequest);
        }),
    );
  }

  /** Lets queued batches finish, then closes the thread's connection. */
  async close(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    worker.ref(); // awaited: the process must not end before the thread did
    worker.postMessage("close");
    await exited;
  }

  #spawn(): Promise<void> {
    if (this.#ready) return this.#ready;
    const worker = new Worker(workerScript(), { workerData: this.data, resourceLimits: THREAD_HEAP_LIMITS });
    this.#worker = worker;
    this.#ready = new Promise<void>((resolve, reject) => {
      worker.on("message", (message: CommitReply | ThreadStart) => {
        if (!("ready" in message)) return this.#settle(message);
        if (!message.ready) return reject(new AuditCommitError(`audit commit thread could not open ${this.data.file}: ${message.message}`, message.code));
        if (this.#inflight.size === 0) worker.unref();
        resolve();
      });
      worker.on("error", (cause) => {
        // One error type for every way a commit fails, whatever realm the thread's error came from.
        const error = new AuditCommitError(`audit commit thread failed: ${cause.message}`, (cause as { code?: string }).code);
        reject(error);
        this.#abandon(worker, error);
      });
      worker.on("exit", (code) => {
        const error = new AuditCommitError(`audit commit thread exited (code ${code})`);
        reject(error);
        this.#abandon(worker, error);
      });
    });
    // A failed start is not cached: the next commit tries again.
    this.#ready.catch(() => undefined);
    return this.#ready;
  }

  #settle(reply: CommitReply): void {
    const inflight = this.#inflight.get(reply.id);
    if (!inflight) return;
    this.#inflight.delete(reply.id);
    if (this.#inflight.size === 0) this.#worker?.unref();
    if (reply.ok) inflight.resolve();
    else inflight.reject(new AuditCommitError(reply.message, reply.code));
  }

  /** The thread is gone: whatever it held may or may not have committed — the writer resyncs. */
  #abandon(worker: Worker, error: Error): void {
    // A late event of a thread already replaced must not touch its successor.
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    this.#ready = undefined;
    for (const inflight of this.#inflight.values()) inflight.reject(error);
    this.#inflight.clear();
  }
}
