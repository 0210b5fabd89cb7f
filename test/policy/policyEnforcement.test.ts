import { insertVerificationFixtures, FIXTURE_PEOPLE } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";
import { createPrismaClient } from "../../src/db";
import { startGatewayNode, type GatewayNode } from "../../src/server";

const CASEWORK = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };

describe("policy enforcement over real HTTP", () => {
  const keysDir = tempKeysDir();
  let t: TestNode;
  let caseworker: string;

  beforeAll(async () => {
    t = await startTestNode({ keysDir, fixtures: (prisma) => insertVerificationFixtures(prisma, "CHONGQING", 3) });
    caseworker = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker"]);
  });
  afterAll(() => t.stop());

  it("masks exactly: identity number, birth date to the month, address", async () => {
    const res = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-00000001") { household { address members { name idNumber birthDate } } } }`, { token: caseworker, ...CASEWORK });
    expect(res.body.errors).toBeUndefined();
    const members = res.body.data!.householdVerification.household.members;
    expect(members[0]).toEqual({ name: "张伟", idNumber: `500103********${FIXTURE_PEOPLE.zhangWei.slice(-4)}`, birthDate: "1968-04" });
    expect(members[1].idNumber).toBe(`510218********${FIXTURE_PEOPLE.liuFang.slice(-4)}`);
    expect(res.body.data!.householdVerification.household.address).toBe("重庆市渝中区****");
  });

  const smuggling: Array<[string, string]> = [
    ["an alias", `{ householdVerification(id: "CQ-HV-00000001") { safe: conclusion money: totalAssetsFen } }`],
    ["a named fragment", `query { householdVerification(id: "CQ-HV-00000001") { ...F } } fragment F on HouseholdVerification { conclusion totalAssetsFen }`],
    ["a nested fragment chain", `query { householdVerification(id: "CQ-HV-00000001") { ...A } } fragment A on HouseholdVerification { ...B } fragment B on HouseholdVerification { conclusion totalAssetsFen }`],
    ["an inline fragment", `{ householdVerification(id: "CQ-HV-00000001") { conclusion ... on HouseholdVerification { totalAssetsFen } } }`],
    ["a variable-driven @include", `query($yes: Boolean = true) { householdVerification(id: "CQ-HV-00000001") { conclusion totalAssetsFen @include(if: $yes) } }`],
  ];

  it.each(smuggling)("cannot smuggle a denied field through %s", async (_how, query) => {
    const res = await postGraphql(t.node.url, query, { token: caseworker, ...CASEWORK });
    const hv = res.body.data!.householdVerification;
    expect(hv.conclusion ?? hv.safe).toBe("ELIGIBLE");
    expect(hv.totalAssetsFen ?? hv.money ?? null).toBeNull();
    expect(JSON.stringify(res.body.data)).not.toContain("1200000");
    const denial = res.body.errors!.find((e) => e.extensions!.code === "FORBIDDEN")!;
    expect(denial.extensions).toEqual({ code: "FORBIDDEN", reasonCode: "NO_GRANT_FOR_ROLE", policyId: "default-deny" });
  });

  it("the same field twice under two aliases is denied at both paths", async () => {
    const res = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-00000001") { a: totalAssetsFen b: totalAssetsFen } }`, { token: caseworker, ...CASEWORK });
    expect(res.body.data!.householdVerification).toEqual({ a: null, b: null });
    expect(res.body.errors!.map((e) => e.path!.join("."))).toEqual(["householdVerification.a", "householdVerification.b"]);
  });

  it("a selection left empty by denials still answers (placeholder removed), with errors for the denied paths", async () => {
    const res = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-00000001") { incomes { monthlyAmountFen } } }`, { token: caseworker, ...CASEWORK });
    expect(res.body.data).toEqual({ householdVerification: { incomes: null } });
    expect(res.body.errors![0]).toMatchObject({ path: ["householdVerification", "incomes"], extensions: { code: "FORBIDDEN" } });
  });

  it("list positions in denial paths are written @", async () => {
    const res = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-00000001") { household { members { name disabilityGrade } } } }`, { token: caseworker, ...CASEWORK });
    expect(res.body.data!.householdVerification.household.members).toEqual([{ name: "张伟", disabilityGrade: null }, { name: "刘芳", disabilityGrade: null }]);
    expect(res.body.errors![0].path).toEqual(["householdVerification", "household", "members", "@", "disabilityGrade"]);
  });

  it("PURPOSE_REQUIRED without X-Purpose, without X-Case-Ref, with an unknown code, or with a purpose the role may not use", async () => {
    const q = `{ householdVerification(id: "CQ-HV-00000001") { conclusion } }`;
    for (const call of [{}, { purpose: "MLG_REVIEW" }, { purpose: "NOT_A_PURPOSE", caseRef: "X-1" }, { purpose: "FAMILY_SEARCH", caseRef: "X-1" }]) {
      const res = await postGraphql(t.node.url, q, { token: caseworker, ...call });
      expect(res.status).toBe(403);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors![0].extensions!.code).toBe("PURPOSE_REQUIRED");
    }
  });

  it("a query without personal data needs no purpose", async () => {
    const res = await postGraphql(t.node.url, `{ me { roles } }`, { token: caseworker });
    expect(res.body).toEqual({ data: { me: { roles: ["assistance_caseworker"] } } });
  });

  it("a dry run reports in extensions what would be denied and masked, releases nothing, and puts nothing in errors", async () => {
    const res = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-00000001") { conclusion totalAssetsFen household { members { idNumber } } } }`, {
      token: caseworker,
      ...CASEWORK,
      headers: { "x-policy-dry-run": "true" },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toBeNull();
    const report = res.body.extensions!.policy as { denied: Array<{ path: string; reasonCode: string }>; masked: Array<{ path: string; mask: string }>; allowed: string[] };
    expect(report.denied).toEqual([expect.objectContaining({ path: "householdVerification.totalAssetsFen", reasonCode: "NO_GRANT_FOR_ROLE" })]);
    expect(report.masked).toEqual([{ path: "householdVerification.household.members.@.idNumber", policyId: "verification.caseworker.conclusions", mask: "idNumber" }]);
    expect(report.allowed).toContain("householdVerification.conclusion");
  });

  it("a role that may not call the operation gets null and FORBIDDEN for the root field while other root fields still answer", async () => {
    const relief = await officerToken(keysDir, "CHONGQING", ["relief_officer"]);
    const res = await postGraphql(t.node.url, `{ me { sub } householdVerification(id: "CQ-HV-00000001") { conclusion } }`, { token: relief, ...CASEWORK });
    expect(res.body.data).toEqual({ me: { sub: "cq-officer-1" }, householdVerification: null });
    expect(res.body.errors![0]).toMatchObject({ path: ["householdVerification"], extensions: { code: "FORBIDDEN", reasonCode: "NO_GRANT_FOR_ROLE", policyId: "verification.read" } });
  });

  it("roles combine: caseworker + verification_officer gets the officer's full view", async () => {
    const both = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker", "verification_officer"]);
    const res = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-00000001") { totalAssetsFen household { members { idNumber } } } }`, { token: both, ...CASEWORK });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.householdVerification.totalAssetsFen).toBe(1_200_000);
    expect(res.body.data!.householdVerification.household.members[0].idNumber).toBe(FIXTURE_PEOPLE.zhangWei);
  });
});

describe("denied fields' resolvers are never called", () => {
  it("a caseworker's request for incomes and assets runs no SQL against those tables", async () => {
    const statements: string[] = [];
    const keysDir = tempKeysDir();
    const t = await startTestNode({ keysDir, fixtures: (prisma) => insertVerificationFixtures(prisma, "CHONGQING", 3) });
    const spy = createPrismaClient(t.database.url, { onQuery: (sql) => statements.push(sql) });
    let node: GatewayNode | undefined;
    try {
      node = await startGatewayNode({ ...t.config, port: 0 }, { prisma: spy });
      const query = `{ householdVerifications(filter: {}, first: 3) { edges { node { conclusion incomes { monthlyAmountFen } assets { valueFen } } } } }`;
      const caseworker = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker"]);
      const denied = await postGraphql(node.url, query, { token: caseworker, ...CASEWORK });
      expect(denied.body.data!.householdVerifications.edges[0].node).toEqual({ conclusion: expect.any(String), incomes: null, assets: null });
      expect(statements.filter((s) => /IncomeItem|AssetItem/.test(s))).toEqual([]);
      // Control: the same query for the verification officer does read both tables.
      const officer = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
      await postGraphql(node.url, query, { token: officer, ...CASEWORK });
      expect(statements.filter((s) => /IncomeItem/.test(s)).length).toBeGreaterThan(0);
      expect(statements.filter((s) => /AssetItem/.test(s)).length).toBeGreaterThan(0);
    } finally {
      await node?.close();
      await spy.$disconnect();
      await t.stop();
    }
  });
});
