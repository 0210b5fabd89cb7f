import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "../../src/db";
import { createPolicyEngine, PolicyError } from "../../src/policy";
import { buildGatewaySchema, gatewayModules } from "../../src/server";

const POLICIES = path.resolve(__dirname, "../../policies");
/** The assistance purposes as verification.yaml lists them. */
const ASSISTANCE = "[MLG_REVIEW, HARDSHIP_REVIEW, TEMP_ASSISTANCE, LOW_INCOME_MONITORING, SPECIAL_AID_MEDICAL, SPECIAL_AID_EDUCATION, SPECIAL_AID_HOUSING, SPECIAL_AID_EMPLOYMENT, EXPENDITURE_HARDSHIP]";

async function schema() {
  return buildGatewaySchema(gatewayModules(createPrismaClient(`file:${path.join(os.tmpdir(), "policy-startup.db")}`), "CHONGQING"));
}

/** A copy of policies/ with one file's text changed. */
function policiesWith(file: string, edit: (text: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policies-"));
  const target = path.join(dir, "policies");
  fs.cpSync(POLICIES, target, { recursive: true });
  fs.writeFileSync(path.join(target, file), edit(fs.readFileSync(path.join(target, file), "utf8")));
  return target;
}

function lineOf(dir: string, file: string, needle: string): number {
  return fs.readFileSync(path.join(dir, file), "utf8").split("\n").findIndex((l) => l.includes(needle)) + 1;
}

describe("start-up validation of policies/ names file and line", () => {
  it("accepts the committed policies", async () => {
    expect(() => createPolicyEngine(null as never, POLICIES)).toThrow(); // a schema is required…
    const engine = createPolicyEngine(await schema(), POLICIES); // …and with one, the files are complete
    expect(engine.policy.rules.length).toBeGreaterThan(0);
  });

  const cases: Array<[string, (t: string) => string, string, RegExp]> = [
    ["an unknown role", (t) => t.replace(`roles: [assistance_caseworker]\n    purposes: ${ASSISTANCE}\n    regions: same`, `roles: [social_worker]\n    purposes: ${ASSISTANCE}\n    regions: same`), "social_worker", /roles\.0/],
    ["an unknown purpose", (t) => t.replace(`purposes: ${ASSISTANCE}\n    regions: cross`, "purposes: [SNOOPING]\n    regions: cross"), "SNOOPING", /purposes/],
    ["an unknown type", (t) => t.replace("  Household:\n", "  Houshold:\n"), "Houshold:", /unknown type Houshold/],
    ["an unknown field", (t) => t.replace("    accountRef: sensitive:financial", "    accountNo: sensitive:financial"), "accountNo:", /unknown field AssetItem\.accountNo/],
    ["a personal field no rule grants", (t) => t.replace("      - HouseholdMember.*\n", "").replace("      - HouseholdMember.student\n", ""), "    student: personal", /HouseholdMember\.student is personal data and no rule grants or masks it/],
    ["a sensitive field only covered by a wildcard", (t) => t.replaceAll("      - HouseholdMember.disabilityGrade\n", ""), "disabilityGrade: sensitive:health", /sensitive data and no rule names it/],
    ["an unknown mask", (t) => t.replace("AssetItem.accountRef: accountRef", "AssetItem.accountRef: scramble"), "scramble", /unknown mask "scramble"/],
  ];

  it.each(cases)("refuses %s", async (_what, edit, needle, message) => {
    const dir = policiesWith("verification.yaml", edit);
    const line = lineOf(dir, "verification.yaml", needle);
    const s = await schema();
    let error: unknown;
    try {
      createPolicyEngine(s, dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(new RegExp(`^policies/verification\\.yaml:${line}: `));
  });

  it("refuses a field of a catalogued type left unclassified (a new schema field cannot slip through)", async () => {
    const dir = policiesWith("verification.yaml", (t) => t.replace("    student: personal\n", ""));
    await expect(schema().then((s) => createPolicyEngine(s, dir))).rejects.toThrow(/HouseholdMember\.student is not classified/);
  });

  it("refuses a personal field that is non-null in the schema", async () => {
    const dir = policiesWith("verification.yaml", (t) => t.replace("    reportNumber: public", "    reportNumber: personal"));
    await expect(schema().then((s) => createPolicyEngine(s, dir))).rejects.toThrow(/reportNumber carries personal data and must be nullable in the schema \(it is String!\)/);
  });

  it("refuses a root field with no operation rule", async () => {
    const dir = policiesWith("gateway.yaml", (t) => t.replace("fields: [Query.me]", "fields: []"));
    await expect(schema().then((s) => createPolicyEngine(s, dir))).rejects.toThrow(/gateway\.yaml/);
  });
});

describe("decisions are made once per operation and cached", () => {
  it("a repeated operation, with other variables, hits the cache", async () => {
    const s = await schema();
    const engine = createPolicyEngine(s, POLICIES);
    const { parse, getOperationAST } = await import("graphql");
    const text = `query($id: ID!) { householdVerification(id: $id) { conclusion totalAssetsFen } }`;
    const document = parse(text);
    const op = getOperationAST(document)!;
    const subject = { roles: ["assistance_caseworker" as const], purpose: "MLG_REVIEW" as const, hasCaseRef: true, regionRelation: "same" as const };
    const first = engine.plan(document, op, "h1", subject);
    const second = engine.plan(document, op, "h1", subject);
    expect(second).toBe(first);
    expect(engine.cacheStats()).toMatchObject({ hits: 1, misses: 1 });
    engine.plan(document, op, "h1", { ...subject, roles: ["verification_officer"] });
    expect(engine.cacheStats()).toMatchObject({ hits: 1, misses: 2 });
  });
});
