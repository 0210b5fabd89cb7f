import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { PURPOSES, ROLES, type Purpose, type Role } from "../../src/context";
import { applyMask } from "../../src/policy";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

// The expectation for every cell is computed here from the raw YAML, independently of
// src/policy, and compared with what real HTTP returns.

const POLICY = parseYaml(fs.readFileSync(path.resolve(__dirname, "../../policies/verification.yaml"), "utf8"));
type Rule = { id: string; roles: string[]; purposes: string[] | "any"; regions: string; allow?: string[]; mask?: Record<string, string> };
const RULES: Rule[] = POLICY.rules;
const OPERATION = POLICY.operations.find((o: { fields: string[] }) => o.fields.includes("Query.householdVerification"));
const CATALOGUE: Record<string, Record<string, string> | "public"> = POLICY.catalogue;

function expected(role: Role, purpose: Purpose, relation: "same" | "direct-cross", type: string, field: string): { effect: "allow" | "mask" | "deny"; mask?: string } {
  const cls = (CATALOGUE[type] as Record<string, string>)[field];
  if (cls === "public") return { effect: "allow" };
  let best: { effect: "allow" | "mask" | "deny"; mask?: string } = { effect: "deny" };
  for (const rule of RULES) {
    const matches = rule.roles.includes(role) && (rule.purposes === "any" || rule.purposes.includes(purpose)) && relation === "same" && (rule.regions === "any" || rule.regions === "same");
    if (!matches) continue;
    const named = rule.allow?.includes(`${type}.${field}`);
    const wildcard = rule.allow?.includes(`${type}.*`) && !cls.startsWith("sensitive");
    const masked = rule.mask?.[`${type}.${field}`];
    if (masked) best = best.effect === "allow" ? best : { effect: "mask", mask: masked };
    else if (named || wildcard) best = { effect: "allow" };
  }
  return best;
}

const fieldsOf = (type: string) => Object.keys(CATALOGUE[type] as Record<string, string>);
const scalarFields = (type: string, nested: string[]) => fieldsOf(type).filter((f) => !nested.includes(f));
const QUERY = `query Matrix($id: ID!) { householdVerification(id: $id) {
  ${scalarFields("HouseholdVerification", ["household", "incomes", "assets", "agency", "expenditures", "versions", "reportVersion"]).join(" ")}
  agency { name }
  household { ${scalarFields("Household", ["members"]).join(" ")} members { ${fieldsOf("HouseholdMember").join(" ")} } }
  incomes { ${fieldsOf("IncomeItem").join(" ")} }
  assets { ${fieldsOf("AssetItem").join(" ")} }
  expenditures { ${fieldsOf("ExpenditureItem").join(" ")} }
  versions { id }
  reportVersion(number: 1) { id }
} }`;

/** Where each catalogued field sits in the response of QUERY (first list element). */
const LOCATIONS: Array<{ type: string; field: string; at: (string | number)[] }> = [
  ...scalarFields("HouseholdVerification", ["household", "incomes", "assets", "agency", "expenditures", "versions", "reportVersion"]).map((f) => ({ type: "HouseholdVerification", field: f, at: [f] })),
  ...["household", "incomes", "assets", "agency", "expenditures", "versions", "reportVersion"].map((f) => ({ type: "HouseholdVerification", field: f, at: [f] })),
  ...scalarFields("Household", ["members"]).map((f) => ({ type: "Household", field: f, at: ["household", f] })),
  { type: "Household", field: "members", at: ["household", "members"] },
  ...fieldsOf("HouseholdMember").map((f) => ({ type: "HouseholdMember", field: f, at: ["household", "members", 0, f] })),
  ...fieldsOf("IncomeItem").map((f) => ({ type: "IncomeItem", field: f, at: ["incomes", 0, f] })),
  ...fieldsOf("AssetItem").map((f) => ({ type: "AssetItem", field: f, at: ["assets", 0, f] })),
];

const dig = (value: unknown, at: (string | number)[]): unknown => at.reduce<unknown>((v, k) => (v === null || v === undefined ? v : (v as Record<string | number, unknown>)[k]), value);

describe("policy matrix over real HTTP: role × purpose × region × field, from policies/verification.yaml", () => {
  let cq: TestNode;
  let truth: Record<string, unknown>;
  const keysDir = tempKeysDir();
  const printed: string[] = [];

  beforeAll(async () => {
    cq = await startTestNode({ keysDir, fixtures: (prisma) => insertVerificationFixtures(prisma, "CHONGQING", 2) });
    // Ground truth straight from the database (same field names as the GraphQL types).
    truth = (await cq.prisma.householdVerification.findUnique({
      where: { id: "CQ-HV-00000001" },
      include: { agency: true, household: { include: { members: { orderBy: { id: "asc" } } } }, incomes: { orderBy: { id: "asc" } }, assets: { orderBy: { id: "asc" } }, expenditures: true },
    })) as unknown as Record<string, unknown>;
    // Fields computed by the resolver rather than stored: a fixture row has no due date and no later version.
    Object.assign(truth, { reviewStatus: "NOT_SCHEDULED", current: true, versions: [{ id: "CQ-HV-00000001" }], reportVersion: { id: "CQ-HV-00000001" } });
  });
  afterAll(async () => {
    console.log(`policy coverage matrix (A=allow, M=mask, D=deny; same-region callers)\n${printed.join("\n")}`);
    await cq.stop();
  });

  const cells: Array<[Role, Purpose, "same" | "direct-cross"]> = [];
  for (const role of ROLES) for (const purpose of PURPOSES) for (const relation of ["same", "direct-cross"] as const) cells.push([role, purpose, relation]);

  it.each(cells)("%s / %s / %s", async (role, purpose, relation) => {
    const token = await officerToken(keysDir, relation === "same" ? "CHONGQING" : "SICHUAN", [role]);
    const res = await postGraphql(cq.node.url, QUERY, { token, purpose, caseRef: "T-1", variables: { id: "CQ-HV-00000001" } });
    const roleMayCall = OPERATION.roles.includes(role);
    if (!roleMayCall || (relation === "direct-cross")) {
      expect(res.body.data).toEqual({ householdVerification: null });
      expect(res.body.errors![0]).toMatchObject({ path: ["householdVerification"], extensions: { code: "FORBIDDEN", reasonCode: roleMayCall ? "CROSS_REGION_REQUIRES_PEER" : "NO_GRANT_FOR_ROLE" } });
      return;
    }
    if (!OPERATION.purposes.includes(purpose)) {
      expect(res.status).toBe(403);
      expect(res.body.errors![0].extensions!.code).toBe("PURPOSE_REQUIRED");
      expect(res.body.data).toBeUndefined();
      return;
    }
    const got = res.body.data!.householdVerification;
    const row: string[] = [];
    const deniedPaths = new Set((res.body.errors ?? []).map((e) => (e.path ?? []).join(".")));
    for (const loc of LOCATIONS) {
      const want = expected(role, purpose, relation, loc.type, loc.field);
      const parentValue = dig(got, loc.at.slice(0, -1));
      if (parentValue === null) continue; // a denied ancestor already nulled this subtree
      const value = dig(got, loc.at);
      const original = dig(truth, loc.at);
      const composite = typeof original === "object" && original !== null;
      if (want.effect === "allow" && composite) expect(value).not.toBeNull(); // its leaves are cells of their own
      if (want.effect === "allow" && !composite) expect({ [loc.type + "." + loc.field]: value }).toEqual({ [loc.type + "." + loc.field]: original });
      if (want.effect === "mask") {
        const [kind, band] = want.mask!.split(":");
        expect({ [loc.type + "." + loc.field]: value }).toEqual({ [loc.type + "." + loc.field]: applyMask(original, { kind: kind as never, band: band ? Number(band) : undefined }) });
        expect(value).not.toEqual(original);
      }
      if (want.effect === "deny") {
        expect({ [loc.type + "." + loc.field]: value }).toEqual({ [loc.type + "." + loc.field]: null });
        expect([...deniedPaths].some((p) => p.endsWith(loc.field))).toBe(true);
      }
      row.push(`${loc.type}.${loc.field}=${want.effect[0].toUpperCase()}`);
    }
    for (const error of res.body.errors ?? []) {
      expect(error.extensions).toMatchObject({ code: "FORBIDDEN", policyId: expect.any(String), reasonCode: expect.any(String) });
    }
    printed.push(`${role.padEnd(22)} ${purpose.padEnd(16)} ${row.filter((c) => !c.endsWith("=A")).join(" ") || "all allowed"}`);
  });
});
