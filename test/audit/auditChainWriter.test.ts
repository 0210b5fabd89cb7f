// The chain writer against a real SQLite file: chaining, group commit, signed checkpoints,
// subject pseudonyms, fail-closed behaviour when the store stops taking writes.
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { AuditChainWriter, AuditUnavailableError, genesisHashOf, SubjectPseudonymizer, type NodeSigningKey } from "../../src/audit";
import type { PrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";
import { createPrismaClient } from "../../src/db";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { freshSqliteClient } from "./support/auditDatabases";
import { forgeNextEntry } from "./support/auditStoreFaults";
import { nodeKeyPair, SUBJECT_KEY } from "./support/nodeKeys";
import { sampleAccess } from "./support/sampleAccess";
import { expectStoredChain } from "./support/storedChain";

const alice = composeIdentityNumber("500103", "1970-03-04", "FEMALE", 12);
const bob = composeIdentityNumber("510104", "1988-11-30", "MALE", 7);

const access = sampleAccess;

// The database under test is SQLite, or PostgreSQL under `npm run test:pg`; the tests that make
// the store fail use SQLite's own levers and always run on a SQLite file.
describe("AuditChainWriter", () => {
  let prisma: PrismaClient;
  let database: TestDatabase | undefined;
  let signingKey: NodeSigningKey;
  let jwks: JSONWebKeySet;
  const writers: AuditChainWriter[] = [];

  async function openWriter(options: Partial<Parameters<typeof AuditChainWriter.open>[1]> = {}) {
    const writer = await AuditChainWriter.open(prisma, { node: "CHONGQING", signingKey, subjectKey: SUBJECT_KEY, appendTimeoutMs: 0, ...options });
    writers.push(writer);
    return writer;
  }

  beforeEach(async () => {
    database = await createTestDatabase();
    prisma = createPrismaClient(database.url);
    ({ signingKey, jwks } = await nodeKeyPair());
  });
  afterEach(async () => {
    for (const w of writers.splice(0)) await w.close().catch(() => undefined);
    await prisma.$disconnect();
    await database?.drop();
  });

  it("chains entries of one writer from sequence 1, each hash recomputable from its row", async () => {
    const writer = await openWriter();
    expect(writer.writerId).toMatch(new RegExp(`^CQ-${process.pid}-[0-9a-f-]{36}$`));
    const receipts = [];
    for (let i = 0; i < 5; i++) receipts.push(await writer.append(access(`r${i}`)));
    expect(receipts.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5]);

    const rows = await prisma.auditEntry.findMany({ where: { writerId: writer.writerId }, orderBy: { sequence: "asc" } });
    expect(rows.map((r) => r.requestId)).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    expectStoredChain(writer.writerId, rows, receipts);
  });

  it("uses SQLite in WAL mode with synchronous=FULL, checkpointing every 10,000 WAL pages", async () => {
    await useSqlite();
    await openWriter();
    const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [sync] = await prisma.$queryRawUnsafe<{ synchronous: number }[]>("PRAGMA synchronous");
    const [checkpoint] = await prisma.$queryRawUnsafe<{ wal_autocheckpoint: number }[]>("PRAGMA wal_autocheckpoint");
    expect(mode.journal_mode).toBe("wal");
    expect(Number(sync.synchronous)).toBe(2);
    expect(Number(checkpoint.wal_autocheckpoint)).toBe(10_000);
  });

  it("stores subjects only as keyed HMACs, in the entry and in AuditSubject", async () => {
    const writer = await openWriter();
    const { sequence } = await writer.append(access("r1", { subjects: [alice, bob.toLowerCase(), alice] }));
    const pseudonyms = new SubjectPseudonymizer(SUBJECT_KEY);
    const expected = [pseudonyms.hmacOf(alice), pseudonyms.hmacOf(bob)].sort();

    const entry = await prisma.auditEntry.findUniqueOrThrow({ where: { writerId_sequence: { writerId: writer.writerId, sequence } } });
    expect(JSON.parse(entry.subjectHmacs)).toEqual(expected);
    const subjects = await prisma.auditSubject.findMany({ where: { writerId: writer.writerId, sequence } });
    expect(subjects.map((s) => s.subjectHmac).sort()).toEqual(expected);
    // No column anywhere holds the identity number itself.
    const dump = JSON.stringify(await prisma.auditEntry.findMany()) + JSON.stringify(await prisma.auditSubject.findMany());
    expect(dump).not.toContain(alice);
    expect(dump.toUpperCase()).not.toContain(bob);
  });

  it("commits concurrent appends together: far fewer transactions than entries", async () => {
    const writer = await openWriter({ maxBatchSize: 64 });
    const receipts = await Promise.all(Array.from({ length: 200 }, (_, i) => writer.append(access(`c${i}`))));
    expect(new Set(receipts.map((r) => r.sequence)).size).toBe(200);
    expect(Math.max(...receipts.map((r) => r.sequence))).toBe(200);
    const { committedBatches, committedEntries } = writer.stats();
    expect(committedEntries).toBe(200);
    // The first append goes alone; the rest queue behind it and go in batches of at most 64.
    expect(committedBatches).toBeLessThanOrEqual(1 + Math.ceil(199 / 64));
  });

  it("signs a checkpoint every N entries, each linked to the one before, verifiable with the node's JWKS", async () => {
    const writer = await openWriter({ checkpointEvery: { entries: 10, seconds: 3600 } });
    for (let i = 0; i < 25; i++) await writer.append(access(`k${i}`));
    const checkpoints = await prisma.auditCheckpoint.findMany({ where: { writerId: writer.writerId }, orderBy: { id: "asc" } });
    expect(checkpoints.map((c) => [c.kind, c.sequence])).toEqual([["GENESIS", 0], ["PERIODIC", 10], ["PERIODIC", 20]]);
    const keys = createLocalJWKSet(jwks);
    for (const checkpoint of checkpoints) {
      const { payload, protectedHeader } = await compactVerify(checkpoint.jws, keys);
      const claims = JSON.parse(Buffer.from(payload).toString("utf8"));
      expect(protectedHeader.alg).toBe("ES256");
      expect(claims).toMatchObject({ writerId: writer.writerId, sequence: checkpoint.sequence, headHash: checkpoint.headHash, kind: checkpoint.kind });
      const entry = await prisma.auditEntry.findUnique({ where: { writerId_sequence: { writerId: writer.writerId, sequence: checkpoint.sequence } } });
      expect(checkpoint.headHash).toBe(entry?.entryHash ?? genesisHashOf(writer.writerId));
    }
  });

  it("signs the head after T seconds without traffic, and seals the chain with FINAL on close", async () => {
    const writer = await openWriter({ checkpointEvery: { entries: 1000, seconds: 0.2 } });
    await writer.append(access("t1"));
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await prisma.auditCheckpoint.count({ where: { writerId: writer.writerId, kind: "PERIODIC", sequence: 1 } })).toBe(1);
    await writer.append(access("t2"));
    await writer.close();
    const last = await prisma.auditCheckpoint.findFirstOrThrow({ where: { writerId: writer.writerId }, orderBy: { id: "desc" } });
    expect([last.kind, last.sequence]).toEqual(["FINAL", 2]);
    await expect(writer.append(access("late"))).rejects.toBeInstanceOf(AuditUnavailableError);
  });

  it("a new writer's genesis witnesses the head of a writer that ended without a FINAL checkpoint", async () => {
    const crashed = await openWriter({ checkpointEvery: { entries: 1000, seconds: 3600 } });
    for (let i = 0; i < 3; i++) await crashed.append(access(`x${i}`));
    writers.splice(writers.indexOf(crashed), 1); // never closed: as if the process died
    const closed = await openWriter();
    await closed.append(access("y"));
    await closed.close();

    const next = await openWriter();

    const witnessesOf = async (writerId: string) => {
      const genesis = await prisma.auditCheckpoint.findFirstOrThrow({ where: { writerId, kind: "GENESIS" } });
      const { payload } = await compactVerify(genesis.jws, createLocalJWKSet(jwks));
      return JSON.parse(Buffer.from(payload).toString("utf8")).witnesses;
    };
    const crashedHead = await prisma.auditEntry.findUniqueOrThrow({ where: { writerId_sequence: { writerId: crashed.writerId, sequence: 3 } } });
    expect(await witnessesOf(closed.writerId)).toEqual([{ writerId: crashed.writerId, sequence: 3, headHash: crashedHead.entryHash }]);
    // Already witnessed at its head, and the other chain is sealed by FINAL: nothing left to witness.
    expect(await witnessesOf(next.writerId)).toEqual([]);
  });

  /** Swaps the suite's database for a SQLite file (for SQLite's own levers). */
  async function useSqlite(): Promise<void> {
    await prisma.$disconnect();
    await database?.drop();
    database = undefined;
    ({ prisma } = freshSqliteClient());
  }

  describe("when the store stops taking writes", () => {
    beforeEach(useSqlite);

    async function fillDisk(): Promise<void> {
      // Free pages (left by a migration that dropped an index) would still take writes on a file
      // that cannot grow: a filler table takes them first, so nothing is left, as on a full disk.
      await prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS "test_disk_filler" ("bytes" BLOB)`);
      const freePages = async () => Number((await prisma.$queryRawUnsafe<{ freelist_count: number }[]>("PRAGMA freelist_count"))[0].freelist_count);
      while ((await freePages()) > 0) await prisma.$executeRawUnsafe(`INSERT INTO "test_disk_filler" VALUES (zeroblob(1000))`);
      // SQLite's page limit makes the next page allocation fail with SQLITE_FULL, as a full disk does.
      const [{ page_count }] = await prisma.$queryRawUnsafe<{ page_count: number }[]>("PRAGMA page_count");
      await prisma.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(page_count)}`);
    }
    async function freeDisk(): Promise<void> {
      await prisma.$queryRawUnsafe("PRAGMA max_page_count = 1073741823");
    }

    it("rejects every waiting append, turns unhealthy, and continues the chain without a gap once writes work again", async () => {
      const health: boolean[] = [];
      const writer = await openWriter({ onHealthChange: (healthy) => health.push(healthy) });
      await writer.append(access("before"));
      await fillDisk();
      const big = "p".repeat(2000);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => writer.append(access(`during${i}`, { fieldsRequested: [big, big, big] }))),
      );
      expect(results.every((r) => r.status === "rejected" && r.reason instanceof AuditUnavailableError)).toBe(true);
      expect(writer.isHealthy()).toBe(false);

      await freeDisk();
      const after = await writer.append(access("after"));
      expect(after.sequence).toBe(2);
      expect(writer.isHealthy()).toBe(true);
      expect(health).toEqual([false, true]);
      const rows = await prisma.auditEntry.findMany({ where: { writerId: writer.writerId }, orderBy: { sequence: "asc" } });
      expect(rows.map((r) => r.requestId)).toEqual(["before", "after"]);
      expect(rows[1].previousHash).toBe(rows[0].entryHash);
    });

    it("rejects when a constraint refuses the insert, and a probe brings it back when the store recovers", async () => {
      const writer = await openWriter();
      await prisma.$executeRawUnsafe(
        `CREATE TRIGGER "test_refuse_insert" BEFORE INSERT ON "AuditEntry" BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
      );
      await expect(writer.append(access("refused"))).rejects.toThrow(/audit commit failed/);
      expect(writer.isHealthy()).toBe(false);
      await prisma.$executeRawUnsafe(`DROP TRIGGER "test_refuse_insert"`);
      expect(await writer.probe()).toBe(true);
      expect((await writer.append(access("ok"))).sequence).toBe(1);
    });

    it("refuses to extend a chain that someone else extended under its id, and never signs over it", async () => {
      const writer = await openWriter();
      await writer.append(access("mine"));
      const forged = await forgeNextEntry(prisma, writer.writerId);
      await expect(writer.append(access("next"))).rejects.toThrow(AuditUnavailableError);
      expect(await writer.probe()).toBe(false);
      expect(writer.lastError?.message).toMatch(/not one this writer committed; refusing to extend it/);
      await expect(writer.append(access("later"))).rejects.toThrow(AuditUnavailableError);
      const signed = await prisma.auditCheckpoint.findMany({ where: { writerId: writer.writerId } });
      expect(signed.every((c) => c.sequence < forged)).toBe(true);
      expect(await prisma.auditEntry.count({ where: { writerId: writer.writerId } })).toBe(2);
    });

    it("rejects when another connection holds the write lock", async () => {
      const writer = await openWriter();
      // better-sqlite3 waits for a lock synchronously; keep the wait short for the test.
      await prisma.$queryRawUnsafe("PRAGMA busy_timeout = 100");
      const Database = (await import("better-sqlite3")).default;
      const blocker = new Database((await prisma.$queryRawUnsafe<{ file: string }[]>("PRAGMA database_list"))[0].file);
      blocker.exec("BEGIN IMMEDIATE");
      try {
        await expect(writer.append(access("locked"))).rejects.toThrow(/database is locked/);
        expect(writer.isHealthy()).toBe(false);
      } finally {
        blocker.exec("ROLLBACK");
        blocker.close();
      }
      expect((await writer.append(access("unlocked"))).sequence).toBe(1);
      expect(writer.isHealthy()).toBe(true);
    });

    it("rejects after the deadline when a commit hangs, and the chain stays consistent", async () => {
      // A store that answers slowly (as a PostgreSQL server behind a stalled network would).
      let delayMs = 0;
      const slow = prisma.$extends({
        query: {
          async $executeRaw({ args, query }) {
            if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
            return query(args);
          },
        },
      }) as unknown as PrismaClient;
      const writer = await AuditChainWriter.open(slow, { node: "CHONGQING", signingKey, subjectKey: SUBJECT_KEY, appendTimeoutMs: 100 });
      writers.push(writer);
      delayMs = 400;
      await expect(writer.append(access("slow"))).rejects.toThrow(/longer than 100 ms/);
      expect(writer.isHealthy()).toBe(false);
      delayMs = 0;
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The slow transaction did commit in the end; the writer re-reads its head and carries on.
      const next = await writer.append(access("fast"));
      expect(next.sequence).toBe(2);
      expect(writer.isHealthy()).toBe(true);
    });
  });
});
