import { randomUUID } from "node:crypto";
import fs from "node:fs";
import { Presets, SingleBar } from "cli-progress";
import type { AuditEntryInput } from "../audit";
import type { Region } from "../config";
import { placeholderStyleOf, type PrismaClient } from "../db";
import { BatchRecordConflict, PublicationConflict } from "../verification";
import { formatOf, ImportFileError, inspectFile } from "./importFile";
import { KeysSeenInFile } from "./keysSeenInFile";
import { KINDS, type FileKey, type ImportContext, type ImportKindName, type RecordProblem, type RecordWrite } from "./importKinds";
import { checkHeader, checkLastLine, readRecords } from "./recordReader";

export interface ImportOptions {
  kind: ImportKindName;
  file: string;
  dryRun: boolean;
  prisma: PrismaClient;
  home: Region;
  /** The verification centre whose results a verifications file holds. */
  agencyId?: string;
  operator: string;
  /** Where each committed batch is recorded (the audit chain writer); not needed for a dry run. */
  audit?: { append(input: AuditEntryInput): Promise<unknown> };
  /** Records per transaction. */
  batchSize?: number;
  /** Longest run of a batch's transaction, and wait to start it (IMPORT_TRANSACTION_TIMEOUT_MS). */
  transactionTimeoutMs?: number;
  progress?: boolean;
  now?: Date;
}

export interface ImportSummary {
  kind: ImportKindName;
  dryRun: boolean;
  sha256: string;
  lines: number;
  records: number;
  /** Records that changed the database (created, updated or a new version). */
  written: number;
  unchanged: number;
  rejected: number;
  batches: number;
  reportFile: string;
  seconds: number;
  /** Household members among the accepted records (households and verifications files). */
  members: number;
  /**
   * Where the wall time of the writing went, summed over batches: each batch's audit entry, from
   * its start to its commit, and each batch's transaction. On SQLite the two follow each other
   * (one writer at a time), so their sum is the run's critical path; reading overlaps them.
   */
  timings: { auditEntrySeconds: number; batchTransactionSeconds: number };
}

/**
 * 1,000 records. At a million members SQLite's import is bound by disk writes (each person a random
 * leaf of the audit subject index and of the members' identity-number index, ~11 kB written per
 * member): twice the batch means half the commits and fsyncs. In alternating 1M runs on an idle
 * machine (2026-12-08, docs/data-import.md) 1,000 imported 4–6 % faster than 500 with 8 % less
 * CPU; 2,000 went past the 300 MB RSS target.
 */
export const DEFAULT_BATCH_SIZE = 1_000;
/** The batch transaction's bound when the caller sets none (the CLI passes IMPORT_TRANSACTION_TIMEOUT_MS). */
const DEFAULT_TRANSACTION_TIMEOUT_MS = 300_000;

/** The report beside the input: one row per refused record, field and reason in both languages. */
export function reportFileFor(file: string): string {
  return `${file}.report.csv`;
}

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

interface PendingRecord {
  line: number;
  memberLines?: number[];
  value: unknown;
}

/**
 * Loads one file: streamed (memory stays flat), validated by the API's own code, written in
 * transactions of `batchSize` records. Before each batch is written, one audit entry records the
 * operator, the file's sha256 and the batch's subjects (fail-closed, as the gateway does: no write
 * without a record of it). Running the same file again writes nothing new.
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const kind = KINDS[options.kind];
  const format = formatOf(options.file);
  const facts = await inspectFile(options.file);
  checkHeader(kind, format, facts);
  checkLastLine(kind, format, facts);
  const context: ImportContext = { home: options.home, agencyId: options.agencyId, operator: options.operator, now: options.now ?? new Date(), placeholderStyle: await placeholderStyleOf(options.prisma) };
  if (options.kind === "verifications") await checkPublishingCentre(options);
  if (context.placeholderStyle === "question-mark" && !options.dryRun) {
    // SQLite in WAL mode: a batch's COMMIT no longer waits for an fsync of the WAL (the gateway
    // runs FULL). A crash still leaves the database whole — WAL with NORMAL never corrupts it — and
    // at worst loses the last batches, which re-running the file writes again. The audit entries
    // are committed by the audit writer's own connection, which stays FULL.
    await options.prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  }
  if (!options.dryRun && !options.audit) throw new Error("an import that writes needs the audit writer");

  const reportFile = reportFileFor(options.file);
  const report = fs.createWriteStream(reportFile, { encoding: "utf8" });
  // A byte-order mark lets spreadsheet programs open the Chinese reasons as UTF-8.
  report.write("\uFEFFline,field,reason_zh,reason_en\n");
  /** Writes one report row (a record may have several); waits when the file's buffer is full. */
  const reject = (line: number, problem: RecordProblem) => {
    const ok = report.write(`${line},${csvCell(problem.field)},${csvCell(problem.reasonZh)},${csvCell(problem.reason)}\n`);
    return ok ? undefined : new Promise<void>((resolve) => report.once("drain", () => resolve()));
  };
  const lineOf = (record: { line: number; memberLines?: number[] }, field: string) => {
    // Only a CSV record has a line per member; a JSONL record is one line.
    if (!record.memberLines) return record.line;
    const member = /^(?:household\.)?members\[(\d+)\]/.exec(field);
    return member && record.memberLines?.[Number(member[1])] !== undefined ? record.memberLines[Number(member[1])] : record.line;
  };

  const summary: ImportSummary = { kind: options.kind, dryRun: options.dryRun, sha256: facts.sha256, lines: facts.lines, records: 0, written: 0, unchanged: 0, rejected: 0, batches: 0, reportFile, seconds: 0, members: 0, timings: { auditEntrySeconds: 0, batchTransactionSeconds: 0 } };
  const bar = options.progress
    ? new SingleBar({ format: "{bar} {percentage}% | line {value}/{total} | {rate} records/s | ETA {eta_formatted}", etaBuffer: 50, noTTYOutput: true, notTTYSchedule: 5000, stream: process.stderr }, Presets.shades_classic)
    : undefined;
  bar?.start(facts.lines, 0, { rate: 0 });
  const runId = randomUUID();
  const seen = new KeysSeenInFile();
  /** Keys an earlier record of this file carried; an accepted record's keys are remembered. */
  const seenBefore = (keys: FileKey[], record: { line: number; memberLines?: number[] }): RecordProblem[] => {
    const problems: RecordProblem[] = [];
    for (const { key, field, what } of keys) {
      const earlier = seen.lineOf(key);
      if (earlier !== undefined) {
        problems.push({ field, reason: `the same ${what.en} appears earlier in this file (line ${earlier})`, reasonZh: `同一${what.zh}在本文件中重复出现（已见于第 ${earlier} 行）` });
      }
    }
    if (problems.length === 0) for (const { key, field } of keys) seen.remember(key, lineOf(record, field));
    return problems;
  };
  let batch: PendingRecord[] = [];
  const transactionTimeoutMs = options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS;
  const transactionOptions = { maxWait: transactionTimeoutMs, timeout: transactionTimeoutMs };

  /**
   * Commits one batch's audit entry, always before its own batch's records (fail-closed). On
   * PostgreSQL it starts as soon as the batch is complete, while the batch before it may still be
   * writing: its commit, on another connection, overlaps that transaction instead of following it.
   * On SQLite it starts after the previous batch committed: SQLite lets one connection write at
   * a time, so the two commits could not overlap anyway, only wait on each other's lock.
   */
  const recordBatch = (pending: PendingRecord[], batchNumber: number) => {
    const started = performance.now();
    const appended = options.audit!.append({
      requestId: `import-${runId}-${batchNumber}`,
      node: options.home,
      principal: { sub: options.operator, agency: options.agencyId ?? "DATA_IMPORT", region: options.home, roles: [] },
      purpose: "DATA_IMPORT",
      caseRef: `import:${facts.sha256.slice(0, 16)}`,
      operationName: `import:${options.kind}`,
      operationHash: facts.sha256,
      fieldsRequested: [`${options.kind}:lines ${pending[0].line}-${pending[pending.length - 1].line}`],
      subjects: pending.flatMap((r) => kind.subjects(r.value)),
      resultCount: pending.length,
      outcome: "ALLOWED",
      latencyMs: 0,
    });
    return appended.then((committed) => {
      summary.timings.auditEntrySeconds += (performance.now() - started) / 1000;
      return committed;
    });
  };

  /**
   * Writes one batch's records in one transaction, once its audit entry has committed. Runs while
   * the next batch is read and validated (commit), so reading the file overlaps waiting for the
   * database.
   */
  const write = async (pending: PendingRecord[], audited: Promise<unknown>) => {
    await audited;
    const started = performance.now();
    let remaining = pending;
    for (;;) {
      try {
        const writes = await options.prisma.$transaction(async (tx) => {
          // PostgreSQL: this transaction's COMMIT does not wait for its WAL to reach the disk.
          // A crash can lose the last batches (re-running the file writes them again) but never
          // leaves the database inconsistent; the audit entries keep the server's setting.
          if (context.placeholderStyle === "dollar-number") await tx.$executeRawUnsafe("SET LOCAL synchronous_commit = off");
          // SQLite: take the write lock first (a write statement that changes nothing), as BEGIN
          // IMMEDIATE would. A batch reads before it writes, and the audit writer's connection
          // commits on its own timer (its signed checkpoints): a commit between this
          // transaction's first read and first write would fail it with SQLITE_BUSY_SNAPSHOT,
          // where now the other writer waits, or this one waits at the start (busy timeout).
          else await tx.$executeRawUnsafe(`UPDATE "Household" SET "id" = "id" WHERE 0`);
          if (kind.storeBatch) {
            try {
              return await kind.storeBatch(tx, remaining.map((r) => r.value), context);
            } catch (error) {
              if (error instanceof BatchRecordConflict) throw new RecordConflict(remaining[error.index], error.problem);
              throw error;
            }
          }
          const outcomes: RecordWrite[] = [];
          for (const record of remaining) {
            try {
              outcomes.push(await kind.store(tx, record.value, context));
            } catch (error) {
              if (error instanceof PublicationConflict) throw new RecordConflict(record, error.problem);
              throw error;
            }
          }
          return outcomes;
        }, transactionOptions);
        for (const w of writes) if (w === "UNCHANGED") summary.unchanged++;
        else summary.written++;
        summary.timings.batchTransactionSeconds += (performance.now() - started) / 1000;
        break;
      } catch (error) {
        // The batch rolled back: refuse the one conflicting record, write the rest again.
        if (!(error instanceof RecordConflict)) throw error;
        summary.rejected++;
        await reject(lineOf(error.record, error.problem.field), error.problem);
        remaining = remaining.filter((r) => r !== error.record);
        if (remaining.length === 0) break;
      }
    }
  };
  /** The batch being written; one at a time, in the file's order. */
  let writing: Promise<void> = Promise.resolve();
  const commit = async () => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    summary.batches++;
    if (options.dryRun) return;
    const overlap = context.placeholderStyle === "dollar-number";
    const early = overlap ? recordBatch(pending, summary.batches) : undefined;
    // Awaited by write(); this only keeps Node from calling a rejection unhandled meanwhile.
    early?.catch(() => undefined);
    await writing;
    const next = write(pending, early ?? recordBatch(pending, summary.batches));
    // Handled where it is awaited (the next commit, or the end); this only keeps Node from
    // calling the rejection unhandled in between.
    next.catch(() => undefined);
    writing = next;
  };

  try {
    for await (const record of readRecords(options.file, format, kind)) {
      summary.records++;
      if ("unreadable" in record) {
        summary.rejected++;
        await reject(record.line, record.unreadable);
      } else {
        const checked = kind.validate(record.raw, context);
        const problems = checked.ok ? seenBefore(kind.keysOf(checked.value), record) : checked.problems;
        if (!checked.ok || problems.length > 0) {
          summary.rejected++;
          for (const problem of problems) await reject(lineOf(record, problem.field), problem);
        } else {
          batch.push({ line: record.line, memberLines: record.memberLines, value: checked.value });
          summary.members += kind.subjects(checked.value).length;
          if (batch.length >= (options.batchSize ?? DEFAULT_BATCH_SIZE)) await commit();
        }
      }
      if (bar && summary.records % 100 === 0) bar.update(record.line, { rate: Math.round(summary.records / Math.max(0.001, (Date.now() - started) / 1000)) });
    }
    await commit();
    await writing;
  } finally {
    await writing.catch(() => undefined);
    bar?.update(facts.lines, { rate: Math.round(summary.records / Math.max(0.001, (Date.now() - started) / 1000)) });
    bar?.stop();
    await new Promise<void>((resolve) => report.end(resolve));
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

class RecordConflict extends Error {
  constructor(readonly record: PendingRecord, readonly problem: RecordProblem) {
    super(problem.reason);
  }
}

async function checkPublishingCentre(options: ImportOptions): Promise<void> {
  if (!options.agencyId) throw new ImportFileError("导入核对结果须用 --agency 指明核对中心", "a verifications file needs --agency: the verification centre whose results it holds");
  const agency = await options.prisma.agency.findUnique({ where: { id: options.agencyId }, select: { region: true, kind: true } });
  if (!agency || agency.region !== options.home || agency.kind !== "VERIFICATION_CENTRE") {
    throw new ImportFileError(`机构 ${options.agencyId} 不是本省（市）已登记的核对中心`, `agency ${options.agencyId} is not a registered verification centre of ${options.home}`);
  }
}
