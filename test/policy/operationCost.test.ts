import crypto from "node:crypto";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql, postGraphqlBody } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };
const SEARCH = { purpose: "FAMILY_SEARCH", caseRef: "CQ-XQ-2025-0007" };
/** A missing person as a family describes them (the cost does not depend on it). */
const REPORT = { name: "张小明", gender: "MALE", lastSeenOn: "2025-03-01", lastSeenAreaCode: "500103" };

// Costs the tests expect, worked out by hand from the rules in src/limits/operationCost.ts:
// a field costs 1 plus what it contains; a list multiplies what it contains by its page size;
// familySearch costs 200 per province plus `limit` × a candidate's fields.
describe("operation cost (graphql-query-complexity over the inlined operation)", () => {
  const keysDir = tempKeysDir();
  let t: TestNode;
  let officer: string;
  let reliefOfficer: string;
  beforeAll(async () => {
    t = await startTestNode({ keysDir, env: { MAX_COST: "500", PEERS: "[]" }, fixtures: (p) => insertVerificationFixtures(p, "CHONGQING", 2) });
    officer = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
    reliefOfficer = await officerToken(keysDir, "CHONGQING", ["relief_officer"]);
  });
  afterAll(() => t.stop());

  const costOf = async (query: string, token: string, call: Record<string, string>, variables?: Record<string, unknown>) => {
    const res = await postGraphql(t.node.url, query, { token, variables, ...call });
    expect(res.body.errors?.filter((e) => e.extensions?.code === "GRAPHQL_VALIDATION_FAILED") ?? []).toEqual([]);
    if (!res.body.errors?.some((e) => e.extensions?.code === "QUERY_TOO_COMPLEX")) return { refused: false as const, res };
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    return { refused: true as const, actual: res.body.errors[0].extensions!.actual as number, limit: res.body.errors[0].extensions!.limit };
  };

  it("counts a connection without `first` at the resolvers' default page size, 20", async () => {
    const fields = Array.from({ length: 23 }, (_, i) => `f${i}: id`).join(" ");
    const withoutFirst = await costOf(`{ householdVerifications(filter: {}) { edges { node { id ${fields} } } } }`, officer, CASE);
    // node: 1 + 24 leaves = 25; edges: 1 + 25 = 26; connection: 1 + 20 × 26 = 521.
    expect(withoutFirst).toMatchObject({ refused: true, actual: 521, limit: "maxCost" });
    const withNineteen = await costOf(`{ householdVerifications(filter: {}, first: 19) { edges { node { id ${fields} } } } }`, officer, CASE);
    // 1 + 19 × 26 = 495: within 500, and it runs.
    expect(withNineteen.refused).toBe(false);
    if (!withNineteen.refused) expect(withNineteen.res.body.errors).toBeUndefined();
  });

  it("weighs familySearch by its own complexity: 200 per province plus limit × a candidate", async () => {
    const field = (args: string) => `familySearch(report: $r${args}) { rank aboveAlertThreshold }`;
    const search = (args: string) => `query($r: MissingPersonInput!) { ${field(args)} }`;
    const one = await costOf(`query($r: MissingPersonInput!) { a: ${field("")} b: ${field("")} c: ${field("")} }`, reliefOfficer, SEARCH, { r: REPORT });
    // Each: 200 + 10 (default limit) × 2 = 220; three of them 660 > 500.
    expect(one).toMatchObject({ refused: true, actual: 660, limit: "maxCost" });
    const twoProvinces = await costOf(search(", regions: [CHONGQING, SICHUAN], limit: 20"), reliefOfficer, SEARCH, { r: REPORT });
    // 2 × (200 + 20 × 2) = 480: within 500.
    expect(twoProvinces.refused).toBe(false);
    const larger = await costOf(search(", regions: [CHONGQING, SICHUAN], limit: 30"), reliefOfficer, SEARCH, { r: REPORT });
    // 2 × (200 + 30 × 2) = 520.
    expect(larger).toMatchObject({ refused: true, actual: 520 });
  });

  it("counts familySearch at every place a fragment spreads it, and reads limit from variables", async () => {
    const query = `query($n: Int!, $r: MissingPersonInput!) { ...S a: familySearch(report: $r, limit: $n) { rank } }
      fragment S on Query { familySearch(report: $r, limit: $n) { rank aboveAlertThreshold } }`;
    const small = await costOf(query, reliefOfficer, SEARCH, { n: 5, r: REPORT });
    // (200 + 5 × 2) + (200 + 5 × 1) = 415.
    expect(small.refused).toBe(false);
    const big = await costOf(query, reliefOfficer, SEARCH, { n: 50, r: REPORT });
    // (200 + 50 × 2) + (200 + 50 × 1) = 550.
    expect(big).toMatchObject({ refused: true, actual: 550 });
  });

  it("refuses fragments spread inside fragments by their cost, counted at every spread", async () => {
    const twenty = (name: string) => `...${name} `.repeat(20);
    // 20 × 20 × 20 spreads of four fields: 32,000 fields once inlined, from ~150 tokens of text
    // (past graphql-query-complexity's own 10,000-node stop, which must not decide instead).
    const query = `{ me { ${twenty("F")} } } fragment F on Principal { ${twenty("G")} } fragment G on Principal { ${twenty("H")} }
      fragment H on Principal { sub agency region issuer }`;
    expect(await costOf(query, officer, CASE)).toMatchObject({ refused: true, actual: 32_001, limit: "maxCost" });
  });

  it("does not count a field skipped with @skip", async () => {
    const query = `query($skip: Boolean!, $r: MissingPersonInput!) { a: familySearch(report: $r) { rank } b: familySearch(report: $r) { rank } c: familySearch(report: $r) @skip(if: $skip) { rank } }`;
    // 3 × (200 + 10 × 1) = 630; without the skipped one 420.
    expect(await costOf(query, reliefOfficer, SEARCH, { skip: false, r: REPORT })).toMatchObject({ refused: true, actual: 630 });
    expect((await costOf(query, reliefOfficer, SEARCH, { skip: true, r: REPORT })).refused).toBe(false);
  });
});

describe("automatic persisted queries are off", () => {
  const keysDir = tempKeysDir();
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode({ keysDir });
  });
  afterAll(() => t.stop());

  it("refuses an APQ registration and never answers a hash alone, so no caller can fill a cache", async () => {
    const token = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
    const query = `query Me { me { sub } }`;
    const sha256Hash = crypto.createHash("sha256").update(query).digest("hex");
    const persistedQuery = { version: 1, sha256Hash };
    const register = await postGraphqlBody(t.node.url, { query, extensions: { persistedQuery } }, { token });
    // Apollo answers NOT_SUPPORTED with 200 on purpose: APQ clients then resend the full text.
    expect(register.body.errors![0].extensions!.code).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
    const byHash = await postGraphqlBody(t.node.url, { extensions: { persistedQuery } }, { token });
    expect(byHash.body.errors![0].extensions!.code).toBe("PERSISTED_QUERY_NOT_SUPPORTED");
    expect(byHash.body.data).toBeUndefined();
    // The plain request still runs.
    const plain = await postGraphql(t.node.url, query, { token });
    expect(plain.body.data).toEqual({ me: { sub: "cq-officer-1" } });
  });
});
