import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../db";
import type { AuditRecord } from "./auditRecord";
import { archiveLine, checkpointLine, entryLine, EXPORT_FORMAT } from "./auditJsonl";
import { DatabaseAuditSource, type TimeRange } from "./auditRecordSource";

export type ExportFormat = "jsonl" | "csv";

export interface ExportOptions extends TimeRange {
  format: ExportFormat;
  /** File to write; `<file>.sha256` is written beside it. */
  output: string;
  now?: () => Date;
}

export interface ExportResult {
  file: string;
  digestFile: string;
  sha256: string;
  /** Entries recorded within the range. */
  entriesInRange: number;
  /** Entries written (JSONL widens each chain segment to the signed checkpoints around it). */
  entriesWritten: number;
}

/**
 * Exports the entries recorded in [from, to].
 *
 * JSONL is verifiable on its own (`audit:verify -- --file`): for every writer it carries the
 * segment from the last signed checkpoint before the range to the first one after it, with the
 * writers' checkpoints and archive manifests, so the hash links and signatures can be checked
 * without the database. CSV is for reading: the range only, one row per entry, in time order.
 * Either way `<file>.sha256` (sha256sum format) lets the recipient check the copy.
 */
export async function exportAuditLog(prisma: PrismaClient, options: ExportOptions): Promise<ExportResult> {
  const file = path.resolve(options.output);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file, { encoding: "utf8" });
  const digest = createHash("sha256");
  const write = (line: string) => {
    digest.update(`${line}\n`);
    return new Promise<void>((resolve, reject) => out.write(`${line}\n`, (e) => (e ? reject(e) : resolve())));
  };
  const counts =
    options.format === "csv"
      ? await writeCsv(prisma, options, write)
      : await writeJsonl(prisma, options, write, (options.now ?? (() => new Date()))());
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  const sha256 = digest.digest("hex");
  const digestFile = `${file}.sha256`;
  fs.writeFileSync(digestFile, `${sha256}  ${path.basename(file)}\n`);
  return { file, digestFile, sha256, ...counts };
}

type Write = (line: string) => Promise<void>;

async function writeJsonl(prisma: PrismaClient, range: TimeRange, write: Write, now: Date) {
  const source = new DatabaseAuditSource(prisma);
  await write(JSON.stringify({ type: "header", format: EXPORT_FORMAT, from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null, exportedAt: now.toISOString() }));
  let entriesInRange = 0;
  let entriesWritten = 0;
  const writers = await source.writerIds(range);
  for (const checkpoint of await source.genesisCheckpoints()) if (!writers.includes(checkpoint.writerId)) await write(checkpointLine(checkpoint));
  for (const writerId of writers) {
    const checkpoints = await source.checkpoints(writerId);
    for (const checkpoint of checkpoints) await write(checkpointLine(checkpoint));
    for (const manifest of await source.archives(writerId)) await write(archiveLine(manifest));
    const span = await source.sequencesWithin(writerId, range);
    if (!span) continue;
    const from = Math.max(0, ...checkpoints.filter((c) => c.sequence < span.first).map((c) => c.sequence)) + 1;
    const closing = Math.min(...checkpoints.filter((c) => c.sequence >= span.last).map((c) => c.sequence));
    const to = Number.isFinite(closing) ? closing : span.last;
    for await (const batch of source.entries(writerId, from)) {
      for (const record of batch.records) {
        if (record.sequence > to) break;
        await write(entryLine(record));
        entriesWritten += 1;
        if (record.sequence >= span.first && record.sequence <= span.last) entriesInRange += 1;
      }
      if (batch.records[batch.records.length - 1].sequence >= to) break;
    }
  }
  await write(JSON.stringify({ type: "trailer", entriesInRange, entriesWritten }));
  return { entriesInRange, entriesWritten };
}

const CSV_COLUMNS = [
  "recordedAt", "node", "writerId", "sequence", "requestId", "principalSub", "principalAgency", "principalRegion",
  "principalRoles", "purpose", "caseRef", "operationName", "operationHash", "outcome", "errorCode", "errorDetail",
  "resultCount", "latencyMs", "fieldsRequested", "fieldsDenied", "fieldsMasked", "subjectHmacs", "peerHops",
  "previousHash", "entryHash", "rowRules",
] as const satisfies readonly (keyof AuditRecord)[];

/**
 * RFC 4180 quoting, hand-written because it is four lines. Cells a spreadsheet would run as a
 * formula (=, +, -, @ first) get a leading apostrophe (OWASP CSV injection): these files are
 * opened by compliance staff in spreadsheet programs, and caseRef and operation names come from
 * callers.
 */
function csvCell(value: unknown): string {
  let text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

async function writeCsv(prisma: PrismaClient, range: TimeRange, write: Write) {
  await write(CSV_COLUMNS.join(","));
  let count = 0;
  let after: { recordedAt: Date; id: number } | undefined;
  const where = { recordedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lte: range.to } : {}) } };
  for (;;) {
    const rows = await prisma.auditEntry.findMany({
      where: after ? { AND: [where, { OR: [{ recordedAt: { gt: after.recordedAt } }, { recordedAt: after.recordedAt, id: { gt: after.id } }] }] } : where,
      orderBy: [{ recordedAt: "asc" }, { id: "asc" }],
      take: 5000,
    });
    if (rows.length === 0) break;
    for (const row of rows) await write(CSV_COLUMNS.map((c) => csvCell(row[c])).join(","));
    count += rows.length;
    after = rows[rows.length - 1];
  }
  return { entriesInRange: count, entriesWritten: count };
}
