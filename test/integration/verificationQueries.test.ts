import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, waitForWarmUp, type TestNode } from "../support/testNode";
import { createPrismaClient } from "../../src/db";
import { seedDemoData } from "../../src/synthetic";
import { startGatewayNode, type GatewayNode } from "../../src/server";

const PURPOSE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };

describe("household verification queries (real HTTP over a real database)", () => {
  let t: TestNode;
  let token: string;

  beforeAll(async () => {
    t = await startTestNode({ fixtures: (prisma) => insertVerificationFixtures(prisma, "CHONGQING", 60) });
    token = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
  });
  afterAll(() => t.stop());

  it("householdVerification returns the result with its household, members, incomes and assets", async () => {
    const res = await postGraphql(t.node.url, `query($id: ID!) { householdVerification(id: $id) {
        id region areaCode conclusion perCapitaIncomeFen standardFen reportNumber agency { name region }
        household { id region members { name idNumber relation } } incomes { source monthlyAmountFen } assets { kind valueFen } } }`,
      { token, variables: { id: "CQ-HV-00000001" }, ...PURPOSE });
    expect(res.body.errors).toBeUndefined();
    const hv = res.body.data!.householdVerification;
    expect(hv).toMatchObject({ id: "CQ-HV-00000001", region: "CHONGQING", areaCode: "500103", conclusion: "ELIGIBLE", perCapitaIncomeFen: 50_050, standardFen: 77_000 });
    expect(hv.agency).toEqual({ name: "重庆市社会救助家庭经济状况核对中心", region: "CHONGQING" });
    expect(hv.household.members.map((m: { idNumber: string }) => m.idNumber)).toEqual([FIXTURE_PEOPLE.zhangWei, FIXTURE_PEOPLE.liuFang]);
    expect(hv.incomes).toEqual([{ source: "WAGES", monthlyAmountFen: 80_100 }, { source: "PENSION", monthlyAmountFen: 20_000 }]);
    expect(hv.assets).toEqual([{ kind: "BANK_DEPOSIT", valueFen: 1_200_000 }]);
  });

  it("householdVerification of an unknown id is null, not an error", async () => {
    const res = await postGraphql(t.node.url, `{ householdVerification(id: "CQ-HV-99999999") { id } }`, { token, ...PURPOSE });
    expect(res.body).toEqual({ data: { householdVerification: null } });
  });

  it("verificationsByIdNumber finds a 5102xx-numbered person registered in Chongqing (region from registration, not the number)", async () => {
    const res = await postGraphql(t.node.url, `query($n: String!) { verificationsByIdNumber(idNumber: $n) { id region household { areaCode } } }`, {
      token,
      variables: { n: FIXTURE_PEOPLE.liuFang },
      ...PURPOSE,
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.verificationsByIdNumber).toEqual([{ id: "CQ-HV-00000001", region: "CHONGQING", household: { areaCode: "500103" } }]);
  });

  it.each([
    ["50010319680412", "length"],
    ["5001031968041210AX", "format"],
    ["990103196804121011", "area"],
    ["500103196802301011", "birth date"],
    [FIXTURE_PEOPLE.zhangWei.slice(0, 17) + (FIXTURE_PEOPLE.zhangWei[17] === "1" ? "2" : "1"), "check character"],
  ])("verificationsByIdNumber(%s) is BAD_USER_INPUT naming the %s problem", async (idNumber, problem) => {
    const res = await postGraphql(t.node.url, `query($n: String!) { verificationsByIdNumber(idNumber: $n) { id } }`, { token, variables: { n: idNumber }, ...PURPOSE });
    expect(res.body.data).toBeNull();
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idNumber" });
    expect(String(res.body.errors![0].extensions!.problem)).toMatch(new RegExp(`^${problem}:`));
  });

  it("householdVerifications pages with stable keyset cursors and no duplicates or gaps", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: Awaited<ReturnType<typeof postGraphql<Record<string, any>>>> = await postGraphql(t.node.url, `query($after: String) { householdVerifications(filter: {}, first: 25, after: $after) {
          edges { cursor node { id completedOn } } pageInfo { hasNextPage endCursor } } }`, { token, variables: { after }, ...PURPOSE });
      expect(res.body.errors).toBeUndefined();
      const conn = res.body.data!.householdVerifications;
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it("filters by conclusion", async () => {
    const res = await postGraphql(t.node.url, `{ householdVerifications(filter: { conclusion: INELIGIBLE }, first: 100) { edges { node { conclusion } } } }`, { token, ...PURPOSE });
    const edges = res.body.data!.householdVerifications.edges;
    expect(edges).toHaveLength(20);
    expect(edges.every((e: { node: { conclusion: string } }) => e.node.conclusion === "INELIGIBLE")).toBe(true);
  });

  it.each([[0], [101]])("rejects first = %i with BAD_USER_INPUT", async (first) => {
    const res = await postGraphql(t.node.url, `query($f: Int) { householdVerifications(filter: {}, first: $f) { edges { cursor } } }`, { token, variables: { f: first }, ...PURPOSE });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });

  it("rejects a forged cursor with BAD_USER_INPUT", async () => {
    const res = await postGraphql(t.node.url, `{ householdVerifications(filter: {}, after: "bm90LWEtY3Vyc29y") { edges { cursor } } }`, { token, ...PURPOSE });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });
});

describe("no N+1: a 50-household page with nested lists", () => {
  it("costs a fixed number of SQL statements, whatever the page size", async () => {
    const statements: string[] = [];
    const t = await startTestNode({ fixtures: (prisma) => insertVerificationFixtures(prisma, "CHONGQING", 60) });
    const counting = createPrismaClient(t.database.url, { onQuery: (sql) => statements.push(sql) });
    let node: GatewayNode | undefined;
    try {
      node = await startGatewayNode({ ...t.config, port: 0 }, { prisma: counting });
      await waitForWarmUp(node.url);
      const token = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
      const query = `query($n: Int) { householdVerifications(filter: {}, first: $n) { edges { node { id agency { name }
          household { members { idNumber } } incomes { monthlyAmountFen } assets { valueFen } } } } }`;
      const countFor = async (n: number) => {
        statements.length = 0;
        const res = await postGraphql(node!.url, query, { token, variables: { n }, ...PURPOSE });
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data!.householdVerifications.edges).toHaveLength(n);
        return statements.filter((s) => /^\s*SELECT/i.test(s)).length;
      };
      const forFifty = await countFor(50);
      const forFive = await countFor(5);
      // page + household + members + incomes + assets + agency = 6 batched SELECTs.
      expect(forFifty).toBeLessThanOrEqual(6);
      expect(forFifty).toBe(forFive);
    } finally {
      await node?.close();
      await counting.$disconnect();
      await t.stop();
    }
  });
});

describe("one lookup reads the relations its operation asks for, in one statement", () => {
  let t: TestNode;
  let node: GatewayNode | undefined;
  let counting: ReturnType<typeof createPrismaClient>;
  let token: string;
  let compliance: string;
  const statements: string[] = [];
  // Prisma's SQLite statements name `main`.`Table`, its PostgreSQL ones "public"."Table"; the
  // household lookup's own statement (src/verification/householdLookupStatement.ts) names "Table".
  const tablesRead = () => new Set(statements.flatMap((s) => [...s.matchAll(/FROM (?:[`"]\w+[`"]\.)?[`"](\w+)[`"]/g)].map((m) => m[1])));
  const statementsReading = (table: string) => statements.filter((s) => new RegExp(`FROM (?:[\`"]\\w+[\`"]\\.)?[\`"]${table}[\`"]`).test(s)).length;

  beforeAll(async () => {
    t = await startTestNode({ fixtures: (prisma) => insertVerificationFixtures(prisma, "CHONGQING", 3) });
    counting = createPrismaClient(t.database.url, { onQuery: (sql) => statements.push(sql) });
    node = await startGatewayNode({ ...t.config, port: 0 }, { prisma: counting });
    await waitForWarmUp(node.url);
    token = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
    compliance = await officerToken(t.keysDir, "CHONGQING", ["compliance_officer"]);
  });
  afterAll(async () => {
    await node?.close();
    await counting.$disconnect();
    await t.stop();
  });

  const lookup = async (query: string, variables: Record<string, unknown> = {}) => {
    statements.length = 0;
    const res = await postGraphql(node!.url, query, { token, variables: { id: "CQ-HV-00000001", ...variables }, ...PURPOSE });
    expect(res.body.errors).toBeUndefined();
    return { data: res.body.data!.householdVerification, requestId: res.headers.get("x-request-id")! };
  };

  it("through aliases and fragments, the same answer as a page gives for the same record", async () => {
    const { data } = await lookup(`query($id: ID!) { householdVerification(id: $id) { ...Parts hh: household { ... on Household { people: members { idNumber } } } } }
      fragment Parts on HouseholdVerification { id agency { name } incomes { monthlyAmountFen } assets { valueFen } }`);
    expect(tablesRead()).toEqual(new Set(["HouseholdVerification", "Household", "HouseholdMember", "Agency", "IncomeItem", "AssetItem"]));
    expect(statementsReading("HouseholdVerification")).toBe(1);
    const page = await postGraphql(node!.url, `{ householdVerifications(filter: {}, first: 3) { edges { node { id agency { name } incomes { monthlyAmountFen } assets { valueFen }
      hh: household { people: members { idNumber } } } } } }`, { token, ...PURPOSE });
    const same = page.body.data!.householdVerifications.edges.map((e: { node: { id: string } }) => e.node).find((n: { id: string }) => n.id === "CQ-HV-00000001");
    expect(data).toEqual(same);
    expect(data.hh.people.map((m: { idNumber: string }) => m.idNumber)).toEqual([FIXTURE_PEOPLE.zhangWei, FIXTURE_PEOPLE.liuFang]);
  });

  it("reads no table the operation does not reach (@skip and @include with variables)", async () => {
    const { data } = await lookup(`query($id: ID!, $members: Boolean!, $money: Boolean!) { householdVerification(id: $id) { id
      household { areaCode members @include(if: $members) { idNumber } } incomes @skip(if: $money) { source } } }`, { members: false, money: true });
    expect(data).toEqual({ id: "CQ-HV-00000001", household: { areaCode: "500103" } });
    expect(tablesRead()).toEqual(new Set(["HouseholdVerification", "Household"]));
  });

  it("names the members in the audit entry only when their data was read", async () => {
    const withMembers = await lookup(`query($id: ID!) { householdVerification(id: $id) { household { members { relation } } } }`);
    const withoutMembers = await lookup(`query($id: ID!) { householdVerification(id: $id) { household { areaCode } } }`);
    const report = await postGraphql(node!.url, `query($n: String!) { subjectAccessReport(idNumber: $n, regions: [CHONGQING]) { requestId } }`, {
      token: compliance, purpose: "AUDIT_REVIEW", caseRef: "AUD-2025-07", variables: { n: FIXTURE_PEOPLE.liuFang },
    });
    expect(report.body.errors).toBeUndefined();
    const requests = report.body.data!.subjectAccessReport.map((e: { requestId: string }) => e.requestId);
    expect(requests).toContain(withMembers.requestId);
    expect(requests).not.toContain(withoutMembers.requestId);
  });
});

describe("a page larger than one statement can bind (MAX_PAGE_SIZE raised)", () => {
  it("answers a 1,200-row page with members, incomes and assets: batches split, none refused", async () => {
    const rows = 1_200;
    const t = await startTestNode({
      env: { MAX_PAGE_SIZE: String(rows), MAX_COST: "100000000", BUDGET_OFFICER_PERSONS_PER_HOUR: "100000", BUDGET_AGENCY_PERSONS_PER_HOUR: "100000" },
      // The synthetic generator: valid, distinct identity numbers at any size (the hand-made fixtures stop near 400).
      fixtures: (prisma) => seedDemoData(prisma, { region: "CHONGQING", households: rows, relief: 0, reports: 0, seed: 7 }).then(() => undefined),
    });
    try {
      const token = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
      const res = await postGraphql(t.node.url, `query($n: Int) { householdVerifications(filter: {}, first: $n) { edges { node { id agency { name }
          household { id members { idNumber } } incomes { monthlyAmountFen } assets { valueFen } } } } }`, { token, variables: { n: rows }, ...PURPOSE });
      expect(res.body.errors).toBeUndefined();
      const edges = res.body.data!.householdVerifications.edges as { node: { household: { members: unknown[] } } }[];
      // Every household generated for the province has a completed verification; the page holds them all.
      expect(edges.length).toBeGreaterThan(1_000);
      expect(edges.every((e) => e.node.household.members.length > 0)).toBe(true);
    } finally {
      await t.stop();
    }
  }, 120_000);
});
