import { createPrismaClient, type PrismaClient } from "../../src/db";
import { loadStandardFiles, parseStandardFile, seedAssistanceStandards, StandardsService } from "../../src/standards";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";

// The service reads the node's database, not the files: an empty database is an error, and a
// version seeded later shows up once the in-memory copy is refreshed.

let database: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = createPrismaClient(database.url);
});

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

const mlgOn = async (service: StandardsService, on: string) => (await service.standardsInForce(null, "500103", on)).find((s) => s.category === "MLG_URBAN")?.amountFen;

it("refuses to answer from an unseeded database, then answers once seeded", async () => {
  const service = new StandardsService(prisma);
  await expect(service.standardsInForce("CHONGQING", null, "2025-08-01")).rejects.toMatchObject({ extensions: { code: "INTERNAL_SERVER_ERROR" }, message: expect.stringContaining("not seeded") });
  await seedAssistanceStandards(prisma);
  expect(await mlgOn(service, "2025-08-01")).toBe(77_000);
});

it("picks up a newly seeded dated version after the refresh interval, answering from the old copy meanwhile", async () => {
  let clock = 0;
  const service = new StandardsService(prisma, () => clock);
  expect(await mlgOn(service, "2099-06-01")).toBe(77_000);
  const newVersion = parseStandardFile(
    ["dataVersion: TEST-CQ-2099-01-01", "region: CHONGQING", 'effectiveFrom: "2099-01-01"', "documentNumber: null", "sourceUrl: test fixture", "confidence: ILLUSTRATIVE", "standards:", "  - { areaScope: CQ-ALL, category: MLG_URBAN, amountFen: 99900 }"].join("\n"),
    "fixture",
  );
  await seedAssistanceStandards(prisma, { standards: [...loadStandardFiles(), ...newVersion] });
  expect(await mlgOn(service, "2099-06-01")).toBe(77_000); // within the interval: the copy in memory
  clock = 61_000;
  expect(await mlgOn(service, "2099-06-01")).toBe(77_000); // stale copy answers while one reload runs
  let amount: number | undefined;
  for (let i = 0; i < 100 && amount !== 99_900; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    amount = await mlgOn(service, "2099-06-01");
  }
  expect(amount).toBe(99_900);
});
