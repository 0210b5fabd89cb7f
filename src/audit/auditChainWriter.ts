import { randomUUID } from "node:crypto";
import { regionTag, type Region } from "../config";
import type { DatabaseProvider, PrismaClient } from "../db";
import { genesisHashOf, recordOf, type AuditEntryInput, type AuditRecord } from "./auditRecord";
import { checkpointDigest, signCheckpoint, type CheckpointKind, type CheckpointRow, type CheckpointWitness } from "./auditCheckpoint";
import { unverifiedPayloadOf, type NodeSigningKey } from "./auditSignature";
import { AuditStore, type ChainHead, type InsertPath, type SubjectRow } from "./auditStore";
import { SubjectPseudonymizer } from "./subjectPseudonym";
import type { CheckpointClaims } from "./auditCheckpoint";

export interface AuditChainWriterOptions {
  node: Region;
  /** The node key that signs checkpoints (ES256). */
  signingKey: NodeSigningKey;
  /** HMAC key for subjects' identity numbers (configuration; never stored). At least 32 bytes. */
  subjectKey: string | Buffer;
  /** Sign the chain head after this many entries or this many seconds, whichever comes first. */
  checkpointEvery?: { entries?: number; seconds?: number };
  /** Most entries committed in one transaction. */
  maxBatchSize?: number;
  /** An append not committed within this time rejects (fail-closed) and the writer turns unhealthy. */
  appendTimeoutMs?: number;
  insertPath?: InsertPath;
  provider?: DatabaseProvider;
  /**
   * The SQLite file the client is connected to: batches are then committed from a worker thread
   * with its own connection (insert path "thread"), off the event loop.
   */
  sqliteFile?: string;
  /** SQLite settings for the writer's connections; the gateway's by default (src/db). A bulk import passes its own. */
  sqlitePragmas?: readonly string[];
  /** Clock (tests and the retention tests inject one). */
  now?: () => Date;
  /** Told whenever health changes, e.g. to log it; /readyz asks isHealthy(). */
  onHealthChange?: (healthy: boolean, error?: Error) => void;
  /** Told of every transaction (metrics): how many entries it wrote and how long it took. */
  onCommit?: (commit: { entries: number; seconds: number }) => void;
  /** Told of every failed transaction and every append that timed out (metrics). */
  onCommitFailure?: () => void;
}

/** Where an entry landed: resolved only after its transaction committed. */
export interface AppendReceipt {
  writerId: string;
  sequence: number;
  entryHash: string;
  recordedAt: Date;
}

export class AuditUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AuditUnavailableError";
  }
}

interface PendingAppend {
  input: AuditEntryInput;
  subjectHmacs: string[];
  resolve: (receipt: AppendReceipt) => void;
  reject: (error: Error) => void;
  settled: boolean;
  timer?: NodeJS.Timeout;
}

interface CheckpointState {
  sequence: number;
  signedAt: Date;
  digest: string;
}

const DEFAULTS = { entries: 1000, seconds: 60, maxBatchSize: 256, appendTimeoutMs: 5000 };

/**
 * The audit log's only writer in this process: one hash chain per process start
 * (writer id = node tag + pid + random id, sequence from 1), entries committed by group commit,
 * the chain head signed periodically, and fail-closed — an append resolves only after COMMIT, and
 * when a commit fails every waiting append rejects and the writer reports itself unhealthy until
 * a later commit succeeds.
 *
 * Group commit: appends queue; whenever the queue has items and no transaction is in flight, up
 * to maxBatchSize of them are written in one transaction. Under concurrency the queue fills while
 * the previous batch's fsync runs, so durability costs one fsync per batch, not per request.
 */
export class AuditChainWriter {
  readonly writerId: string;
  readonly node: Region;
  readonly #store: AuditStore;
  readonly #signer: NodeSigningKey;
  readonly #subjects: SubjectPseudonymizer;
  readonly #now: () => Date;
  readonly #everyEntries: number;
  readonly #everyMs: number;
  readonly #maxBatch: number;
  readonly #appendTimeoutMs: number;
  readonly #onHealthChange?: (healthy: boolean, error?: Error) => void;
  readonly #onCommit?: (commit: { entries: number; seconds: number }) => void;
  readonly #onCommitFailure?: () => void;

  #head: ChainHead;
  #checkpoint: CheckpointState;
  #queue: PendingAppend[] = [];
  #flushing: Promise<void> | undefined;
  /** "due": sign if there are entries past the last checkpoint; "force": sign even if not. */
  #checkpointWanted: "no" | "due" | "force" = "no";
  #healthy = true;
  #lastError: Error | undefined;
  #resyncNeeded = false;
  /**
   * The head and checkpoint the batch in flight would leave, until its commit is known to have
   * succeeded: after a failure the store holds either this or the last committed state.
   */
  #uncertain: { head: ChainHead; checkpoint?: CheckpointState } | undefined;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #committedEntries = 0;
  #committedBatches = 0;

  private constructor(store: AuditStore, options: AuditChainWriterOptions, writerId: string, genesis: CheckpointRow) {
    this.#store = store;
    this.writerId = writerId;
    this.node = options.node;
    this.#signer = options.signingKey;
    this.#subjects = new SubjectPseudonymizer(options.subjectKey);
    this.#now = options.now ?? (() => new Date());
    this.#everyEntries = Math.max(1, options.checkpointEvery?.entries ?? DEFAULTS.entries);
    this.#everyMs = Math.max(1, (options.checkpointEvery?.seconds ?? DEFAULTS.seconds) * 1000);
    this.#maxBatch = Math.max(1, options.maxBatchSize ?? DEFAULTS.maxBatchSize);
    this.#appendTimeoutMs = options.appendTimeoutMs ?? DEFAULTS.appendTimeoutMs;
    this.#onHealthChange = options.onHealthChange;
    this.#onCommit = options.onCommit;
    this.#onCommitFailure = options.onCommitFailure;
    this.#head = { sequence: 0, entryHash: genesis.headHash, recordedAt: genesis.signedAt };
    this.#checkpoint = { sequence: 0, signedAt: genesis.signedAt, digest: checkpointDigest(genesis.jws) };
    this.#timer = setInterval(() => this.#checkpointIfDue(), Math.min(this.#everyMs, 1000));
    this.#timer.unref();
  }

  /**
   * Starts a new chain: binds the store (WAL + synchronous=FULL on SQLite), then signs and
   * stores the genesis checkpoint, which witnesses the heads of earlier writers that ended
   * without a FINAL checkpoint. Fails (and the gateway should not start) when the store cannot
   * be written.
   */
  static async open(prisma: PrismaClient, options: AuditChainWriterOptions): Promise<AuditChainWriter> {
    const store = await AuditStore.open(prisma, { provider: options.provider, insertPath: options.insertPath, sqliteFile: options.sqliteFile, sqlitePragmas: options.sqlitePragmas });
    try {
      const writerId = `${regionTag(options.node)}-${process.pid}-${randomUUID()}`;
      const genesis = await signGenesis(store, options, writerId);
      await store.insert([], [], genesis);
      return new AuditChainWriter(store, options, writerId, genesis);
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Records one access. Resolves after the transaction holding the entry committed; rejects with
   * AuditUnavailableError when it could not be committed — the caller must then release no data.
   */
  append(input: AuditEntryInput): Promise<AppendReceipt> {
    if (this.#closed) return Promise.reject(new AuditUnavailableError("audit writer is closed"));
    // Pseudonymise at once: raw identity numbers never wait in the queue.
    const subjectHmacs = this.#subjects.hmacsOf(input.subjects ?? []);
    return new Promise<AppendReceipt>((resolve, reject) => {
      const pending: PendingAppend = { input: { ...input, subjects: undefined }, subjectHmacs, resolve, reject, settled: false };
      if (this.#appendTimeoutMs > 0) {
        pending.timer = setTimeout(() => {
          const error = new AuditUnavailableError(`audit commit took longer than ${this.#appendTimeoutMs} ms`);
          this.#onCommitFailure?.();
          this.#markUnhealthy(error);
          settle(pending, error);
        }, this.#appendTimeoutMs);
      }
      this.#queue.push(pending);
      this.#kick();
    });
  }

  /** False after a failed commit, until a later commit (or probe) succeeds. For /readyz. */
  isHealthy(): boolean {
    return this.#healthy;
  }

  get lastError(): Error | undefined {
    return this.#lastError;
  }

  /** Counters for metrics. */
  stats(): { committedEntries: number; committedBatches: number; queued: number; headSequence: number } {
    return { committedEntries: this.#committedEntries, committedBatches: this.#committedBatches, queued: this.#queue.length, headSequence: this.#head.sequence };
  }

  /**
   * When unhealthy, asks the store whether it takes writes again — re-reads the chain head and
   * writes a signed checkpoint of it (a real, durable write). Lets /readyz recover without
   * waiting for traffic that an unready node would not get.
   */
  async probe(): Promise<boolean> {
    if (this.#closed) return false;
    if (this.#healthy) return true;
    await this.#requestCheckpoint("force").catch(() => undefined);
    return this.#healthy;
  }

  /** Signs and stores a checkpoint of the current head now (after whatever is queued). */
  async checkpoint(): Promise<void> {
    await this.#requestCheckpoint("due");
  }

  async #requestCheckpoint(kind: "due" | "force"): Promise<void> {
    if (this.#checkpointWanted !== "force") this.#checkpointWanted = kind;
    this.#kick();
    await this.#flushing;
    if (!this.#healthy) throw new AuditUnavailableError("audit store unavailable", { cause: this.#lastError });
  }

  /** Drains the queue and seals the chain with a FINAL checkpoint. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    while (this.#flushing) await this.#flushing;
    try {
      // A chain this writer refuses to extend is not its to seal either: left unsealed, the next
      // writer's genesis checkpoint witnesses its stored head.
      if (this.#resyncNeeded && !(await this.#resync().then(() => true, () => false))) return;
      await this.#store.insert([], [], await this.#signHead("FINAL", this.#head));
    } finally {
      await this.#store.close();
    }
  }

  #kick(): void {
    if (this.#flushing) return;
    if (this.#queue.length === 0 && this.#checkpointWanted === "no") return;
    this.#flushing = this.#flushLoop().finally(() => {
      this.#flushing = undefined;
      // Appends that arrived while the last batch failed start a new round.
      if (this.#queue.length > 0) this.#kick();
    });
  }

  async #flushLoop(): Promise<void> {
    while (this.#queue.length > 0 || this.#checkpointWanted !== "no") {
      const batch = this.#queue.splice(0, this.#maxBatch).filter((p) => !p.settled);
      const wantCheckpoint = this.#checkpointWanted;
      this.#checkpointWanted = "no";
      try {
        await this.#commit(batch, wantCheckpoint);
      } catch (cause) {
        const error = new AuditUnavailableError(`audit commit failed: ${(cause as Error).message}`, { cause });
        this.#onCommitFailure?.();
        this.#markUnhealthy(error);
        // Fail closed: everything waiting is refused, not left hanging behind a broken store.
        for (const pending of [...batch, ...this.#queue.splice(0)]) settle(pending, error);
        return;
      }
    }
  }

  async #commit(batch: PendingAppend[], wantCheckpoint: "no" | "due" | "force"): Promise<void> {
    if (this.#resyncNeeded) await this.#resync();
    let { sequence, entryHash, recordedAt } = this.#head;
    const records: AuditRecord[] = [];
    const subjects: SubjectRow[] = [];
    for (const pending of batch) {
      // Time never runs backwards within a chain, even if the clock does.
      const now = this.#now();
      recordedAt = now > recordedAt ? now : recordedAt;
      sequence += 1;
      const record = recordOf(pending.input, pending.subjectHmacs, { writerId: this.writerId, sequence, previousHash: entryHash, recordedAt });
      entryHash = record.entryHash;
      records.push(record);
      for (const subjectHmac of pending.subjectHmacs) subjects.push({ writerId: this.writerId, sequence, subjectHmac });
    }
    const head: ChainHead = { sequence, entryHash, recordedAt };
    const checkpoint = this.#checkpointDue(head, wantCheckpoint) ? await this.#signHead("PERIODIC", head) : undefined;
    if (records.length === 0 && !checkpoint) return;

    const checkpointState = checkpoint ? { sequence: checkpoint.sequence, signedAt: checkpoint.signedAt, digest: checkpointDigest(checkpoint.jws) } : undefined;
    this.#uncertain = { head, checkpoint: checkpointState };
    const started = performance.now();
    await this.#store.insert(records, subjects, checkpoint);
    this.#onCommit?.({ entries: records.length, seconds: (performance.now() - started) / 1000 });
    this.#uncertain = undefined;

    this.#head = head;
    if (checkpointState) this.#checkpoint = checkpointState;
    this.#committedEntries += records.length;
    this.#committedBatches += 1;
    this.#markHealthy();
    batch.forEach((pending, i) => {
      const r = records[i];
      settle(pending, undefined, { writerId: r.writerId, sequence: r.sequence, entryHash: r.entryHash, recordedAt: r.recordedAt });
    });
  }

  #checkpointDue(head: ChainHead, wanted: "no" | "due" | "force"): boolean {
    if (wanted === "force") return true;
    if (head.sequence <= this.#checkpoint.sequence) return false;
    if (wanted === "due") return true;
    if (head.sequence - this.#checkpoint.sequence >= this.#everyEntries) return true;
    return this.#now().getTime() - this.#checkpoint.signedAt.getTime() >= this.#everyMs;
  }

  #checkpointIfDue(): void {
    if (this.#closed || this.#flushing) return;
    if (this.#checkpointDue(this.#head, "no")) {
      this.#checkpointWanted = "due";
      this.#kick();
    }
  }

  async #signHead(kind: CheckpointKind, head: ChainHead): Promise<CheckpointRow> {
    const now = this.#now();
    const claims: CheckpointClaims = {
      node: this.node,
      writerId: this.writerId,
      sequence: head.sequence,
      headHash: head.entryHash,
      kind,
      time: (now > head.recordedAt ? now : head.recordedAt).toISOString(),
      previousCheckpoint: this.#checkpoint.digest,
      witnesses: [],
    };
    return signCheckpoint(claims, this.#signer);
  }

  /**
   * After a failure the outcome of the last transaction is unknown (a commit may have succeeded
   * although the driver reported an error), so the head and the last checkpoint are read back
   * from the database. Only two states are acceptable there: the last one this writer committed,
   * or the one its uncertain batch would have left. Anything else was written by someone else
   * under this writer's id, and continuing from it would sign what this writer never wrote: the
   * writer then stays unavailable (fail-closed) and says so.
   */
  async #resync(): Promise<void> {
    const stored = await this.#store.head(this.writerId);
    const checkpoint = await this.#store.latestCheckpoint(this.writerId);
    if (!checkpoint) throw new AuditUnavailableError(`writer ${this.writerId} has no checkpoint in the store`);
    const head = stored ?? { sequence: 0, entryHash: genesisHashOf(this.writerId), recordedAt: checkpoint.signedAt };
    const digest = checkpointDigest(checkpoint.jws);
    const sameHead = (a: ChainHead) => a.sequence === head.sequence && a.entryHash === head.entryHash;
    const candidates = [{ head: this.#head, checkpoint: this.#checkpoint }, ...(this.#uncertain ? [{ head: this.#uncertain.head, checkpoint: this.#uncertain.checkpoint ?? this.#checkpoint }] : [])];
    const known = candidates.find((c) => sameHead(c.head) && c.checkpoint.digest === digest);
    if (!known) {
      throw new AuditUnavailableError(
        `stored chain of writer ${this.writerId} (head sequence ${head.sequence}) is not one this writer committed; refusing to extend it`,
      );
    }
    this.#head = known.head;
    this.#checkpoint = known.checkpoint;
    this.#uncertain = undefined;
    this.#resyncNeeded = false;
  }

  #markUnhealthy(error: Error): void {
    this.#lastError = error;
    this.#resyncNeeded = true;
    if (!this.#healthy) return;
    this.#healthy = false;
    this.#onHealthChange?.(false, error);
  }

  #markHealthy(): void {
    if (this.#healthy) return;
    this.#healthy = true;
    this.#onHealthChange?.(true);
  }
}

/** The genesis checkpoint of a new chain, witnessing the heads that earlier writers left unsealed. */
async function signGenesis(store: AuditStore, options: AuditChainWriterOptions, writerId: string): Promise<CheckpointRow> {
  const now = options.now ?? (() => new Date());
  return signCheckpoint(
    {
      node: options.node,
      writerId,
      sequence: 0,
      headHash: genesisHashOf(writerId),
      kind: "GENESIS",
      time: now().toISOString(),
      previousCheckpoint: null,
      witnesses: await unsealedHeads(store),
    },
    options.signingKey,
  );
}

function settle(pending: PendingAppend, error?: Error, receipt?: AppendReceipt): void {
  if (pending.settled) return;
  pending.settled = true;
  if (pending.timer) clearTimeout(pending.timer);
  if (error) pending.reject(error);
  else pending.resolve(receipt!);
}

/**
 * Heads of chains that no FINAL checkpoint sealed (their process crashed, or still runs) and
 * that no genesis checkpoint has witnessed at that head yet. A new writer signs them, so entries
 * up to there can no longer vanish from the tail of a dead chain unnoticed.
 */
async function unsealedHeads(store: AuditStore): Promise<CheckpointWitness[]> {
  const boundaries = await store.chainBoundaries();
  const sealed = new Set<string>();
  const witnessed = new Map<string, number>();
  const writers = new Set<string>();
  for (const row of boundaries) {
    writers.add(row.writerId);
    if (row.kind === "FINAL") sealed.add(row.writerId);
    if (row.kind !== "GENESIS") continue;
    for (const w of unverifiedPayloadOf<CheckpointClaims>(row.jws).witnesses ?? []) {
      witnessed.set(w.writerId, Math.max(witnessed.get(w.writerId) ?? 0, w.sequence));
    }
  }
  const witnesses: CheckpointWitness[] = [];
  for (const writerId of writers) {
    if (sealed.has(writerId)) continue;
    const head = await store.head(writerId);
    if (!head || head.sequence <= (witnessed.get(writerId) ?? 0)) continue;
    witnesses.push({ writerId, sequence: head.sequence, headHash: head.entryHash });
  }
  return witnesses;
}
