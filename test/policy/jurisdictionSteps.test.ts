import { createClient } from "graphql-sse";
import type { PrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";
import { insertJurisdictionFixtures } from "../fixtures/jurisdictionFixtures";
import { insertFamilySearchCrowd } from "../peers/support/familySearchCrowd";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, waitForWarmUp, type TestNode } from "../support/testNode";

// The row rules beyond lists and lookups (policies/relief.yaml, docs/authorization.md): the
// overdue-notice list, steps taken on a row by id (an alert reviewed, a disposition recorded, a
// notice published), the alert notifications over graphql-sse, and the audit's rowRules as a
// compliance officer reads them. Real HTTP, real JWTs, a real database (SQLite, or PostgreSQL
// with TEST_DATABASE=postgresql).

const CASEWORK = { purpose: "RELIEF_CASEWORK", caseRef: "CQ-RS-2026-0101" };
const SEARCH = { purpose: "FAMILY_SEARCH", caseRef: "CQ-RS-2026-0102" };
const HOURS = 3_600_000;

/**
 * Unidentified people registered 30 hours ago (past their 24-hour notice deadline) at the relief
 * stations of 渝中区 (500103: CQ-RR-00000101…105) and 大渡口区 (500106: …106–109). Ids in the
 * allocator's format, after the crowd's, so the records and alerts filed by the tests follow them.
 */
async function insertOverdueRecords(prisma: PrismaClient): Promise<void> {
  await prisma.reliefRecord.createMany({
    data: Array.from({ length: 9 }, (_, i) => ({
      id: `CQ-RR-${String(101 + i).padStart(8, "0")}`,
      region: "CHONGQING" as const,
      stationId: i < 5 ? "CQ-JZ-500103" : "CQ-JZ-500106",
      reportedName: `受助人${i}`,
      gender: "MALE" as const,
      apparentAgeMin: 40,
      apparentAgeMax: 50,
      foundOn: `2025-10-${String(i + 1).padStart(2, "0")}`,
      foundAreaCode: i < 5 ? "500103" : "500106",
      createdAt: new Date(Date.now() - 30 * HOURS),
    })),
  });
}

/** Alerts stored with each side's area (as MatchAlertService stores them): one wholly in 500103, one whose report was taken in 500106. */
async function insertAlerts(prisma: PrismaClient): Promise<void> {
  const alert = (id: string, record: string, recordArea: string, report: string, reportArea: string) => ({
    id, region: "CHONGQING" as const, reliefRecordId: record, missingReportId: report, reliefRecordAreaCode: recordArea, missingReportAreaCode: reportArea,
    triggeredBy: "RELIEF_RECORD", matchWeight: 12, matchProbability: 0.97, comparisons: "[]", createdAt: new Date(Date.UTC(2026, 10, 1, 8)),
  });
  await prisma.matchAlert.createMany({
    data: [alert("CQ-MA-00000901", "CQ-RR-00000102", "500103", "CQ-MP-00000901", "500103"), alert("CQ-MA-00000902", "CQ-RR-00000103", "500103", "CQ-MP-00000902", "500106")],
  });
}

describe("row rules on the overdue list, on steps by id and on alert notifications, over real HTTP", () => {
  let node: TestNode;
  const token = (agency: string, role: "relief_officer" | "police_liaison" | "compliance_officer" = "relief_officer") =>
    officerToken(node.keysDir, "CHONGQING", [role], { agency, sub: `${agency}-${role}` });
  const gql = async (query: string, variables: Record<string, unknown>, bearer: string, call: { purpose: string; caseRef: string }) =>
    postGraphql(node.node.url, query, { token: bearer, ...call, variables });

  beforeAll(async () => {
    node = await startTestNode({
      region: "CHONGQING",
      fixtures: async (p) => {
        await insertJurisdictionFixtures(p, "CHONGQING");
        await insertOverdueRecords(p);
        // The crowd family search fits its parameters on (records at CQ-AG-00000002, 500106; also overdue).
        await insertFamilySearchCrowd(p, "CHONGQING");
        await insertAlerts(p);
        // A station registered with a jurisdiction outside its province (a registry error): registered
        // before the node starts, as the registry reloads an unknown agency at most every 5 s.
        await p.agency.create({ data: { id: "CQ-NOWHERE-SSE", code: "CQ-NOWHERE-SSE", name: "登记有误的机构", region: "CHONGQING", kind: "RELIEF_STATION", areaCode: "500103", jurisdictions: { create: [{ areaCode: "510104" }] } } });
        // Change-feed entries for a result registered in 500103 and one in 500106 (the fixtures' households J1 and J10).
        await p.householdVerificationChange.createMany({
          data: [
            { verificationId: "CQ-HV-J0000001", reportNumber: "CQ-HC-J0000001", version: 1, kind: "NEW" },
            { verificationId: "CQ-HV-J0000010", reportNumber: "CQ-HC-J0000010", version: 1, kind: "NEW" },
          ],
        });
      },
    });
    await waitForWarmUp(node.node.url);
  }, 120_000);
  afterAll(() => node.stop());

  describe("overdueReliefNotices", () => {
    const OVERDUE = `query Overdue($stationId: String) { overdueReliefNotices(stationId: $stationId, first: 100) { reliefRecordId stationId reliefRecord { id } } }`;
    const stationAreas = async (ids: string[]) =>
      new Set((await node.prisma.reliefRecord.findMany({ where: { id: { in: ids } }, select: { station: { select: { areaCode: true } } } })).map((r) => r.station.areaCode));

    it.each([["RELIEF_CASEWORK", CASEWORK], ["FAMILY_SEARCH", SEARCH]])("a county relief officer's list (%s) never contains a record of another county; it holds every overdue one of the county", async (_label, call) => {
      const res = await gql(OVERDUE, {}, await token("CQ-JZ-500106"), call);
      expect(res.body.errors).toBeUndefined();
      const ids: string[] = res.body.data!.overdueReliefNotices.map((n: { reliefRecordId: string }) => n.reliefRecordId);
      expect(ids.length).toBeGreaterThan(0);
      expect(await stationAreas(ids)).toEqual(new Set(["500106"]));
      for (const outside of ["CQ-RR-00000101", "CQ-RR-00000103", "CQ-RR-00000105"]) expect(ids).not.toContain(outside);
      // Exactly the county's overdue records in the database: the rule is a condition of the query.
      const inCounty = await node.prisma.reliefRecord.count({
        where: { identityStatus: "UNIDENTIFIED", noticePublishedAt: null, createdAt: { lt: new Date(Date.now() - 24 * HOURS) }, station: { areaCode: { in: ["500106"] } } },
      });
      expect(ids.length).toBe(Math.min(inCounty, 100));
    });

    it("asking for a station of another county returns nothing, while that county's officer gets its records", async () => {
      const elsewhere = await gql(OVERDUE, { stationId: "CQ-JZ-500103" }, await token("CQ-JZ-500106"), CASEWORK);
      expect(elsewhere.body.errors).toBeUndefined();
      expect(elsewhere.body.data!.overdueReliefNotices).toEqual([]);
      const own = await gql(OVERDUE, { stationId: "CQ-JZ-500103" }, await token("CQ-JZ-500103"), CASEWORK);
      expect(own.body.data!.overdueReliefNotices.map((n: { reliefRecordId: string }) => n.reliefRecordId).sort()).toEqual(["CQ-RR-00000101", "CQ-RR-00000102", "CQ-RR-00000103", "CQ-RR-00000104", "CQ-RR-00000105"]);
    });

    it("the audit entry names the row rule and the jurisdiction", async () => {
      const sub = "CQ-JZ-500106-relief_officer";
      await gql(OVERDUE, {}, await token("CQ-JZ-500106"), CASEWORK);
      const entry = await node.prisma.auditEntry.findFirstOrThrow({ where: { principalSub: sub, operationName: "Overdue" }, orderBy: { id: "desc" } });
      expect(JSON.parse(entry.rowRules!)).toEqual([{ rootField: "Query.overdueReliefNotices", entity: "ReliefRecord", policyIds: ["relief.rows.casework"], jurisdiction: "county 500106" }]);
    });
  });

  describe("steps on a row by id", () => {
    const REVIEW = `mutation Review($id: ID!) { reviewMatchAlert(id: $id, decision: REVIEWED) { id status reviewedBy } }`;

    it("reviewMatchAlert on an alert outside the jurisdiction is refused with OUTSIDE_JURISDICTION and nothing is written", async () => {
      const res = await gql(REVIEW, { id: "CQ-MA-00000901" }, await token("CQ-JZ-500106"), SEARCH);
      expect(res.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", policyId: "family-search.alerts.jurisdiction" });
      expect(res.body.data?.reviewMatchAlert ?? null).toBeNull();
      expect(await node.prisma.matchAlert.findUniqueOrThrow({ where: { id: "CQ-MA-00000901" } })).toMatchObject({ status: "NEW", reviewedBy: null, reviewedAt: null });
      expect(await node.prisma.peerOutboxEntry.count()).toBe(0);
      // A police liaison of the same county is under the same rule.
      const police = await gql(REVIEW, { id: "CQ-MA-00000901" }, await token("CQ-MZ-500106", "police_liaison"), SEARCH);
      expect(police.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION" });
      expect((await node.prisma.matchAlert.findUniqueOrThrow({ where: { id: "CQ-MA-00000901" } })).status).toBe("NEW");
    });

    it("an alert with either side in the jurisdiction is reviewed (the report taken in 500106)", async () => {
      const res = await gql(REVIEW, { id: "CQ-MA-00000902" }, await token("CQ-JZ-500106"), SEARCH);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.reviewMatchAlert).toMatchObject({ id: "CQ-MA-00000902", status: "REVIEWED", reviewedBy: "CQ-JZ-500106-relief_officer" });
    });

    it("a disposition and a notice on a record outside the jurisdiction: OUTSIDE_JURISDICTION for casework (deny), the holding-station check for family search (allow); nothing written", async () => {
      const DISPOSITION = `mutation Step($input: ReliefDispositionInput!) { recordReliefDisposition(input: $input) { reliefRecord { id disposition } } }`;
      const NOTICE = `mutation Notice($id: ID!) { recordReliefNoticePublished(reliefRecordId: $id, reference: "全国救助寻亲网 2026-1201") { id noticePublishedAt } }`;
      const officer = await token("CQ-JZ-500106");
      const step = { reliefRecordId: "CQ-RR-00000104", disposition: "LEFT_STATION" };

      const casework = await gql(DISPOSITION, { input: step }, officer, CASEWORK);
      expect(casework.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", policyId: "relief.rows.casework" });
      // FAMILY_SEARCH's record rule lets lookups reach outside (outsideLookup: allow): the step
      // passes the row rule and meets the service's own check, the holding station.
      const search = await gql(DISPOSITION, { input: step }, officer, SEARCH);
      expect(search.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "NOT_HOLDING_STATION" });
      expect(await node.prisma.reliefDispositionChange.count({ where: { reliefRecordId: "CQ-RR-00000104" } })).toBe(0);
      expect((await node.prisma.reliefRecord.findUniqueOrThrow({ where: { id: "CQ-RR-00000104" } })).disposition).toBe("IN_CARE");

      const notice = await gql(NOTICE, { id: "CQ-RR-00000104" }, officer, CASEWORK);
      expect(notice.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", policyId: "relief.rows.casework" });
      expect((await node.prisma.reliefRecord.findUniqueOrThrow({ where: { id: "CQ-RR-00000104" } })).noticePublishedAt).toBeNull();
      // The holding station's officer publishes it.
      const own = await gql(NOTICE, { id: "CQ-RR-00000104" }, await token("CQ-JZ-500103"), CASEWORK);
      expect(own.body.errors).toBeUndefined();
      expect(own.body.data!.recordReliefNoticePublished.noticePublishedAt).not.toBeNull();
    });

    it("an id with no row is still NOT_FOUND, not OUTSIDE_JURISDICTION", async () => {
      const res = await gql(REVIEW, { id: "CQ-MA-J9999999" }, await token("CQ-JZ-500106"), SEARCH);
      expect(res.body.errors![0].extensions!.code).toBe("NOT_FOUND");
    });

    it("explainAccess shows the row rules of the newly covered fields", async () => {
      const res = await gql(
        `query($q: String!) { explainAccess(query: $q) { wouldRun rows { rootField entity policyIds jurisdiction filter outsideLookup } } }`,
        { q: `mutation { reviewMatchAlert(id: "CQ-MA-00000901", decision: REVIEWED) { id } recordReliefDisposition(input: { reliefRecordId: "CQ-RR-00000104", disposition: LEFT_STATION }) { reliefRecord { id } } }` },
        await token("CQ-JZ-500106"),
        SEARCH,
      );
      expect(res.body.errors).toBeUndefined();
      const [review, disposition] = res.body.data!.explainAccess.rows;
      expect(review).toMatchObject({ rootField: "Mutation.reviewMatchAlert", entity: "MatchAlert", policyIds: ["family-search.alerts.jurisdiction"], jurisdiction: "county 500106", outsideLookup: "deny" });
      expect(disposition).toMatchObject({ rootField: "Mutation.recordReliefDisposition", entity: "ReliefRecord", policyIds: ["relief.rows.family-search"], outsideLookup: "allow" });
      const overdue = await gql(`query($q: String!) { explainAccess(query: $q) { rows { rootField policyIds filter } } }`, { q: `{ overdueReliefNotices { reliefRecordId } }` }, await token("CQ-JZ-500106"), CASEWORK);
      expect(overdue.body.data!.explainAccess.rows).toEqual([{ rootField: "Query.overdueReliefNotices", policyIds: ["relief.rows.casework"], filter: JSON.stringify({ station: { areaCode: { in: ["500106"] } } }) }]);
    });
  });

  describe("alert notifications over graphql-sse", () => {
    const RAISED = `subscription Raised { matchAlertRaised { id reliefRecordId missingPersonReportId } }`;
    const DECIDED = `subscription Decided { matchAlertDecided { id status } }`;
    type Alert = { id: string; reliefRecordId: string; missingPersonReportId: string; status?: string };

    /** A subscription, open and listening, whose events are collected. */
    async function subscribe(agency: string, query: string, key: "matchAlertRaised" | "matchAlertDecided") {
      const client = createClient({ url: `${node.node.url}/graphql/stream`, headers: { authorization: `Bearer ${await token(agency)}`, "x-purpose": SEARCH.purpose, "x-case-ref": SEARCH.caseRef }, retryAttempts: 0 });
      let connected!: () => void;
      const ready = new Promise<void>((resolve) => (connected = resolve));
      const events = client.iterate<Record<string, Alert>>({ query }, { connected: () => connected() });
      const received: Alert[] = [];
      const errors: unknown[] = [];
      const reading = (async () => {
        for await (const event of events) {
          if (event.errors) errors.push(...event.errors);
          if (event.data?.[key]) received.push(event.data[key]);
        }
      })().catch(() => undefined);
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 200)); // the server subscribes right after the stream opens
      return {
        received,
        errors,
        async close() {
          await events.return?.(undefined);
          client.dispose();
          await reading;
        },
      };
    }

    /** Files a report at `agency` and records the same person at `station`: one alert, both sides in the station's county. */
    async function raiseAlertIn(area: "500103" | "500106", person: { name: string; gender: "MALE" | "FEMALE"; birth: string; serial: number }): Promise<{ alertIds: string[]; recordId: string }> {
      const filer = await token("CQ-AG-TEST");
      const idNumber = composeIdentityNumber(area, person.birth, person.gender, person.serial);
      const filed = await gql(`mutation($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { missingPersonReport { id } } }`, {
        input: { name: person.name, gender: person.gender, birthYear: Number(person.birth.slice(0, 4)), heightCm: 168, features: ["scar:chin"], homeAreaCode: area, lastSeenOn: "2025-04-01", lastSeenAreaCode: area, agencyId: `CQ-JZ-${area}`, idNumber },
      }, filer, SEARCH);
      expect(filed.body.errors).toBeUndefined();
      const recorded = await gql(`mutation($input: ReliefCaseInput!) { recordReliefCase(input: $input) { reliefRecord { id } alerts { id } } }`, {
        input: { stationId: `CQ-JZ-${area}`, reportedName: person.name, gender: person.gender, apparentAgeMin: 55, apparentAgeMax: 65, heightCm: 167, features: ["scar:chin"], foundOn: "2025-04-09", foundAreaCode: area, idNumber },
      }, filer, CASEWORK);
      expect(recorded.body.errors).toBeUndefined();
      const alertIds = recorded.body.data!.recordReliefCase.alerts.map((a: { id: string }) => a.id);
      expect(alertIds.length).toBeGreaterThan(0);
      return { alertIds, recordId: recorded.body.data!.recordReliefCase.reliefRecord.id };
    }

    const waitFor = async (condition: () => boolean, what: string) => {
      for (let waited = 0; !condition(); waited += 50) {
        if (waited > 5_000) throw new Error(`no ${what} within 5 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    it("a subscriber in county A does not receive an alert raised in county B but does receive one in A; each event is audited with its row rule", async () => {
      const inA = await subscribe("CQ-JZ-500106", RAISED, "matchAlertRaised");
      const inB = await subscribe("CQ-JZ-500103", RAISED, "matchAlertRaised");
      const province = await subscribe("CQ-AG-TEST", RAISED, "matchAlertRaised");
      try {
        // Raised in B first, then in A: A's first event must be its own.
        const b = await raiseAlertIn("500103", { name: "周德清", gender: "MALE", birth: "1966-04-12", serial: 31 });
        const a = await raiseAlertIn("500106", { name: "吴秀英", gender: "FEMALE", birth: "1964-09-03", serial: 42 });
        await waitFor(() => inA.received.length >= a.alertIds.length && inB.received.length >= b.alertIds.length, "events");
        await waitFor(() => province.received.length >= a.alertIds.length + b.alertIds.length, "province-wide events");
        // Give a wrongly sent event time to arrive before asserting it did not.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(inA.received.map((e) => e.id)).toEqual(a.alertIds);
        expect(inB.received.map((e) => e.id)).toEqual(b.alertIds);
        expect(province.received.map((e) => e.id).sort()).toEqual([...b.alertIds, ...a.alertIds].sort());
        expect([...inA.errors, ...inB.errors]).toEqual([]);
        const stored = await node.prisma.matchAlert.findMany({ where: { id: { in: inA.received.map((e) => e.id) } } });
        expect(stored.every((s) => s.reliefRecordAreaCode === "500106" || s.missingReportAreaCode === "500106")).toBe(true);
      } finally {
        await Promise.all([inA.close(), inB.close(), province.close()]);
      }
      // One audit entry per event sent to A's subscriber (none for the event it did not get), naming the rule.
      const entries = await node.prisma.auditEntry.findMany({ where: { principalSub: "CQ-JZ-500106-relief_officer", operationName: "Raised" } });
      expect(entries).toHaveLength(inA.received.length);
      for (const entry of entries) {
        expect(JSON.parse(entry.rowRules!)).toEqual([{ rootField: "Subscription.matchAlertRaised", entity: "MatchAlert", policyIds: ["family-search.alerts.jurisdiction"], jurisdiction: "county 500106" }]);
      }
    });

    it("matchAlertDecided: a step on an alert of county A reaches A's subscriber, not B's", async () => {
      const inA = await subscribe("CQ-JZ-500106", DECIDED, "matchAlertDecided");
      const inB = await subscribe("CQ-JZ-500103", DECIDED, "matchAlertDecided");
      try {
        const a = await raiseAlertIn("500106", { name: "何凤兰", gender: "FEMALE", birth: "1961-02-17", serial: 52 });
        const reviewed = await gql(`mutation($id: ID!) { reviewMatchAlert(id: $id, decision: REVIEWED) { status } }`, { id: a.alertIds[0] }, await token("CQ-JZ-500106"), SEARCH);
        expect(reviewed.body.errors).toBeUndefined();
        await waitFor(() => inA.received.length >= 1, "decided event");
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(inA.received).toEqual([{ id: a.alertIds[0], status: "REVIEWED" }]);
        expect(inB.received).toEqual([]);
      } finally {
        await Promise.all([inA.close(), inB.close()]);
      }
    });

    it("an agency with no jurisdiction on record cannot subscribe (NO_JURISDICTION), and the refusal is audited", async () => {
      const client = createClient({ url: `${node.node.url}/graphql/stream`, headers: { authorization: `Bearer ${await token("CQ-NOWHERE-SSE")}`, "x-purpose": SEARCH.purpose, "x-case-ref": SEARCH.caseRef }, retryAttempts: 0 });
      const result = await client.iterate({ query: RAISED }).next();
      client.dispose();
      expect(result.value.errors[0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "NO_JURISDICTION" });
      const entry = await node.prisma.auditEntry.findFirstOrThrow({ where: { principalAgency: "CQ-NOWHERE-SSE" } });
      expect(entry).toMatchObject({ outcome: "DENIED", errorCode: "FORBIDDEN" });
    });
  });

  it("householdVerificationChanges lists every entry (a partner's cursor never skips); the result under an entry outside the jurisdiction is null", async () => {
    const res = await postGraphql(node.node.url, `{ householdVerificationChanges(first: 10) { edges { node { verificationId verification { id areaCode } } } } }`, {
      token: await officerToken(node.keysDir, "CHONGQING", ["verification_officer"], { agency: "CQ-MZ-500106" }),
      purpose: "MLG_REVIEW",
      caseRef: "CQ-MLG-2026-0101",
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.householdVerificationChanges.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { verificationId: "CQ-HV-J0000001", verification: null },
      { verificationId: "CQ-HV-J0000010", verification: { id: "CQ-HV-J0000010", areaCode: "500106" } },
    ]);
  });

  it("a compliance officer reads the row rules of each entry in the access log", async () => {
    const res = await postGraphql(
      node.node.url,
      `query($f: AccessLogFilter!) { accessLog(filter: $f, first: 50) { edges { node { operationName rowRules { rootField entity policyIds jurisdiction } } } } }`,
      { token: await token("CQ-AG-TEST", "compliance_officer"), purpose: "AUDIT_REVIEW", caseRef: "CQ-AUDIT-2026-01", variables: { f: { agency: "CQ-JZ-500106" } } },
    );
    expect(res.body.errors).toBeUndefined();
    const nodes: { operationName: string | null; rowRules: unknown[] }[] = res.body.data!.accessLog.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.find((n) => n.operationName === "Overdue")!.rowRules).toEqual([{ rootField: "Query.overdueReliefNotices", entity: "ReliefRecord", policyIds: ["relief.rows.casework"], jurisdiction: "county 500106" }]);
    expect(nodes.find((n) => n.operationName === "Review")!.rowRules).toEqual([{ rootField: "Mutation.reviewMatchAlert", entity: "MatchAlert", policyIds: ["family-search.alerts.jurisdiction"], jurisdiction: "county 500106" }]);
    // An operation that read no rows under a rule has none.
    await postGraphql(node.node.url, `query Me { me { sub } }`, { token: await token("CQ-JZ-500106") });
    const again = await postGraphql(
      node.node.url,
      `query($f: AccessLogFilter!) { accessLog(filter: $f, first: 1) { edges { node { operationName rowRules { rootField } } } } }`,
      { token: await token("CQ-AG-TEST", "compliance_officer"), purpose: "AUDIT_REVIEW", caseRef: "CQ-AUDIT-2026-01", variables: { f: { agency: "CQ-JZ-500106", operationName: "Me" } } },
    );
    expect(again.body.data!.accessLog.edges[0].node).toEqual({ operationName: "Me", rowRules: [] });
  });
});
