import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PURPOSES, ROLES, ROW_ENTITIES, type Purpose, type Role } from "../../src/context";
import { createPrismaClient } from "../../src/db";
import { createPolicyEngine, type MaskSpec, type PolicyEngine, type PolicySubject } from "../../src/policy";
import { buildGatewaySchema, gatewayModules } from "../../src/server";

// The generated consistency matrix: every role × purpose × region relation (home, or across the
// border through the peer) × classified field of every policy file, adults' and minors' rows.
// It asserts the three promises of docs/authorization.md on the decisions the engine itself makes:
//   1. nobody sees more of a field across the border than at home;
//   2. a caseworker never sees more than a verification officer;
//   3. a compliance officer sees no subject data;
// and that a minor's row never shows more than an adult's.
//
// "Sees more" is an order on what a field releases: full > a partial mask > denied. Between two
// masks of one field: a month reveals more than a year, a narrower amount band more than a wider
// one, the same mask the same; two different kinds of mask cannot be ordered, and count as
// "more" here, so a policy that mixes them fails until someone orders them on purpose.

type Level = { kind: "full" } | { kind: "mask"; mask: MaskSpec } | { kind: "denied" };
type Relation = "same" | "cross";

const CATEGORY = { denied: 0, mask: 1, full: 2 } as const;

function revealsMore(a: Level, b: Level): boolean {
  if (CATEGORY[a.kind] !== CATEGORY[b.kind]) return CATEGORY[a.kind] > CATEGORY[b.kind];
  if (a.kind !== "mask" || b.kind !== "mask") return false;
  if (a.mask.kind === b.mask.kind) return a.mask.kind === "amountBand" ? (a.mask.band ?? 1) < (b.mask.band ?? 1) : false;
  if (a.mask.kind === "month" && b.mask.kind === "year") return true;
  if (a.mask.kind === "year" && b.mask.kind === "month") return false;
  return true;
}

const show = (l: Level) => (l.kind === "mask" ? `mask ${l.mask.kind}${l.mask.band ? `:${l.mask.band}` : ""}` : l.kind);

let engine: PolicyEngine;
let schema: Awaited<ReturnType<typeof buildGatewaySchema>>;
const POLICIES = path.resolve(__dirname, "../../policies");

beforeAll(async () => {
  schema = await buildGatewaySchema(gatewayModules(createPrismaClient(`file:${path.join(os.tmpdir(), "mask-consistency.db")}`), "CHONGQING"));
  engine = createPolicyEngine(schema, POLICIES);
});

function subject(role: Role, purpose: Purpose, relation: Relation): PolicySubject {
  return { roles: [role], purpose, hasCaseRef: true, regionRelation: relation };
}

/** What a caller gets of Type.field on an adult's row, or on a minor's. */
function levelOf(s: PolicySubject, type: string, field: string, minor: boolean, e: PolicyEngine = engine): Level {
  const adult = e.decider.decideField(type, field, s);
  const base: Level = adult === "public" || adult.effect === "allow" ? { kind: "full" } : adult.effect === "mask" ? { kind: "mask", mask: adult.mask } : { kind: "denied" };
  if (!minor) return base;
  const stricter = e.decider.decideMinorField(type, field, s, base.kind === "denied");
  if (!stricter) return base;
  return stricter.effect === "deny" ? { kind: "denied" } : stricter.effect === "mask" ? { kind: "mask", mask: stricter.mask } : base;
}

function classifiedFields(e: PolicyEngine = engine): Array<{ type: string; field: string; minorRows: boolean[] }> {
  const out: Array<{ type: string; field: string; minorRows: boolean[] }> = [];
  const minorTypes = new Set(e.policy.minorRules.map((r) => r.type));
  for (const [type, fields] of e.policy.catalogue) {
    for (const [field, entry] of fields) {
      if (entry.class.kind === "public") continue;
      out.push({ type, field, minorRows: minorTypes.has(type) ? [false, true] : [false] });
    }
  }
  return out;
}

function moreAcrossTheBorder(e: PolicyEngine): string[] {
  const violations: string[] = [];
  for (const { type, field, minorRows } of classifiedFields(e))
    for (const minor of minorRows)
      for (const role of ROLES)
        for (const purpose of PURPOSES) {
          const home = levelOf(subject(role, purpose, "same"), type, field, minor, e);
          const cross = levelOf(subject(role, purpose, "cross"), type, field, minor, e);
          if (revealsMore(cross, home)) violations.push(`${role}/${purpose} ${type}.${field}${minor ? " (minor)" : ""}: across ${show(cross)} > home ${show(home)}`);
        }
  return violations;
}

function caseworkerOverOfficer(e: PolicyEngine): string[] {
  const violations: string[] = [];
  for (const { type, field, minorRows } of classifiedFields(e))
    for (const minor of minorRows)
      for (const purpose of PURPOSES)
        for (const relation of ["same", "cross"] as const) {
          const caseworker = levelOf(subject("assistance_caseworker", purpose, relation), type, field, minor, e);
          const officer = levelOf(subject("verification_officer", purpose, relation), type, field, minor, e);
          if (revealsMore(caseworker, officer)) violations.push(`${purpose}/${relation} ${type}.${field}${minor ? " (minor)" : ""}: caseworker ${show(caseworker)} > officer ${show(officer)}`);
        }
  return violations;
}

describe("generated consistency matrix over policies/ (every role × purpose × region relation × classified field)", () => {
  it("covers every classified field of every catalogued type, with minors' rows where a minor rule exists", () => {
    const fields = classifiedFields();
    expect(fields.length).toBeGreaterThan(60);
    expect(fields.filter((f) => f.minorRows.length === 2).map((f) => f.type)).toEqual(expect.arrayContaining(["ReliefRecord", "MissingPersonReport"]));
  });

  it("nobody sees more of a field across the border than at home", () => {
    expect(moreAcrossTheBorder(engine)).toEqual([]);
  });

  it("catches the policy as it was before issue 18 (the caseworker rule for any region)", () => {
    // The committed policies with the caseworker's home rule widened to both relations, as it was.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policies-before-18-"));
    fs.cpSync(POLICIES, dir, { recursive: true });
    const file = path.join(dir, "verification.yaml");
    const text = fs.readFileSync(file, "utf8");
    const widened = text.replace(/(- id: verification\.caseworker\.conclusions\n(?:.*\n){2}) {4}regions: same/, "$1    regions: any");
    expect(widened).not.toBe(text);
    fs.writeFileSync(file, widened);
    const before = createPolicyEngine(schema, dir);
    expect(caseworkerOverOfficer(before)).toEqual(
      expect.arrayContaining(["MLG_REVIEW/cross HouseholdMember.name: caseworker full > officer mask name", "MLG_REVIEW/cross HouseholdMember.birthDate: caseworker mask month > officer mask year"]),
    );
  });

  it("a caseworker never sees more than a verification officer (same purpose, same relation)", () => {
    expect(caseworkerOverOfficer(engine)).toEqual([]);
  });

  it("the caseworker case of issue 18: across the border a caseworker gets 刘*-style names and the birth year, as an officer does", () => {
    const caseworker = subject("assistance_caseworker", "MLG_REVIEW", "cross");
    expect(levelOf(caseworker, "HouseholdMember", "name", false)).toEqual({ kind: "mask", mask: { kind: "name" } });
    expect(levelOf(caseworker, "HouseholdMember", "birthDate", false)).toEqual({ kind: "mask", mask: { kind: "year" } });
    expect(levelOf(caseworker, "Household", "address", false)).toEqual({ kind: "denied" });
  });

  it("a compliance officer sees no subject data, for any purpose, home or across", () => {
    const released: string[] = [];
    for (const { type, field, minorRows } of classifiedFields())
      for (const minor of minorRows)
        for (const purpose of PURPOSES)
          for (const relation of ["same", "cross"] as const) {
            const level = levelOf(subject("compliance_officer", purpose, relation), type, field, minor);
            if (level.kind !== "denied") released.push(`${purpose}/${relation} ${type}.${field}: ${show(level)}`);
          }
    expect(released).toEqual([]);
  });

  it("a minor's row never shows more than an adult's, for anyone", () => {
    const violations: string[] = [];
    for (const { type, field, minorRows } of classifiedFields()) {
      if (minorRows.length < 2) continue;
      for (const role of ROLES)
        for (const purpose of PURPOSES)
          for (const relation of ["same", "cross"] as const) {
            const s = subject(role, purpose, relation);
            const minor = levelOf(s, type, field, true);
            const adult = levelOf(s, type, field, false);
            if (revealsMore(minor, adult)) violations.push(`${role}/${purpose}/${relation} ${type}.${field}: minor ${show(minor)} > adult ${show(adult)}`);
          }
    }
    expect(violations).toEqual([]);
  });

  it("rows follow the same order: no more outside the jurisdiction across the border than at home, nor for a caseworker than an officer", () => {
    const rank = { deny: 0, requested: 1, allow: 2 } as const;
    const outside = (role: Role, purpose: Purpose, relation: Relation, entity: (typeof ROW_ENTITIES)[number]) => {
      const rules = engine.decider.rowRulesFor(entity, subject(role, purpose, relation));
      return rules.length === 0 ? -1 : Math.max(...rules.map((r) => rank[r.outsideLookup]));
    };
    const violations: string[] = [];
    for (const entity of ROW_ENTITIES)
      for (const purpose of PURPOSES) {
        for (const role of ROLES) if (outside(role, purpose, "cross", entity) > outside(role, purpose, "same", entity)) violations.push(`${entity} ${role}/${purpose}: across > home`);
        for (const relation of ["same", "cross"] as const)
          if (outside("assistance_caseworker", purpose, relation, entity) > outside("verification_officer", purpose, relation, entity)) violations.push(`${entity} ${purpose}/${relation}: caseworker > officer`);
        for (const relation of ["same", "cross"] as const)
          if (outside("compliance_officer", purpose, relation, entity) >= 0) violations.push(`${entity} ${purpose}/${relation}: compliance officer reads rows`);
      }
    expect(violations).toEqual([]);
  });

  it("orders masks as documented", () => {
    expect(revealsMore({ kind: "full" }, { kind: "mask", mask: { kind: "name" } })).toBe(true);
    expect(revealsMore({ kind: "mask", mask: { kind: "name" } }, { kind: "denied" })).toBe(true);
    expect(revealsMore({ kind: "mask", mask: { kind: "month" } }, { kind: "mask", mask: { kind: "year" } })).toBe(true);
    expect(revealsMore({ kind: "mask", mask: { kind: "year" } }, { kind: "mask", mask: { kind: "month" } })).toBe(false);
    expect(revealsMore({ kind: "mask", mask: { kind: "amountBand", band: 10_000 } }, { kind: "mask", mask: { kind: "amountBand", band: 50_000 } })).toBe(true);
    expect(revealsMore({ kind: "mask", mask: { kind: "name" } }, { kind: "mask", mask: { kind: "idNumber" } })).toBe(true); // unordered: flagged
  });
});
