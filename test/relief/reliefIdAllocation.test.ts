// Ids of new relief rows are the stored maximum plus one. Concurrent filings on one node used to
// read the same maximum and collide until their retries ran out (seen on PostgreSQL's pooled
// connections as INTERNAL_SERVER_ERROR); they now take turns within the process. Run against the
// suite's database: SQLite, or PostgreSQL under npm run test:pg.
import type { GraphQLSchema } from "graphql";
import { createReliefModule } from "../../src/relief";
import { contextFor, execute, insertAgency, openMigratedDatabase, schemaOf, type ReliefTestDatabase } from "./support/reliefTestDatabase";

const FILE = `mutation File($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { missingPersonReport { id } } }`;
const RECORD = `mutation Record($input: ReliefCaseInput!) { recordReliefCase(input: $input) { reliefRecord { id } } }`;
const CONCURRENT = 40;

let db: ReliefTestDatabase;
let schema: GraphQLSchema;

beforeAll(async () => {
  db = await openMigratedDatabase();
  await insertAgency(db.prisma, "CQ-STATION-1", "CHONGQING", "RELIEF_STATION", "500103");
  await insertAgency(db.prisma, "CQ-POLICE-1", "CHONGQING", "POLICE", "500101");
  schema = await schemaOf(createReliefModule(db.prisma, { region: "CHONGQING" }));
});
afterAll(() => db.close());

const report = (i: number) => ({
  name: `王${"建国志强秀兰桂英海燕"[i % 10]}${i}`,
  gender: i % 2 ? "FEMALE" : "MALE",
  birthYear: 1950 + i,
  homeAreaCode: "500101",
  lastSeenOn: "2025-03-01",
  lastSeenAreaCode: "500101",
  agencyId: "CQ-POLICE-1",
});
const reliefCase = (i: number) => ({
  stationId: "CQ-STATION-1",
  gender: i % 2 ? "FEMALE" : "MALE",
  apparentAgeMin: 30 + (i % 30),
  apparentAgeMax: 40 + (i % 30),
  foundOn: "2025-04-02",
  foundAreaCode: "500103",
});

async function concurrently(source: string, input: (i: number) => object, field: string, row: string): Promise<string[]> {
  const results = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => execute(schema, source, { input: input(i) }, contextFor())));
  for (const result of results) expect(result.errors).toBeUndefined();
  return results.map((r) => (r.data as Record<string, Record<string, { id: string }>>)[field][row].id);
}

it(`files ${CONCURRENT} concurrent missing-person reports under distinct, consecutive ids`, async () => {
  const ids = await concurrently(FILE, report, "fileMissingPersonReport", "missingPersonReport");
  expect(new Set(ids).size).toBe(CONCURRENT);
  expect([...ids].sort()).toEqual(Array.from({ length: CONCURRENT }, (_, i) => `CQ-MP-${String(i + 1).padStart(8, "0")}`));
  expect(await db.prisma.missingPersonReport.count()).toBe(CONCURRENT);
});

it(`records ${CONCURRENT} concurrent relief cases under distinct, consecutive ids`, async () => {
  const ids = await concurrently(RECORD, reliefCase, "recordReliefCase", "reliefRecord");
  expect([...ids].sort()).toEqual(Array.from({ length: CONCURRENT }, (_, i) => `CQ-RR-${String(i + 1).padStart(8, "0")}`));
});
