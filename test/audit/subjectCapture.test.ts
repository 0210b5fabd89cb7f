import fs from "node:fs";
import path from "node:path";
import type { GraphQLSchema } from "graphql";
import { SubjectPseudonymizer } from "../../src/audit";
import { ensureDevSecret } from "../../src/auth";
import { capturingSubjects, readingForNoOne } from "../../src/context";
import { Prisma } from "../../src/db";
import { composeIdentityNumber, parseIdentityNumber } from "../../src/identity";
import { createReliefModule } from "../../src/relief";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, type TestNode } from "../support/testNode";
import { contextFor, execute, insertAgency, openMigratedDatabase, schemaOf, type ReliefTestDatabase } from "../relief/support/reliefTestDatabase";

// Subjects are captured where persons are read (src/db/subjectCaptureExtension.ts, into the
// capture of src/context/subjectCapture.ts), not reported by resolvers: a read path with no audit
// code is recorded, a row the database did not hand back is not.

const PERSON = {
  a: composeIdentityNumber("500103", "1961-02-03", "MALE", 11),
  b: composeIdentityNumber("500103", "1962-02-03", "FEMALE", 12),
  c: composeIdentityNumber("500112", "1963-02-03", "MALE", 13),
};

function record(n: number, foundOn: string, idNumber: string, stationId = "CQ-STATION-1") {
  return { id: `CQ-RR-${String(n).padStart(8, "0")}`, region: "CHONGQING" as const, stationId, gender: "MALE" as const, apparentAgeMin: 40, apparentAgeMax: 50, foundOn, foundAreaCode: "500103", idNumber, identityStatus: "IDENTIFIED" as const };
}

describe("subjects captured by the data-access layer", () => {
  let db: ReliefTestDatabase;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    await insertAgency(db.prisma, "CQ-STATION-1", "CHONGQING", "RELIEF_STATION", "500103");
    await insertAgency(db.prisma, "CQ-STATION-2", "CHONGQING", "RELIEF_STATION", "500112");
    await db.prisma.reliefRecord.createMany({ data: [record(1, "2025-03-05", PERSON.a), record(2, "2025-03-01", PERSON.b), record(3, "2025-02-01", PERSON.c, "CQ-STATION-2")] });
    schema = await schemaOf(createReliefModule(db.prisma, { region: "CHONGQING" }));
  });
  afterAll(() => db.close());

  /** What one piece of work, run inside a capture, touched. (A Prisma query runs when awaited: await it inside.) */
  async function touchedBy(run: () => PromiseLike<unknown>): Promise<string[]> {
    const into = new Set<string>();
    await capturingSubjects(into, async () => {
      await run();
    });
    return [...into].sort();
  }

  it("records the persons of the rows a read returns, whatever reads them: a model query, a nested relation, raw SQL", async () => {
    expect(await touchedBy(() => db.prisma.reliefRecord.findMany({ where: { stationId: "CQ-STATION-2" } }))).toEqual([PERSON.c]);
    await db.prisma.dnaComparison.create({ data: { id: "CQ-DNA-1", region: "CHONGQING", reliefRecordId: "CQ-RR-00000002", sampleRef: "S-1", laboratory: "lab", requestedOn: "2025-03-02", requestedBy: "p", requestedByAgency: "CQ-POLICE" } });
    expect(await touchedBy(() => db.prisma.dnaComparison.findMany({ include: { reliefRecord: true } }))).toEqual([PERSON.b]);
    expect(await touchedBy(() => db.prisma.$queryRaw(Prisma.sql`SELECT "idNumber" FROM "ReliefRecord" WHERE "id" = ${"CQ-RR-00000001"}`))).toEqual([PERSON.a]);
  });

  it("records a GraphQL read whose resolver has no audit code", async () => {
    const context = contextFor();
    const result = await capturingSubjects(context.touchedSubjects, () => execute(schema, `{ reliefRecord(id: "CQ-RR-00000002") { id } }`, {}, context));
    expect(result.errors).toBeUndefined();
    expect([...context.touchedSubjects]).toEqual([PERSON.b]);
  });

  it("does not record rows read but not returned: filtered out by the query, or the row read ahead to see whether a next page exists", async () => {
    const context = contextFor();
    const result = await capturingSubjects(context.touchedSubjects, () =>
      execute(schema, `{ reliefRecords(filter: { stationId: "CQ-STATION-1" }, first: 1) { edges { node { id } } pageInfo { hasNextPage } } }`, {}, context),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ reliefRecords: { edges: [{ node: { id: "CQ-RR-00000001" } }], pageInfo: { hasNextPage: true } } });
    expect([...context.touchedSubjects]).toEqual([PERSON.a]);
    // Columns without the identity number name no one.
    expect(await touchedBy(() => db.prisma.reliefRecord.findMany({ select: { id: true, foundOn: true } }))).toEqual([]);
  });

  it("records a number a request names and that validates, found or not; an invalid one names no one", async () => {
    const unknown = composeIdentityNumber("500103", "1990-01-01", "FEMALE", 99);
    expect(await touchedBy(async () => parseIdentityNumber(unknown))).toEqual([unknown]);
    expect(await touchedBy(async () => parseIdentityNumber("500103199001010000"))).toEqual([]);
  });

  it("records nothing outside a request, nor for work done on no one's behalf inside one", async () => {
    expect(await touchedBy(() => readingForNoOne(async () => await db.prisma.reliefRecord.findMany()))).toEqual([]);
    // Outside any capture the client just answers.
    expect(await db.prisma.reliefRecord.count()).toBe(3);
  });

  it("leaves no resolver or service reporting subjects by hand", () => {
    const src = path.join(__dirname, "../../src");
    const offenders: string[] = [];
    for (const folder of fs.readdirSync(src)) {
      const dir = path.join(src, folder);
      if (!fs.statSync(dir).isDirectory() || folder === "server" || folder === "context") continue;
      for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
        if (file.endsWith(".ts") && fs.readFileSync(path.join(dir, file), "utf8").includes("touchedSubjects.add")) offenders.push(`${folder}/${file}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe("subjects in the audit entry over HTTP", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ fixtures: (p) => insertVerificationFixtures(p, "CHONGQING", 6) });
  });
  afterAll(() => t.stop());

  it("names exactly the members of the households answered, not those of households the filter or the page left out", async () => {
    const officer = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
    const res = await postGraphql(
      t.node.url,
      `{ householdVerifications(filter: { conclusion: INELIGIBLE }, first: 1) { edges { node { id household { members { name } } } } } }`,
      { token: officer, purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" },
    );
    expect(res.body.errors).toBeUndefined();
    // Households 3 and 6 are INELIGIBLE; the newest (6) is the page, 3 is only read ahead.
    expect(res.body.data!.householdVerifications.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(["CQ-HV-00000006"]);
    const members = await t.prisma.householdMember.findMany({ where: { householdId: "CQ-HH-00000006" } });
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { requestId: res.headers.get("x-request-id")! } });
    const pseudonyms = new SubjectPseudonymizer(t.config.auditSubjectKey ?? ensureDevSecret(t.keysDir, "chongqing-audit-subject"));
    expect(JSON.parse(entry.subjectHmacs)).toEqual(members.map((m) => pseudonyms.hmacOf(m.idNumber)).sort());
  });
});
