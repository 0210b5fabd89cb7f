// The Prisma client on SQLite reuses prepared statements (src/db sqliteStatementCache): the same
// query with other parameters is prepared once and still answers for its own parameters, writes
// and interactive transactions go through the same cached statements, and rolled-back work stays
// rolled back. Real SQLite file, real Prisma client; the spy only counts better-sqlite3's prepare.
import fs from "node:fs";
import Database from "better-sqlite3";
import type { PrismaClient } from "../../src/db";
import { freshSqliteClient } from "../audit/support/auditDatabases";

describe("Prisma on SQLite reuses prepared statements", () => {
  let prisma: PrismaClient;
  let dir: string;
  let prepared: string[];
  let prepareSpy: jest.SpyInstance;

  beforeEach(() => {
    ({ prisma, dir } = freshSqliteClient());
    prepared = [];
    const original = Database.prototype.prepare;
    prepareSpy = jest.spyOn(Database.prototype, "prepare").mockImplementation(function (this: Database.Database, sql: string) {
      prepared.push(sql);
      return original.call(this, sql);
    });
  });
  afterEach(async () => {
    prepareSpy.mockRestore();
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insertCheckpoint = (client: Pick<PrismaClient, "auditCheckpoint">, sequence: number) =>
    client.auditCheckpoint.create({ data: { node: "CHONGQING", writerId: "w-test", sequence, headHash: `h${sequence}`, kind: "PERIODIC", signedAt: new Date(), jws: `jws-${sequence}` } });

  it("prepares a repeated query once and answers each call for its own parameters", async () => {
    for (let sequence = 1; sequence <= 3; sequence++) await insertCheckpoint(prisma, sequence);
    const found: (string | undefined)[] = [];
    for (const sequence of [3, 1, 2, 3]) {
      const row = await prisma.auditCheckpoint.findFirst({ where: { writerId: "w-test", sequence } });
      found.push(row?.headHash);
    }
    expect(found).toEqual(["h3", "h1", "h2", "h3"]);
    const selects = prepared.filter((sql) => sql.startsWith("SELECT") && sql.includes("AuditCheckpoint"));
    expect(selects).toHaveLength(1);
    const inserts = prepared.filter((sql) => sql.startsWith("INSERT") && sql.includes("AuditCheckpoint"));
    expect(inserts).toHaveLength(1);
  });

  it("commits and rolls back interactive transactions through the cached statements", async () => {
    await prisma.$transaction(async (tx) => {
      await insertCheckpoint(tx, 10);
      await insertCheckpoint(tx, 11);
    });
    await expect(
      prisma.$transaction(async (tx) => {
        await insertCheckpoint(tx, 12);
        throw new Error("abandon this transaction");
      }),
    ).rejects.toThrow("abandon this transaction");
    await prisma.$transaction(async (tx) => void (await insertCheckpoint(tx, 13)));
    const sequences = (await prisma.auditCheckpoint.findMany({ where: { writerId: "w-test" }, orderBy: { sequence: "asc" } })).map((r) => r.sequence);
    expect(sequences).toEqual([10, 11, 13]);
    expect(prepared.filter((sql) => sql === "BEGIN")).toHaveLength(1);
  });
});
