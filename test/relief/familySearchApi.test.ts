import type { GraphQLSchema } from "graphql";
import { composeIdentityNumber } from "../../src/identity";
import { createReliefModule } from "../../src/relief";
import { earlierReliefCase } from "../fixtures/reliefFixtures";
import { contextFor, execute, insertAgency, openMigratedDatabase, schemaOf, type ReliefTestDatabase } from "./support/reliefTestDatabase";

// familySearch, familySearchForRecord, the two registering mutations with their validation, alerts
// raised on insert and the review workflow — through graphql-js against a real migrated database.

let db: ReliefTestDatabase;
let schema: GraphQLSchema;
const today = new Date("2025-06-01T08:00:00Z");
const ZHANG_ID = composeIdentityNumber("500101", "1971-03-15", "MALE", 21);

const FILE = `mutation File($input: MissingPersonInput!) {
  fileMissingPersonReport(input: $input) {
    missingPersonReport { id region name status }
    alerts { id status reliefRecordId missingPersonReportId triggeredBy matchProbability comparisons { attribute level weight } }
  }
}`;
const RECORD = `mutation Record($input: ReliefCaseInput!) {
  recordReliefCase(input: $input) {
    reliefRecord { id region reportedName identityStatus }
    alerts { id status reliefRecordId missingPersonReportId triggeredBy }
  }
}`;
const SEARCH = `query Search($report: MissingPersonInput!, $regions: [Region!], $limit: Int) {
  familySearch(report: $report, regions: $regions, limit: $limit) {
    rank region matchWeight matchProbability aboveAlertThreshold dnaComparisonSuggested candidateSources
    reliefRecord { id reportedName idNumber }
    comparisons { attribute level weight difference unit detail }
  }
}`;
const REVIEW = `mutation Review($id: ID!, $decision: MatchAlertDecision!, $note: String) {
  reviewMatchAlert(id: $id, decision: $decision, note: $note) { id status reviewedBy reviewedAt decidedBy decidedAt decisionNote }
}`;

const zhangReport = {
  name: "张建国",
  aliases: ["国娃"],
  gender: "MALE",
  birthDate: "1971-03-15",
  heightCm: 168,
  features: ["scar:left-cheek"],
  dialect: "chongqing",
  homeAreaCode: "500101",
  lastSeenOn: "2025-03-01",
  lastSeenAreaCode: "500101",
  idNumber: ZHANG_ID,
  agencyId: "CQ-POLICE-1",
};


beforeAll(async () => {
  db = await openMigratedDatabase();
  await insertAgency(db.prisma, "CQ-STATION-1", "CHONGQING", "RELIEF_STATION", "500103");
  await insertAgency(db.prisma, "CQ-POLICE-1", "CHONGQING", "POLICE", "500101");
  await insertAgency(db.prisma, "SC-STATION-1", "SICHUAN", "RELIEF_STATION", "510104");
  await db.prisma.reliefRecord.createMany({ data: Array.from({ length: 60 }, (_, i) => earlierReliefCase(i + 1, "CQ-STATION-1")) });
  // The man the Zhang family is looking for: his name written as heard (建 → 剑, both jiàn), a
  // month after he was last seen, in the next district, with the scar, and a DNA sample taken.
  await db.prisma.reliefRecord.create({
    data: {
      id: "CQ-RR-00000100",
      region: "CHONGQING",
      stationId: "CQ-STATION-1",
      reportedName: "张剑国",
      gender: "MALE",
      apparentAgeMin: 45,
      apparentAgeMax: 55,
      heightCm: 167,
      features: "scar:left-cheek",
      dialect: "chongqing",
      placeNamesSpoken: "万州",
      foundOn: "2025-04-02",
      foundAreaCode: "500101",
      dnaSampleRef: "CQ-DNA-00000100",
      createdAt: new Date("2025-04-02T10:00:00Z"),
    },
  });
  schema = await schemaOf(createReliefModule(db.prisma, { region: "CHONGQING", now: () => today }));
});

afterAll(async () => {
  await db.close();
});

describe("familySearch", () => {
  it("ranks the record with the name written as heard first and explains every comparison", async () => {
    const context = contextFor();
    const { agencyId: _agency, ...described } = zhangReport;
    const report = { ...described, aliases: [] };
    const result = await execute(schema, SEARCH, { report, limit: 5 }, context);
    expect(result.errors).toBeUndefined();
    const candidates = (result.data as { familySearch: any[] }).familySearch;
    expect(candidates.length).toBeGreaterThanOrEqual(1);
    const [top] = candidates;
    expect(top).toMatchObject({ rank: 1, region: "CHONGQING", reliefRecord: { id: "CQ-RR-00000100", reportedName: "张剑国" }, dnaComparisonSuggested: true });
    expect(top.matchProbability).toBeGreaterThan(0.9);
    expect(top.aboveAlertThreshold).toBe(true);
    expect(top.candidateSources).toContain("NAME");
    const byAttribute = Object.fromEntries(top.comparisons.map((c: any) => [c.attribute, c]));
    expect(byAttribute.NAME).toMatchObject({ level: "SAME_PINYIN", detail: "张剑国 ~ 张建国: same pinyin zhāng jiàn guó" });
    expect(byAttribute.TIME).toMatchObject({ level: "WITHIN_TWO_MONTHS", difference: 32, unit: "days" });
    expect(byAttribute.FEATURES.detail).toBe("both note scar:left-cheek");
    expect(byAttribute.GEOGRAPHY.level).toBe("SAME_COUNTY");
    expect(byAttribute.PLACE_NAMES.level).toBe("COUNTY_NAMED");
    expect(candidates.map((c: any) => c.matchWeight)).toEqual([...candidates.map((c: any) => c.matchWeight)].sort((a, b) => b - a));
    // The query's identity number is reported to the audit log (the records returned carry none).
    expect([...context.touchedSubjects]).toEqual([ZHANG_ID]);
  });

  it("answers only for the home province: a query for Sichuan alone is left to the peer", async () => {
    const { agencyId: _agency, ...report } = zhangReport;
    const result = await execute(schema, SEARCH, { report, regions: ["SICHUAN"] });
    expect(result.errors).toBeUndefined();
    expect((result.data as { familySearch: unknown[] }).familySearch).toEqual([]);
  });

  it.each([
    [{ heightCm: 999 }, "report.heightCm"],
    [{ idNumber: "500101197103150000" }, "report.idNumber"],
    [{ lastSeenAreaCode: "509999" }, "report.lastSeenAreaCode"],
    [{ birthYear: 1970 }, "report.birthYear"],
    [{ lastSeenOn: "2030-01-01" }, "report.lastSeenOn"],
    [{ features: ["scar left cheek!"] }, "report.features[0]"],
    [{ faceEmbedding: [1, 2, 3] }, "report.faceEmbedding"],
  ])("refuses %j as BAD_USER_INPUT naming %s", async (change, field) => {
    const { agencyId: _agency, ...report } = zhangReport;
    const result = await execute(schema, SEARCH, { report: { ...report, ...change } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("refuses a limit above 50", async () => {
    const { agencyId: _agency, ...report } = zhangReport;
    const result = await execute(schema, SEARCH, { report, limit: 51 });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "limit" });
  });
});

describe("continuous matching and the review workflow", () => {
  let alertId: string;

  it("raises an alert when a matching report is filed", async () => {
    const result = await execute(schema, FILE, { input: zhangReport });
    expect(result.errors).toBeUndefined();
    const payload = (result.data as any).fileMissingPersonReport;
    expect(payload.missingPersonReport).toMatchObject({ id: "CQ-MP-00000001", region: "CHONGQING", name: "张建国", status: "OPEN" });
    expect(payload.alerts).toHaveLength(1);
    expect(payload.alerts[0]).toMatchObject({ id: "CQ-MA-00000001", status: "NEW", reliefRecordId: "CQ-RR-00000100", missingPersonReportId: "CQ-MP-00000001", triggeredBy: "MISSING_REPORT" });
    expect(payload.alerts[0].comparisons.map((c: any) => c.attribute)).toContain("NAME");
    alertId = payload.alerts[0].id;
  });

  it("raises an alert when a matching relief case arrives for an open report, and not for a stranger", async () => {
    const lost = await execute(schema, FILE, {
      input: { ...zhangReport, name: "欧阳秀英", aliases: [], gender: "FEMALE", birthDate: "1940-02-02", idNumber: null, heightCm: 152, features: ["missing-finger:left-index"], lastSeenOn: "2025-05-20", lastSeenAreaCode: "500106", homeAreaCode: "500106" },
    });
    expect(lost.errors).toBeUndefined();
    const reportId = (lost.data as any).fileMissingPersonReport.missingPersonReport.id;

    const found = await execute(schema, RECORD, {
      input: { stationId: "CQ-STATION-1", reportedName: "欧阳秀英", gender: "FEMALE", apparentAgeMin: 72, apparentAgeMax: 82, heightCm: 151, features: ["missing-finger:left-index"], foundOn: "2025-05-25", foundAreaCode: "500106" },
    });
    expect(found.errors).toBeUndefined();
    const payload = (found.data as any).recordReliefCase;
    expect(payload.reliefRecord).toMatchObject({ region: "CHONGQING", reportedName: "欧阳秀英", identityStatus: "SELF_REPORTED" });
    expect(payload.alerts).toEqual([expect.objectContaining({ status: "NEW", reliefRecordId: payload.reliefRecord.id, missingPersonReportId: reportId, triggeredBy: "RELIEF_RECORD" })]);

    const stranger = await execute(schema, RECORD, {
      input: { stationId: "CQ-STATION-1", reportedName: "马大壮", gender: "MALE", apparentAgeMin: 25, apparentAgeMax: 35, foundOn: "2025-05-26", foundAreaCode: "500116" },
    });
    expect((stranger.data as any).recordReliefCase.alerts).toEqual([]);
  });

  it("lists alerts newest first with keyset pages", async () => {
    const result = await execute(schema, `{ matchAlerts(status: NEW, first: 1) { totalCount edges { cursor node { id status reliefRecord { id } missingPersonReport { id name } } } pageInfo { hasNextPage endCursor } } }`);
    expect(result.errors).toBeUndefined();
    const page = (result.data as any).matchAlerts;
    expect(page.totalCount).toBe(2);
    expect(page.edges[0].node.id).toBe("CQ-MA-00000002");
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await execute(schema, `query($after: String) { matchAlerts(status: NEW, first: 1, after: $after) { edges { node { id missingPersonReport { name } } } pageInfo { hasNextPage } } }`, { after: page.pageInfo.endCursor });
    expect((next.data as any).matchAlerts.edges[0].node).toEqual({ id: "CQ-MA-00000001", missingPersonReport: { name: "张建国" } });
    expect((next.data as any).matchAlerts.pageInfo.hasNextPage).toBe(false);
  });

  it("refuses to confirm before review, then records who reviewed and who confirmed", async () => {
    const early = await execute(schema, REVIEW, { id: alertId, decision: "CONFIRMED" }, contextFor("CHONGQING", ["relief_officer"], "officer-7"));
    expect(early.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "decision" });

    const reviewed = await execute(schema, REVIEW, { id: alertId, decision: "REVIEWED" }, contextFor("CHONGQING", ["relief_officer"], "officer-7"));
    expect(reviewed.errors).toBeUndefined();
    expect((reviewed.data as any).reviewMatchAlert).toMatchObject({ status: "REVIEWED", reviewedBy: "officer-7", decidedBy: null });
    expect(new Date((reviewed.data as any).reviewMatchAlert.reviewedAt).toISOString()).toBe(today.toISOString());

    const context = contextFor("CHONGQING", ["relief_officer"], "officer-9");
    const confirmed = await execute(schema, REVIEW, { id: alertId, decision: "CONFIRMED", note: "family recognised him" }, context);
    expect(confirmed.errors).toBeUndefined();
    expect((confirmed.data as any).reviewMatchAlert).toMatchObject({ status: "CONFIRMED", reviewedBy: "officer-7", decidedBy: "officer-9", decisionNote: "family recognised him" });
    expect([...context.touchedSubjects]).toEqual([ZHANG_ID]);

    const record = await db.prisma.reliefRecord.findUniqueOrThrow({ where: { id: "CQ-RR-00000100" } });
    expect(record).toMatchObject({ identityStatus: "IDENTIFIED", idNumber: ZHANG_ID });
    const report = await db.prisma.missingPersonReport.findUniqueOrThrow({ where: { id: "CQ-MP-00000001" } });
    expect(report.status).toBe("FOUND");

    const again = await execute(schema, REVIEW, { id: alertId, decision: "REJECTED" });
    expect(again.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "decision" });
  });

  it("no longer proposes a resolved pair: the found report is not searched against", async () => {
    const result = await execute(schema, `{ familySearchForRecord(reliefRecordId: "CQ-RR-00000100") { missingPersonReport { id } } }`);
    expect(result.errors).toBeUndefined();
    expect((result.data as any).familySearchForRecord.map((c: any) => c.missingPersonReport.id)).not.toContain("CQ-MP-00000001");
  });

  it("reports an unknown alert and an unknown record as NOT_FOUND", async () => {
    expect((await execute(schema, REVIEW, { id: "CQ-MA-99999999", decision: "REVIEWED" })).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await execute(schema, `{ familySearchForRecord(reliefRecordId: "CQ-RR-99999999") { rank } }`)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });
});

describe("registering: validation names the field", () => {
  const relief = { stationId: "CQ-STATION-1", gender: "MALE", apparentAgeMin: 30, apparentAgeMax: 40, foundOn: "2025-05-01", foundAreaCode: "500103" };

  it.each([
    [{ apparentAgeMax: 20 }, "input.apparentAgeMax"],
    [{ heightCm: 20 }, "input.heightCm"],
    [{ foundAreaCode: "510104" }, "input.foundAreaCode"],
    [{ stationId: "SC-STATION-1" }, "input.stationId"],
    [{ stationId: "CQ-POLICE-1" }, "input.stationId"],
    [{ identityStatus: "IDENTIFIED" }, "input.idNumber"],
    [{ idNumber: composeIdentityNumber("500101", "1980-01-01", "FEMALE", 2) }, "input.idNumber"],
    [{ faceEmbedding: Array(127).fill(0.1) }, "input.faceEmbedding"],
    [{ foundOn: "2026-01-01" }, "input.foundOn"],
  ])("recordReliefCase refuses %j naming %s", async (change, field) => {
    const result = await execute(schema, RECORD, { input: { ...relief, ...change } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it.each([
    [{ agencyId: null }, "input.agencyId"],
    [{ agencyId: "SC-STATION-1" }, "input.agencyId"],
    [{ homeAreaCode: null }, "input.homeAreaCode"],
    [{ name: "  " }, "input.name"],
    [{ aliases: [""] }, "input.aliases[0]"],
  ])("fileMissingPersonReport refuses %j naming %s", async (change, field) => {
    const result = await execute(schema, FILE, { input: { ...zhangReport, idNumber: null, ...change } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });
});

describe("several gateway processes over one database", () => {
  it("a search sees a record another process registered, and ids never collide", async () => {
    const other = await schemaOf(createReliefModule(db.prisma, { region: "CHONGQING", now: () => today, catchUpIntervalMs: 0 }));
    const mine = await schemaOf(createReliefModule(db.prisma, { region: "CHONGQING", now: () => today, catchUpIntervalMs: 0 }));
    const described = { name: "诸葛明亮", gender: "MALE", birthYear: 1990, lastSeenOn: "2025-05-01", lastSeenAreaCode: "500103" };
    expect((await execute(mine, SEARCH, { report: described })).errors).toBeUndefined(); // loads this process's engine

    const first = await execute(other, RECORD, { input: { stationId: "CQ-STATION-1", reportedName: "诸葛明亮", gender: "MALE", apparentAgeMin: 32, apparentAgeMax: 42, foundOn: "2025-05-03", foundAreaCode: "500103" } });
    const second = await execute(mine, RECORD, { input: { stationId: "CQ-STATION-1", reportedName: "司马光", gender: "MALE", apparentAgeMin: 60, apparentAgeMax: 70, foundOn: "2025-05-04", foundAreaCode: "500103" } });
    const ids = [first, second].map((r) => (r.data as any).recordReliefCase.reliefRecord.id);
    expect(new Set(ids).size).toBe(2);

    const found = await execute(mine, SEARCH, { report: described });
    expect((found.data as any).familySearch[0].reliefRecord.id).toBe(ids[0]);
  });

  it("stops proposing a record and a report another process confirmed as one person", async () => {
    const other = await schemaOf(createReliefModule(db.prisma, { region: "CHONGQING", now: () => today, catchUpIntervalMs: 0 }));
    const mine = await schemaOf(createReliefModule(db.prisma, { region: "CHONGQING", now: () => today, catchUpIntervalMs: 0 }));
    const born = "1958-09-09";
    const described = { name: "欧阳春晓", gender: "FEMALE", birthDate: born, heightCm: 155, lastSeenOn: "2025-04-20", lastSeenAreaCode: "500106" };
    const recorded = await execute(other, RECORD, {
      input: { stationId: "CQ-STATION-1", reportedName: "欧阳春晓", gender: "FEMALE", apparentAgeMin: 58, apparentAgeMax: 68, heightCm: 156, foundOn: "2025-04-25", foundAreaCode: "500106" },
    });
    const recordId = (recorded.data as any).recordReliefCase.reliefRecord.id;
    const before = await execute(mine, SEARCH, { report: described });
    expect((before.data as any).familySearch[0].reliefRecord.id).toBe(recordId);

    // The other process files the family's report (raising the alert), reviews and confirms it.
    const filed = await execute(other, FILE, { input: { ...described, homeAreaCode: "500106", agencyId: "CQ-POLICE-1" } });
    const [alert] = (filed.data as any).fileMissingPersonReport.alerts;
    expect(alert).toMatchObject({ reliefRecordId: recordId, status: "NEW" });
    for (const decision of ["REVIEWED", "CONFIRMED"]) expect((await execute(other, REVIEW, { id: alert.id, decision })).errors).toBeUndefined();

    // This process never saw the confirmation happen; its next search catches up on it.
    const after = await execute(mine, SEARCH, { report: described });
    expect(after.errors).toBeUndefined();
    expect((after.data as any).familySearch.map((c: any) => c.reliefRecord.id)).not.toContain(recordId);
    const reverse = await execute(mine, `{ familySearchForRecord(reliefRecordId: "${recordId}") { missingPersonReport { id } } }`);
    expect((reverse.data as any).familySearchForRecord.map((c: any) => c.missingPersonReport.id)).not.toContain(alert.missingPersonReportId);
  });
});
