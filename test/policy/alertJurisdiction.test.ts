import path from "node:path";
import { DatabaseAuditSource, verifyAuditLog } from "../../src/audit";
import { readPublicJwks } from "../../src/auth";
import type { PrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";
import { insertJurisdictionFixtures, insertReliefJurisdictionFixtures } from "../fixtures/jurisdictionFixtures";
import { postGraphql, type GraphqlResponse } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

// The match-alert queue under row rules (policies/relief.yaml, entity MatchAlert), over real HTTP,
// real JWTs and a real database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql): a county
// officer's queue holds the alerts whose record's station or report's agency lies in the county,
// the condition is part of the query (pages and totalCount agree with it), family search still
// ranks the whole province, and the audit entry names the row rule that applied.

const SEARCH = { purpose: "FAMILY_SEARCH", caseRef: "CQ-RS-2026-0009" };
const ALERTS = `query Alerts($after: String) { matchAlerts(first: 2, after: $after) {
  totalCount edges { node { id reliefRecordId missingPersonReportId } } pageInfo { hasNextPage endCursor } } }`;

type AlertRow = { id: string; reliefRecordId: string; missingPersonReportId: string };

/**
 * Alerts as stored, with each side's area (the record's station, the report's agency): 6 whose
 * record is held in 500106, 3 whose report was taken in 500106 (record in 500103), 5 wholly in
 * 500103, and 2 pairing a Sichuan record with a 500103 report.
 */
const ALERT_AREAS: Array<{ record: string; recordArea: string; report: string; reportArea: string }> = [
  ...Array.from({ length: 6 }, (_, i) => ({ record: `CQ-RR-J000000${7 + (i % 4)}`, recordArea: "500106", report: `SC-MP-0000010${i}`, reportArea: "510303" })),
  ...Array.from({ length: 3 }, (_, i) => ({ record: `CQ-RR-J000000${1 + i}`, recordArea: "500103", report: `CQ-MP-0000020${i}`, reportArea: "500106" })),
  ...Array.from({ length: 5 }, (_, i) => ({ record: `CQ-RR-J000000${1 + i}`, recordArea: "500103", report: `CQ-MP-0000030${i}`, reportArea: "500103" })),
  ...Array.from({ length: 2 }, (_, i) => ({ record: `SC-RR-0000040${i}`, recordArea: "510303", report: `CQ-MP-0000040${i}`, reportArea: "500103" })),
];
const IN_500106 = ALERT_AREAS.filter((a) => a.recordArea === "500106" || a.reportArea === "500106").length;

async function insertAlerts(prisma: PrismaClient): Promise<void> {
  await prisma.matchAlert.createMany({
    data: ALERT_AREAS.map((a, i) => ({
      id: `CQ-MA-J${String(i + 1).padStart(7, "0")}`,
      region: "CHONGQING" as const,
      reliefRecordId: a.record,
      missingReportId: a.report,
      reliefRecordAreaCode: a.recordArea,
      missingReportAreaCode: a.reportArea,
      triggeredBy: "RELIEF_RECORD",
      matchWeight: 12,
      matchProbability: 0.97,
      comparisons: "[]",
      // Two alerts share each timestamp, so the keyset cursor's tie-break on id is exercised.
      createdAt: new Date(Date.UTC(2026, 10, 1, 8, Math.floor(i / 2))),
    })),
  });
}

describe("row rules on the match-alert queue, over real HTTP", () => {
  let nodes: TwoNodes;
  const token = (agency: string, role: "relief_officer" | "police_liaison" = "relief_officer") =>
    officerToken(nodes.keysDir, "CHONGQING", [role], { agency, sub: `${agency}-${role}` });

  beforeAll(async () => {
    nodes = await startTwoNodes({
      fixtures: {
        CHONGQING: async (p) => {
          await insertJurisdictionFixtures(p, "CHONGQING");
          await insertReliefJurisdictionFixtures(p);
          await insertAlerts(p);
        },
      },
    });
  });
  afterAll(() => nodes.stop());

  async function pageToEnd(agency: string): Promise<{ rows: AlertRow[]; totals: number[] }> {
    const bearer = await token(agency);
    const rows: AlertRow[] = [];
    const totals: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 30; page++) {
      const res: GraphqlResponse<Record<string, any>> = await postGraphql(nodes.cq.node.url, ALERTS, { token: bearer, ...SEARCH, variables: { after } });
      expect(res.body.errors).toBeUndefined();
      const connection = res.body.data!.matchAlerts;
      rows.push(...connection.edges.map((e: { node: AlertRow }) => e.node));
      totals.push(connection.totalCount);
      if (!connection.pageInfo.hasNextPage) return { rows, totals };
      after = connection.pageInfo.endCursor;
    }
    throw new Error("no last page after 30 pages");
  }

  it("a county relief officer pages the queue to the end and never meets an alert outside the county; the total agrees", async () => {
    const { rows, totals } = await pageToEnd("CQ-JZ-500106");
    expect(rows.length).toBe(IN_500106);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length); // no alert twice across pages
    expect(new Set(totals)).toEqual(new Set([IN_500106]));
    const stored = await nodes.cq.prisma.matchAlert.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    expect(stored.every((a) => a.reliefRecordAreaCode === "500106" || a.missingReportAreaCode === "500106")).toBe(true);
    // Exactly the county's alerts in the database: the rule is in the query, not after it.
    const inCounty = await nodes.cq.prisma.matchAlert.count({ where: { OR: [{ reliefRecordAreaCode: "500106" }, { missingReportAreaCode: "500106" }] } });
    expect(rows.length).toBe(inCounty);
    expect(inCounty).toBeLessThan(await nodes.cq.prisma.matchAlert.count());
  });

  it("the neighbouring county's officer gets the complement's own share, and an alert of both counties reaches both", async () => {
    const { rows } = await pageToEnd("CQ-JZ-500103");
    const expected = ALERT_AREAS.filter((a) => a.recordArea === "500103" || a.reportArea === "500103").length;
    expect(rows.length).toBe(expected);
    const both = (await pageToEnd("CQ-JZ-500106")).rows.map((r) => r.id).filter((id) => rows.some((r) => r.id === id));
    expect(both).toHaveLength(3); // record in 500103, report taken in 500106
  });

  it("the audit entry of each page names the row rule and the jurisdiction it was compiled for, and the chain verifies", async () => {
    await pageToEnd("CQ-JZ-500106");
    const entries = await nodes.cq.prisma.auditEntry.findMany({ where: { principalAgency: "CQ-JZ-500106", operationName: "Alerts" } });
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(JSON.parse(entry.rowRules!)).toEqual([
        { rootField: "Query.matchAlerts", entity: "MatchAlert", policyIds: ["family-search.alerts.jurisdiction"], jurisdiction: "county 500106" },
      ]);
    }
    // An operation that reads no rows under a rule stores none (and so hashes as format 1).
    await postGraphql(nodes.cq.node.url, `query Me { me { sub } }`, { token: await token("CQ-JZ-500106") });
    const me = await nodes.cq.prisma.auditEntry.findFirstOrThrow({ where: { principalAgency: "CQ-JZ-500106", operationName: "Me" } });
    expect(me.rowRules).toBeNull();
    const report = await verifyAuditLog(new DatabaseAuditSource(nodes.cq.prisma), { publicKeys: readPublicJwks(path.join(nodes.keysDir, "chongqing-node.jwks.json")) });
    expect(report.ok).toBe(true);
  });

  it("explainAccess shows the alert rule with its condition, and family search's province-wide rule", async () => {
    const res = await postGraphql(
      nodes.cq.node.url,
      `query($q: String!) { explainAccess(query: $q) { wouldRun rows { rootField entity policyIds jurisdiction filter outsideLookup } } }`,
      { token: await token("CQ-JZ-500106"), ...SEARCH, variables: { q: `{ matchAlerts { totalCount } familySearchForRecord(reliefRecordId: "CQ-RR-J0000001") { rank } }` } },
    );
    expect(res.body.errors).toBeUndefined();
    const [alerts, search] = res.body.data!.explainAccess.rows;
    expect(alerts).toMatchObject({ rootField: "Query.matchAlerts", entity: "MatchAlert", policyIds: ["family-search.alerts.jurisdiction"], jurisdiction: "county 500106", outsideLookup: "deny" });
    expect(JSON.parse(alerts.filter)).toEqual({ OR: [{ reliefRecordAreaCode: { in: ["500106"] } }, { missingReportAreaCode: { in: ["500106"] } }] });
    expect(search).toMatchObject({ rootField: "Query.familySearchForRecord", entity: "FamilySearchCandidate", policyIds: ["family-search.candidates.province-wide"], outsideLookup: "allow" });
    expect(JSON.parse(search.filter)).toEqual({});
  });

  it("the queue is refused for casework (its operation admits FAMILY_SEARCH only), while family search from a county still ranks records of other counties", async () => {
    const officer = await token("CQ-JZ-500106");
    const casework = await postGraphql(nodes.cq.node.url, ALERTS, { token: officer, purpose: "RELIEF_CASEWORK", caseRef: "CQ-RS-2026-0010" });
    expect(casework.body.errors![0].extensions).toMatchObject({ code: "PURPOSE_REQUIRED" });
    expect(JSON.stringify(casework.body.data ?? null)).not.toContain("CQ-MA-");

    // The family describes the child recorded at 渝中区's station (500103), identity number included.
    const search = await postGraphql(
      nodes.cq.node.url,
      `query($n: String!) { familySearch(report: { name: "小明", gender: MALE, birthDate: "2013-06-01", idNumber: $n, lastSeenOn: "2025-09-25", lastSeenAreaCode: "500103" }, limit: 10) { reliefRecord { id stationId } } }`,
      { token: officer, ...SEARCH, variables: { n: composeIdentityNumber("500103", "2013-06-01", "MALE", 11) } },
    );
    expect(search.body.errors).toBeUndefined();
    const stations = new Set(search.body.data!.familySearch.map((c: { reliefRecord: { stationId: string } }) => c.reliefRecord.stationId));
    expect(stations).toContain("CQ-JZ-500103"); // outside the officer's county (500106)
  });
});
