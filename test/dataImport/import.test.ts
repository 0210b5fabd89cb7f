import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";

// `npm run import` end to end (issue 19): the compiled CLI in a child process over a real, migrated
// database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql), the committed example files of
// test/fixtures/import, the report beside the input, the audit entries, and a SIGKILL partway.

// Each CLI run is a child process (build once, node start-up, a migrated database): minutes on a busy machine.
jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "dist/scripts/import.js");
const FIXTURES = path.join(ROOT, "test/fixtures/import");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("npm run import", () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-import-"));
    for (const f of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
    env = { ...process.env, DATABASE_URL: db.url, REGION: "CHONGQING", KEYS_DIR: path.join(dir, "keys"), DATA_DIR: dir, GATEWAY_ENV: "test" };
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const importFile = (...args: string[]): Run => {
    const res = spawnSync(process.execPath, [CLI, ...args], { env, encoding: "utf8", timeout: 120_000 });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  };
  const report = (file: string) =>
    fs.readFileSync(path.join(dir, `${file}.report.csv`), "utf8").replace(/^\uFEFF/, "").trim().split("\n").slice(1).map((l) => l.split(",").slice(0, 2).join(","));

  /** Everything an import writes, row by row, so "changes nothing" is checked on content, not counts. */
  const snapshot = async () => {
    const tables = await Promise.all([
      prisma.agency.findMany({ orderBy: { id: "asc" } }),
      prisma.agencyJurisdiction.findMany({ orderBy: [{ agencyId: "asc" }, { areaCode: "asc" }] }),
      prisma.household.findMany({ orderBy: { id: "asc" } }),
      prisma.householdMember.findMany({ orderBy: { id: "asc" } }),
      prisma.householdVerification.findMany({ orderBy: { id: "asc" } }),
      prisma.incomeItem.findMany({ orderBy: { id: "asc" } }),
      prisma.assetItem.findMany({ orderBy: { id: "asc" } }),
      prisma.expenditureItem.findMany({ orderBy: { id: "asc" } }),
    ]);
    return createHash("sha256").update(JSON.stringify(tables)).digest("hex");
  };

  it("a dry run validates and reports, and writes nothing", async () => {
    const before = await snapshot();
    const run = importFile("--kind", "households", "--file", path.join(dir, "households.csv"), "--dry-run");
    expect(run.code).toBe(3); // some records were refused
    expect(run.stdout).toMatch(/dry run \(nothing written\) households: 7 records on 11 lines, 0 written, 0 unchanged, 4 rejected/);
    expect(run.stdout).not.toMatch(/audit entries/);
    expect(await snapshot()).toBe(before);
    expect(await prisma.auditEntry.count({ where: { operationName: { startsWith: "import:" } } })).toBe(0);
    expect(report("households.csv")).toEqual(["6,members[0].idNumber", "7,areaCode", "8,members[0].birthDate", "10,members[1].idNumber"]);
  });

  it("imports agencies, households and verifications with good and bad lines; the report names line, field and reason in Chinese and English", async () => {
    expect(importFile("--kind", "agencies", "--file", path.join(dir, "agencies.csv")).code).toBe(3);
    expect(report("agencies.csv")).toEqual(["5,kind", "6,areaCode"]);
    expect(await prisma.agency.findUnique({ where: { id: "CQ-HDZX-EXAMPLE" } })).toMatchObject({ kind: "VERIFICATION_CENTRE", areaCode: "500103" });
    expect((await prisma.agencyJurisdiction.findMany({ where: { agencyId: "CQ-MZJ-500106-EX" } })).map((j) => j.areaCode).sort()).toEqual(["500106", "500107"]);

    const csv = importFile("--kind", "households", "--file", path.join(dir, "households.csv"), "--operator", "cq-data-officer");
    expect(csv.stdout).toMatch(/households: 7 records on 11 lines, 3 written, 0 unchanged, 4 rejected/);
    // Where the writing's time went: both parts measured (a batch was audited, then written).
    const timings = /\(audit entries (\d+\.\d) s, batch transactions (\d+\.\d) s\)/.exec(csv.stdout);
    expect(timings).not.toBeNull();
    // SQLite: the import's larger WAL (SQLITE_BULK_LOAD_PRAGMAS) is copied back and truncated when it ends.
    if (db.url.startsWith("file:")) expect(fs.statSync(`${db.url.slice("file:".length)}-wal`).size).toBe(0);
    const full = fs.readFileSync(path.join(dir, "households.csv.report.csv"), "utf8");
    expect(full.startsWith("\uFEFFline,field,reason_zh,reason_en\n")).toBe(true);
    expect(full).toContain("6,members[0].idNumber,公民身份号码校验码错误,check character: check character should be 9");
    expect(full).toContain("7,areaCode,未知行政区划代码 599999,unknown area 599999");
    expect(full).toContain("10,members[1].idNumber,同一成员重复出现（与第 1 名成员相同）,the same member twice (also members[0])");

    const jsonl = importFile("--kind", "households", "--file", path.join(dir, "households.jsonl"));
    expect(jsonl.stdout).toMatch(/5 records on 5 lines, 3 written, 0 unchanged, 2 rejected/);
    expect(report("households.jsonl")).toEqual(["2,members", "4,(line)"]);
    // H1 (3 members), H2, H7 from the CSV; J1 (2), J3, J5 (2) from the JSONL.
    expect(await prisma.household.count()).toBe(6);
    expect(await prisma.householdMember.count()).toBe(10);

    expect(importFile("--kind", "verifications", "--file", path.join(dir, "verifications.jsonl"), "--agency", "CQ-HDZX-EXAMPLE").code).toBe(3);
    expect(report("verifications.jsonl")).toEqual(["3,incomes[0].monthlyAmountFen", "4,verifiedAt", "5,answersRequest"]);
    expect(importFile("--kind", "verifications", "--file", path.join(dir, "verifications.csv"), "--agency", "CQ-HDZX-EXAMPLE").code).toBe(3);
    expect(report("verifications.csv")).toEqual(["3,members"]);
    const hardship = await prisma.householdVerification.findFirstOrThrow({ where: { reportNumber: "渝核〔2026〕示例0002号" }, include: { expenditures: true, assets: true } });
    expect(hardship).toMatchObject({ version: 1, reviewDueOn: "2027-04-21", totalAssetsFen: 300_000, agencyId: "CQ-HDZX-EXAMPLE", publishedBy: expect.any(String) });
    expect(hardship.expenditures.map((e) => e.kind).sort()).toEqual(["DISABILITY", "MEDICAL"]);
    expect(await prisma.householdVerification.count()).toBe(3);
    // The verification of H1 is of the household the households file created (members matched by identity number).
    const h1 = await prisma.householdMember.findUniqueOrThrow({ where: { idNumber: "500103196603081015" } });
    expect((await prisma.householdVerification.findFirstOrThrow({ where: { reportNumber: "渝核〔2026〕示例0001号" } })).householdId).toBe(h1.householdId);

    // One audit entry per committed batch: the operator, the file's sha256, the subjects as HMACs.
    const entries = await prisma.auditEntry.findMany({ where: { operationName: "import:households" }, orderBy: { id: "asc" } });
    expect(entries).toHaveLength(2);
    const csvSha = createHash("sha256").update(fs.readFileSync(path.join(dir, "households.csv"))).digest("hex");
    expect(entries[0]).toMatchObject({ principalSub: "cq-data-officer", operationHash: csvSha, purpose: "DATA_IMPORT", outcome: "ALLOWED", resultCount: 3 });
    expect(JSON.parse(entries[0].subjectHmacs)).toHaveLength(5);
    expect(JSON.stringify(entries)).not.toContain("500103196603081015");
  });

  it("importing the same files again changes nothing", async () => {
    const before = await snapshot();
    for (const [kind, file, ...extra] of [
      ["agencies", "agencies.csv"],
      ["households", "households.csv"],
      ["households", "households.jsonl"],
      ["verifications", "verifications.jsonl", "--agency", "CQ-HDZX-EXAMPLE"],
      ["verifications", "verifications.csv", "--agency", "CQ-HDZX-EXAMPLE"],
    ]) {
      const run = importFile("--kind", kind, "--file", path.join(dir, file), ...extra);
      expect(run.stdout).toMatch(/ 0 written, /);
    }
    expect(await snapshot()).toBe(before);
  });

  it.each([
    ["households-gbk.csv", /文件不是 UTF-8 编码（可能是 GBK），第 2 行[\s\S]*the file is not UTF-8 \(GBK\?\): line 2/],
    ["households-wrong-header.csv", /表头不符合 households 格式[\s\S]*wrong header for households \(missing household_ref, area_code; unknown household, area\)/],
    ["households-truncated.jsonl", /最后一行（第 3 行）不完整[\s\S]*the last line \(line 3\) is truncated/],
  ])("refuses %s as a whole with a clear message, no stack trace, nothing written", async (file, message) => {
    const before = await snapshot();
    const run = importFile("--kind", "households", "--file", path.join(dir, file));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("(nothing was written)");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshot()).toBe(before);
  });

  it("a member or report number a file carries twice: the later record is a rejected line, the first stays as written, whatever the batch size", async () => {
    const households = path.join(dir, "households-duplicates.csv");
    const first = importFile("--kind", "households", "--file", households);
    expect(first.stdout).toMatch(/households: 5 records on 8 lines, 3 written, 0 unchanged, 2 rejected/);
    const full = fs.readFileSync(`${households}.report.csv`, "utf8");
    // D2 names 重复乙 (row 3, of D1) on its row 5; D1 again on row 8 repeats row 2's member.
    expect(full).toContain("5,members[1].idNumber,同一成员在本文件中重复出现（已见于第 3 行）,the same member appears earlier in this file (line 3)");
    expect(full).toContain("8,members[0].idNumber,同一成员在本文件中重复出现（已见于第 2 行）,the same member appears earlier in this file (line 2)");
    expect(report("households-duplicates.csv")).toEqual(["5,members[1].idNumber", "8,members[0].idNumber"]);
    // Not overwritten by the refused D2: 重复乙 is still D1's spouse; D3 (重复丙, refused with D2) was written.
    const spouse = await prisma.householdMember.findUniqueOrThrow({ where: { idNumber: "50010819720309012X" } });
    const head = await prisma.householdMember.findUniqueOrThrow({ where: { idNumber: "500108197001050111" } });
    expect(spouse).toMatchObject({ relation: "SPOUSE", householdId: head.householdId });
    const d3 = await prisma.householdMember.findUniqueOrThrow({ where: { idNumber: "500108199907010131" }, include: { household: true } });
    expect(d3.household.residence).toBe("RURAL");
    expect(d3.householdId).not.toBe(head.householdId);

    // Again, one record per transaction: the same report, nothing changed.
    const before = await snapshot();
    const again = importFile("--kind", "households", "--file", households, "--batch-size", "1");
    expect(again.stdout).toMatch(/5 records on 8 lines, 0 written, 3 unchanged, 2 rejected/);
    expect(report("households-duplicates.csv")).toEqual(["5,members[1].idNumber", "8,members[0].idNumber"]);
    expect(await snapshot()).toBe(before);

    const results = path.join(dir, "verifications-duplicates.jsonl");
    expect(importFile("--kind", "verifications", "--file", results, "--agency", "CQ-HDZX-EXAMPLE").stdout).toMatch(/3 records on 3 lines, 2 written, 0 unchanged, 1 rejected/);
    expect(fs.readFileSync(`${results}.report.csv`, "utf8")).toContain("2,externalRef,同一报告编号在本文件中重复出现（已见于第 1 行）,the same report number appears earlier in this file (line 1)");
    const versions = await prisma.householdVerification.findMany({ where: { reportNumber: "渝核〔2026〕重复0001号" } });
    expect(versions).toEqual([expect.objectContaining({ version: 1, conclusion: "ELIGIBLE", supersededById: null })]);
    expect(await prisma.householdVerification.count({ where: { reportNumber: "渝核〔2026〕重复0002号" } })).toBe(1);
  });

  it("killed partway (SIGKILL), then run again: every record present exactly once", async () => {
    const households = 4000;
    const file = path.join(dir, "many-households.jsonl");
    const out = fs.createWriteStream(file);
    const day = (i: number) => new Date(Date.UTC(1950, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < households; i++) {
      const head = composeIdentityNumber("500117", day(i), "MALE", 301);
      const spouse = composeIdentityNumber("500117", day(i), "FEMALE", 402);
      out.write(`${JSON.stringify({ areaCode: "500117", residence: "RURAL", members: [{ idNumber: head, name: `户主${i}`, birthDate: day(i), relation: "HEAD" }, { idNumber: spouse, name: `配偶${i}`, birthDate: day(i), relation: "SPOUSE" }] })}\n`);
    }
    await new Promise<void>((resolve) => out.end(resolve));
    const ours = { members: { some: { idNumber: { startsWith: "500117" } } } };

    const child = spawn(process.execPath, [CLI, "--kind", "households", "--file", file, "--batch-size", "25"], { env, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Bounded: the import writes 200 households within a minute, or the test fails below.
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      if ((await prisma.household.count({ where: ours })) >= 200) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill("SIGKILL");
    expect(await exited).toBeNull(); // killed, not finished
    const partial = await prisma.household.count({ where: ours });
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(households);
    // Whole batches only: nothing half-written.
    expect(await prisma.householdMember.count({ where: { idNumber: { startsWith: "500117" } } })).toBe(partial * 2);

    const rerun = importFile("--kind", "households", "--file", file, "--batch-size", "25");
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(new RegExp(`${households} records on ${households} lines, ${households - partial} written, ${partial} unchanged, 0 rejected`));
    expect(await prisma.household.count({ where: ours })).toBe(households);
    expect(await prisma.householdMember.count({ where: { idNumber: { startsWith: "500117" } } })).toBe(households * 2);
    const perHousehold = await prisma.householdMember.groupBy({ by: ["householdId"], where: { idNumber: { startsWith: "500117" } }, _count: { _all: true } });
    expect(perHousehold).toHaveLength(households);
    expect(perHousehold.every((g) => g._count._all === 2)).toBe(true);
  });
});
