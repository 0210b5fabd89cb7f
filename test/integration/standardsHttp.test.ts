import { seedAssistanceStandards } from "../../src/standards";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

describe("standards and eligibility over real HTTP", () => {
  const keysDir = tempKeysDir();
  let t: TestNode;
  let token: string;
  beforeAll(async () => {
    t = await startTestNode({ keysDir, fixtures: async (prisma) => void (await seedAssistanceStandards(prisma)) });
    token = await officerToken(keysDir, "CHONGQING", ["relief_officer"]); // any authenticated caller
  });
  afterAll(() => t.stop());

  const household = (on: string) => ({
    areaCode: "500103",
    on,
    residence: "URBAN",
    members: [{ birthDate: "1970-01-01" }, { birthDate: "1972-01-01" }, { birthDate: "1995-01-01" }],
    incomes: [{ source: "WAGES", monthlyAmountFen: 150_000 }],
  });
  const ASSESS = `query($input: EligibilityInput!) { assessEligibility(input: $input) { region areaCode perCapitaIncomeFen outcomes { program eligible monthlyAmountFen steps { ruleId } } } }`;

  it("reproduces the issue's worked check: 81,000 fen on 2025-08-01 (770-yuan standard), 75,000 fen on 2025-06-30", async () => {
    const august = await postGraphql(t.node.url, ASSESS, { token, variables: { input: household("2025-08-01") } });
    expect(august.body.errors).toBeUndefined();
    const a = august.body.data!.assessEligibility;
    expect(a).toMatchObject({ region: "CHONGQING", areaCode: "500103", perCapitaIncomeFen: 50_000 });
    expect(a.outcomes.find((o: { program: string }) => o.program === "MLG")).toMatchObject({ eligible: true, monthlyAmountFen: 81_000 });
    const june = await postGraphql(t.node.url, ASSESS, { token, variables: { input: household("2025-06-30") } });
    expect(june.body.data!.assessEligibility.outcomes.find((o: { program: string }) => o.program === "MLG").monthlyAmountFen).toBe(75_000);
  });

  it("names the field of bad input", async () => {
    const bad = { ...household("2025-08-01"), incomes: [{ source: "WAGES", monthlyAmountFen: -1 }] };
    const res = await postGraphql(t.node.url, ASSESS, { token, variables: { input: bad } });
    expect(res.body.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.incomes[0].monthlyAmountFen" });
  });

  it("compares standards across the border, with sources", async () => {
    const res = await postGraphql(t.node.url, `{ compareStandards(areaCodes: ["500103", "510104"], on: "2025-08-01") { areaScope category amountFen documentNumber confidence } }`, { token });
    expect(res.body.errors).toBeUndefined();
    const rows = res.body.data!.compareStandards as Array<{ areaScope: string; category: string; amountFen: number; documentNumber: string | null }>;
    expect(rows.find((r) => r.category === "MLG_URBAN" && r.amountFen === 77_000)).toMatchObject({ documentNumber: "渝民规〔2025〕6号" });
    expect(rows.some((r) => r.areaScope !== "CQ-ALL")).toBe(true);
  });
});
