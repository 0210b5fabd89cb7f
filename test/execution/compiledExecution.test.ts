import { buildSchema, parse } from "graphql";
import type { Role } from "../../src/context";
import type { PrismaClient } from "../../src/db";
import { createOperationExecutor } from "../../src/execution";
import { seedAssistanceStandards } from "../../src/standards";
import { seedDemoData } from "../../src/synthetic";
import { postGraphql, type GraphqlResponse } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, waitForWarmUp, type TestNode } from "../support/testNode";

/**
 * graphql-jit must give the answers graphql-js gives. Two Chongqing nodes over identically seeded
 * databases, one compiling operations (the default) and one interpreting them; every operation of
 * the corpus is sent to both as every role, and the answers must be equal to the byte: data,
 * masks, denied-field errors, validation errors, aliases, fragments, variables, skip/include.
 */

const SEED = { region: "CHONGQING" as const, households: 40, relief: 80, reports: 40, seed: 20261207, progress: false };

interface Operation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  purpose?: string;
}

const ROLES: Role[][] = [["verification_officer"], ["assistance_caseworker"], ["relief_officer"], ["police_liaison"], ["compliance_officer"]];
const PURPOSES: Record<string, string> = {
  verification_officer: "MLG_REVIEW",
  assistance_caseworker: "MLG_REVIEW",
  relief_officer: "FAMILY_SEARCH",
  police_liaison: "FAMILY_SEARCH",
  compliance_officer: "AUDIT_REVIEW",
};

const HOUSEHOLD_FIELDS = `fragment Hv on HouseholdVerification {
  id region areaCode conclusion perCapitaIncomeFen standardFen reportNumber memberCount completedOn program
  agency { name region }
  household { id areaCode members { name idNumber birthDate gender relation disabilityGrade } }
  incomes { source monthlyAmountFen }
  assets { kind valueFen }
}`;

function corpus(ids: { verification: string; idNumber: string; relief: string }): Operation[] {
  return [
    { name: "lookup with fragment and aliases", query: `query($id: ID!) { a: householdVerification(id: $id) { ...Hv } b: householdVerification(id: $id) { id renamed: areaCode } } ${HOUSEHOLD_FIELDS}`, variables: { id: ids.verification } },
    { name: "lookup of an unknown id", query: `{ householdVerification(id: "CQ-HV-99999999") { id } }` },
    { name: "by identity number", query: `query($n: String!) { verificationsByIdNumber(idNumber: $n) { ...Hv } } ${HOUSEHOLD_FIELDS}`, variables: { n: ids.idNumber } },
    { name: "invalid identity number", query: `query($n: String!) { verificationsByIdNumber(idNumber: $n) { id } }`, variables: { n: "500103196802301011" } },
    { name: "a page of results with skip/include", query: `query($more: Boolean!) { householdVerifications(filter: {}, first: 15) { edges { cursor node { id conclusion household @include(if: $more) { members { name } } } } pageInfo { hasNextPage endCursor } } }`, variables: { more: true } },
    { name: "the same page without the included part", query: `query($more: Boolean!) { householdVerifications(filter: {}, first: 15) { edges { cursor node { id conclusion household @include(if: $more) { members { name } } } } pageInfo { hasNextPage endCursor } } }`, variables: { more: false } },
    { name: "relief record by id", query: `query($id: ID!) { reliefRecord(id: $id) { id region stationId gender apparentAgeMin apparentAgeMax foundAreaCode foundOn health dnaSampleRef identityStatus disposition features placeNamesSpoken __typename } }`, variables: { id: ids.relief } },
    { name: "relief records page", query: `{ reliefRecords(filter: {}, first: 10) { edges { node { id region reportedName idNumber heightCm } } pageInfo { hasNextPage } } }` },
    { name: "family search", query: `query($r: MissingPersonInput!) { familySearch(report: $r, limit: 5) { rank matchWeight aboveAlertThreshold region comparisons { attribute weight } reliefRecord { id reportedName health } } }`, variables: { r: { name: "张伟", gender: "MALE", birthYear: 1958, lastSeenAreaCode: "500103", lastSeenOn: "2026-09-01" } } },
    { name: "family search for a record", query: `query($id: ID!) { familySearchForRecord(reliefRecordId: $id, limit: 5) { rank matchWeight missingPersonReport { id name } } }`, variables: { id: ids.relief } },
    { name: "standards (no personal data)", purpose: "STANDARDS", query: `{ assistanceStandards(region: CHONGQING, on: "2026-06-01") { id category amountFen areaScope effectiveFrom sourceUrl confidence } }` },
    { name: "eligibility", purpose: "STANDARDS", query: `{ compareStandards(areaCodes: ["500103", "510104"], on: "2026-06-01") { region category amountFen } }` },
    { name: "who am I", query: `{ me { __typename } }` },
    { name: "a bad variable", query: `query($n: String!) { verificationsByIdNumber(idNumber: $n) { id } }`, variables: { n: 42 } },
    { name: "match alerts", query: `{ matchAlerts(first: 5) { edges { node { id status matchWeight reliefRecord { id } } } } }` },
  ];
}

/** Parts of an answer that differ between two nodes for reasons other than execution. */
function comparable(response: GraphqlResponse): unknown {
  const { extensions: _receipts, ...body } = response.body;
  return { status: response.status, body };
}

describe("compiled execution (graphql-jit) answers exactly as graphql-js", () => {
  let compiled: TestNode;
  let interpreted: TestNode;
  let operations: Operation[];
  const keysDir = tempKeysDir();

  beforeAll(async () => {
    const fixtures = async (prisma: PrismaClient) => {
      await seedDemoData(prisma, SEED);
      await seedAssistanceStandards(prisma);
    };
    [compiled, interpreted] = await Promise.all([
      startTestNode({ keysDir, fixtures }),
      startTestNode({ keysDir, fixtures, env: { EXECUTION_ENGINE: "graphql-js" } }),
    ]);
    await Promise.all([waitForWarmUp(compiled.node.url), waitForWarmUp(interpreted.node.url)]);
    const verification = await interpreted.prisma.householdVerification.findFirstOrThrow({ orderBy: { id: "asc" }, include: { household: { include: { members: true } } } });
    const relief = await interpreted.prisma.reliefRecord.findFirstOrThrow({ where: { region: "CHONGQING" }, orderBy: { id: "asc" } });
    operations = corpus({ verification: verification.id, idNumber: verification.household.members[0].idNumber, relief: relief.id });
  }, 120_000);
  afterAll(async () => Promise.all([compiled?.stop(), interpreted?.stop()]));

  // A corpus answered only with refusals would prove nothing: count the answers that carry data.
  const answeredWithData: Record<string, number> = {};

  it.each(ROLES.map((roles) => [roles[0], roles]))("every operation of the corpus, as %s", async (role, roles) => {
    const token = await officerToken(keysDir, "CHONGQING", roles);
    answeredWithData[role] = 0;
    for (const op of operations) {
      const call = { token, variables: op.variables, purpose: op.purpose ?? PURPOSES[roles[0]], caseRef: "CQ-MLG-2026-0001" };
      const [jit, js] = await Promise.all([postGraphql(compiled.node.url, op.query, call), postGraphql(interpreted.node.url, op.query, call)]);
      expect({ op: op.name, answer: comparable(jit) }).toEqual({ op: op.name, answer: comparable(js) });
      const data = jit.body.data;
      if (data && Object.values(data).some((v) => v !== null && !(Array.isArray(v) && v.length === 0))) answeredWithData[role] += 1;
    }
  });

  it("the corpus is not all refusals: each working role got data from most of it", () => {
    const working = ["verification_officer", "assistance_caseworker", "relief_officer", "police_liaison"];
    expect(working.filter((role) => !(answeredWithData[role] >= 6))).toEqual([]);
  });

  it("the corpus really ran on both engines", async () => {
    const token = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
    const answered = await postGraphql(compiled.node.url, operations[0].query, { token, variables: operations[0].variables, purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2026-0001" });
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data!.a.household.members.length).toBeGreaterThan(0);
    const metricsOf = async (node: TestNode) => (await fetch(`${node.node.url}/metrics`)).text();
    expect(await metricsOf(compiled)).toMatch(/gateway_graphql_executions_total\{engine="jit",node="CHONGQING"\} [1-9]/);
    expect(await metricsOf(compiled)).not.toMatch(/gateway_graphql_executions_total\{engine="graphql-js"/);
    expect(await metricsOf(interpreted)).toMatch(/gateway_graphql_executions_total\{engine="graphql-js",node="CHONGQING"\} [1-9]/);
  });
});

describe("operations graphql-jit cannot run fall back to graphql-js", () => {
  const schema = buildSchema(`directive @defer(label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
    type Query { greeting: String }`);
  const resolvers = { greeting: "你好" };

  it("compiles a plain query once per document and reuses it", async () => {
    const executor = createOperationExecutor(schema, "jit");
    const document = parse("{ greeting }");
    expect(executor.planOf(document, undefined)).toBeUndefined();
    await expect(executor.execute({ document, operationName: undefined, variables: undefined, contextValue: {}, rootValue: resolvers })).resolves.toEqual({ data: { greeting: "你好" } });
    expect(executor.planOf(document, undefined)).toEqual({ engine: "jit" });
  });

  it("runs an operation with @defer on graphql-js, and says why", async () => {
    const executor = createOperationExecutor(schema, "jit");
    const document = parse("{ ... @defer { greeting } }");
    await expect(executor.execute({ document, operationName: undefined, variables: undefined, contextValue: {}, rootValue: resolvers })).resolves.toEqual({ data: { greeting: "你好" } });
    expect(executor.planOf(document, undefined)).toEqual({ engine: "graphql-js", reason: "@defer/@stream" });
  });

  it("answers variables that do not coerce with graphql-js's error, which names the variable's node", async () => {
    const executor = createOperationExecutor(buildSchema("type Query { echo(text: String!): String }"), "jit");
    const document = parse("query($t: String!) { echo(text: $t) }");
    const result = await executor.execute({ document, operationName: undefined, variables: { t: 42 }, contextValue: {}, rootValue: {} });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].message).toBe('Variable "$t" got invalid value 42; String cannot represent a non string value: 42');
    expect(result.errors?.[0].nodes?.[0].kind).toBe("VariableDefinition");
  });

  it("runs a document with several operations and no name on graphql-js, with graphql-js's error", async () => {
    const executor = createOperationExecutor(schema, "jit");
    const document = parse("query A { greeting } query B { greeting }");
    const result = await executor.execute({ document, operationName: undefined, variables: undefined, contextValue: {}, rootValue: resolvers });
    expect(result.errors?.[0].message).toBe("Must provide operation name if query contains multiple operations.");
    expect(executor.planOf(document, undefined)).toEqual({ engine: "graphql-js", reason: "no single operation to compile" });
  });
});
