import { graphql, type ExecutionResult, type GraphQLSchema } from "graphql";
import { buildSchema, type ContainerType } from "type-graphql";
import { createPrismaClient, type PrismaClient } from "../../src/db";
import type { ResolverClass } from "../../src/context";
import { createStandardsModule, seedAssistanceStandards } from "../../src/standards";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";

// The four queries through graphql-js against the schema built from the standards module alone,
// over a real, migrated and seeded SQLite file. (HTTP tests come with the server assembly.)

let database: TestDatabase;
let prisma: PrismaClient;
let schema: GraphQLSchema;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = createPrismaClient(database.url);
  await seedAssistanceStandards(prisma);
  const module = createStandardsModule(prisma);
  const container: ContainerType = { get: (cls: ResolverClass) => module.instances.get(cls)! };
  schema = await buildSchema({ resolvers: module.resolvers as [ResolverClass, ...ResolverClass[]], container, validate: false });
});

afterAll(async () => {
  await prisma.$disconnect();
  await database.drop();
});

async function run<T = Record<string, any>>(source: string, variableValues: Record<string, unknown> = {}): Promise<ExecutionResult<T>> {
  return (await graphql({ schema, source, variableValues, contextValue: {} })) as ExecutionResult<T>;
}

const STANDARD_FIELDS = "id region areaCode areaScope category amountFen effectiveFrom effectiveTo documentNumber sourceUrl confidence isFloor dataVersion";
const STEP_FIELDS = "ruleId description arithmetic resultFen rounding memberIndex confidence source { title url confidence } standard { amountFen effectiveFrom documentNumber sourceUrl confidence }";
const ASSESSMENT_FIELDS = `region areaCode requestedAreaCode perCapitaIncomeFen ruleVersion perCapitaIncomeSteps { ${STEP_FIELDS} } outcomes { program eligible monthlyAmountFen graceMonths rangeMinFen rangeMaxFen confidence reason steps { ${STEP_FIELDS} } }`;

const ASSESS = `query Assess($input: EligibilityInput!) { assessEligibility(input: $input) { ${ASSESSMENT_FIELDS} } }`;

const workedCheck = (on: string) => ({
  areaCode: "500103",
  on,
  residence: "URBAN",
  members: [{ birthDate: "1980-01-01" }, { birthDate: "1982-05-05" }, { birthDate: "1990-09-09" }],
  incomes: [{ source: "WAGES", monthlyAmountFen: 150_000 }],
});

describe("assistanceStandards", () => {
  it("one area's view on a date, with documents and sources", async () => {
    const result = await run(`{ assistanceStandards(areaCode: "500103", on: "2025-08-01") { ${STANDARD_FIELDS} } }`);
    expect(result.errors).toBeUndefined();
    const byCategory = Object.fromEntries(result.data!.assistanceStandards.map((s: any) => [s.category, s]));
    expect(byCategory.MLG_URBAN).toMatchObject({ id: "CQ-ALL:MLG_URBAN:2025-07-01", region: "CHONGQING", areaCode: "500103", amountFen: 77_000, effectiveFrom: "2025-07-01", effectiveTo: null, documentNumber: "渝民规〔2025〕6号", confidence: "OFFICIAL", isFloor: false });
    expect(byCategory.MLG_RURAL.amountFen).toBe(63_000);
    expect(byCategory.HARDSHIP_BASIC.amountFen).toBe(100_100);
    expect(byCategory.HARDSHIP_CARE_FULL).toMatchObject({ amountFen: 50_000, effectiveFrom: "2024-09-01" });
    expect(byCategory.RELIEF_STATION_LIVING.amountFen).toBe(77_000);
  });

  it("a region's published list: every scope in force, each ending where its next version starts", async () => {
    const result = await run(`{ assistanceStandards(region: SICHUAN, on: "2025-08-01") { ${STANDARD_FIELDS} } }`);
    expect(result.errors).toBeUndefined();
    const list = result.data!.assistanceStandards as any[];
    expect(list.every((s) => s.region === "SICHUAN" && s.areaCode === null)).toBe(true);
    expect(list.map((s) => `${s.areaScope}:${s.category}:${s.amountFen}`)).toEqual(
      expect.arrayContaining(["SC-FLOOR:MLG_URBAN:74000", "510500:MLG_URBAN:78800", "511700:MLG_RURAL:58000", "CHENGDU-CENTRAL:MLG_UNIFIED:99000", "CHENGDU-COUNTY:MLG_UNIFIED:95000"]),
    );
    expect(list.find((s) => s.areaScope === "SC-FLOOR" && s.category === "MLG_URBAN").isFloor).toBe(true);
    const chongqing = await run(`{ assistanceStandards(region: CHONGQING, on: "2025-06-30") { category amountFen effectiveTo } }`);
    expect(chongqing.data!.assistanceStandards.find((s: any) => s.category === "MLG_URBAN")).toEqual({ category: "MLG_URBAN", amountFen: 75_000, effectiveTo: "2025-06-30" });
  });

  it("bad input names the argument", async () => {
    const unknown = await run(`{ assistanceStandards(areaCode: "999999", on: "2025-08-01") { id } }`);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "areaCode" });
    const mismatch = await run(`{ assistanceStandards(region: SICHUAN, areaCode: "500103") { id } }`);
    expect(mismatch.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "areaCode" });
  });
});

describe("compareStandards", () => {
  it("Chongqing and Chengdu side by side, in the order asked", async () => {
    const result = await run(`{ compareStandards(areaCodes: ["500103", "510104", "510903"], on: "2025-08-01") { areaCode areaScope category amountFen confidence isFloor } }`);
    expect(result.errors).toBeUndefined();
    const mlg = (result.data!.compareStandards as any[]).filter((s) => s.category.startsWith("MLG_"));
    expect(mlg).toEqual([
      { areaCode: "500103", areaScope: "CQ-ALL", category: "MLG_URBAN", amountFen: 77_000, confidence: "OFFICIAL", isFloor: false },
      { areaCode: "500103", areaScope: "CQ-ALL", category: "MLG_RURAL", amountFen: 63_000, confidence: "OFFICIAL", isFloor: false },
      { areaCode: "510104", areaScope: "CHENGDU-CENTRAL", category: "MLG_UNIFIED", amountFen: 99_000, confidence: "SECONDARY", isFloor: false },
      { areaCode: "510903", areaScope: "SC-FLOOR", category: "MLG_URBAN", amountFen: 74_000, confidence: "OFFICIAL", isFloor: true },
      { areaCode: "510903", areaScope: "SC-FLOOR", category: "MLG_RURAL", amountFen: 53_300, confidence: "OFFICIAL", isFloor: true },
    ]);
  });

  it("names the bad element of the list", async () => {
    const result = await run(`{ compareStandards(areaCodes: ["500103", "12"]) { id } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "areaCodes[1]" });
  });
});

describe("assessEligibility", () => {
  it("the issue's worked check: 81,000 fen on 2025-08-01, 75,000 fen on 2025-06-30, each with its steps and sources", async () => {
    const august = await run(ASSESS, { input: workedCheck("2025-08-01") });
    expect(august.errors).toBeUndefined();
    const assessment = august.data!.assessEligibility;
    expect(assessment).toMatchObject({ region: "CHONGQING", areaCode: "500103", perCapitaIncomeFen: 50_000 });
    const mlg = assessment.outcomes.find((o: any) => o.program === "MLG");
    expect(mlg).toMatchObject({ eligible: true, monthlyAmountFen: 81_000, confidence: "OFFICIAL" });
    expect(mlg.steps.map((s: any) => s.arithmetic)).toContain("(77000 − 50000) × 3 = 81000");
    expect(mlg.steps[0].standard).toMatchObject({ amountFen: 77_000, effectiveFrom: "2025-07-01", documentNumber: "渝民规〔2025〕6号" });
    const june = await run(ASSESS, { input: workedCheck("2025-06-30") });
    expect(june.data!.assessEligibility.outcomes.find((o: any) => o.program === "MLG").monthlyAmountFen).toBe(75_000);
  });

  it("bad input → BAD_USER_INPUT naming the field path", async () => {
    const negative = await run(ASSESS, { input: { ...workedCheck("2025-08-01"), incomes: [{ source: "WAGES", monthlyAmountFen: -100 }] } });
    expect(negative.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.incomes[0].monthlyAmountFen" });
    const unknownArea = await run(ASSESS, { input: { ...workedCheck("2025-08-01"), areaCode: "999999" } });
    expect(unknownArea.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.areaCode" });
    const tooEarly = await run(ASSESS, { input: workedCheck("2023-08-31") });
    expect(tooEarly.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.on" });
    expect(tooEarly.errors?.[0]?.message).toContain("2023-09-01");
  });
});

describe("compareEligibility", () => {
  it("the same household on both sides of the border", async () => {
    const result = await run(`query Compare($input: EligibilityInput!, $areas: [String!]!) { compareEligibility(input: $input, areaCodes: $areas) { ${ASSESSMENT_FIELDS} } }`, {
      input: workedCheck("2025-08-01"),
      areas: ["500103", "510104", "510502"],
    });
    expect(result.errors).toBeUndefined();
    const [chongqing, chengdu, luzhou] = result.data!.compareEligibility;
    const mlgAmount = (a: any) => a.outcomes.find((o: any) => o.program === "MLG").monthlyAmountFen;
    expect([chongqing.region, chengdu.region, luzhou.region]).toEqual(["CHONGQING", "SICHUAN", "SICHUAN"]);
    expect(mlgAmount(chongqing)).toBe(81_000); // (77,000 − 50,000) × 3
    expect(mlgAmount(chengdu)).toBe(147_000); // (99,000 − 50,000) × 3
    expect(mlgAmount(luzhou)).toBe(86_400); // (78,800 − 50,000) × 3
    expect(chengdu.ruleVersion).toBe("SC-RULES-2023-07-01");
  });

  it("names the bad compared area by its index", async () => {
    const result = await run(`query Compare($input: EligibilityInput!) { compareEligibility(input: $input, areaCodes: ["500103", "000000"]) { areaCode } }`, { input: workedCheck("2025-08-01") });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "areaCodes[1]" });
  });
});
