import os from "node:os";
import path from "node:path";
import { buildSchema, getOperationAST, graphql, parse, validate, type GraphQLSchema } from "graphql";
import { createPrismaClient } from "../../src/db";
import { createOperationAnalyzer, operationCost, selectionLookahead } from "../../src/operation";
import { createPolicyEngine } from "../../src/policy";
import { buildGatewaySchema, forwardedRootFieldsOf, gatewayModules } from "../../src/server";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

const POLICIES = path.resolve(__dirname, "../../policies");

async function gatewaySchema() {
  const modules = gatewayModules(createPrismaClient(`file:${path.join(os.tmpdir(), "operation-analysis.db")}`), "CHONGQING");
  return { schema: await buildGatewaySchema(modules), forwardedRootFields: forwardedRootFieldsOf(modules) };
}

let schema: GraphQLSchema;

/** The library's own walk with these variables, uncached (what a cached cost must equal). */
const operationCostOf = (document: ReturnType<typeof parse>, variables: Record<string, unknown>) => operationCost(schema, document, { variables, exemptIntrospection: false });

/** A parsed and validated operation, as Apollo hands it to the stages. */
const operationOf = (text: string, name?: string) => {
  const document = parse(text);
  expect(validate(schema, document)).toEqual([]);
  return { document, operation: getOperationAST(document, name)! };
};

describe("one analysis per operation, cached per query hash and operation name", () => {
  let forwardedRootFields: Awaited<ReturnType<typeof gatewaySchema>>["forwardedRootFields"];
  beforeAll(async () => {
    ({ schema, forwardedRootFields } = await gatewaySchema());
  });

  const TWO_OPERATIONS = `
    query Lookup($id: ID!) { householdVerification(id: $id) { ...V } }
    query Mine { me { sub agency } }
    fragment V on HouseholdVerification { conclusion household { members { name idNumber } } }`;

  it("is computed once per distinct operation and served from the cache to later requests", () => {
    const analyzer = createOperationAnalyzer(schema, { introspection: false, forwardedRootFields });
    // Each request parses its own document (as Apollo does on a cache miss): the key, not the object, finds it.
    const first = analyzer.analyze(operationOf(TWO_OPERATIONS, "Lookup").document, operationOf(TWO_OPERATIONS, "Lookup").operation, "hash-1");
    const request = {};
    const again = operationOf(TWO_OPERATIONS, "Lookup");
    const second = analyzer.analyze(again.document, again.operation, "hash-1", request);
    expect(second).toBe(first);
    expect(analyzer.stats()).toEqual({ size: 1, computed: 1, hits: 1 });
    // A stage that asks again within the same request gets the same analysis without a cache lookup.
    expect(analyzer.analyze(again.document, again.operation, "hash-1", request)).toBe(first);
    expect(analyzer.ofRequest(request)).toBe(first);
    expect(analyzer.stats()).toEqual({ size: 1, computed: 1, hits: 1 });
    expect(analyzer.ofRequest({})).toBeUndefined();
  });

  it("gives another operation name in the same document its own analysis", () => {
    const analyzer = createOperationAnalyzer(schema, { introspection: false, forwardedRootFields });
    const lookup = operationOf(TWO_OPERATIONS, "Lookup");
    const mine = operationOf(TWO_OPERATIONS, "Mine");
    const a = analyzer.analyze(lookup.document, lookup.operation, "hash-1");
    const b = analyzer.analyze(mine.document, mine.operation, "hash-1");
    expect(b).not.toBe(a);
    expect(analyzer.stats()).toMatchObject({ size: 2, computed: 2, hits: 0 });
    // The fragment is inlined once, into the operation that spreads it; fields are listed with their paths.
    expect(a.fieldsRequested).toEqual([
      "householdVerification",
      "householdVerification.conclusion",
      "householdVerification.household",
      "householdVerification.household.members",
      "householdVerification.household.members.@.name",
      "householdVerification.household.members.@.idNumber",
    ]);
    expect(b.fieldsRequested).toEqual(["me", "me.sub", "me.agency"]);
    expect(a.measure).toEqual({ depth: 4, aliases: 0, rootFields: 1 });
    // Forwarding: householdVerification is answered by the province of its id's prefix; `me` is never forwarded.
    expect([...a.forwarding.values()]).toEqual([{ responseKey: "householdVerification", fieldName: "householdVerification", route: { kind: "id", arg: "id" } }]);
    expect(b.forwarding.size).toBe(0);
  });

  it("splits forwarded root fields by response key, aliases and root fragments included", () => {
    const analyzer = createOperationAnalyzer(schema, { introspection: false, forwardedRootFields });
    const { document, operation } = operationOf(`{ a: householdVerification(id: "CQ-1") { conclusion } ... on Query { reliefRecord(id: "SC-1") { id } } me { sub } }`);
    const analysis = analyzer.analyze(document, operation, "hash-2");
    expect([...analysis.forwarding.keys()]).toEqual(["a", "reliefRecord"]);
    expect(analysis.forwarding.get("reliefRecord")!.route).toEqual({ kind: "id", arg: "id" });
  });

  it("weighs the cost per request when variables can change it, and once when none can", () => {
    const analyzer = createOperationAnalyzer(schema, { introspection: false, forwardedRootFields });
    const paged = operationOf(`query($n: Int, $skip: Boolean!) { householdVerifications(filter: {}, first: $n) { edges { node { id conclusion } } } again: householdVerifications(filter: {}, first: 1) @skip(if: $skip) { edges { node { id } } } }`);
    const analysis = analyzer.analyze(paged.document, paged.operation, "hash-3");
    // node 1 + 2 = 3; edges 4; connection 1 + n × 4. The second: 1 + 1 × (1 + 2) = 4 unless skipped.
    expect(analysis.costWith({ n: 5, skip: true })).toBe(21);
    expect(analysis.costWith({ n: 50, skip: true })).toBe(201);
    expect(analysis.costWith({ n: 5, skip: false })).toBe(25);
    // The same analysis, asked again with the first variables, still answers for those variables.
    expect(analyzer.analyze(paged.document, paged.operation, "hash-3").costWith({ n: 5, skip: true })).toBe(21);
    expect(analyzer.stats().computed).toBe(1);

    const fixed = operationOf(`{ householdVerifications(filter: {}, first: 2) { edges { node { id } } } }`);
    const fixedAnalysis = analyzer.analyze(fixed.document, fixed.operation, "hash-4");
    expect(fixedAnalysis.costWith({})).toBe(1 + 2 * (1 + 2));
    // Variables the operation does not declare cannot change it (validation refuses their use).
    expect(fixedAnalysis.costWith({ n: 1000 })).toBe(1 + 2 * (1 + 2));
  });

  it("weighs once per value of the variables that bear on the cost, and still refuses variables it cannot read", () => {
    const analyzer = createOperationAnalyzer(schema, { introspection: false, forwardedRootFields });
    const lookup = operationOf(`query($id: ID!) { householdVerification(id: $id) { id household { members { name } } } }`);
    const lookupAnalysis = analyzer.analyze(lookup.document, lookup.operation, "hash-lookup");
    const cost = lookupAnalysis.costWith({ id: "CQ-HV-00000001" });
    expect(lookupAnalysis.costWith({ id: "CQ-HV-00000002" })).toBe(cost);
    // A required variable missing, or of the wrong type, is refused on every request, cached cost or not.
    expect(() => lookupAnalysis.costWith({})).toThrow(/\$id/);
    expect(() => lookupAnalysis.costWith({ id: { not: "an id" } })).toThrow(/\$id/);

    // `regions` is read by familySearch's own cost function: its variable bears on the cost.
    const search = operationOf(`query($r: [Region!], $n: Int = 5) { familySearch(report: { name: "张三", gender: MALE, birthYear: 1980, lastSeenOn: "2026-01-01", lastSeenAreaCode: "500101" }, regions: $r, limit: $n) { matchProbability } }`);
    const searchAnalysis = analyzer.analyze(search.document, search.operation, "hash-search");
    const one = searchAnalysis.costWith({ r: ["CHONGQING"] });
    expect(searchAnalysis.costWith({ r: ["CHONGQING", "SICHUAN"] })).toBe(2 * one);
    // Absent takes the default (5); an explicit null is another value: refused, as the library refuses it.
    expect(searchAnalysis.costWith({ r: ["CHONGQING"], n: 5 })).toBe(one);
    expect(searchAnalysis.costWith({ r: ["CHONGQING"], n: 50 })).toBe(operationCostOf(search.document, { r: ["CHONGQING"], n: 50 }));
    expect(searchAnalysis.costWith({ r: ["CHONGQING"], n: 50 })).toBeGreaterThan(one);
    expect(() => searchAnalysis.costWith({ r: ["CHONGQING"], n: null })).toThrow(/"limit" of non-null type/);

    // A variable that does not bear on the cost, null where its argument is non-null: refused too, after a cached cost.
    const defaulted = operationOf(`query($id: ID = "CQ-HV-00000001") { householdVerification(id: $id) { id } }`);
    const defaultedAnalysis = analyzer.analyze(defaulted.document, defaulted.operation, "hash-defaulted");
    expect(defaultedAnalysis.costWith({ id: "CQ-HV-00000002" })).toBe(defaultedAnalysis.costWith({}));
    expect(() => defaultedAnalysis.costWith({ id: null })).toThrow(/"id" of non-null type/);
  });

  it("builds the policy's plan per caller class on the analysis, cached under its key", () => {
    const analyzer = createOperationAnalyzer(schema, { introspection: false, forwardedRootFields });
    const engine = createPolicyEngine(schema, POLICIES, { analyzer });
    const { document, operation } = operationOf(`query($id: ID!) { householdVerification(id: $id) { conclusion totalAssetsFen } }`);
    const subject = { roles: ["assistance_caseworker" as const], purpose: "MLG_REVIEW" as const, hasCaseRef: true, regionRelation: "same" as const };
    const request = {};
    const plan = engine.plan(document, operation, "hash-5", subject, request);
    // The plan reads the analysis the limits would have read: one analysis for both.
    expect(analyzer.stats()).toMatchObject({ computed: 1 });
    expect(engine.analysisOf(request)).toBe(analyzer.ofRequest(request));
    expect(plan.fields.map((f) => f.path)).toEqual(engine.analysisOf(request)!.fieldsRequested);
    expect(engine.plan(parse(`query($id: ID!) { householdVerification(id: $id) { conclusion totalAssetsFen } }`), operation, "hash-5", subject)).toBe(plan);
    const other = engine.plan(document, operation, "hash-5", { ...subject, roles: ["verification_officer"] });
    expect(other).not.toBe(plan);
    expect(analyzer.stats()).toMatchObject({ computed: 1, hits: 2 });
    expect(engine.cacheStats()).toEqual({ size: 2, hits: 1, misses: 2 });
  });
});

describe("the look-ahead: worked out once per executed field, @skip/@include read per request", () => {
  const smallSchema = buildSchema(`
    type Query { household: Household }
    type Household { id: ID members: [Member] income: Int }
    type Member { name: String }
  `);
  const seen: Record<string, unknown>[] = [];
  smallSchema.getQueryType()!.getFields().household!.resolve = (_source, _args, _context, info) => {
    const ahead = selectionLookahead(info);
    seen.push({ members: ahead.has("members"), income: ahead.has("income"), memberName: ahead.under("members").has("name") });
    return { id: "h", members: [{ name: "n" }], income: 1 };
  };

  it("answers each request for its own variables, from the same document", async () => {
    const document = parse(`query($withMembers: Boolean!, $noIncome: Boolean!) {
      household { id ...M @include(if: $withMembers) ... @skip(if: $noIncome) { income } }
    }
    fragment M on Household { members { name } }`);
    const run = (variableValues: Record<string, unknown>) => graphql({ schema: smallSchema, source: document.loc!.source.body, variableValues });
    // The same parsed text each time; the look-ahead index is built from it on the first request.
    await run({ withMembers: true, noIncome: false });
    await run({ withMembers: false, noIncome: true });
    await run({ withMembers: true, noIncome: true });
    expect(seen).toEqual([
      { members: true, income: true, memberName: true },
      { members: false, income: false, memberName: false },
      { members: true, income: false, memberName: true },
    ]);
  });
});

describe("limits read the cached analysis, with variables-dependent costs right per request (HTTP)", () => {
  const keysDir = tempKeysDir();
  let t: TestNode;
  let officer: string;
  beforeAll(async () => {
    t = await startTestNode({ keysDir, env: { MAX_COST: "500", PEERS: "[]" }, fixtures: (p) => insertVerificationFixtures(p, "CHONGQING", 2) });
    officer = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
  });
  afterAll(() => t.stop());

  it("refuses the same operation for a large `first` and runs it again for a small one", async () => {
    const fields = Array.from({ length: 23 }, (_, i) => `f${i}: id`).join(" ");
    const query = `query Page($n: Int) { householdVerifications(filter: {}, first: $n) { edges { node { id ${fields} } } } }`;
    const ask = (n: number) => postGraphql(t.node.url, query, { token: officer, variables: { n }, purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" });
    // 1 + n × 26: 19 → 495 runs, 20 → 521 is refused, 19 again runs (the cost is never frozen by the cache).
    const small = await ask(19);
    expect(small.body.errors).toBeUndefined();
    const large = await ask(20);
    expect(large.status).toBe(400);
    expect(large.body.errors![0].extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "maxCost", actual: 521 });
    const smallAgain = await ask(19);
    expect(smallAgain.body.errors).toBeUndefined();
    expect(smallAgain.body.data).toEqual(small.body.data);
  });
});
