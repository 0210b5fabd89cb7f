import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadRuleSetFiles, parseRuleSetFile, storedRuleSets, loadStandardFiles, parseStandardFile, seedAssistanceStandards, STANDARDS_DIR, StandardsCatalogue, storedStandardRows, StandardHistoryConflict, StandardsDataError } from "../../src/standards";
import { createPrismaClient } from "../../src/db";
import { createTestDatabase, usingPostgres, openMigratedClient as migratedTarget, type MigratedClient as MigratedDatabase } from "../support/testDatabase";

describe("seedAssistanceStandards into a real SQLite file", () => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await migratedTarget();
  });
  afterAll(async () => db.dispose());

  it("inserts every shipped row once, then is a no-op (idempotent)", async () => {
    const files = loadStandardFiles();
    const ruleFiles = loadRuleSetFiles();
    const first = await seedAssistanceStandards(db.prisma);
    expect(first).toEqual({ inserted: files.length, unchanged: 0, ruleSetsInserted: ruleFiles.length, ruleSetsUnchanged: 0 });
    const second = await seedAssistanceStandards(db.prisma);
    expect(second).toEqual({ inserted: 0, unchanged: files.length, ruleSetsInserted: 0, ruleSetsUnchanged: ruleFiles.length });
    expect(await db.prisma.assistanceStandard.count()).toBe(files.length);
    expect(await db.prisma.eligibilityRuleSet.count()).toBe(ruleFiles.length);
  });

  // PostgreSQL only: several processes share a database there (on SQLite one process owns the
  // file, and two clients in one process block each other's synchronous driver instead).
  (usingPostgres ? it : it.skip)("two processes seeding one database at once both succeed, and every row is stored once", async () => {
    const database = await createTestDatabase();
    // Two clients on one database: two gateway processes as far as the database can tell.
    const [first, second] = [createPrismaClient(database.url), createPrismaClient(database.url)];
    try {
      const results = await Promise.all([seedAssistanceStandards(first), seedAssistanceStandards(second)]);
      const files = loadStandardFiles();
      expect(results.map((r) => r.inserted + r.unchanged)).toEqual([files.length, files.length]);
      expect(results[0].inserted + results[1].inserted).toBe(files.length);
      expect(await first.assistanceStandard.count()).toBe(files.length);
    } finally {
      await first.$disconnect();
      await second.$disconnect();
      await database.drop();
    }
  });

  it("the database answers exactly as the files do", async () => {
    const fromDb = new StandardsCatalogue(await storedStandardRows(db.prisma));
    const fromFiles = new StandardsCatalogue(loadStandardFiles());
    for (const area of ["500103", "500105", "510104", "510185", "510502", "511702", "510903"]) {
      for (const on of ["2023-09-01", "2024-09-01", "2025-06-30", "2025-07-01", "2026-01-01"]) {
        expect(fromDb.figuresForArea(area, on)).toEqual(fromFiles.figuresForArea(area, on));
      }
    }
  });

  it("adds a new dated version without touching history", async () => {
    const newVersion = parseStandardFile(
      [
        "dataVersion: TEST-CQ-2099-01-01",
        "region: CHONGQING",
        'effectiveFrom: "2099-01-01"',
        "documentNumber: null",
        "sourceUrl: test fixture",
        "confidence: ILLUSTRATIVE",
        "standards:",
        "  - { areaScope: CQ-ALL, category: MLG_URBAN, amountFen: 99900 }",
      ].join("\n"),
      "fixture",
    );
    const result = await seedAssistanceStandards(db.prisma, { standards: [...loadStandardFiles(), ...newVersion] });
    expect(result.inserted).toBe(1);
    const catalogue = new StandardsCatalogue(await storedStandardRows(db.prisma));
    expect(catalogue.figure("500103", "MLG_URBAN", "2098-12-31")).toMatchObject({ amountFen: 77000, effectiveTo: "2098-12-31" });
    expect(catalogue.figure("500103", "MLG_URBAN", "2099-01-01")?.amountFen).toBe(99900);
  });

  it("refuses, writing nothing, when a data file would change an existing row", async () => {
    const rows = loadStandardFiles();
    const rewritten = rows.map((row) => (row.id === "CQ-ALL:MLG_URBAN:2025-07-01" ? { ...row, amountFen: 78000 } : row));
    const extra = { ...rows[0]!, id: "CQ-ALL:MLG_URBAN:2100-01-01", effectiveFrom: "2100-01-01" };
    const before = await db.prisma.assistanceStandard.count();
    await expect(seedAssistanceStandards(db.prisma, { standards: [...rewritten, extra] })).rejects.toThrow(StandardHistoryConflict);
    await expect(seedAssistanceStandards(db.prisma, { standards: rewritten })).rejects.toThrow(/CQ-ALL:MLG_URBAN:2025-07-01 .*amountFen 77000 → 78000/);
    expect(await db.prisma.assistanceStandard.count()).toBe(before);
    expect((await db.prisma.assistanceStandard.findUnique({ where: { id: "CQ-ALL:MLG_URBAN:2025-07-01" } }))?.amountFen).toBe(77000);
  });
});

describe("eligibility rule versions are seeded add-only too", () => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await migratedTarget();
    await seedAssistanceStandards(db.prisma);
  });
  afterAll(async () => db.dispose());

  it("stores each rule version verbatim and reads back the same rules", async () => {
    const stored = await storedRuleSets(db.prisma);
    expect(stored.map((f) => f.rules)).toEqual(loadRuleSetFiles().map((f) => f.rules).sort((a, b) => a.region.localeCompare(b.region)));
  });

  it("refuses a changed text for a version already stored, writing nothing", async () => {
    const files = loadRuleSetFiles();
    const cq = files.find((f) => f.rules.region === "CHONGQING")!;
    const changed = parseRuleSetFile(cq.text.replace("graceMonths: 6", "graceMonths: 9"), cq.origin);
    const freshStandard = { ...loadStandardFiles()[0]!, id: "CQ-ALL:MLG_URBAN:2101-01-01", effectiveFrom: "2101-01-01" };
    await expect(seedAssistanceStandards(db.prisma, { ruleSets: [changed], standards: [freshStandard] })).rejects.toThrow(/rule version CQ-RULES-2023-09-01/);
    expect(await db.prisma.assistanceStandard.count({ where: { effectiveFrom: "2101-01-01" } })).toBe(0);
  });

  it("refuses a malformed rule file at load", () => {
    const cq = loadRuleSetFiles().find((f) => f.rules.region === "CHONGQING")!;
    expect(() => parseRuleSetFile(cq.text.replace("kind: FIXED", "kind: FRACTION"), "fixture.yaml")).toThrow(/hardshipCare/);
    expect(() => parseRuleSetFile(cq.text.replace("graceMonths: 6", "graceMonths: -6"), "fixture.yaml")).toThrow(/gradualExit\.graceMonths/);
  });
});

describe("standards data files are validated at load (zod)", () => {
  const base = ["dataVersion: X-1", "region: SICHUAN", 'effectiveFrom: "2025-01-01"', "documentNumber: null", "sourceUrl: somewhere", "confidence: OFFICIAL", "standards:"];

  it.each([
    ["an unknown category", "  - { areaScope: SC-FLOOR, category: MLG_CITY, amountFen: 1 }", /standards\.0\.category/],
    ["a fractional amount", "  - { areaScope: SC-FLOOR, category: MLG_URBAN, amountFen: 1.5 }", /standards\.0\.amountFen/],
    ["a negative amount", "  - { areaScope: SC-FLOOR, category: MLG_URBAN, amountFen: -1 }", /standards\.0\.amountFen/],
    ["an unknown scope", '  - { areaScope: "999900", category: MLG_URBAN, amountFen: 1 }', /unknown areaScope/],
    ["a scope of the other region", "  - { areaScope: CQ-ALL, category: MLG_URBAN, amountFen: 1 }", /is in CHONGQING/],
    ["an impossible date", '  - { areaScope: SC-FLOOR, category: MLG_URBAN, amountFen: 1, effectiveTo: "2025-02-30" }', /effectiveTo/],
    ["an unexpected key", "  - { areaScope: SC-FLOOR, category: MLG_URBAN, amountFen: 1, amountYuan: 1 }", /amountYuan|Unrecognized/],
  ])("refuses %s", (_what, line, message) => {
    expect(() => parseStandardFile([...base, line].join("\n"), "fixture.yaml")).toThrow(StandardsDataError);
    expect(() => parseStandardFile([...base, line].join("\n"), "fixture.yaml")).toThrow(message);
  });

  it("refuses two files defining the same figure", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "standards-dup-"));
    const text = fs.readFileSync(path.join(STANDARDS_DIR, "chongqing", "2025-07-01.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "a.yaml"), text);
    fs.writeFileSync(path.join(dir, "b.yaml"), text.replace("dataVersion: CQ-2025-07-01", "dataVersion: CQ-2025-07-01-COPY"));
    expect(() => loadStandardFiles(dir)).toThrow(/already defined/);
    fs.rmSync(dir, { recursive: true });
  });
});
