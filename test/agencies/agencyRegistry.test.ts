import { AgencyRegistry, storeAgency, validateAgencyRecord } from "../../src/agencies";
import { insertAgencies } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, type TestNode } from "../support/testNode";

// The agency registry (issue 19): token agency claims are checked against it; jurisdictions live
// beside it. A real node over a real database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql).

describe("agency registry", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ region: "CHONGQING", fixtures: (p) => insertAgencies(p, "CHONGQING") });
  });
  afterAll(() => t.stop());

  const me = (token: string) => postGraphql(t.node.url, `{ me { sub agency } }`, { token });

  it("accepts an officer of a registered agency, including the development agencies a test node registers", async () => {
    const fixture = await me(await officerToken(t.keysDir, "CHONGQING", ["verification_officer"], { agency: "CQ-AG-00000001" }));
    expect(fixture.body.data!.me).toEqual({ sub: "cq-officer-1", agency: "CQ-AG-00000001" });
    const dev = await me(await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]));
    expect(dev.body.data!.me.agency).toBe("CQ-AG-TEST");
    expect(await t.prisma.agency.findUnique({ where: { id: "CQ-AG-DEMO" } })).toMatchObject({ region: "CHONGQING", kind: "CIVIL_AFFAIRS" });
  });

  it("refuses an officer whose agency is not registered: UNAUTHENTICATED, reason 'unknown agency', and audited", async () => {
    const res = await me(await officerToken(t.keysDir, "CHONGQING", ["verification_officer"], { agency: "CQ-AG-NOBODY", sub: "cq-ghost" }));
    expect(res.status).toBe(401);
    expect(res.body.errors![0].extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "unknown agency" });
    const entry = await t.prisma.auditEntry.findFirstOrThrow({ where: { outcome: "UNAUTHENTICATED" }, orderBy: { id: "desc" } });
    expect(entry.errorDetail).toBe("unknown agency");
  });

  it("an agency of the other province is not this node's to refuse by name; policy still keeps personal data from a direct call", async () => {
    const sc = await officerToken(t.keysDir, "SICHUAN", ["verification_officer"], { agency: "SC-AG-ANY" });
    expect((await me(sc)).status).toBe(200);
    const direct = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-00000001") { id } }`, { token: sc, purpose: "MLG_REVIEW", caseRef: "x" });
    expect(direct.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "CROSS_REGION_REQUIRES_PEER" });
  });

  it("stores kind, seat and jurisdiction; the same record again changes nothing; jurisdiction falls back to the seat", async () => {
    const checked = validateAgencyRecord({ id: "CQ-MZJ-500106", name: "重庆市沙坪坝区民政局", region: "CHONGQING", kind: "民政局", areaCode: "500106", jurisdiction: "500106|500107" });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value).toMatchObject({ kind: "CIVIL_AFFAIRS", code: "CQ-MZJ-500106", jurisdiction: ["500106", "500107"] });
    expect(await t.prisma.$transaction((tx) => storeAgency(tx, checked.value))).toBe("CREATED");
    expect(await t.prisma.$transaction((tx) => storeAgency(tx, checked.value))).toBe("UNCHANGED");
    const registry = new AgencyRegistry(t.prisma);
    expect(await registry.jurisdictionOf("CQ-MZJ-500106")).toEqual(["500106", "500107"]);
    expect(await registry.jurisdictionOf("CQ-AG-00000002")).toEqual(["500106"]); // fixture row without jurisdiction rows: its seat
    expect(await registry.jurisdictionOf("CQ-NOBODY")).toEqual([]);
    expect(await registry.isRegistered("CQ-MZJ-500106", "CHONGQING")).toBe(true);
    expect(await registry.isRegistered("CQ-MZJ-500106", "SICHUAN")).toBe(false);
  });

  it("refuses a bad agency record naming each field", () => {
    const checked = validateAgencyRecord({ id: "", name: "", region: "CHONGQING", kind: "派出所", areaCode: "510104", jurisdiction: ["599999"] });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((p) => p.field)).toEqual(["id", "code", "name", "kind", "areaCode", "jurisdiction[0]"]);
    expect(checked.problems.every((p) => p.reasonZh.length > 0)).toBe(true);
  });
});
