import { currentAreaCode } from "../../src/areas";
import { FIXTURE_PEOPLE } from "../fixtures/verificationFixtures";
import { HOUSEHOLDS_BY_AREA, firstPersonOf, insertJurisdictionFixtures, insertReliefJurisdictionFixtures } from "../fixtures/jurisdictionFixtures";
import { postGraphql, type GraphqlResponse } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";

// Row-level rules (policies/*.yaml `rows:`) over real HTTP, real JWTs and real databases (SQLite,
// or PostgreSQL with TEST_DATABASE=postgresql): each agency's jurisdiction comes from the agency
// registry (the Agency row's areaCode level) or the AGENCY_JURISDICTIONS override.

const ASSIST = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2026-0042" };
const CASEWORK = { purpose: "RELIEF_CASEWORK", caseRef: "CQ-RS-2026-0007" };
const SEARCH = { purpose: "FAMILY_SEARCH", caseRef: "CQ-RS-2026-0008" };

const LIST = `query($after: String) { householdVerifications(filter: {}, first: 2, after: $after) {
  edges { node { id areaCode household { areaCode } } } pageInfo { hasNextPage endCursor } } }`;

type Row = { id: string; areaCode: string; household: { areaCode: string } };

/** Pages to the end; returns every row met, failing on any error. */
async function pageToEnd(url: string, token: string, call = ASSIST): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const res: GraphqlResponse<Record<string, any>> = await postGraphql(url, LIST, { token, ...call, variables: { after } });
    expect(res.body.errors).toBeUndefined();
    const connection = res.body.data!.householdVerifications;
    rows.push(...connection.edges.map((e: { node: Row }) => e.node));
    if (!connection.pageInfo.hasNextPage) return rows;
    after = connection.pageInfo.endCursor;
  }
  throw new Error("no last page after 50 pages");
}

describe("jurisdiction: row rules compiled into the query, over real HTTP", () => {
  let nodes: TwoNodes;
  const token = (region: "CHONGQING" | "SICHUAN", role: Parameters<typeof officerToken>[2][number], agency: string) => officerToken(nodes.keysDir, region, [role], { agency, sub: `${agency}-${role}` });

  beforeAll(async () => {
    nodes = await startTwoNodes({
      fixtures: {
        CHONGQING: async (p) => {
          await insertJurisdictionFixtures(p, "CHONGQING");
          await insertReliefJurisdictionFixtures(p);
          // Registered (tokens of unregistered agencies are refused as UNAUTHENTICATED: issue 19's
          // registry), but its only jurisdiction row names an area of the other province.
          await p.agency.create({ data: { id: "CQ-NOWHERE", code: "CQ-NOWHERE", name: "登记有误的机构", region: "CHONGQING", kind: "CIVIL_AFFAIRS", areaCode: "500103", jurisdictions: { create: [{ areaCode: "510104" }] } } });
          // Registered for two counties: its rows are the union of both.
          await p.agency.create({ data: { id: "CQ-TWO-COUNTIES", code: "CQ-TWO-COUNTIES", name: "两区联合救助经办", region: "CHONGQING", kind: "CIVIL_AFFAIRS", areaCode: "500106", jurisdictions: { create: [{ areaCode: "500106" }, { areaCode: "500103" }] } } });
        },
        SICHUAN: (p) => insertJurisdictionFixtures(p, "SICHUAN"),
      },
    });
  });
  afterAll(() => nodes.stop());

  it("a county caseworker pages to the end of the list and never meets a row outside the county", async () => {
    const rows = await pageToEnd(nodes.cq.node.url, await token("CHONGQING", "assistance_caseworker", "CQ-MZ-500106"));
    expect(rows.length).toBe(HOUSEHOLDS_BY_AREA.CHONGQING["500106"]);
    expect(new Set(rows.map((r) => r.household.areaCode))).toEqual(new Set(["500106"]));
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length); // no row twice across pages
    // Exactly the county's rows in the database: the filter is in the query, not after it.
    expect(rows.length).toBe(await nodes.cq.prisma.householdVerification.count({ where: { household: { areaCode: "500106" } } }));
  });

  it("a county reaches the codes superseded into it: 两江新区 (500157) also holds 江北's old 500105 rows", async () => {
    const rows = await pageToEnd(nodes.cq.node.url, await token("CHONGQING", "assistance_caseworker", "CQ-MZ-500157"));
    expect(rows.map((r) => r.household.areaCode).sort()).toEqual(["500105", "500105", "500157", "500157"]);
    expect(rows.every((r) => currentAreaCode(r.household.areaCode) === "500157")).toBe(true);
  });

  it("a prefecture agency (自贡市, 510300) sees its counties (510302, 510303) but not Chengdu (510104)", async () => {
    const rows = await pageToEnd(nodes.sc.node.url, await token("SICHUAN", "assistance_caseworker", "SC-MZ-510300"));
    expect(rows.length).toBe(HOUSEHOLDS_BY_AREA.SICHUAN["510302"] + HOUSEHOLDS_BY_AREA.SICHUAN["510303"]);
    expect(new Set(rows.map((r) => r.household.areaCode))).toEqual(new Set(["510302", "510303"]));
  });

  it("a county agency of 贡井区 (510303, not in the old division list) sees its own rows only", async () => {
    const rows = await pageToEnd(nodes.sc.node.url, await token("SICHUAN", "assistance_caseworker", "SC-MZ-510303"));
    expect(rows.length).toBe(HOUSEHOLDS_BY_AREA.SICHUAN["510303"]);
    expect(new Set(rows.map((r) => r.household.areaCode))).toEqual(new Set(["510303"]));
  });

  it("a provincial agency (the verification centre, 500000) sees the whole province", async () => {
    const rows = await pageToEnd(nodes.cq.node.url, await token("CHONGQING", "verification_officer", "CQ-AG-00000001"));
    expect(rows.length).toBe(await nodes.cq.prisma.householdVerification.count());
  });

  it("a caseworker's lookup outside the county is FORBIDDEN (OUTSIDE_JURISDICTION), by id and by identity number; inside it answers", async () => {
    const caseworker = await token("CHONGQING", "assistance_caseworker", "CQ-MZ-500106");
    const outside = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "CQ-HV-00000001") { conclusion } }`, { token: caseworker, ...ASSIST });
    expect(outside.body.data!.householdVerification).toBeNull();
    expect(outside.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", policyId: "verification.rows.caseworker.home" });
    expect(JSON.stringify(outside.body)).not.toContain("ELIGIBLE");
    const byNumber = await postGraphql(nodes.cq.node.url, `query($n: String!) { verificationsByIdNumber(idNumber: $n) { id } }`, { token: caseworker, ...ASSIST, variables: { n: FIXTURE_PEOPLE.zhangWei } });
    expect(byNumber.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION" });
    const inside = await postGraphql(nodes.cq.node.url, `query($n: String!) { verificationsByIdNumber(idNumber: $n) { id household { areaCode } } }`, { token: caseworker, ...ASSIST, variables: { n: firstPersonOf("500106") } });
    expect(inside.body.errors).toBeUndefined();
    expect(inside.body.data!.verificationsByIdNumber).toEqual([{ id: expect.stringMatching(/^CQ-HV-J/), household: { areaCode: "500106" } }]);
  });

  it("a verification officer's rule lets the same county officer look up outside it (协查 work), but their list stays in the county", async () => {
    const officer = await token("CHONGQING", "verification_officer", "CQ-MZ-500106");
    const outside = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "CQ-HV-00000001") { conclusion } }`, { token: officer, ...ASSIST });
    expect(outside.body.errors).toBeUndefined();
    expect(outside.body.data!.householdVerification).toEqual({ conclusion: "ELIGIBLE" });
    const rows = await pageToEnd(nodes.cq.node.url, officer);
    expect(new Set(rows.map((r) => r.household.areaCode))).toEqual(new Set(["500106"]));
  });

  it("an agency registered for several areas reads the rows of all of them, and none of any other", async () => {
    const officer = await token("CHONGQING", "assistance_caseworker", "CQ-TWO-COUNTIES");
    const rows = await pageToEnd(nodes.cq.node.url, officer);
    expect(new Set(rows.map((r) => r.household.areaCode))).toEqual(new Set(["500103", "500106"]));
    // Every result of the two counties, counted in the database itself.
    expect(rows.length).toBe(await nodes.cq.prisma.householdVerification.count({ where: { household: { areaCode: { in: ["500103", "500106"] } } } }));
    expect(rows.length).toBeGreaterThan(HOUSEHOLDS_BY_AREA.CHONGQING["500106"]);
  });

  it("an agency whose registry entry gives no jurisdiction in this province reads no row (FORBIDDEN, NO_JURISDICTION)", async () => {
    const stranger = await token("CHONGQING", "verification_officer", "CQ-NOWHERE");
    const res = await postGraphql(nodes.cq.node.url, LIST, { token: stranger, ...ASSIST });
    expect(res.status).toBe(403);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "NO_JURISDICTION" });
    const explained = await postGraphql(nodes.cq.node.url, `query($q: String!) { explainAccess(query: $q) { wouldRun refusalCode refusalMessage rows { jurisdiction } } }`, {
      token: stranger,
      ...ASSIST,
      variables: { q: "{ householdVerifications(filter: {}) { edges { node { id } } } }" },
    });
    expect(explained.body.data!.explainAccess).toMatchObject({ wouldRun: false, refusalCode: "FORBIDDEN", refusalMessage: expect.stringContaining("NO_JURISDICTION"), rows: [{ jurisdiction: "none in this province" }] });
  });

  it("across the border, the peer gives a caller of the other province no jurisdiction: a caseworker's lookup without a 协查 request is refused, an officer's is allowed", async () => {
    const caseworker = await token("CHONGQING", "assistance_caseworker", "CQ-AG-00000001");
    const refused = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "SC-HV-J0000001") { conclusion } }`, { token: caseworker, ...ASSIST });
    expect(refused.body.data!.householdVerification).toBeNull();
    expect(refused.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", region: "SICHUAN", policyId: "verification.rows.caseworker.cross-region" });
    const officer = await token("CHONGQING", "verification_officer", "CQ-AG-00000001");
    const allowed = await postGraphql(nodes.cq.node.url, `{ householdVerification(id: "SC-HV-J0000001") { conclusion household { members { name birthDate } } } }`, { token: officer, ...ASSIST });
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data!.householdVerification.household.members[0]).toEqual({ name: "户*******0", birthDate: "1975" }); // 户主5103020, masked as a 核对员 of Chongqing gets it
  });

  it("relief casework stays in the station's county, paged to the end with an exact total; family search may look a record up anywhere", async () => {
    const station = await token("CHONGQING", "relief_officer", "CQ-JZ-500106");
    const query = `query($after: String) { reliefRecords(filter: {}, first: 3, after: $after) { totalCount edges { node { id stationId foundAreaCode } } pageInfo { hasNextPage endCursor } } }`;
    const seen: Array<{ id: string; stationId: string; foundAreaCode: string }> = [];
    let after: string | null = null;
    let total: number;
    for (;;) {
      const res: GraphqlResponse<Record<string, any>> = await postGraphql(nodes.cq.node.url, query, { token: station, ...CASEWORK, variables: { after } });
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data!.reliefRecords;
      total = page.totalCount;
      seen.push(...page.edges.map((e: { node: (typeof seen)[number] }) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.length).toBe(4);
    expect(total).toBe(4);
    expect(new Set(seen.map((r) => r.stationId))).toEqual(new Set(["CQ-JZ-500106"]));

    const other = `{ reliefRecord(id: "CQ-RR-J0000002") { id stationId } }`;
    const casework = await postGraphql(nodes.cq.node.url, other, { token: station, ...CASEWORK });
    expect(casework.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", policyId: "relief.rows.casework" });
    const search = await postGraphql(nodes.cq.node.url, other, { token: station, ...SEARCH });
    expect(search.body.errors).toBeUndefined();
    expect(search.body.data!.reliefRecord).toEqual({ id: "CQ-RR-J0000002", stationId: "CQ-JZ-500103" });
  });

  it("explainAccess names the row rule, the jurisdiction and the condition the query gets", async () => {
    const caseworker = await token("CHONGQING", "assistance_caseworker", "CQ-MZ-500157");
    const res = await postGraphql(
      nodes.cq.node.url,
      `query($q: String!) { explainAccess(query: $q) { wouldRun rows { rootField entity policyIds jurisdiction filter outsideLookup } } }`,
      { token: caseworker, ...ASSIST, variables: { q: "{ householdVerifications(filter: {}) { edges { node { id } } } }" } },
    );
    expect(res.body.errors).toBeUndefined();
    const [row] = res.body.data!.explainAccess.rows;
    expect(row).toMatchObject({ rootField: "Query.householdVerifications", entity: "HouseholdVerification", policyIds: ["verification.rows.caseworker.home"], jurisdiction: "county 500157", outsideLookup: "requested" });
    expect(JSON.parse(row.filter)).toEqual({ household: { areaCode: { in: ["500105", "500112", "500157"] } } });
  });
});

describe("jurisdiction from configuration (AGENCY_JURISDICTIONS) ahead of the registry", () => {
  it("an override narrows the provincial centre to one county", async () => {
    const nodes = await startTwoNodes({
      fixtures: { CHONGQING: (p) => insertJurisdictionFixtures(p, "CHONGQING") },
      env: { AGENCY_JURISDICTIONS: JSON.stringify({ "CQ-AG-00000001": "500106", "CQ-AG-TEST": "500000" }) },
    });
    try {
      const officer = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"], { agency: "CQ-AG-00000001" });
      const rows = await pageToEnd(nodes.cq.node.url, officer);
      expect(new Set(rows.map((r) => r.household.areaCode))).toEqual(new Set(["500106"]));
    } finally {
      await nodes.stop();
    }
  });

  it("refuses to start with an override that names no county, prefecture or province of either province", () => {
    const { loadConfig } = jest.requireActual("../../src/config") as typeof import("../../src/config");
    expect(() => loadConfig({ AGENCY_JURISDICTIONS: JSON.stringify({ x: "110101" }) })).toThrow(/AGENCY_JURISDICTIONS: x: must be a county, prefecture/);
    expect(() => loadConfig({ AGENCY_JURISDICTIONS: "[1" })).toThrow(/AGENCY_JURISDICTIONS must be a JSON object/);
  });
});
