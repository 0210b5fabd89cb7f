import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Region } from "../config";
import type { PrismaClient } from "../db";
import type { ArchiveClaims, ArchivedRange } from "./auditArchiveClaims";
import { ARCHIVE_FORMAT, checkpointLine, entryLine, type ArchiveManifestRow } from "./auditJsonl";
import { ARCHIVE_TYP, signStatement, type NodeSigningKey } from "./auditSignature";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * China's network-data rules: records of providing personal information are kept at least three
 * years; network logs at least six months. Three years is the default; anything under six
 * months (183 days) is refused.
 */
export const DEFAULT_RETENTION_DAYS = 3 * 365 + 1;
export const MINIMUM_RETENTION_DAYS = 183;

/** Validates a configured retention (days); undefined means the default. */
export function retentionDays(configured?: number | string): number {
  if (configured === undefined || configured === "") return DEFAULT_RETENTION_DAYS;
  const days = Number(configured);
  if (!Number.isInteger(days)) throw new Error(`audit retention must be a whole number of days (got ${String(configured)})`);
  if (days < MINIMUM_RETENTION_DAYS) {
    throw new Error(`audit retention of ${days} days refused: network logs must be kept at least 6 months (${MINIMUM_RETENTION_DAYS} days)`);
  }
  return days;
}

export interface ArchiveOptions {
  node: Region;
  signingKey: NodeSigningKey;
  /** Directory the archive files go to (kept with the same care as the database's backups). */
  archiveDir: string;
  retentionDays?: number;
  now?: () => Date;
}

export interface ArchiveResult {
  cutoff: Date;
  /** Null when nothing had expired. */
  file: string | null;
  fileSha256: string | null;
  ranges: ArchivedRange[];
  entriesArchived: number;
}

/**
 * Moves entries older than the retention period out of the database into a signed archive
 * file — never a silent delete.
 *
 * Why a guarded delete rather than keeping rows forever or only marking them: retention is also
 * a duty to stop holding personal data (even pseudonymous) once the period is over, so the rows
 * must leave the live database; and a delete must stay provable. So, in this order:
 *  1. write the expired prefix of every writer's chain (with the checkpoints that sign it) to a
 *     JSONL file, fsync it, and seal it: a JWS by the node key over the file's sha256, the
 *     archived spans, the cutoff, and the sha256 of the previous archive file (a hash-linked
 *     series of archives);
 *  2. in one transaction, insert the AuditArchive manifests (carrying the same JWS) and delete
 *     the covered rows. The database triggers let a DELETE through only for rows inside a
 *     manifest's span and older than its cutoff; a hand-made manifest opens the gate only to
 *     fail `audit:verify`, whose signature check it cannot pass.
 * The live chain then continues from the manifest's toHash; `audit:verify --file <archive>`
 * with the database checks the archived entries themselves.
 */
export async function archiveExpiredEntries(prisma: PrismaClient, options: ArchiveOptions): Promise<ArchiveResult> {
  const now = (options.now ?? (() => new Date()))();
  const cutoff = new Date(now.getTime() - retentionDays(options.retentionDays) * DAY_MS);
  const ranges = await expiredRanges(prisma, cutoff);
  if (ranges.length === 0) return { cutoff, file: null, fileSha256: null, ranges, entriesArchived: 0 };

  const previous = await prisma.auditArchive.findFirst({ orderBy: { id: "desc" }, select: { fileSha256: true } });
  const fileName = `audit-archive-${options.node.toLowerCase()}-${now.toISOString().replace(/[-:.]/g, "")}.jsonl`;
  fs.mkdirSync(options.archiveDir, { recursive: true });
  const file = path.join(options.archiveDir, fileName);
  const { sha256, fd } = await writeArchiveContent(prisma, file, { node: options.node, cutoff, now, ranges, previous: previous?.fileSha256 ?? null });

  const claims: ArchiveClaims = {
    node: options.node,
    fileName,
    fileSha256: sha256,
    cutoff: cutoff.toISOString(),
    archivedAt: now.toISOString(),
    previousArchiveSha256: previous?.fileSha256 ?? null,
    ranges,
  };
  const jws = await signStatement(claims, options.signingKey, ARCHIVE_TYP);
  fs.writeSync(fd, `${JSON.stringify({ type: "seal", jws })}\n`);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fsyncDirectory(options.archiveDir);

  const manifests: ArchiveManifestRow[] = ranges.map((r) => ({
    writerId: r.writerId,
    fromSequence: r.fromSequence,
    toSequence: r.toSequence,
    fromPreviousHash: r.fromPreviousHash,
    toHash: r.toHash,
    entryCount: r.entryCount,
    cutoff,
    archivedAt: now,
    fileName,
    fileSha256: sha256,
    jws,
  }));
  await prisma.$transaction([
    prisma.auditArchive.createMany({ data: manifests }),
    ...ranges.flatMap((r) => {
      const span = { writerId: r.writerId, sequence: { gte: r.fromSequence, lte: r.toSequence } };
      return [prisma.auditSubject.deleteMany({ where: span }), prisma.auditEntry.deleteMany({ where: span })];
    }),
  ]);
  return { cutoff, file, fileSha256: sha256, ranges, entriesArchived: ranges.reduce((n, r) => n + r.entryCount, 0) };
}

/** Per writer: the not-yet-archived entries recorded before the cutoff (a prefix of its chain). */
async function expiredRanges(prisma: PrismaClient, cutoff: Date): Promise<ArchivedRange[]> {
  const expired = await prisma.auditEntry.groupBy({ by: ["writerId"], where: { recordedAt: { lt: cutoff } }, _min: { sequence: true }, _max: { sequence: true } });
  const ranges: ArchivedRange[] = [];
  for (const group of expired) {
    const fromSequence = group._min.sequence!;
    const toSequence = group._max.sequence!;
    const [first, last] = await Promise.all([
      prisma.auditEntry.findUniqueOrThrow({ where: { writerId_sequence: { writerId: group.writerId, sequence: fromSequence } } }),
      prisma.auditEntry.findUniqueOrThrow({ where: { writerId_sequence: { writerId: group.writerId, sequence: toSequence } } }),
    ]);
    ranges.push({
      writerId: group.writerId,
      fromSequence,
      toSequence,
      fromPreviousHash: first.previousHash,
      toHash: last.entryHash,
      entryCount: toSequence - fromSequence + 1,
    });
  }
  return ranges;
}

async function writeArchiveContent(
  prisma: PrismaClient,
  file: string,
  meta: { node: Region; cutoff: Date; now: Date; ranges: ArchivedRange[]; previous: string | null },
): Promise<{ sha256: string; fd: number }> {
  const fd = fs.openSync(file, "wx");
  const digest = createHash("sha256");
  const write = (line: string) => {
    digest.update(`${line}\n`);
    fs.writeSync(fd, `${line}\n`);
  };
  write(JSON.stringify({ type: "header", format: ARCHIVE_FORMAT, node: meta.node, cutoff: meta.cutoff.toISOString(), createdAt: meta.now.toISOString(), previousArchiveSha256: meta.previous }));
  for (const range of meta.ranges) {
    // The checkpoints that sign this span (and the genesis that anchors it) travel with it.
    const checkpoints = await prisma.auditCheckpoint.findMany({ where: { writerId: range.writerId, sequence: { lte: range.toSequence } }, orderBy: { id: "asc" } });
    for (const checkpoint of checkpoints) write(checkpointLine(checkpoint));
    let next = range.fromSequence;
    while (next <= range.toSequence) {
      const rows = await prisma.auditEntry.findMany({
        where: { writerId: range.writerId, sequence: { gte: next, lte: range.toSequence } },
        orderBy: { sequence: "asc" },
        take: 5000,
      });
      if (rows.length === 0) throw new Error(`writer ${range.writerId}: sequence ${next} missing while archiving; run audit:verify`);
      for (const { id: _id, ...record } of rows) write(entryLine(record));
      next = rows[rows.length - 1].sequence + 1;
    }
  }
  return { sha256: digest.digest("hex"), fd };
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
