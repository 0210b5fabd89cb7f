import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import type { PrismaClient } from "../db";
import type { AuditRecord } from "./auditRecord";
import type { CheckpointRow } from "./auditCheckpoint";
import { parseLine, type ArchiveManifestRow } from "./auditJsonl";

/**
 * Where the verifier reads a log from: the live database, export/archive files, or both.
 * `complete` says whether each writer's chain is present from its genesis (the database, with
 * archives covering what was moved out) or only in segments (an export of a time range).
 */
export interface AuditSource {
  readonly complete: boolean;
  /** Writers with anything in the source (or, with a range, with entries in it). */
  writerIds(range?: TimeRange): Promise<string[]>;
  /** A writer's checkpoints in the order they were written. */
  checkpoints(writerId: string): Promise<CheckpointRow[]>;
  /** Every genesis checkpoint (their witnesses vouch for other writers' heads). */
  genesisCheckpoints(): Promise<CheckpointRow[]>;
  archives(writerId: string): Promise<ArchiveManifestRow[]>;
  /** The writer's entries from `fromSequence` on, ascending, in batches. */
  entries(writerId: string, fromSequence: number): AsyncIterable<EntryBatch>;
  /** First and last sequence of the writer's entries recorded within the range. */
  sequencesWithin(writerId: string, range: TimeRange): Promise<{ first: number; last: number } | null>;
}

export interface EntryBatch {
  records: AuditRecord[];
  /**
   * The AuditSubject rows of these entries by sequence, when they come from the database (files
   * carry the HMACs only inside the entries, so there is no separate index to compare).
   */
  subjects?: Map<number, string[]>;
}

export interface TimeRange {
  from?: Date;
  to?: Date;
}

const BATCH = 5000;

/** The live database through Prisma (SQLite or PostgreSQL). */
export class DatabaseAuditSource implements AuditSource {
  readonly complete = true;
  constructor(private readonly prisma: PrismaClient) {}

  async writerIds(range?: TimeRange): Promise<string[]> {
    const withEntries = await this.prisma.auditEntry.groupBy({ by: ["writerId"], where: timeWhere(range) });
    const ids = new Set(withEntries.map((w) => w.writerId));
    if (!range) {
      for (const c of await this.prisma.auditCheckpoint.groupBy({ by: ["writerId"] })) ids.add(c.writerId);
      for (const a of await this.prisma.auditArchive.groupBy({ by: ["writerId"] })) ids.add(a.writerId);
    }
    return [...ids];
  }

  checkpoints(writerId: string): Promise<CheckpointRow[]> {
    return this.prisma.auditCheckpoint.findMany({ where: { writerId }, orderBy: { id: "asc" } });
  }

  genesisCheckpoints(): Promise<CheckpointRow[]> {
    return this.prisma.auditCheckpoint.findMany({ where: { kind: "GENESIS" }, orderBy: { id: "asc" } });
  }

  archives(writerId: string): Promise<ArchiveManifestRow[]> {
    return this.prisma.auditArchive.findMany({ where: { writerId }, orderBy: { fromSequence: "asc" } });
  }

  async *entries(writerId: string, fromSequence: number): AsyncIterable<EntryBatch> {
    let next = fromSequence;
    for (;;) {
      const records = await this.prisma.auditEntry.findMany({ where: { writerId, sequence: { gte: next } }, orderBy: { sequence: "asc" }, take: BATCH });
      if (records.length === 0) return;
      const last = records[records.length - 1].sequence;
      yield { records, subjects: await this.#subjectsOf(writerId, records[0].sequence, last) };
      next = last + 1;
    }
  }

  async sequencesWithin(writerId: string, range: TimeRange): Promise<{ first: number; last: number } | null> {
    // recordedAt never decreases along a chain, so the (recordedAt, id) index finds both ends.
    const where = { writerId, ...timeWhere(range) };
    const first = await this.prisma.auditEntry.findFirst({ where, orderBy: [{ recordedAt: "asc" }, { id: "asc" }], select: { sequence: true } });
    if (!first) return null;
    const last = await this.prisma.auditEntry.findFirst({ where, orderBy: [{ recordedAt: "desc" }, { id: "desc" }], select: { sequence: true } });
    return { first: first.sequence, last: last?.sequence ?? first.sequence };
  }

  async #subjectsOf(writerId: string, fromSequence: number, toSequence: number): Promise<Map<number, string[]>> {
    const rows = await this.prisma.auditSubject.findMany({
      where: { writerId, sequence: { gte: fromSequence, lte: toSequence } },
      select: { sequence: true, subjectHmac: true },
    });
    const bySequence = new Map<number, string[]>();
    for (const row of rows) bySequence.set(row.sequence, [...(bySequence.get(row.sequence) ?? []), row.subjectHmac]);
    return bySequence;
  }
}

function timeWhere(range?: TimeRange) {
  if (!range || (!range.from && !range.to)) return {};
  return { recordedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lte: range.to } : {}) } };
}

/** A file's header and, for archives, its seal, kept for the verifier's file checks. */
export interface LoadedAuditFile {
  path: string;
  header: Record<string, unknown> | undefined;
  /** The seal line's JWS and the sha256 of every byte before it. */
  seal?: { jws: string; digestOfContent: string };
  /** sha256 of the whole file as read. */
  sha256: string;
  lines: number;
}

/** Export and archive files (JSONL), read into memory. */
export class FileAuditSource implements AuditSource {
  readonly #entries = new Map<string, AuditRecord[]>();
  readonly #checkpoints = new Map<string, CheckpointRow[]>();
  readonly #archives = new Map<string, ArchiveManifestRow[]>();
  readonly files: LoadedAuditFile[] = [];

  /**
   * Files alone hold segments of chains (an export's time range widened to checkpoints, an
   * archive's expired prefix): each is verified from the signed checkpoint before it.
   */
  readonly complete = false;

  private constructor() {}

  static async load(paths: readonly string[]): Promise<FileAuditSource> {
    const loaded = await Promise.all(paths.map(readAuditFile));
    const source = new FileAuditSource();
    for (const { file, lines } of loaded) {
      source.files.push(file);
      for (const line of lines) source.#add(line);
    }
    for (const [writerId, list] of source.#entries) source.#entries.set(writerId, withoutRepeats(list));
    for (const list of source.#archives.values()) list.sort((a, b) => a.fromSequence - b.fromSequence);
    return source;
  }

  #add(line: ReturnType<typeof parseLine>): void {
    if (line.type === "entry") {
      const { type: _t, ...record } = line;
      push(this.#entries, record.writerId, record);
    } else if (line.type === "checkpoint") {
      const { type: _t, ...row } = line;
      const list = this.#checkpoints.get(row.writerId) ?? [];
      if (!list.some((c) => c.jws === row.jws)) push(this.#checkpoints, row.writerId, row);
    } else if (line.type === "archive") {
      const { type: _t, ...row } = line;
      const list = this.#archives.get(row.writerId) ?? [];
      if (!list.some((a) => a.fromSequence === row.fromSequence)) push(this.#archives, row.writerId, row);
    }
  }

  async writerIds(range?: TimeRange): Promise<string[]> {
    const ids = new Set<string>();
    for (const [writerId, entries] of this.#entries) {
      if (!range || entries.some((e) => within(e.recordedAt, range))) ids.add(writerId);
    }
    if (!range) for (const id of [...this.#checkpoints.keys(), ...this.#archives.keys()]) ids.add(id);
    return [...ids];
  }

  async checkpoints(writerId: string): Promise<CheckpointRow[]> {
    return this.#checkpoints.get(writerId) ?? [];
  }

  async genesisCheckpoints(): Promise<CheckpointRow[]> {
    return [...this.#checkpoints.values()].flat().filter((c) => c.kind === "GENESIS");
  }

  async archives(writerId: string): Promise<ArchiveManifestRow[]> {
    return this.#archives.get(writerId) ?? [];
  }

  async *entries(writerId: string, fromSequence: number): AsyncIterable<EntryBatch> {
    const list = (this.#entries.get(writerId) ?? []).filter((e) => e.sequence >= fromSequence);
    for (let i = 0; i < list.length; i += BATCH) yield { records: list.slice(i, i + BATCH) };
  }

  async sequencesWithin(writerId: string, range: TimeRange): Promise<{ first: number; last: number } | null> {
    const inRange = (this.#entries.get(writerId) ?? []).filter((e) => within(e.recordedAt, range));
    return inRange.length === 0 ? null : { first: inRange[0].sequence, last: inRange[inRange.length - 1].sequence };
  }

  /** Sequences present for a writer (for the combined source). */
  lastSequence(writerId: string): number {
    const list = this.#entries.get(writerId);
    return list && list.length > 0 ? list[list.length - 1].sequence : 0;
  }
}

/**
 * Sorted by sequence; an entry present in two files (an archive run interrupted after writing its
 * file, then repeated) is kept once. Two different entries at one sequence both stay, so the
 * verifier reports the conflict.
 */
function withoutRepeats(list: AuditRecord[]): AuditRecord[] {
  list.sort((a, b) => a.sequence - b.sequence);
  return list.filter((e, i) => i === 0 || e.sequence !== list[i - 1].sequence || e.entryHash !== list[i - 1].entryHash);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function within(at: Date, range: TimeRange): boolean {
  return (!range.from || at >= range.from) && (!range.to || at <= range.to);
}

async function readAuditFile(file: string): Promise<{ file: LoadedAuditFile; lines: ReturnType<typeof parseLine>[] }> {
  const digest = createHash("sha256");
  const whole = createHash("sha256");
  const lines: ReturnType<typeof parseLine>[] = [];
  const loaded: LoadedAuditFile = { path: path.resolve(file), header: undefined, lines: 0, sha256: "" };
  const input = fs.createReadStream(file);
  input.on("data", (chunk) => whole.update(chunk));
  const reader = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const text of reader) {
    if (text.trim().length === 0) continue;
    loaded.lines += 1;
    const line = parseLine(text);
    if (line.type === "seal") {
      loaded.seal = { jws: line.jws, digestOfContent: digest.digest("hex") };
      continue;
    }
    if (loaded.seal) throw new Error(`${file}: content after the seal line`);
    digest.update(`${text}\n`);
    if (line.type === "header") loaded.header = line;
    lines.push(line);
  }
  loaded.sha256 = whole.digest("hex");
  return { file: loaded, lines };
}

/**
 * Archive files in front of the live database: a writer's chain runs through the archived
 * prefix (from the files) into the live rows (from the database).
 */
export class CombinedAuditSource implements AuditSource {
  readonly complete = true;
  constructor(
    private readonly database: DatabaseAuditSource,
    private readonly files: FileAuditSource,
  ) {}

  async writerIds(range?: TimeRange): Promise<string[]> {
    return [...new Set([...(await this.database.writerIds(range)), ...(await this.files.writerIds(range))])];
  }

  async checkpoints(writerId: string): Promise<CheckpointRow[]> {
    // Checkpoints are never deleted from the database; the files' copies matter only without it.
    const live = await this.database.checkpoints(writerId);
    return live.length > 0 ? live : this.files.checkpoints(writerId);
  }

  async genesisCheckpoints(): Promise<CheckpointRow[]> {
    const live = await this.database.genesisCheckpoints();
    const known = new Set(live.map((c) => c.jws));
    return [...live, ...(await this.files.genesisCheckpoints()).filter((c) => !known.has(c.jws))];
  }

  async archives(writerId: string): Promise<ArchiveManifestRow[]> {
    const live = await this.database.archives(writerId);
    const known = new Set(live.map((a) => a.fromSequence));
    return [...live, ...(await this.files.archives(writerId)).filter((a) => !known.has(a.fromSequence))].sort((a, b) => a.fromSequence - b.fromSequence);
  }

  async *entries(writerId: string, fromSequence: number): AsyncIterable<EntryBatch> {
    yield* this.files.entries(writerId, fromSequence);
    yield* this.database.entries(writerId, Math.max(fromSequence, this.files.lastSequence(writerId) + 1));
  }

  async sequencesWithin(writerId: string, range: TimeRange): Promise<{ first: number; last: number } | null> {
    const [a, b] = [await this.files.sequencesWithin(writerId, range), await this.database.sequencesWithin(writerId, range)];
    if (!a || !b) return a ?? b;
    return { first: Math.min(a.first, b.first), last: Math.max(a.last, b.last) };
  }
}
