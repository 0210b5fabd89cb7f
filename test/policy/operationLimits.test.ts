import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };

describe("operation limits (QUERY_TOO_COMPLEX), counted through fragments", () => {
  const keysDir = tempKeysDir();
  let t: TestNode;
  let token: string;
  beforeAll(async () => {
    t = await startTestNode({ keysDir, env: { MAX_DEPTH: "5", MAX_ALIASES: "5", MAX_ROOT_FIELDS: "3", MAX_COST: "400", MAX_TOKENS: "300" }, fixtures: (p) => insertVerificationFixtures(p, "CHONGQING", 2) });
    token = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
  });
  afterAll(() => t.stop());

  const refusedFor = async (query: string, limit: string) => {
    const res = await postGraphql(t.node.url, query, { token, ...CASE });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors![0].extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit });
  };

  it("accepts an operation within every limit", async () => {
    const res = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-00000001") { household { members { name } } } }`, { token, ...CASE });
    expect(res.body.errors).toBeUndefined();
  });

  it("refuses depth beyond the limit", () =>
    refusedFor(`{ householdVerifications(filter: {}, first: 1) { edges { node { household { members { name } } } } } }`, "maxDepth"));

  it("replays armor#824: a fragment first used shallow cannot carry its cached depth to a deep site", () =>
    refusedFor(
      `query { householdVerification(id: "CQ-HV-00000001") { ...F } householdVerifications(filter: {}, first: 1) { edges { node { ...F } } } }
       fragment F on HouseholdVerification { household { members { name } } }`,
      "maxDepth",
    ));

  it("replays armor#823: a fragment named __schema is not exempt as introspection", () =>
    refusedFor(
      `query { householdVerifications(filter: {}, first: 1) { edges { node { household { ...__schema } } } } }
       fragment __schema on Household { members { name } }`,
      "maxDepth",
    ));

  it("refuses alias bombs, including __typename aliases", () =>
    refusedFor(`{ me { a: sub b: sub c: sub d: sub e: __typename f: __typename } }`, "maxAliases"));

  it("counts aliases inside fragments at each spread", () =>
    refusedFor(`query { me { ...A ...A2 } } fragment A on Principal { a: sub b: sub c: sub } fragment A2 on Principal { d: sub e: sub f: sub }`, "maxAliases"));

  it("refuses too many root fields", () => refusedFor(`{ me { sub } a: me { sub } b: me { sub } c: me { sub } }`, "maxRootFields"));

  it("refuses cost: list page sizes multiply what they contain", () =>
    refusedFor(`{ householdVerifications(filter: {}, first: 100) { edges { node { id conclusion } } } }`, "maxCost"));

  it("takes the page size from variables too", async () => {
    const q = `query($n: Int) { householdVerifications(filter: {}, first: $n) { edges { node { id conclusion } } } }`;
    const small = await postGraphql(t.node.url, q, { token, variables: { n: 2 }, ...CASE });
    expect(small.body.errors).toBeUndefined();
    const big = await postGraphql(t.node.url, q, { token, variables: { n: 100 }, ...CASE });
    expect(big.body.errors![0].extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "maxCost" });
  });

  it("refuses documents over the token limit while parsing", () => refusedFor(`{ me { ${"sub ".repeat(400)} } }`, "maxTokens"));
});

describe("hardening in production mode", () => {
  let t: TestNode;
  const keysDir = tempKeysDir();
  beforeAll(async () => {
    t = await startTestNode({ keysDir, env: { GATEWAY_ENV: "production", AUDIT_SUBJECT_KEY: "a-production-style-secret-of-32-chars-or-more" } });
  });
  afterAll(() => t.stop());

  it("turns introspection off and gives no field suggestions", async () => {
    const token = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
    const intro = await postGraphql(t.node.url, `{ __schema { types { name } } }`, { token });
    expect(intro.body.errors![0].extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const typo = await postGraphql(t.node.url, `{ mee { sub } }`, { token });
    expect(typo.body.errors![0].message).not.toMatch(/Did you mean/);
  });
});

describe("trusted-documents mode", () => {
  const keysDir = tempKeysDir();
  const allowed = `query Me { me { sub roles } }`;
  let t: TestNode;
  beforeAll(async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "trusted-")), "manifest.json");
    const hash = crypto.createHash("sha256").update(allowed).digest("hex");
    fs.writeFileSync(file, JSON.stringify({ format: "assist-gateway-trusted-documents/1", documents: { [hash]: allowed } }));
    t = await startTestNode({ keysDir, env: { TRUSTED_DOCUMENTS: file } });
  });
  afterAll(() => t.stop());

  it("runs a document from the manifest and refuses anything else with PERSISTED_QUERY_REQUIRED", async () => {
    const token = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
    const ok = await postGraphql(t.node.url, allowed, { token });
    expect(ok.body.data).toEqual({ me: { sub: "cq-officer-1", roles: ["verification_officer"] } });
    const other = await postGraphql(t.node.url, `query Me { me { sub roles agency } }`, { token });
    expect(other.status).toBe(400);
    expect(other.body.errors![0].extensions).toMatchObject({ code: "PERSISTED_QUERY_REQUIRED" });
    expect(other.body.data).toBeUndefined();
  });
});
