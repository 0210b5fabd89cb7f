import { Prisma } from "../../src/db/generated/sqlite/client";
import type { PrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";
import { chinaDate } from "../../src/relief/chinaCalendar";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, type TestNode } from "../support/testNode";
import { insertAgency } from "./support/reliefTestDatabase";

// After the match, over real HTTP with real tokens on one node: closing missing-person reports
// (found, withdrawn, by confirming an alert), DNA comparisons (police only; no genotype), and the
// 24-hour deadline of the 寻亲 notice.

const STATION = "CQ-STATION-1";
const POLICE = "CQ-POLICE-1";
const SEARCH = { purpose: "FAMILY_SEARCH", caseRef: "CQ-XQ-2026-0007" };
const HE_ID = composeIdentityNumber("500106", "1950-01-20", "FEMALE", 42);
const LUO_ID = composeIdentityNumber("500101", "1948-06-02", "MALE", 17);

let recordSeq = 100;
async function insertRecord(prisma: PrismaClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = `CQ-RR-${String(recordSeq++).padStart(8, "0")}`;
  await prisma.reliefRecord.create({
    data: { id, region: "CHONGQING", stationId: STATION, gender: "FEMALE", apparentAgeMin: 70, apparentAgeMax: 80, foundOn: "2026-05-01", foundAreaCode: "500106", ...overrides },
  });
  return id;
}

let reportSeq = 100;
async function insertReport(prisma: PrismaClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = `CQ-MP-${String(reportSeq++).padStart(8, "0")}`;
  await prisma.missingPersonReport.create({
    data: { id, region: "CHONGQING", agencyId: POLICE, name: "何秀兰", gender: "FEMALE", birthYear: 1950, homeAreaCode: "500106", lastSeenOn: "2026-04-20", lastSeenAreaCode: "500106", ...overrides },
  });
  return id;
}

async function insertAlert(prisma: PrismaClient, id: string, reliefRecordId: string, missingReportId: string, status: "NEW" | "REVIEWED" = "NEW") {
  // Each side's area as MatchAlertService stores it when the alert is raised (the record's station, the report's agency).
  const [record, report] = await Promise.all([
    prisma.reliefRecord.findUnique({ where: { id: reliefRecordId }, select: { station: { select: { areaCode: true } } } }),
    prisma.missingPersonReport.findUnique({ where: { id: missingReportId }, select: { agency: { select: { areaCode: true } } } }),
  ]);
  await prisma.matchAlert.create({
    data: {
      id, region: "CHONGQING", reliefRecordId, missingReportId, triggeredBy: "MISSING_REPORT", matchWeight: 20, matchProbability: 0.99, comparisons: "[]", status,
      reliefRecordAreaCode: record?.station.areaCode ?? null,
      missingReportAreaCode: report?.agency.areaCode ?? null,
    },
  });
}

describe("after the match, over HTTP", () => {
  let node: TestNode;
  let stationOfficer: string;
  let police: string;

  beforeAll(async () => {
    node = await startTestNode({
      region: "CHONGQING",
      fixtures: async (prisma) => {
        await insertAgency(prisma, STATION, "CHONGQING", "RELIEF_STATION", "500106");
        await insertAgency(prisma, POLICE, "CHONGQING", "POLICE", "500106");
        await insertAgency(prisma, "CQ-STATION-9", "CHONGQING", "RELIEF_STATION", "500103");
      },
    });
    stationOfficer = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"], { agency: STATION, sub: "cq-station-officer-3" });
    police = await officerToken(node.keysDir, "CHONGQING", ["police_liaison"], { agency: POLICE, sub: "cq-police-liaison-1" });
  });
  afterAll(() => node.stop());

  const gql = (query: string, variables: Record<string, unknown>, token: string, headers = SEARCH) => postGraphql(node.node.url, query, { token, ...headers, variables });

  describe("closing a missing-person report", () => {
    const CLOSE = `mutation Close($input: CloseMissingPersonReportInput!) {
      closeMissingPersonReport(input: $input) {
        missingPersonReport { id status closure { outcome reliefRecordId matchAlertId closedBy closedByAgency note } }
        closure { outcome reliefRecordId closedBy closedByAgency }
        reliefRecord { id identityStatus identifiedOn idNumber }
      }
    }`;

    it("as FOUND: links the record, identifies it, retires the report's other alerts, and audits both people", async () => {
      const recordId = await insertRecord(node.prisma);
      const otherRecord = await insertRecord(node.prisma);
      const reportId = await insertReport(node.prisma, { idNumber: HE_ID });
      await insertAlert(node.prisma, "CQ-MA-00000101", otherRecord, reportId);

      const res = await gql(CLOSE, { input: { missingPersonReportId: reportId, outcome: "FOUND", reliefRecordId: recordId, note: "家属到站认领" } }, stationOfficer);
      expect(res.body.errors).toBeUndefined();
      const payload = res.body.data!.closeMissingPersonReport;
      expect(payload.missingPersonReport).toMatchObject({
        id: reportId,
        status: "FOUND",
        closure: { outcome: "FOUND", reliefRecordId: recordId, matchAlertId: null, closedBy: "cq-station-officer-3", closedByAgency: STATION, note: "家属到站认领" },
      });
      expect(payload.reliefRecord).toEqual({ id: recordId, identityStatus: "IDENTIFIED", identifiedOn: chinaDate(new Date()), idNumber: HE_ID });
      expect(await node.prisma.matchAlert.findUniqueOrThrow({ where: { id: "CQ-MA-00000101" } })).toMatchObject({ status: "REJECTED", decisionNote: "report closed as FOUND" });
      const entry = await node.prisma.auditEntry.findFirstOrThrow({ where: { requestId: res.headers.get("x-request-id")! } });
      expect(JSON.parse(entry.subjectHmacs)).toHaveLength(1); // the record took the report's identity number: one person
      expect(entry.outcome).toBe("ALLOWED");

      const again = await gql(CLOSE, { input: { missingPersonReportId: reportId, outcome: "WITHDRAWN" } }, police);
      expect(again.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reasonCode: "REPORT_NOT_OPEN" });
    });

    it("as FOUND with a record of the other province: kept as a reference for that node", async () => {
      const reportId = await insertReport(node.prisma);
      const res = await gql(CLOSE, { input: { missingPersonReportId: reportId, outcome: "FOUND", reliefRecordId: "SC-RR-00000042" } }, police);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.closeMissingPersonReport).toMatchObject({ closure: { outcome: "FOUND", reliefRecordId: "SC-RR-00000042" }, reliefRecord: null });
    });

    it.each([
      ["no record", { outcome: "FOUND" }, "input.reliefRecordId"],
      ["a record id of no format", { outcome: "FOUND", reliefRecordId: "RR-1" }, "input.reliefRecordId"],
      ["an unknown record of this province", { outcome: "FOUND", reliefRecordId: "CQ-RR-09999999" }, "input.reliefRecordId"],
      ["a record with a withdrawal", { outcome: "WITHDRAWN", reliefRecordId: "CQ-RR-00000100" }, "input.reliefRecordId"],
    ])("refuses %s as BAD_USER_INPUT, leaving the report open", async (_label, input, field) => {
      const reportId = await insertReport(node.prisma);
      const res = await gql(CLOSE, { input: { missingPersonReportId: reportId, ...input } }, police);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect((await node.prisma.missingPersonReport.findUniqueOrThrow({ where: { id: reportId } })).status).toBe("OPEN");
      expect(await node.prisma.missingReportClosure.count({ where: { missingReportId: reportId } })).toBe(0);
    });

    it("as WITHDRAWN only by the agency that took the report, and only by this province's officers", async () => {
      const reportId = await insertReport(node.prisma);
      const byStation = await gql(CLOSE, { input: { missingPersonReportId: reportId, outcome: "WITHDRAWN" } }, stationOfficer);
      expect(byStation.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "NOT_REPORT_AGENCY" });
      const sichuan = await officerToken(node.keysDir, "SICHUAN", ["police_liaison"], { agency: POLICE });
      const bySichuan = await gql(CLOSE, { input: { missingPersonReportId: reportId, outcome: "WITHDRAWN" } }, sichuan);
      expect(bySichuan.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
      const caseworker = await officerToken(node.keysDir, "CHONGQING", ["assistance_caseworker"], { agency: POLICE });
      expect((await gql(CLOSE, { input: { missingPersonReportId: reportId, outcome: "WITHDRAWN" } }, caseworker)).body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
      expect((await node.prisma.missingPersonReport.findUniqueOrThrow({ where: { id: reportId } })).status).toBe("OPEN");

      const res = await gql(CLOSE, { input: { missingPersonReportId: reportId, outcome: "WITHDRAWN", note: "家属撤回" } }, police);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.closeMissingPersonReport.missingPersonReport).toMatchObject({ status: "CLOSED", closure: { outcome: "WITHDRAWN", reliefRecordId: null, closedByAgency: POLICE } });
      // Refused by the database's trigger (the SQLite adapter reports it as a constraint violation, PostgreSQL as restrict_violation).
      await expect(node.prisma.missingReportClosure.updateMany({ where: { missingReportId: reportId }, data: { note: "rewritten" } })).rejects.toThrow();
      await expect(node.prisma.missingReportClosure.deleteMany({ where: { missingReportId: reportId } })).rejects.toThrow();
      expect(await node.prisma.missingReportClosure.findUniqueOrThrow({ where: { missingReportId: reportId } })).toMatchObject({ note: "家属撤回" });
    });

    it("points to the alert when one proposes the same pair (CONFIRM_ALERT_INSTEAD)", async () => {
      const recordId = await insertRecord(node.prisma);
      const reportId = await insertReport(node.prisma);
      await insertAlert(node.prisma, "CQ-MA-00000102", recordId, reportId, "REVIEWED");
      const res = await gql(CLOSE, { input: { missingPersonReportId: reportId, outcome: "FOUND", reliefRecordId: recordId } }, stationOfficer);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reasonCode: "CONFIRM_ALERT_INSTEAD", matchAlertId: "CQ-MA-00000102" });
    });

    it("confirming a match alert closes its report as FOUND with a closure naming the alert, and dates the identification", async () => {
      const recordId = await insertRecord(node.prisma);
      const reportId = await insertReport(node.prisma, { idNumber: LUO_ID, name: "罗德明", gender: "MALE" });
      await insertAlert(node.prisma, "CQ-MA-00000103", recordId, reportId, "REVIEWED");
      const res = await gql(`mutation { reviewMatchAlert(id: "CQ-MA-00000103", decision: CONFIRMED, note: "照片比对一致") { status } }`, {}, stationOfficer);
      expect(res.body.errors).toBeUndefined();
      const closure = await node.prisma.missingReportClosure.findUniqueOrThrow({ where: { missingReportId: reportId } });
      expect(closure).toMatchObject({ outcome: "FOUND", reliefRecordId: recordId, matchAlertId: "CQ-MA-00000103", closedBy: "cq-station-officer-3", note: "照片比对一致" });
      expect(await node.prisma.reliefRecord.findUniqueOrThrow({ where: { id: recordId } })).toMatchObject({ identityStatus: "IDENTIFIED", identifiedVia: "MATCH_ALERT", identifiedOn: chinaDate(new Date()), idNumber: LUO_ID });
    });
  });

  describe("DNA comparisons", () => {
    const REQUEST = `mutation Request($input: DnaSampleRequestInput!) { recordDnaSampleRequest(input: $input) { id reliefRecordId status sampleRef laboratory requestedOn requestedBy } }`;
    const RESULT = `mutation Result($input: DnaComparisonResultInput!) { recordDnaComparisonResult(input: $input) { id status resultOn labReference turnaroundDays } }`;
    const READ = `query Read($id: ID!) { reliefRecord(id: $id) { id identityStatus identifiedOn dnaSampleRef dnaComparisons { id status laboratory requestedOn resultOn turnaroundDays sampleRef labReference } } }`;

    it("the police liaison records a request and its MATCH; the person is identified on the result's date; relief officers see the status, not the references", async () => {
      const recordId = await insertRecord(node.prisma);
      const request = await gql(REQUEST, { input: { reliefRecordId: recordId, sampleRef: "CQ-DNA-2026-0031", laboratory: "重庆市公安局物证鉴定中心", requestedOn: "2026-05-03" } }, police);
      expect(request.body.errors).toBeUndefined();
      const comparison = request.body.data!.recordDnaSampleRequest;
      expect(comparison).toMatchObject({ id: expect.stringMatching(/^CQ-DC-\d{8}$/), reliefRecordId: recordId, status: "REQUESTED", sampleRef: "CQ-DNA-2026-0031", requestedOn: "2026-05-03", requestedBy: "cq-police-liaison-1" });

      const result = await gql(RESULT, { input: { dnaComparisonId: comparison.id, result: "MATCH", labReference: "WZ-2026-118", resultOn: "2026-05-24", idNumber: HE_ID } }, police);
      expect(result.body.errors).toBeUndefined();
      // 3 May → 24 May: 21 days.
      expect(result.body.data!.recordDnaComparisonResult).toEqual({ id: comparison.id, status: "MATCH", resultOn: "2026-05-24", labReference: "WZ-2026-118", turnaroundDays: 21 });

      const byPolice = await gql(READ, { id: recordId }, police);
      expect(byPolice.body.errors).toBeUndefined();
      expect(byPolice.body.data!.reliefRecord).toMatchObject({
        identityStatus: "IDENTIFIED",
        identifiedOn: "2026-05-24",
        dnaSampleRef: "CQ-DNA-2026-0031",
        dnaComparisons: [{ id: comparison.id, status: "MATCH", sampleRef: "CQ-DNA-2026-0031", labReference: "WZ-2026-118", turnaroundDays: 21 }],
      });
      const byStation = await gql(READ, { id: recordId }, stationOfficer);
      expect(byStation.body.data!.reliefRecord.dnaComparisons).toEqual([
        { id: comparison.id, status: "MATCH", laboratory: "重庆市公安局物证鉴定中心", requestedOn: "2026-05-03", resultOn: "2026-05-24", turnaroundDays: 21, sampleRef: null, labReference: null },
      ]);
      expect(byStation.body.data!.reliefRecord.dnaSampleRef).toBeNull();
      expect(byStation.body.errors!.map((e) => e.extensions!.code)).toEqual(["FORBIDDEN", "FORBIDDEN", "FORBIDDEN"]);

      const again = await gql(RESULT, { input: { dnaComparisonId: comparison.id, result: "NO_MATCH", labReference: "WZ-2026-119" } }, police);
      expect(again.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reasonCode: "RESULT_ALREADY_RECORDED" });
    });

    it("only police liaisons record them", async () => {
      const recordId = await insertRecord(node.prisma);
      const res = await gql(REQUEST, { input: { reliefRecordId: recordId, sampleRef: "CQ-DNA-1", laboratory: "lab" } }, stationOfficer);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
      expect(await node.prisma.dnaComparison.count({ where: { reliefRecordId: recordId } })).toBe(0);
    });

    it.each([
      ["a sample reference with spaces", REQUEST, { sampleRef: "CQ DNA 1" }, "input.sampleRef"],
      ["an empty laboratory", REQUEST, { laboratory: " " }, "input.laboratory"],
      ["a request before the person was found", REQUEST, { requestedOn: "2026-04-30" }, "input.requestedOn"],
      ["a report id of no format", REQUEST, { missingPersonReportId: "MP-7" }, "input.missingPersonReportId"],
    ])("refuses %s", async (_label, query, change, field) => {
      const recordId = await insertRecord(node.prisma);
      const res = await gql(query, { input: { reliefRecordId: recordId, sampleRef: "CQ-DNA-2", laboratory: "lab", ...change } }, police);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    });

    it.each([
      ["REQUESTED as a result", { result: "REQUESTED" }, "input.result"],
      ["an invalid identity number", { idNumber: "500106195001200000" }, "input.idNumber"],
      ["an identity number with NO_MATCH", { result: "NO_MATCH", idNumber: LUO_ID }, "input.idNumber"],
      ["a result before the request", { resultOn: "2026-05-01" }, "input.resultOn"],
    ])("refuses a result with %s and records nothing", async (_label, change, field) => {
      const recordId = await insertRecord(node.prisma);
      const request = await gql(REQUEST, { input: { reliefRecordId: recordId, sampleRef: "CQ-DNA-3", laboratory: "lab", requestedOn: "2026-05-02" } }, police);
      const id = request.body.data!.recordDnaSampleRequest.id;
      const res = await gql(RESULT, { input: { dnaComparisonId: id, result: "MATCH", labReference: "L-1", ...change } }, police);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(await node.prisma.dnaComparison.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "REQUESTED", labReference: null });
      expect((await node.prisma.reliefRecord.findUniqueOrThrow({ where: { id: recordId } })).identityStatus).toBe("UNIDENTIFIED");
    });

    it("stores no genotype: the table has references only", () => {
      expect(Object.keys(Prisma.DnaComparisonScalarFieldEnum).sort()).toEqual(
        ["id", "region", "reliefRecordId", "missingReportId", "sampleRef", "laboratory", "requestedOn", "requestedBy", "requestedByAgency", "status", "resultOn", "labReference", "resultRecordedBy", "resultRecordedAt", "note", "createdAt"].sort(),
      );
    });
  });

  describe("the 24-hour notice deadline", () => {
    const OVERDUE = `query Overdue($stationId: String) { overdueReliefNotices(stationId: $stationId, first: 50) { reliefRecordId stationId dueAt hoursOverdue reliefRecord { id noticeDueAt noticePublishedAt } } }`;
    const PUBLISHED = `mutation Published($id: ID!, $reference: String!, $at: DateTime) { recordReliefNoticePublished(reliefRecordId: $id, reference: $reference, publishedAt: $at) { id noticePublishedAt noticeReference noticeDueAt } }`;
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

    it("lists the unidentified whose notice is past due and unpublished, longest overdue first; a published notice leaves the list", async () => {
      const overdue30 = await insertRecord(node.prisma, { createdAt: hoursAgo(30), stationId: "CQ-STATION-9" });
      const overdue50 = await insertRecord(node.prisma, { createdAt: hoursAgo(50), stationId: "CQ-STATION-9" });
      await insertRecord(node.prisma, { createdAt: hoursAgo(10), stationId: "CQ-STATION-9" }); // not due yet
      await insertRecord(node.prisma, { createdAt: hoursAgo(60), stationId: "CQ-STATION-9", identityStatus: "SELF_REPORTED", reportedName: "小李" }); // not unidentified
      await insertRecord(node.prisma, { createdAt: hoursAgo(70), stationId: "CQ-STATION-9", noticePublishedAt: hoursAgo(69), noticeReference: "XQ-1" }); // published

      const other = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"], { agency: "CQ-STATION-9" });
      const res = await gql(OVERDUE, { stationId: "CQ-STATION-9" }, other, { purpose: "RELIEF_CASEWORK", caseRef: "CQ-JZ-1" });
      expect(res.body.errors).toBeUndefined();
      const list = res.body.data!.overdueReliefNotices;
      expect(list.map((n: { reliefRecordId: string }) => n.reliefRecordId)).toEqual([overdue50, overdue30]);
      expect(list[0].hoursOverdue).toBeGreaterThanOrEqual(26);
      expect(list[0].hoursOverdue).toBeLessThan(26.5);
      expect(Date.parse(list[1].dueAt) - Date.parse(list[1].reliefRecord.noticeDueAt)).toBe(0);

      // The list is a list of relief records under their row rule: CQ-STATION-9 (500103) is outside
      // the jurisdiction of CQ-STATION-1's officer (500106), whose list never shows its records.
      const elsewhere = await gql(OVERDUE, { stationId: "CQ-STATION-9" }, stationOfficer, { purpose: "RELIEF_CASEWORK", caseRef: "CQ-JZ-1" });
      expect(elsewhere.body.errors).toBeUndefined();
      expect(elsewhere.body.data!.overdueReliefNotices).toEqual([]);
      const published = await gql(PUBLISHED, { id: overdue30, reference: "全国救助寻亲网 2026-0815" }, other, { purpose: "RELIEF_CASEWORK", caseRef: "CQ-JZ-1" });
      expect(published.body.errors).toBeUndefined();
      expect(published.body.data!.recordReliefNoticePublished).toMatchObject({ id: overdue30, noticeReference: "全国救助寻亲网 2026-0815" });
      const after = await gql(OVERDUE, { stationId: "CQ-STATION-9" }, other, { purpose: "RELIEF_CASEWORK", caseRef: "CQ-JZ-1" });
      expect(after.body.data!.overdueReliefNotices.map((n: { reliefRecordId: string }) => n.reliefRecordId)).toEqual([overdue50]);

      const twice = await gql(PUBLISHED, { id: overdue30, reference: "again" }, other, { purpose: "RELIEF_CASEWORK", caseRef: "CQ-JZ-1" });
      expect(twice.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reasonCode: "NOTICE_ALREADY_PUBLISHED" });
      const future = await gql(PUBLISHED, { id: overdue50, reference: "XQ-9", at: new Date(Date.now() + 3_600_000).toISOString() }, other, { purpose: "RELIEF_CASEWORK", caseRef: "CQ-JZ-1" });
      expect(future.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "publishedAt" });
      // CQ-STATION-1's officer (500106) on CQ-STATION-9's record (500103): outside the casework rule's
      // jurisdiction; under FAMILY_SEARCH (outside lookups allowed) the holding-station check refuses it.
      const outside = await gql(PUBLISHED, { id: overdue50, reference: "XQ-9" }, stationOfficer, { purpose: "RELIEF_CASEWORK", caseRef: "CQ-JZ-1" });
      expect(outside.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", policyId: "relief.rows.casework" });
      const notHolding = await gql(PUBLISHED, { id: overdue50, reference: "XQ-9" }, stationOfficer, { purpose: "FAMILY_SEARCH", caseRef: "CQ-JZ-1" });
      expect(notHolding.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "NOT_HOLDING_STATION" });
      expect((await node.prisma.reliefRecord.findUniqueOrThrow({ where: { id: overdue50 } })).noticePublishedAt).toBeNull();
    });

    it("is the stations' list: police liaisons are refused", async () => {
      const res = await gql(OVERDUE, {}, police, { purpose: "FAMILY_SEARCH", caseRef: "CQ-XQ-1" });
      expect(res.body.errors![0].extensions!.code).toBe("FORBIDDEN");
    });
  });
});
