// Exports (JSONL verifiable on its own, CSV for reading, both with a sha256 file) and retention:
// expired entries move to a signed, hash-linked archive file; the verifier accepts archive +
// live database; the triggers refuse every other delete.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  archiveExpiredEntries,
  AuditChainWriter,
  CombinedAuditSource,
  DatabaseAuditSource,
  DEFAULT_RETENTION_DAYS,
  exportAuditLog,
  FileAuditSource,
  retentionDays,
  verifyAuditLog,
} from "../../src/audit";
import { createPrismaClient, type PrismaClient } from "../../src/db";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { sampleAccess } from "./support/auditFixture";
import { nodeKeyPair, SUBJECT_KEY } from "./support/nodeKeys";

const DAY = 24 * 3600 * 1000;
const START = new Date("2025-01-01T08:00:00.000Z");

describe("export and retention", () => {
  let prisma: PrismaClient;
  let database: TestDatabase;
  let keys: Awaited<ReturnType<typeof nodeKeyPair>>;
  let dir: string;
  let clock: Date;

  /** 40 entries, one every 10 days from START (about 13 months), checkpoints every 6. */
  beforeEach(async () => {
    // SQLite, or PostgreSQL under `npm run test:pg` (the archival delete path runs through its triggers).
    database = await createTestDatabase();
    prisma = createPrismaClient(database.url);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-export-"));
    keys = await nodeKeyPair();
    clock = START;
    const writer = await AuditChainWriter.open(prisma, {
      node: "CHONGQING",
      signingKey: keys.signingKey,
      subjectKey: SUBJECT_KEY,
      checkpointEvery: { entries: 6, seconds: 1e9 },
      now: () => clock,
    });
    for (let i = 0; i < 40; i++) {
      clock = new Date(START.getTime() + i * 10 * DAY);
      await writer.append(sampleAccess(i, i === 3 ? { caseRef: "=HYPERLINK(\"http://x\")" } : {}));
    }
    await writer.close();
  });
  afterEach(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  const verifyDatabase = () => verifyAuditLog(new DatabaseAuditSource(prisma), { publicKeys: keys.jwks });

  it("exports a time range as JSONL that verifies without the database, with its sha256 file", async () => {
    const output = path.join(dir, "export.jsonl");
    const result = await exportAuditLog(prisma, { from: new Date(START.getTime() + 95 * DAY), to: new Date(START.getTime() + 205 * DAY), format: "jsonl", output });
    expect(result.entriesInRange).toBe(11); // days 100, 110, … 200
    expect(result.entriesWritten).toBeGreaterThan(result.entriesInRange); // widened to checkpoints 6 and 24
    expect(fs.readFileSync(result.digestFile, "utf8")).toBe(`${result.sha256}  export.jsonl\n`);

    const files = await FileAuditSource.load([output]);
    const report = await verifyAuditLog(files, { publicKeys: keys.jwks, files: files.files });
    expect(report.firstBreak).toBeNull();
    expect(report.entriesChecked).toBe(result.entriesWritten);

    // One changed character in the copy: its digest file and its chain both say so.
    fs.writeFileSync(output, fs.readFileSync(output, "utf8").replace('"resultCount":1', '"resultCount":2'));
    const tampered = await FileAuditSource.load([output]);
    const after = await verifyAuditLog(tampered, { publicKeys: keys.jwks, files: tampered.files });
    expect(after.ok).toBe(false);
    expect(after.fileProblems[0]).toMatchObject({ problem: "FILE_ALTERED" });
    expect(after.writers.find((w) => w.firstBreak)?.firstBreak?.problem).toBe("ENTRY_ALTERED");
  });

  it("exports CSV for reading, one row per entry, formulas defused", async () => {
    const output = path.join(dir, "export.csv");
    const result = await exportAuditLog(prisma, { format: "csv", output });
    const lines = fs.readFileSync(output, "utf8").trim().split("\n");
    expect(result.entriesInRange).toBe(40);
    expect(lines).toHaveLength(41);
    expect(lines[0].split(",").slice(0, 5)).toEqual(["recordedAt", "node", "writerId", "sequence", "requestId"]);
    expect(lines[4]).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it("defaults retention to three years and refuses less than six months", () => {
    expect(retentionDays()).toBe(DEFAULT_RETENTION_DAYS);
    expect(DEFAULT_RETENTION_DAYS).toBeGreaterThanOrEqual(3 * 365);
    expect(retentionDays(183)).toBe(183);
    expect(() => retentionDays(182)).toThrow(/at least 6 months/);
    expect(() => retentionDays("90")).toThrow(/refused/);
  });

  it("moves expired entries into a signed archive; archive + database verify, and so does each alone", async () => {
    const archiveDir = path.join(dir, "archive");
    const now = new Date(START.getTime() + 400 * DAY);
    const first = await archiveExpiredEntries(prisma, { node: "CHONGQING", signingKey: keys.signingKey, archiveDir, retentionDays: 200, now: () => now });
    // Entries of days 0…190 (sequences 1–20) are older than 200 days before day 400.
    expect(first.entriesArchived).toBe(20);
    expect(first.ranges).toEqual([expect.objectContaining({ fromSequence: 1, toSequence: 20 })]);
    expect(await prisma.auditEntry.count()).toBe(20);
    expect(await prisma.auditArchive.count()).toBe(1);
    expect(fs.readFileSync(first.file!, "utf8").trim().split("\n").at(-1)).toMatch(/^\{"type":"seal","jws":"/);

    const databaseOnly = await verifyDatabase();
    expect(databaseOnly.firstBreak).toBeNull();
    expect(databaseOnly.writers[0]).toMatchObject({ archivedUnseen: 20, entriesChecked: 20, lastSequence: 40 });

    const files = await FileAuditSource.load([first.file!]);
    const combined = await verifyAuditLog(new CombinedAuditSource(new DatabaseAuditSource(prisma), files), { publicKeys: keys.jwks, files: files.files });
    expect(combined.firstBreak).toBeNull();
    expect(combined.writers[0]).toMatchObject({ archivedUnseen: 0, entriesChecked: 40 });

    const archiveAlone = await verifyAuditLog(files, { publicKeys: keys.jwks, files: files.files });
    expect(archiveAlone.firstBreak).toBeNull();
    expect(archiveAlone.entriesChecked).toBe(20);

    // A later run continues the series: its seal links the previous archive file.
    const later = new Date(now.getTime() + 100 * DAY);
    const second = await archiveExpiredEntries(prisma, { node: "CHONGQING", signingKey: keys.signingKey, archiveDir, retentionDays: 200, now: () => later });
    expect(second.ranges).toEqual([expect.objectContaining({ fromSequence: 21, toSequence: 30 })]);
    const header = JSON.parse(fs.readFileSync(second.file!, "utf8").split("\n")[0]);
    expect(header.previousArchiveSha256).toBe(first.fileSha256);
    const both = await FileAuditSource.load([first.file!, second.file!]);
    const all = await verifyAuditLog(new CombinedAuditSource(new DatabaseAuditSource(prisma), both), { publicKeys: keys.jwks, files: both.files });
    expect(all.firstBreak).toBeNull();
    expect(all.entriesChecked).toBe(40);
  });

  it("detects an altered archive file by its seal", async () => {
    const archiveDir = path.join(dir, "archive");
    const result = await archiveExpiredEntries(prisma, { node: "CHONGQING", signingKey: keys.signingKey, archiveDir, retentionDays: 200, now: () => new Date(START.getTime() + 400 * DAY) });
    fs.writeFileSync(result.file!, fs.readFileSync(result.file!, "utf8").replace('"outcome":"ALLOWED"', '"outcome":"DENIED"'));
    const files = await FileAuditSource.load([result.file!]);
    const report = await verifyAuditLog(new CombinedAuditSource(new DatabaseAuditSource(prisma), files), { publicKeys: keys.jwks, files: files.files });
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ problem: "FILE_ALTERED", writerId: null });
  });

  it("never deletes silently: without a manifest, or before the cutoff, the database refuses", async () => {
    await expect(prisma.auditEntry.deleteMany({ where: { sequence: { lte: 5 } } })).rejects.toThrow();
    await archiveExpiredEntries(prisma, { node: "CHONGQING", signingKey: keys.signingKey, archiveDir: path.join(dir, "a"), retentionDays: 200, now: () => new Date(START.getTime() + 400 * DAY) });
    // Entry 25 (day 240) is newer than the cutoff (day 200): no manifest covers it.
    await expect(prisma.auditEntry.deleteMany({ where: { sequence: 25 } })).rejects.toThrow();
    expect(await prisma.auditEntry.count()).toBe(20);
  });

  it("writes nothing when nothing has expired", async () => {
    const result = await archiveExpiredEntries(prisma, { node: "CHONGQING", signingKey: keys.signingKey, archiveDir: path.join(os.tmpdir(), "never-used"), now: () => new Date(START.getTime() + 400 * DAY) });
    expect(result).toMatchObject({ file: null, entriesArchived: 0 });
    expect(await prisma.auditEntry.count()).toBe(40);
  });
});
