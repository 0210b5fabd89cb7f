import type { GraphQLSchema } from "graphql";
import { createReliefModule } from "../../src/relief";
import { contextFor, execute, insertAgency, openMigratedDatabase, schemaOf, type ReliefTestDatabase } from "./support/reliefTestDatabase";

// Two gateway processes over one database (two relief modules, each with its own matching engine):
// a report one process closes leaves the other's engine at its next catch-up, so the other no
// longer raises alerts for it.

const today = new Date("2025-06-01T08:00:00Z");
const RECORD = `mutation Record($input: ReliefCaseInput!) { recordReliefCase(input: $input) { reliefRecord { id } alerts { missingPersonReportId } } }`;
const CLOSE = `mutation Close($input: CloseMissingPersonReportInput!) { closeMissingPersonReport(input: $input) { missingPersonReport { status } } }`;
const SEARCH = `query Search($report: MissingPersonInput!) { familySearch(report: $report, limit: 1) { rank } }`;

// The same woman reported twice (by her son, and by her daughter through the same agency), as in
// test/relief/familySearchApi.test.ts, where her relief record raises an alert.
const ouyang = { name: "欧阳秀英", gender: "FEMALE" as const, birthDate: "1940-02-02", birthYear: 1940, heightCm: 152, lastSeenOn: "2025-05-20", lastSeenAreaCode: "500106", homeAreaCode: "500106" };
const found = { stationId: "CQ-STATION-1", reportedName: "欧阳秀英", gender: "FEMALE", apparentAgeMin: 72, apparentAgeMax: 82, heightCm: 151, features: ["missing-finger:left-index"], foundOn: "2025-05-25", foundAreaCode: "500106" };

/** Other people taken in, so the engine weighs agreement against a population (as in familySearchApi.test.ts). */
function crowdRecord(n: number) {
  const surnames = ["王", "李", "刘", "陈", "杨", "黄", "赵", "吴"];
  const given = ["伟", "芳", "敏", "强", "磊", "军", "洋", "勇", "静"];
  return {
    id: `CQ-RR-${String(n).padStart(8, "0")}`, region: "CHONGQING" as const, stationId: "CQ-STATION-1",
    reportedName: n % 4 === 0 ? null : surnames[n % 8] + given[n % 9], gender: n % 3 === 0 ? ("FEMALE" as const) : ("MALE" as const),
    apparentAgeMin: 20 + (n % 50), apparentAgeMax: 30 + (n % 50), heightCm: 150 + (n % 30), foundOn: `2024-${String(1 + (n % 12)).padStart(2, "0")}-1${n % 10}`,
    foundAreaCode: ["500103", "500106", "500101", "500112", "500116"][n % 5], createdAt: new Date("2024-12-31T00:00:00Z"),
  };
}

let db: ReliefTestDatabase;
let processA: GraphQLSchema;
let processB: GraphQLSchema;

beforeAll(async () => {
  db = await openMigratedDatabase();
  await insertAgency(db.prisma, "CQ-STATION-1", "CHONGQING", "RELIEF_STATION", "500106");
  await insertAgency(db.prisma, "agency-1", "CHONGQING", "POLICE", "500106");
  await db.prisma.reliefRecord.createMany({ data: Array.from({ length: 60 }, (_, i) => crowdRecord(i + 1)) });
  for (const id of ["CQ-MP-00000001", "CQ-MP-00000002"]) {
    await db.prisma.missingPersonReport.create({ data: { id, region: "CHONGQING", agencyId: "agency-1", ...ouyang, features: "missing-finger:left-index" } });
  }
  const options = { region: "CHONGQING" as const, now: () => today, catchUpIntervalMs: 0 };
  processA = await schemaOf(createReliefModule(db.prisma, options));
  processB = await schemaOf(createReliefModule(db.prisma, options));
  // Both engines loaded while both reports are open.
  const { birthYear: _year, ...described } = ouyang;
  for (const schema of [processA, processB]) expect((await execute(schema, SEARCH, { report: described })).errors).toBeUndefined();
});

afterAll(async () => {
  await db.close();
});

it("process B raises the alert for the report that is still open, not for the one process A withdrew", async () => {
  // The officer of agency-1 (the agency that took both reports) withdraws the first, at process A.
  const closed = await execute(processA, CLOSE, { input: { missingPersonReportId: "CQ-MP-00000001", outcome: "WITHDRAWN" } }, contextFor("CHONGQING", ["police_liaison"]));
  expect(closed.errors).toBeUndefined();
  expect((closed.data as any).closeMissingPersonReport.missingPersonReport.status).toBe("CLOSED");

  // Both reports describe her equally: without the catch-up of closures, both would be alerted.
  const recorded = await execute(processB, RECORD, { input: found });
  expect(recorded.errors).toBeUndefined();
  expect((recorded.data as any).recordReliefCase.alerts).toEqual([{ missingPersonReportId: "CQ-MP-00000002" }]);
});
