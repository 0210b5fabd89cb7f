// The chain writer committing from its worker thread (insert path "thread", the gateway's default
// on SQLite) against a real SQLite file: rows read back through Prisma exactly as Prisma would
// have written them, concurrent appends share transactions, and every way the thread's
// connection can refuse a write fails closed and recovers.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { JSONWebKeySet } from "jose";
import { AuditChainWriter, AuditUnavailableError, DatabaseAuditSource, verifyAuditLog, type AuditEntryInput, type NodeSigningKey } from "../../src/audit";
import type { PrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";
import { freshSqliteClient } from "./support/auditDatabases";
import { nodeKeyPair, SUBJECT_KEY } from "./support/nodeKeys";
import { sampleAccess } from "./support/sampleAccess";
import { expectStoredChain } from "./support/storedChain";

const subject = composeIdentityNumber("500103", "1970-03-04", "FEMALE", 12);

/** A caseworker-style access: one subject, one masked field. */
function access(requestId: string, extra: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return sampleAccess(requestId, {
    fieldsMasked: [{ path: "householdVerification.household.members.idNumber", policyId: "verification-v1", reasonCode: "MASK_ID" }],
    subjects: [subject],
    outcome: "MASKED",
    ...extra,
  });
}

describe("AuditChainWriter committing from its SQLite thread", () => {
  let prisma: PrismaClient;
  let file: string;
  let signingKey: NodeSigningKey;
  let jwks: JSONWebKeySet;
  const writers: AuditChainWriter[] = [];

  async function openWriter(options: Partial<Parameters<typeof AuditChainWriter.open>[1]> = {}) {
    const writer = await AuditChainWriter.open(prisma, { node: "CHONGQING", signingKey, subjectKey: SUBJECT_KEY, appendTimeoutMs: 0, sqliteFile: file, ...options });
    writers.push(writer);
    return writer;
  }

  beforeEach(async () => {
    ({ prisma, file } = freshSqliteClient());
    ({ signingKey, jwks } = await nodeKeyPair());
  });
  afterEach(async () => {
    for (const w of writers.splice(0)) await w.close().catch(() => undefined);
    await prisma.$disconnect();
  });

  it("writes rows that Prisma reads back unchanged: hashes recompute, times round-trip, subjects stored, the log verifies", async () => {
    const writer = await openWriter();
    const receipts = [];
    for (let i = 0; i < 4; i++) receipts.push(await writer.append(access(`t${i}`)));
    await writer.close();

    const rows = await prisma.auditEntry.findMany({ where: { writerId: writer.writerId }, orderBy: { sequence: "asc" } });
    expect(rows.map((r) => r.requestId)).toEqual(["t0", "t1", "t2", "t3"]);
    expectStoredChain(writer.writerId, rows, receipts);
    expect(await prisma.auditSubject.count({ where: { writerId: writer.writerId } })).toBe(4);
    const kinds = (await prisma.auditCheckpoint.findMany({ where: { writerId: writer.writerId }, orderBy: { id: "asc" } })).map((c) => c.kind);
    expect(kinds).toEqual(["GENESIS", "FINAL"]);
    const report = await verifyAuditLog(new DatabaseAuditSource(prisma), { publicKeys: jwks });
    expect(report.ok).toBe(true);
  });

  it("stores times exactly as Prisma's own insert path does, so time-range filters see both alike", async () => {
    const threaded = await openWriter();
    const viaPrisma = await openWriter({ insertPath: "raw", sqliteFile: undefined });
    await threaded.append(access("by-thread"));
    await viaPrisma.append(access("by-prisma"));
    const raw = new Database(file, { readonly: true });
    const stored = raw.prepare(`SELECT requestId, recordedAt, typeof(recordedAt) AS type FROM "AuditEntry" ORDER BY requestId`).all() as { requestId: string; recordedAt: string; type: string }[];
    raw.close();
    const [byPrisma, byThread] = stored;
    expect(byThread.type).toBe(byPrisma.type);
    const shape = (iso: string) => iso.replace(/\d/g, "9");
    expect(shape(byThread.recordedAt)).toBe(shape(byPrisma.recordedAt));
    const since = new Date(Date.now() - 60_000);
    expect(await prisma.auditEntry.count({ where: { recordedAt: { gte: since } } })).toBe(2);
  });

  it("commits concurrent appends together: far fewer transactions than entries", async () => {
    const writer = await openWriter();
    await Promise.all(Array.from({ length: 64 }, (_, i) => writer.append(access(`c${i}`))));
    const { committedEntries, committedBatches } = writer.stats();
    expect(committedEntries).toBe(64);
    expect(committedBatches).toBeLessThan(16);
  });

  it("lets the WAL grow past SQLite's default 1,000 pages before its connection checkpoints", async () => {
    const writer = await openWriter();
    // ~6 KB of field paths per entry: 1,200 entries are ~2,000 WAL pages, twice the default.
    const fieldsRequested = Array.from({ length: 100 }, (_, i) => `householdVerification.household.members.field${String(i).padStart(3, "0")}.value`);
    for (let wave = 0; wave < 20; wave++) {
      await Promise.all(Array.from({ length: 60 }, (_, i) => writer.append(access(`w${wave}-${i}`, { fieldsRequested }))));
    }
    const walPages = fs.statSync(`${file}-wal`).size / 4096;
    // At the default threshold the WAL restarts from its beginning after ~1,000 pages and stays near that size.
    expect(walPages).toBeGreaterThan(1_500);
    expect(walPages).toBeLessThan(10_000 + 500);
  });

  it("rejects when a constraint refuses the insert on the thread's connection, and a probe brings it back", async () => {
    const writer = await openWriter();
    await prisma.$executeRawUnsafe(`CREATE TRIGGER "test_refuse_insert" BEFORE INSERT ON "AuditEntry" BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const refused = writer.append(access("refused"));
    await expect(refused).rejects.toThrow(AuditUnavailableError);
    await expect(refused).rejects.toThrow(/injected failure/);
    expect(writer.isHealthy()).toBe(false);
    await prisma.$executeRawUnsafe(`DROP TRIGGER "test_refuse_insert"`);
    expect(await writer.probe()).toBe(true);
    expect((await writer.append(access("ok"))).sequence).toBe(1);
    expect(await prisma.auditEntry.count({ where: { requestId: "refused" } })).toBe(0);
  });

  it("rejects by the deadline while another connection holds the write lock, then resyncs onto what the thread committed", async () => {
    const writer = await openWriter({ appendTimeoutMs: 150 });
    await writer.append(access("before"));
    const blocker = new Database(file);
    blocker.exec("BEGIN IMMEDIATE");
    try {
      await expect(writer.append(access("while-locked"))).rejects.toThrow(/longer than 150 ms/);
      expect(writer.isHealthy()).toBe(false);
    } finally {
      blocker.exec("ROLLBACK");
      blocker.close();
    }
    // The thread was still waiting on the lock (busy timeout) and commits once it is released;
    // the caller was refused all the same, and the chain carries on from the stored head.
    const next = await writer.append(access("after"));
    expect(writer.isHealthy()).toBe(true);
    const rows = await prisma.auditEntry.findMany({ where: { writerId: writer.writerId }, orderBy: { sequence: "asc" } });
    expect(rows.map((r) => [r.sequence, r.requestId])).toEqual([
      [1, "before"],
      [2, "while-locked"],
      [3, "after"],
    ]);
    expect(next.sequence).toBe(3);
    expect(rows[2].previousHash).toBe(rows[1].entryHash);
  });

  it("does not start on a file that is not there, saying which", async () => {
    const missing = path.join(path.dirname(file), "no-such.db");
    await expect(openWriter({ sqliteFile: missing })).rejects.toThrow(/no-such\.db|unable to open|directory does not exist/);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it("refuses the thread path without a SQLite file", async () => {
    await expect(AuditChainWriter.open(prisma, { node: "CHONGQING", signingKey, subjectKey: SUBJECT_KEY, insertPath: "thread" })).rejects.toThrow(/needs a SQLite database and its file/);
  });
});
