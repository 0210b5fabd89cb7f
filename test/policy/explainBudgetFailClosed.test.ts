import os from "node:os";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { emptyAccessFacts, type RequestContext } from "../../src/context";
import { createPrismaClient } from "../../src/db";
import { policyPlugin, type PolicyEngine } from "../../src/policy";
import { buildGatewaySchema, gatewayModules } from "../../src/server";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };

describe("explainAccess", () => {
  const keysDir = tempKeysDir();
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ keysDir });
  });
  afterAll(() => t.stop());

  it("tells a caseworker what a query would give them, by rule, without running it", async () => {
    const token = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker"]);
    const res = await postGraphql(t.node.url, `query($q: String!) { explainAccess(query: $q) { wouldRun refusalCode fields { path decision policyId reasonCode mask } } }`, {
      token,
      ...CASE,
      variables: { q: `{ householdVerification(id: "x") { conclusion totalAssetsFen household { members { idNumber } } } }` },
    });
    expect(res.body.errors).toBeUndefined();
    const e = res.body.data!.explainAccess;
    expect(e.wouldRun).toBe(true);
    const byPath = Object.fromEntries(e.fields.map((f: { path: string }) => [f.path, f]));
    expect(byPath["householdVerification.conclusion"]).toMatchObject({ decision: "ALLOWED", policyId: "verification.caseworker.conclusions" });
    expect(byPath["householdVerification.totalAssetsFen"]).toMatchObject({ decision: "DENIED", reasonCode: "NO_GRANT_FOR_ROLE", policyId: "default-deny" });
    expect(byPath["householdVerification.household.members.@.idNumber"]).toMatchObject({ decision: "MASKED", mask: "idNumber" });
  });

  it("reports a refusal for a purpose the role may not use", async () => {
    const token = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker"]);
    const res = await postGraphql(t.node.url, `query($q: String!) { explainAccess(query: $q) { wouldRun refusalCode } }`, {
      token,
      purpose: "FAMILY_SEARCH",
      caseRef: "X",
      variables: { q: `{ householdVerification(id: "x") { conclusion } }` },
    });
    expect(res.body.data!.explainAccess).toEqual({ wouldRun: false, refusalCode: "PURPOSE_REQUIRED" });
  });

  it("answers BAD_USER_INPUT for text that is not a valid operation", async () => {
    const token = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker"]);
    const res = await postGraphql(t.node.url, `query($q: String!) { explainAccess(query: $q) { wouldRun } }`, { token, variables: { q: "{ nope }" } });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "query" });
  });
});

describe("enumeration budget (distinct persons per hour)", () => {
  const keysDir = tempKeysDir();
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ keysDir, env: { BUDGET_OFFICER_PERSONS_PER_HOUR: "5", BUDGET_AGENCY_PERSONS_PER_HOUR: "100" }, fixtures: (p) => insertVerificationFixtures(p, "CHONGQING", 6) });
  });
  afterAll(() => t.stop());

  it("lets an officer look up persons until the cap, then refuses with a clear error and no data", async () => {
    const token = await officerToken(keysDir, "CHONGQING", ["verification_officer"], { sub: "cq-enumerator" });
    const q = `query($id: ID!) { householdVerification(id: $id) { household { members { idNumber } } } }`;
    const first = await postGraphql(t.node.url, q, { token, ...CASE, variables: { id: "CQ-HV-00000001" } }); // 2 persons
    const second = await postGraphql(t.node.url, q, { token, ...CASE, variables: { id: "CQ-HV-00000002" } }); // 4
    expect(first.body.errors).toBeUndefined();
    expect(second.body.errors).toBeUndefined();
    const third = await postGraphql(t.node.url, q, { token, ...CASE, variables: { id: "CQ-HV-00000003" } }); // 6 > 5: withheld
    expect(third.status).toBe(429);
    expect(third.body.data).toBeUndefined();
    expect(third.body.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reasonCode: "ENUMERATION_BUDGET_EXCEEDED", scope: "officer", limit: 5 });
    const fourth = await postGraphql(t.node.url, q, { token, ...CASE, variables: { id: "CQ-HV-00000001" } });
    expect(fourth.status).toBe(429);
    // Another officer of the same agency is not affected by the first one's officer budget.
    const other = await officerToken(keysDir, "CHONGQING", ["verification_officer"], { sub: "cq-colleague" });
    const fine = await postGraphql(t.node.url, q, { token: other, ...CASE, variables: { id: "CQ-HV-00000004" } });
    expect(fine.body.errors).toBeUndefined();
  });
});

describe("fail closed", () => {
  it("a failing policy engine refuses the request and runs no resolver", async () => {
    let resolverRuns = 0;
    const prisma = createPrismaClient(`file:${path.join(os.tmpdir(), "fail-closed-unused.db")}`);
    const schema = await buildGatewaySchema(gatewayModules(prisma, "CHONGQING"));
    const wrapped = schema.getQueryType()!.getFields().me;
    const original = wrapped.resolve!;
    wrapped.resolve = (...args) => {
      resolverRuns++;
      return original(...args);
    };
    const broken = { plan: () => { throw new Error("policy store unreadable"); } } as unknown as PolicyEngine;
    const apollo = new ApolloServer<RequestContext>({ schema, plugins: [policyPlugin(broken)], includeStacktraceInErrorResponses: false });
    await apollo.start();
    const context: RequestContext = {
      requestId: "r-1", node: "CHONGQING", principal: { sub: "s", agency: "a", region: "CHONGQING", roles: ["verification_officer"], issuer: "i" },
      policyDryRun: false, touchedSubjects: new Set(), deferredErrors: [], access: emptyAccessFacts(), perRequest: new Map(),
    };
    const res = await apollo.executeOperation({ query: "{ me { sub } }" }, { contextValue: context });
    await apollo.stop();
    expect(res.body.kind === "single" && res.body.singleResult.data).toBeFalsy();
    expect(res.body.kind === "single" && res.body.singleResult.errors?.length).toBe(1);
    expect(resolverRuns).toBe(0);
  });
});
