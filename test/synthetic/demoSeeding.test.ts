import { AREA_DIVISIONS } from "../../src/areas";
import { parseIdentityNumber } from "../../src/identity";
import {
  agenciesOf,
  assetLimitFen,
  embeddingFromBytes,
  familySearchRowsOf,
  generateFamilySearchDataset,
  generateHouseholds,
  isDatabaseEmpty,
  publishedMlgStandardFen,
  resetDemoData,
  seedDemoData,
  type SeedProgress,
} from "../../src/synthetic";
import { openMigratedClient } from "../support/testDatabase";

// Seeds real, migrated databases (a SQLite file per test; PostgreSQL under npm run test:pg) and
// counts what arrived against what the generators produce for the same options.

const options = { households: 300, relief: 1_200, reports: 160, seed: 99 };

const openDatabase = openMigratedClient;

function recordingProgress(): SeedProgress & { events: string[]; done: number; total: number } {
  const progress = {
    events: [] as string[],
    done: 0,
    total: 0,
    start(label: string, total: number) {
      progress.events.push(`start ${label}`);
      progress.total = total;
    },
    advance(by: number) {
      progress.done += by;
    },
    stop() {
      progress.events.push("stop");
    },
  };
  return progress;
}

describe("seedDemoData into real databases", () => {
  let chongqing: Awaited<ReturnType<typeof openDatabase>>;
  let sichuan: Awaited<ReturnType<typeof openDatabase>>;
  const progress = recordingProgress();
  const expectedFamilySearch = generateFamilySearchDataset({ seed: options.seed, reliefRecords: options.relief, reports: options.reports });

  beforeAll(async () => {
    [chongqing, sichuan] = await Promise.all([openDatabase(), openDatabase()]);
  });
  afterAll(async () => Promise.all([chongqing?.dispose(), sichuan?.dispose()]));

  it("finds a fresh database empty, seeds it, and no longer finds it empty", async () => {
    expect(await isDatabaseEmpty(chongqing.prisma)).toBe(true);
    const summary = await seedDemoData(chongqing.prisma, { region: "CHONGQING", ...options, progress });
    expect(await isDatabaseEmpty(chongqing.prisma)).toBe(false);
    expect(progress.events).toEqual(["start seeding CHONGQING", "stop"]);
    expect(progress.done).toBe(progress.total);
    expect(summary.region).toBe("CHONGQING");
    expect(summary.rows.Household).toBe(options.households);
  });

  it("holds exactly the province's households and its share of relief records, reports and links", async () => {
    const prisma = chongqing.prisma;
    const households = generateHouseholds({ region: "CHONGQING", households: options.households, seed: options.seed, monthlyStandardFen: publishedMlgStandardFen });
    const own = familySearchRowsOf(expectedFamilySearch, "CHONGQING");
    expect(await prisma.areaDivision.count()).toBe(AREA_DIVISIONS.length);
    expect(await prisma.agency.count()).toBe(agenciesOf("CHONGQING").all.length);
    expect(await prisma.household.count()).toBe(households.households.length);
    expect(await prisma.householdMember.count()).toBe(households.members.length);
    expect(await prisma.householdVerification.count()).toBe(households.verifications.length);
    expect(await prisma.incomeItem.count()).toBe(households.incomes.length);
    expect(await prisma.assetItem.count()).toBe(households.assets.length);
    expect(await prisma.reliefRecord.count()).toBe(own.reliefRecords.length);
    expect(await prisma.missingPersonReport.count()).toBe(own.reports.length);
    expect(await prisma.syntheticPersonLink.count()).toBe(own.links.length);
    expect(own.reliefRecords.length).toBeGreaterThan(0);
    expect(await prisma.reliefRecord.count({ where: { region: "SICHUAN" } })).toBe(0);
    expect(await prisma.missingPersonReport.count({ where: { region: "SICHUAN" } })).toBe(0);
  });

  it("reads back rows equal to the generated ones (types survive the raw INSERTs)", async () => {
    const prisma = chongqing.prisma;
    const own = familySearchRowsOf(expectedFamilySearch, "CHONGQING");
    const withPhoto = own.reliefRecords.find((r) => r.faceEmbedding !== null)!;
    const stored = await prisma.reliefRecord.findUniqueOrThrow({ where: { id: withPhoto.id } });
    expect({ ...stored, faceEmbedding: Buffer.from(stored.faceEmbedding!) }).toEqual(withPhoto);
    expect(Array.from(embeddingFromBytes(stored.faceEmbedding!))).toEqual(Array.from(embeddingFromBytes(withPhoto.faceEmbedding!)));

    const report = own.reports[0];
    const storedReport = await prisma.missingPersonReport.findUniqueOrThrow({ where: { id: report.id } });
    expect({ ...storedReport, faceEmbedding: storedReport.faceEmbedding && Buffer.from(storedReport.faceEmbedding) }).toEqual(report);

    const members = await prisma.householdMember.findMany({ where: { OR: [{ student: true }, { disabilityGrade: { not: null } }] }, take: 50 });
    expect(members.some((m) => m.student)).toBe(true);
    for (const m of members) expect(parseIdentityNumber(m.idNumber).ok).toBe(true);
  });

  it("stores conclusions consistent with the stored numbers and standard", async () => {
    const verifications = await chongqing.prisma.householdVerification.findMany({ include: { household: true } });
    for (const v of verifications) {
      expect(v.standardFen).toBe(publishedMlgStandardFen(v.household.areaCode, v.household.residence, v.completedOn));
      if (v.conclusion === "NEEDS_REVIEW") continue;
      expect(v.conclusion === "ELIGIBLE").toBe(v.perCapitaIncomeFen < v.standardFen && v.totalAssetsFen <= assetLimitFen(v.memberCount, v.standardFen));
    }
  });

  it("seeds the other province into its own database, and the two halves make the whole data set", async () => {
    await seedDemoData(sichuan.prisma, { region: "SICHUAN", ...options });
    const total = (await chongqing.prisma.reliefRecord.count()) + (await sichuan.prisma.reliefRecord.count());
    const reports = (await chongqing.prisma.missingPersonReport.count()) + (await sichuan.prisma.missingPersonReport.count());
    expect(total).toBe(options.relief);
    expect(reports).toBe(options.reports);
    expect(await sichuan.prisma.household.count({ where: { region: "CHONGQING" } })).toBe(0);
    expect((await sichuan.prisma.household.findFirstOrThrow({ orderBy: { id: "asc" } })).id).toBe("SC-HH-00000001");
  });

  it("resets to empty, keeps reference rows addable twice, and seeds again to the same rows", async () => {
    const before = await chongqing.prisma.householdMember.findMany({ orderBy: { id: "asc" }, take: 20 });
    await resetDemoData(chongqing.prisma);
    expect(await isDatabaseEmpty(chongqing.prisma)).toBe(true);
    expect(await chongqing.prisma.areaDivision.count()).toBe(0);
    await seedDemoData(chongqing.prisma, { region: "CHONGQING", ...options, households: 20, relief: 0, reports: 0 });
    await resetDemoData(chongqing.prisma);
    await seedDemoData(chongqing.prisma, { region: "CHONGQING", ...options });
    expect(await chongqing.prisma.householdMember.findMany({ orderBy: { id: "asc" }, take: 20 })).toEqual(before);
  });

  it("refuses bad options with the field named, before writing anything", async () => {
    await expect(seedDemoData(sichuan.prisma, { region: "SICHUAN", ...options, households: -1 })).rejects.toThrow(/households/);
    await expect(seedDemoData(sichuan.prisma, { region: "HUBEI" as never, ...options })).rejects.toThrow(/region/);
  });
});
