import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

// The purposes added for 低收入人口 monitoring, 专项救助 and 支出型困难 (mapped in the policies and
// recorded in the audit), the per-province X-Case-Ref format, and introspection released to any
// authenticated caller only when INTROSPECTION is on. Real HTTP, real JWTs, a real database.

const NEW_PURPOSES = ["LOW_INCOME_MONITORING", "SPECIAL_AID_MEDICAL", "SPECIAL_AID_EDUCATION", "SPECIAL_AID_HOUSING", "SPECIAL_AID_EMPLOYMENT", "EXPENDITURE_HARDSHIP"];
const CASE_REF = "CQ-MLG-2026-0042";
const HV = `{ householdVerification(id: "CQ-HV-00000001") { conclusion household { members { name disabilityGrade seriousIllness } } } }`;

describe("purposes, case references and introspection over real HTTP", () => {
  const keysDir = tempKeysDir();
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode({
      keysDir,
      fixtures: (prisma) => insertVerificationFixtures(prisma, "CHONGQING", 2),
      // Chongqing numbers its cases CQ-<KIND>-<year>-<4 digits>; Sichuan keeps the default format.
      env: { CASE_REF_FORMATS: JSON.stringify({ CHONGQING: "^CQ-[A-Z]+-\\d{4}-\\d{4}$" }), INTROSPECTION: "true" },
    });
  });
  afterAll(() => node.stop());

  const lastEntry = async () => (await node.prisma.auditEntry.findMany({ orderBy: { id: "desc" }, take: 1 }))[0];

  it.each(NEW_PURPOSES)("%s is accepted for verification results and recorded in the audit entry", async (purpose) => {
    const caseworker = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker"]);
    const res = await postGraphql(node.node.url, HV, { token: caseworker, purpose, caseRef: CASE_REF });
    expect(res.body.data!.householdVerification.conclusion).toBe("ELIGIBLE");
    const entry = await lastEntry();
    expect({ purpose: entry.purpose, caseRef: entry.caseRef, requestId: entry.requestId }).toEqual({ purpose, caseRef: CASE_REF, requestId: res.headers.get("x-request-id") });
  });

  it("medical aid and expenditure hardship release the members' disability and illness to the home caseworker; other purposes do not", async () => {
    const caseworker = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker"]);
    for (const purpose of ["SPECIAL_AID_MEDICAL", "EXPENDITURE_HARDSHIP"]) {
      const res = await postGraphql(node.node.url, HV, { token: caseworker, purpose, caseRef: CASE_REF });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.householdVerification.household.members[1]).toMatchObject({ disabilityGrade: 2, seriousIllness: true });
    }
    for (const purpose of ["MLG_REVIEW", "SPECIAL_AID_HOUSING", "LOW_INCOME_MONITORING"]) {
      const res = await postGraphql(node.node.url, HV, { token: caseworker, purpose, caseRef: CASE_REF });
      expect(res.body.data!.householdVerification.household.members[1]).toMatchObject({ disabilityGrade: null, seriousIllness: null });
      expect(res.body.errors!.map((e) => e.extensions!.reasonCode)).toEqual(["PURPOSE_NOT_PERMITTED", "PURPOSE_NOT_PERMITTED"]);
    }
  });

  it("a new purpose grants nothing it is not mapped to: relief records stay closed to LOW_INCOME_MONITORING", async () => {
    const relief = await officerToken(keysDir, "CHONGQING", ["relief_officer"]);
    const res = await postGraphql(node.node.url, `{ reliefRecords(filter: {}) { totalCount } }`, { token: relief, purpose: "LOW_INCOME_MONITORING", caseRef: CASE_REF });
    expect(res.body.errors![0].extensions!.code).toBe("PURPOSE_REQUIRED");
  });

  it("a case reference outside the caller's province's format is BAD_USER_INPUT naming X-Case-Ref, refused before any data and audited", async () => {
    const caseworker = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker"]);
    for (const caseRef of ["X-1", "CQ-MLG-25-1", "SC-MLG-2026-0042x"]) {
      const res = await postGraphql(node.node.url, HV, { token: caseworker, purpose: "MLG_REVIEW", caseRef });
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "X-Case-Ref" });
      expect(res.body.errors![0].message).toMatch(/^X-Case-Ref: /);
      const entry = await lastEntry();
      expect(entry.requestId).toBe(res.headers.get("x-request-id"));
      expect(entry.outcome).not.toBe("ALLOWED");
    }
  });

  it("each province's format applies to its own officers: a Sichuan officer's X-1 fits Sichuan's default format", async () => {
    const sichuan = await officerToken(keysDir, "SICHUAN", ["verification_officer"]);
    const chongqing = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
    const asSichuan = await postGraphql(node.node.url, "{ me { region } }", { token: sichuan, caseRef: "X-1" });
    expect(asSichuan.body).toEqual({ data: { me: { region: "SICHUAN" } } });
    const asChongqing = await postGraphql(node.node.url, "{ me { region } }", { token: chongqing, caseRef: "X-1" });
    expect(asChongqing.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "X-Case-Ref" });
  });

  it("with INTROSPECTION on, __schema and __type answer any authenticated caller, without a purpose", async () => {
    for (const role of ["compliance_officer", "police_liaison", "assistance_caseworker"] as const) {
      const token = await officerToken(keysDir, "CHONGQING", [role]);
      const res = await postGraphql(node.node.url, `{ __schema { queryType { name } } __type(name: "Purpose") { enumValues { name } } }`, { token });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.__schema).toEqual({ queryType: { name: "Query" } });
      expect(res.body.data!.__type.enumValues.map((v: { name: string }) => v.name)).toEqual(expect.arrayContaining(NEW_PURPOSES));
    }
  });

  it("introspection is still for authenticated callers only", async () => {
    const res = await postGraphql(node.node.url, `{ __schema { queryType { name } } }`);
    expect(res.status).toBe(401);
  });
});

describe("with INTROSPECTION off", () => {
  it("refuses __schema and __type to every caller", async () => {
    const keysDir = tempKeysDir();
    const node = await startTestNode({ keysDir, env: { INTROSPECTION: "false" } });
    try {
      const token = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
      for (const query of [`{ __schema { queryType { name } } }`, `{ __type(name: "Region") { name } }`]) {
        const res = await postGraphql(node.node.url, query, { token });
        expect(res.body.data ?? null).toBeNull();
        expect(res.body.errors!.length).toBeGreaterThan(0);
        expect(JSON.stringify(res.body)).not.toContain("queryType\":{");
      }
    } finally {
      await node.stop();
    }
  });
});
