import { seedDemoData } from "../../src/synthetic";
import { HouseholdLookupStatement, type VerificationRelations } from "../../src/verification";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, type TestNode } from "../support/testNode";
import { composeIdentityNumber } from "../../src/identity";

// The household lookup's one statement (src/verification/householdLookupStatement.ts) must return
// exactly what Prisma's own `include` returns — every column, type and order — for every row, on
// SQLite and PostgreSQL (TEST_DATABASE=postgresql), for every relation set an operation can ask.

const ALL: VerificationRelations = { household: true, members: true, agency: true, incomes: true, assets: true };
const RELATION_SETS: VerificationRelations[] = [
  ALL,
  { household: false, members: false, agency: false, incomes: false, assets: false },
  { household: true, members: false, agency: true, incomes: false, assets: true },
  { household: false, members: false, agency: false, incomes: true, assets: false },
];

const PUBLISH = `mutation($input: PublishHouseholdVerificationInput!) { publishHouseholdVerification(input: $input) { verificationId } }`;
const WITHDRAW = `mutation($ref: String!, $why: String!) { withdrawHouseholdVerification(externalRef: $ref, reason: $why) { verificationId } }`;

describe("the household lookup in one statement", () => {
  let t: TestNode;
  let ids: string[];
  beforeAll(async () => {
    t = await startTestNode({
      region: "CHONGQING",
      // The demo seed registers the province's agencies too, the verification centre CQ-AG-00000001 among them.
      fixtures: async (prisma) => void (await seedDemoData(prisma, { region: "CHONGQING", households: 60, relief: 0, reports: 0, seed: 7 })),
    });
    // A published and then withdrawn result: verifiedAt, withdrawnAt, publishedBy and a student member are set.
    const centre = await officerToken(t.keysDir, "CHONGQING", ["verification_centre"], { agency: "CQ-AG-00000001", sub: "cq-hdzx" });
    const head = composeIdentityNumber("500106", "1980-03-04", "FEMALE", 602);
    const child = composeIdentityNumber("500106", "2012-05-06", "MALE", 603);
    const input = {
      externalRef: "R-STATEMENT-1",
      program: "MLG",
      conclusion: "ELIGIBLE",
      requestedOn: "2025-01-02",
      verifiedAt: "2025-01-10T10:00:00+08:00",
      standardFen: 75_000,
      household: {
        areaCode: "500106",
        residence: "URBAN",
        members: [
          { idNumber: head, name: "测试甲", birthDate: "1980-03-04", relation: "HEAD", seriousIllness: true },
          { idNumber: child, name: "测试乙", birthDate: "2012-05-06", relation: "CHILD", student: true },
        ],
      },
      incomes: [{ memberIdNumber: head, source: "WAGES", dataSource: "TAX", monthlyAmountFen: 50_000 }],
    };
    const published = await postGraphql(t.node.url, PUBLISH, { token: centre, purpose: "VERIFICATION_PUBLISH", caseRef: "CQ-HDZX-1", variables: { input } });
    expect(published.body.errors).toBeUndefined();
    const withdrawn = await postGraphql(t.node.url, WITHDRAW, { token: centre, purpose: "VERIFICATION_PUBLISH", caseRef: "CQ-HDZX-1", variables: { ref: "R-STATEMENT-1", why: "数据源更正" } });
    expect(withdrawn.body.errors).toBeUndefined();
    ids = (await t.prisma.householdVerification.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((r) => r.id);
  }, 120_000);
  afterAll(() => t.stop());

  async function byInclude(id: string, relations: VerificationRelations, inScope: Record<string, unknown> = {}) {
    const found = await t.prisma.householdVerification.findFirst({
      where: { AND: [{ id }, inScope] },
      include: {
        household: relations.household ? { include: { members: relations.members ? { orderBy: { id: "asc" } } : false } } : false,
        agency: relations.agency,
        incomes: relations.incomes ? { orderBy: { id: "asc" } } : false,
        assets: relations.assets ? { orderBy: { id: "asc" } } : false,
      },
    });
    if (!found) return null;
    const { household, agency, incomes, assets, ...verification } = found as typeof found & Record<string, unknown>;
    const { members, ...householdRow } = (household ?? {}) as Record<string, unknown>;
    return {
      verification,
      ...(relations.household ? { household: householdRow } : {}),
      ...(relations.household && relations.members ? { members } : {}),
      ...(relations.agency ? { agency } : {}),
      ...(relations.incomes ? { incomes } : {}),
      ...(relations.assets ? { assets } : {}),
    };
  }

  it("returns what Prisma's include returns, for every verification and relation set", async () => {
    expect(ids.length).toBeGreaterThan(60);
    const statement = new HouseholdLookupStatement(t.prisma);
    let compared = 0;
    for (const relations of RELATION_SETS) {
      for (const id of ids) {
        expect(await statement.read(id, relations)).toStrictEqual(await byInclude(id, relations));
        compared++;
      }
    }
    expect(compared).toBe(ids.length * RELATION_SETS.length);
  });

  it("covers the columns that need converting: date-times set and unset, booleans true and false", async () => {
    const statement = new HouseholdLookupStatement(t.prisma);
    const withdrawn = await t.prisma.householdVerification.findFirstOrThrow({ where: { reportNumber: "R-STATEMENT-1" } });
    const read = (await statement.read(withdrawn.id, ALL))!;
    expect(read.verification.withdrawnAt).toBeInstanceOf(Date);
    expect(read.verification.verifiedAt).toEqual(new Date("2025-01-10T02:00:00Z"));
    expect(read.household!.createdAt).toBeInstanceOf(Date);
    const flags = Object.fromEntries(read.members!.map((m) => [m.name, [m.seriousIllness, m.student]]));
    expect(flags).toEqual({ 测试甲: [true, false], 测试乙: [false, true] });
    const seeded = (await statement.read(ids.find((id) => id !== withdrawn.id)!, ALL))!;
    expect(seeded.verification.withdrawnAt).toBeNull();
  });

  it("applies a row rule's condition in the same statement, with the rows Prisma's where gives, and falls back to Prisma for a shape it does not know", async () => {
    const statement = new HouseholdLookupStatement(t.prisma);
    const areas = [...new Set((await t.prisma.householdVerification.findMany({ select: { areaCode: true } })).map((r) => r.areaCode))].sort();
    expect(areas.length).toBeGreaterThan(2);
    const scopes: Record<string, unknown>[] = [
      { areaCode: { in: areas.slice(0, 2) } },
      { household: { areaCode: { in: [areas[0]] } } },
      { household: { areaCode: { startsWith: areas[1].slice(0, 4) } } },
      { OR: [{ areaCode: { in: [areas[2]] } }, { household: { areaCode: { startsWith: areas[0].slice(0, 4) } } }] },
      { areaCode: { in: [] } },
      { conclusion: "ELIGIBLE" }, // not a row-rule shape: Prisma decides, the statement reads
    ];
    let inside = 0;
    let outside = 0;
    for (const inScope of scopes) {
      for (const id of ids) {
        const expected = await byInclude(id, ALL, inScope);
        expect(await statement.read(id, ALL, inScope)).toStrictEqual(expected);
        if (expected) inside++;
        else outside++;
      }
    }
    expect(inside).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);
  });

  it("returns null for an id that does not exist", async () => {
    expect(await new HouseholdLookupStatement(t.prisma).read("HV-NO-SUCH-ID", ALL)).toBeNull();
  });
});
