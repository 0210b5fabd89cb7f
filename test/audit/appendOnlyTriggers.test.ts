// The audit tables refuse UPDATE and DELETE in the database itself (SQLite and PostgreSQL);
// only the archival path (rows covered by an archive manifest, older than its cutoff) may delete.
// Plain SQL through each database's own driver: the triggers must hold against any client,
// not only against Prisma.
import Database from "better-sqlite3";
import { Client } from "pg";
import { freshSqliteFile, postgresUnreachableReason, throwawayPostgres } from "./support/auditDatabases";

interface SqlSession {
  run(sql: string): Promise<void>;
  scalar(sql: string): Promise<unknown>;
  triggerCount(): Promise<number>;
  close(): Promise<void>;
}

const OLD = "2020-01-01T00:00:00.000+00:00";
const RECENT = "2026-01-01T00:00:00.000+00:00";
const CUTOFF = "2021-01-01T00:00:00.000+00:00";

function entryInsert(sequence: number, recordedAt: string): string {
  return `INSERT INTO "AuditEntry" ("writerId","sequence","previousHash","entryHash","recordedAt","node","requestId",
    "principalRoles","fieldsRequested","fieldsDenied","fieldsMasked","deniedCount","maskedCount","subjectHmacs",
    "resultCount","outcome","latencyMs","peerHops")
    VALUES ('CQ-w',${sequence},'p','h${sequence}','${recordedAt}','CHONGQING','req-${sequence}','[]','[]','[]','[]',0,0,'[]',0,'ALLOWED',1,'[]')`;
}

const APPEND_ONLY = /append-only/;

async function expectRefused(db: SqlSession, sql: string): Promise<void> {
  await expect(db.run(sql)).rejects.toThrow(APPEND_ONLY);
}

function appendOnlySuite<S extends SqlSession>(open: () => Promise<S>): () => S {
  let db: S;

  beforeAll(async () => {
    db = await open();
    for (const [sequence, at] of [[1, OLD], [2, OLD], [3, RECENT]] as const) {
      await db.run(entryInsert(sequence, at));
      await db.run(`INSERT INTO "AuditSubject" ("writerId","sequence","subjectHmac") VALUES ('CQ-w',${sequence},'s${sequence}')`);
    }
    await db.run(`INSERT INTO "AuditCheckpoint" ("node","writerId","sequence","headHash","kind","signedAt","jws")
      VALUES ('CHONGQING','CQ-w',0,'g','GENESIS','${OLD}','x.y.z')`);
    // A refusal test on missing rows or a half-migrated database would pass for the wrong reason.
    expect(await db.scalar(`SELECT COUNT(*) FROM "AuditEntry"`)).toBe(3);
    expect(await db.triggerCount()).toBeGreaterThanOrEqual(8);
  });
  afterAll(async () => db.close());

  it("refuses UPDATE on every audit table", async () => {
    await expectRefused(db, `UPDATE "AuditEntry" SET "outcome" = 'DENIED' WHERE "sequence" = 1`);
    await expectRefused(db, `UPDATE "AuditEntry" SET "resultCount" = 9`);
    await expectRefused(db, `UPDATE "AuditSubject" SET "subjectHmac" = 'other'`);
    await expectRefused(db, `UPDATE "AuditCheckpoint" SET "headHash" = 'forged'`);
    expect(await db.scalar(`SELECT COUNT(*) FROM "AuditEntry" WHERE "outcome" = 'ALLOWED' AND "resultCount" = 0`)).toBe(3);
    expect(await db.scalar(`SELECT COUNT(*) FROM "AuditSubject" WHERE "subjectHmac" LIKE 's%'`)).toBe(3);
  });

  it("refuses DELETE of entries, subjects and checkpoints not covered by an archive manifest", async () => {
    await expectRefused(db, `DELETE FROM "AuditEntry" WHERE "sequence" = 1`);
    await expectRefused(db, `DELETE FROM "AuditEntry"`);
    await expectRefused(db, `DELETE FROM "AuditSubject"`);
    await expectRefused(db, `DELETE FROM "AuditCheckpoint"`);
    expect(await db.scalar(`SELECT COUNT(*) FROM "AuditEntry"`)).toBe(3);
    expect(await db.scalar(`SELECT COUNT(*) FROM "AuditSubject"`)).toBe(3);
    expect(await db.scalar(`SELECT COUNT(*) FROM "AuditCheckpoint"`)).toBe(1);
  });

  it("lets through only the archival path: covered by a manifest and older than its cutoff", async () => {
    await db.run(`INSERT INTO "AuditArchive" ("writerId","fromSequence","toSequence","fromPreviousHash","toHash","entryCount",
      "cutoff","archivedAt","fileName","fileSha256","jws")
      VALUES ('CQ-w',1,3,'p','h3',3,'${CUTOFF}','${RECENT}','archive.jsonl','d','x.y.z')`);
    // Entry 3 lies inside the manifest's range but is newer than its cutoff: still refused.
    await expectRefused(db, `DELETE FROM "AuditEntry" WHERE "sequence" = 3`);
    // Another writer's rows are not covered at all.
    await db.run(entryInsert(1, OLD).replace("'CQ-w'", "'SC-other'"));
    await expectRefused(db, `DELETE FROM "AuditEntry" WHERE "writerId" = 'SC-other'`);
    await db.run(`DELETE FROM "AuditSubject" WHERE "writerId" = 'CQ-w' AND "sequence" IN (1, 2)`);
    await db.run(`DELETE FROM "AuditEntry" WHERE "writerId" = 'CQ-w' AND "sequence" IN (1, 2)`);
    expect(await db.scalar(`SELECT COUNT(*) FROM "AuditEntry" WHERE "writerId" = 'CQ-w'`)).toBe(1);
    // The manifest itself can be neither changed nor removed.
    await expectRefused(db, `UPDATE "AuditArchive" SET "cutoff" = '${RECENT}'`);
    await expectRefused(db, `DELETE FROM "AuditArchive"`);
  });
  return () => db;
}

describe("append-only audit tables on SQLite", () => {
  appendOnlySuite(async () => {
    const sqlite = new Database(freshSqliteFile().file);
    return {
      run: async (sql) => void sqlite.prepare(sql).run(),
      scalar: async (sql) => sqlite.prepare(sql).pluck().get(),
      triggerCount: async () => Number(sqlite.prepare(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'`).pluck().get()),
      close: async () => void sqlite.close(),
    };
  });
});

const pgUnreachable = postgresUnreachableReason();
if (pgUnreachable) console.log(`skipping the PostgreSQL append-only tests: ${pgUnreachable}`);

async function openPostgres(): Promise<SqlSession & { truncate(table: string): Promise<void> }> {
  const database = await throwawayPostgres();
  const client = new Client({ connectionString: database.url });
  await client.connect();
  return {
    run: async (sql) => void (await client.query(sql)),
    scalar: async (sql) => Number(Object.values((await client.query(sql)).rows[0])[0]),
    triggerCount: async () => Number((await client.query(`SELECT COUNT(*) AS n FROM pg_trigger WHERE NOT tgisinternal`)).rows[0].n),
    truncate: async (table) => void (await client.query(`TRUNCATE "${table}"`)),
    close: async () => {
      await client.end();
      await database.drop();
    },
  };
}

(pgUnreachable ? describe.skip : describe)("append-only audit tables on PostgreSQL", () => {
  const session = appendOnlySuite(openPostgres);

  it("refuses TRUNCATE of every audit table", async () => {
    for (const table of ["AuditEntry", "AuditSubject", "AuditCheckpoint", "AuditArchive"]) {
      await expect(session().truncate(table)).rejects.toThrow(APPEND_ONLY);
    }
    expect(await session().scalar(`SELECT COUNT(*) FROM "AuditCheckpoint"`)).toBe(1);
  });
});
