import type { PrismaClient } from "../../src/db";
import { seedDemoData, seedFamilySearchSides } from "../../src/synthetic";
import { openMigratedClient } from "../support/testDatabase";

// The benchmark's seeding of both provinces from one generation pass, written as one JSON
// parameter per statement (bytes as hex, dates as the client writes them): the same rows, column
// for column, as seedDemoData writes per province. On SQLite and PostgreSQL.

const options = { relief: 1_200, reports: 160, seed: 77 };

type Opened = Awaited<ReturnType<typeof openMigratedClient>>;

async function familySearchRows(prisma: PrismaClient) {
  const [records, reports, links] = await Promise.all([
    prisma.reliefRecord.findMany({ orderBy: { id: "asc" } }),
    prisma.missingPersonReport.findMany({ orderBy: { id: "asc" } }),
    prisma.syntheticPersonLink.findMany({ orderBy: [{ recordId: "asc" }], select: { personKey: true, recordKind: true, recordId: true } }),
  ]);
  return { records, reports, links };
}

describe("seedFamilySearchSides", () => {
  const opened: Opened[] = [];
  afterAll(async () => void (await Promise.all(opened.map((o) => o.dispose()))));

  it("writes each province's share of one generated data set, the rows seedDemoData writes", async () => {
    const [byDemo, cq, sc] = await Promise.all([openMigratedClient(), openMigratedClient(), openMigratedClient()]);
    opened.push(byDemo, cq, sc);
    await seedDemoData(byDemo.prisma, { region: "SICHUAN", households: 0, ...options });
    for (const [region, db] of [["CHONGQING", cq], ["SICHUAN", sc]] as const) await seedDemoData(db.prisma, { region, households: 0, relief: 0, reports: 0, seed: options.seed });
    const written = await seedFamilySearchSides({ CHONGQING: cq.prisma, SICHUAN: sc.prisma }, options);

    const expected = await familySearchRows(byDemo.prisma);
    const actual = await familySearchRows(sc.prisma);
    expect(written.SICHUAN).toBe(expected.records.length);
    expect(written.CHONGQING + written.SICHUAN).toBe(options.relief);
    expect(actual.records.length).toBeGreaterThan(400);
    expect(actual.records.filter((r) => r.faceEmbedding).length).toBeGreaterThan(100);
    expect(actual).toEqual(expected);
    const chongqing = await familySearchRows(cq.prisma);
    expect(chongqing.records.every((r) => r.region === "CHONGQING")).toBe(true);
    expect(chongqing.records.length).toBe(written.CHONGQING);
  });
});
