import { composeIdentityNumber } from "../../src/identity";
import { insertJurisdictionFixtures, insertReliefJurisdictionFixtures } from "../fixtures/jurisdictionFixtures";
import { postGraphql, type GraphqlResponse } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

// missingPersonReports: the keyset-paged list of missing-person reports, under the row rules of
// policies/relief.yaml (reports of agencies in the caller's jurisdiction), masked by the policy
// and audited with the subjects it returned. Real HTTP, real JWTs, real databases (SQLite, or
// PostgreSQL with TEST_DATABASE=postgresql).

const CASEWORK = { purpose: "RELIEF_CASEWORK", caseRef: "CQ-RS-2026-0107" };
const SEARCH = { purpose: "FAMILY_SEARCH", caseRef: "CQ-XQ-2026-0107" };
const LIST = `query($filter: MissingPersonReportFilter, $after: String, $first: Int) {
  missingPersonReports(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id agencyId status name aliases birthDate idNumber minor lastSeenAreaCode homeAreaCode } }
  }
}`;

type Report = { id: string; agencyId: string; status: string; name: string | null; aliases: string[] | null; birthDate: string | null; idNumber: string | null; minor: boolean; lastSeenAreaCode: string | null; homeAreaCode: string | null };

// Eight reports at the 渝中区 bureau (two filed at the same instant: the id breaks the tie), four at 沙坪坝区.
const FILED_AT = (n: number) => new Date(Date.UTC(2026, 0, 10, 8, 0, Math.min(n, 6)));
const REPORTS = [
  ...Array.from({ length: 8 }, (_, i) => ({ n: i, agencyId: "CQ-MZ-500103", lastSeenAreaCode: "500103", homeAreaCode: i % 2 ? "500106" : "500103" })),
  ...Array.from({ length: 4 }, (_, i) => ({ n: i + 8, agencyId: "CQ-MZ-500106", lastSeenAreaCode: "500106", homeAreaCode: "500106" })),
];
const CHILD = "CQ-MP-L0000002";
const CHILD_ID = composeIdentityNumber("500103", "2014-03-02", "MALE", 19);

describe("missingPersonReports: keyset pages under the row rule, masked and audited", () => {
  let nodes: TwoNodes;
  const token = (role: Parameters<typeof officerToken>[2][number], agency: string) => officerToken(nodes.keysDir, "CHONGQING", [role], { agency, sub: `${agency}-${role}` });

  async function pageToEnd(bearer: string, call: { purpose: string; caseRef: string }, filter: Record<string, unknown> = {}, first = 3): Promise<{ reports: Report[]; totals: number[]; responses: GraphqlResponse<Record<string, any>>[] }> {
    const reports: Report[] = [];
    const totals: number[] = [];
    const responses: GraphqlResponse<Record<string, any>>[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: GraphqlResponse<Record<string, any>> = await postGraphql(nodes.cq.node.url, LIST, { token: bearer, ...call, variables: { filter, after, first } });
      expect(res.body.errors).toBeUndefined();
      responses.push(res);
      const connection = res.body.data!.missingPersonReports;
      totals.push(connection.totalCount);
      reports.push(...connection.edges.map((e: { node: Report }) => e.node));
      if (!connection.pageInfo.hasNextPage) return { reports, totals, responses };
      after = connection.pageInfo.endCursor;
    }
    throw new Error("no last page after 20 pages");
  }

  beforeAll(async () => {
    nodes = await startTwoNodes({
      fixtures: {
        CHONGQING: async (p) => {
          await insertJurisdictionFixtures(p, "CHONGQING");
          await insertReliefJurisdictionFixtures(p);
          await p.missingPersonReport.createMany({
            data: REPORTS.map(({ n, agencyId, lastSeenAreaCode, homeAreaCode }) => ({
              id: `CQ-MP-L${String(n + 1).padStart(7, "0")}`,
              region: "CHONGQING" as const,
              agencyId,
              name: n === 1 ? "王小军" : `走失者${n}`,
              aliases: n === 1 ? "军军" : "",
              gender: "MALE" as const,
              birthDate: n === 1 ? "2014-03-02" : "1970-03-02",
              birthYear: n === 1 ? 2014 : 1970,
              idNumber: n === 1 ? CHILD_ID : n === 3 ? composeIdentityNumber("500103", "1970-03-02", "MALE", 33) : null,
              homeAreaCode,
              lastSeenOn: `2025-12-${String(n + 1).padStart(2, "0")}`,
              lastSeenAreaCode,
              status: n === 5 ? ("FOUND" as const) : ("OPEN" as const),
              createdAt: FILED_AT(n),
            })),
          });
        },
        SICHUAN: (p) => insertJurisdictionFixtures(p, "SICHUAN"),
      },
    });
    // Two nodes over real databases start slowly on a shared machine.
  }, 180_000);
  afterAll(() => nodes.stop());

  it("a county station pages to the end in (filed desc, id desc) order, every report once, with an exact total, and never one outside its county", async () => {
    const { reports, totals } = await pageToEnd(await token("relief_officer", "CQ-JZ-500103"), CASEWORK);
    const expected = await nodes.cq.prisma.missingPersonReport.findMany({ where: { agency: { areaCode: "500103" } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(reports.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(reports.length).toBe(8);
    expect(new Set(totals)).toEqual(new Set([8]));
    expect(new Set(reports.map((r) => r.agencyId))).toEqual(new Set(["CQ-MZ-500103"]));
    // The two filed at the same second come in id order, on whichever pages they fall.
    expect(reports.map((r) => r.id).slice(0, 2)).toEqual(["CQ-MP-L0000008", "CQ-MP-L0000007"]);

    const other = await pageToEnd(await token("relief_officer", "CQ-JZ-500106"), CASEWORK, {}, 2);
    expect(other.reports.map((r) => r.id)).toEqual(["CQ-MP-L0000012", "CQ-MP-L0000011", "CQ-MP-L0000010", "CQ-MP-L0000009"]);
    expect(other.reports.every((r) => r.agencyId === "CQ-MZ-500106")).toBe(true);
  });

  it("filters by state and by area (last seen or home), and refuses an unknown area code and a forged cursor by naming the argument", async () => {
    const station = await token("relief_officer", "CQ-JZ-500103");
    const found = await pageToEnd(station, CASEWORK, { status: "FOUND" });
    expect(found.reports.map((r) => r.id)).toEqual(["CQ-MP-L0000006"]);
    // 500106 as home area: the odd-numbered reports of 渝中; none of 沙坪坝's own (outside the county).
    const shapingba = await pageToEnd(station, CASEWORK, { areaCode: "500106" });
    expect(shapingba.reports.map((r) => r.id).sort()).toEqual(["CQ-MP-L0000002", "CQ-MP-L0000004", "CQ-MP-L0000006", "CQ-MP-L0000008"]);

    const unknown = await postGraphql(nodes.cq.node.url, LIST, { token: station, ...CASEWORK, variables: { filter: { areaCode: "999999" } } });
    expect(unknown.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.areaCode" });
    const forged = await postGraphql(nodes.cq.node.url, LIST, { token: station, ...CASEWORK, variables: { after: Buffer.from(JSON.stringify(["not a time", "x"])).toString("base64url") } });
    expect(forged.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    expect(JSON.stringify(forged.body)).not.toContain("走失者");
  });

  it("policy masks: station casework gets a child's report with the minor masks; a police liaison searching gets it whole; roles without a grant are refused", async () => {
    const casework = await pageToEnd(await token("relief_officer", "CQ-JZ-500103"), CASEWORK, {}, 10);
    const child = casework.reports.find((r) => r.id === CHILD)!;
    expect(child).toMatchObject({ minor: true, name: "王*军", aliases: null, birthDate: "2014", idNumber: null, lastSeenAreaCode: null });
    const adult = casework.reports.find((r) => r.id === "CQ-MP-L0000004")!;
    expect(adult).toMatchObject({ minor: false, name: "走失者3", birthDate: "1970-03-02", lastSeenAreaCode: "500103" });
    expect(adult.idNumber).toMatch(/^500103\d{11}[\dX]$/);
    const entry = await nodes.cq.prisma.auditEntry.findFirst({ where: { requestId: casework.responses[0].headers.get("x-request-id")!, forwardedByNode: null } });
    expect(JSON.parse(entry!.fieldsMasked)).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.stringContaining("idNumber"), policyId: "relief.minors.report" })]));

    const police = await pageToEnd(await token("police_liaison", "CQ-JZ-500103"), SEARCH, {}, 10);
    expect(police.reports.find((r) => r.id === CHILD)).toMatchObject({ name: "王小军", idNumber: CHILD_ID, birthDate: "2014-03-02" });

    const caseworker = await postGraphql(nodes.cq.node.url, LIST, { token: await token("assistance_caseworker", "CQ-MZ-500103"), purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2026-0001" });
    expect(caseworker.body.data?.missingPersonReports ?? null).toBeNull();
    expect(caseworker.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN" });
  });

  it("every page is audited with the purpose, the case and the subjects whose identity numbers it returned", async () => {
    const { responses } = await pageToEnd(await token("relief_officer", "CQ-JZ-500103"), CASEWORK, {}, 4);
    expect(responses.length).toBe(2);
    const entries = await Promise.all(responses.map((r) => nodes.cq.prisma.auditEntry.findFirst({ where: { requestId: r.headers.get("x-request-id")!, forwardedByNode: null } })));
    // Page 1: reports 8…5 (report 4 holds an adult's number, report 2 the child's: both on page 2).
    expect(entries.map((e) => ({ purpose: e!.purpose, caseRef: e!.caseRef, subjects: (JSON.parse(e!.subjectHmacs) as string[]).length, resultCount: e!.resultCount }))).toEqual([
      { purpose: "RELIEF_CASEWORK", caseRef: CASEWORK.caseRef, subjects: 0, resultCount: expect.any(Number) },
      { purpose: "RELIEF_CASEWORK", caseRef: CASEWORK.caseRef, subjects: 2, resultCount: expect.any(Number) },
    ]);
    expect(JSON.stringify(entries)).not.toContain(CHILD_ID);
  });
});
