import {
  DEFAULT_DENY_POLICY_ID,
  type DenyReason,
  type FieldClass,
  type FieldVerdict,
  type GrantRule,
  type MaskSpec,
  type OperationRule,
  type PolicySet,
  type PolicySubject,
  type RowRule,
  type MinorRule,
} from "./policyModel";
import type { RowEntity } from "../context";

interface Grant {
  rule: GrantRule;
  effect: "allow" | "mask";
  mask?: MaskSpec;
}

export type OperationVerdict =
  | { effect: "allow"; rule: OperationRule }
  | { effect: "deny"; policyId: string; reasonCode: DenyReason }
  | { effect: "purpose-required"; policyId: string; message: string };

const EFFECT_RANK = { deny: 0, mask: 1, allow: 2 } as const;

function rolesMatch(ruleRoles: readonly string[] | "any", subject: PolicySubject): boolean {
  return ruleRoles === "any" || subject.roles.some((r) => ruleRoles.includes(r));
}

function purposeMatches(purposes: readonly string[] | "any", subject: PolicySubject): boolean {
  return purposes === "any" || (subject.purpose !== undefined && purposes.includes(subject.purpose));
}

function regionMatches(rule: Pick<GrantRule, "regions">, subject: PolicySubject): boolean {
  if (subject.regionRelation === "direct-cross") return false; // the other province's data only through its node
  return rule.regions === "any" || rule.regions === subject.regionRelation;
}

/**
 * Answers "may this caller see Type.field, and how" from the policy set. Indexes grants by field
 * once, at start-up; a decision is then a scan of the few rules that name the field.
 */
export class PolicyDecider {
  private readonly grants = new Map<string, Grant[]>();
  private readonly operations = new Map<string, OperationRule>();

  constructor(private readonly policy: PolicySet) {
    for (const op of policy.operations) for (const field of op.fields) this.operations.set(field, op);
    for (const rule of policy.rules) {
      for (const entry of rule.allow) for (const field of this.expand(entry)) this.addGrant(field, { rule, effect: "allow" });
      for (const [field, mask] of Object.entries(rule.mask)) this.addGrant(field, { rule, effect: "mask", mask });
    }
  }

  /** `Type.*` covers the type's public and personal fields — never a sensitive one. */
  private expand(entry: string): string[] {
    const [type, field] = entry.split(".");
    if (field !== "*") return [entry];
    const fields = this.policy.catalogue.get(type);
    if (!fields) return [];
    return [...fields].filter(([, c]) => c.class.kind !== "sensitive").map(([name]) => `${type}.${name}`);
  }

  private addGrant(field: string, grant: Grant): void {
    const list = this.grants.get(field) ?? [];
    const existing = list.findIndex((g) => g.rule === grant.rule);
    // Within one rule an explicit mask overrides a wildcard allow of the same field.
    if (existing >= 0) {
      if (grant.effect === "mask") list[existing] = grant;
    } else list.push(grant);
    this.grants.set(field, list);
  }

  classOf(type: string, field: string): FieldClass | undefined {
    return this.policy.catalogue.get(type)?.get(field)?.class;
  }

  isCatalogued(type: string): boolean {
    return this.policy.catalogue.has(type);
  }

  flagsOf(type: string) {
    return this.policy.types.get(type);
  }

  operationRule(rootField: string): OperationRule | undefined {
    return this.operations.get(rootField);
  }

  decideOperation(rootField: string, subject: PolicySubject): OperationVerdict {
    const rule = this.operations.get(rootField);
    if (!rule) return { effect: "deny", policyId: DEFAULT_DENY_POLICY_ID, reasonCode: "OPERATION_NOT_PERMITTED" };
    if (!rolesMatch(rule.roles, subject)) return { effect: "deny", policyId: rule.id, reasonCode: "NO_GRANT_FOR_ROLE" };
    if (rule.personalData && subject.regionRelation === "direct-cross") {
      return { effect: "deny", policyId: rule.id, reasonCode: "CROSS_REGION_REQUIRES_PEER" };
    }
    if (rule.personalData && (!subject.purpose || !subject.hasCaseRef)) {
      return { effect: "purpose-required", policyId: rule.id, message: `${rootField} returns personal data: send X-Purpose and X-Case-Ref` };
    }
    if (!purposeMatches(rule.purposes, subject)) {
      return { effect: "purpose-required", policyId: rule.id, message: `purpose ${subject.purpose ?? "(none)"} is not permitted for ${rootField} with your roles` };
    }
    return { effect: "allow", rule };
  }

  /** The minor rule of a type, unless the caller is exempt from it (same-region callers only). */
  minorRuleFor(type: string, subject: PolicySubject): MinorRule | undefined {
    const rule = this.policy.minorRules.find((r) => r.type === type);
    if (!rule) return undefined;
    const exempt = rule.exempt && subject.regionRelation === "same" && rolesMatch(rule.exempt.roles, subject) && purposeMatches(rule.exempt.purposes, subject);
    return exempt ? undefined : rule;
  }

  /**
   * The verdict on a minor's row: the adult verdict made stricter by the minor rule — a denial
   * stays, `deny` denies, a mask replaces a release or a looser mask. Undefined: same as an adult's.
   */
  decideMinorField(type: string, field: string, subject: PolicySubject, adultDenied: boolean): FieldVerdict | undefined {
    const rule = this.minorRuleFor(type, subject);
    const stricter = rule?.mask[field];
    if (!rule || !stricter || adultDenied) return undefined;
    if (stricter === "deny") return { effect: "deny", policyId: rule.id, reasonCode: "MINOR_PROTECTED" };
    return { effect: "mask", mask: stricter, policyId: rule.id };
  }

  /** The row rules of an entity that match a caller (none: the caller reads no row of it). */
  rowRulesFor(entity: RowEntity, subject: PolicySubject): RowRule[] {
    return this.policy.rowRules.filter(
      (rule) => rule.entity === entity && rolesMatch(rule.roles, subject) && purposeMatches(rule.purposes, subject) && regionMatches(rule, subject),
    );
  }

  /** Verdict for a non-root field; "public" when the field carries no personal data. */
  decideField(type: string, field: string, subject: PolicySubject): FieldVerdict | "public" {
    const cls = this.classOf(type, field);
    if (!cls || cls.kind === "public") return "public";
    const grants = this.grants.get(`${type}.${field}`) ?? [];
    let best: FieldVerdict | undefined;
    for (const grant of grants) {
      if (!rolesMatch(grant.rule.roles, subject) || !purposeMatches(grant.rule.purposes, subject) || !regionMatches(grant.rule, subject)) continue;
      const verdict: FieldVerdict =
        grant.effect === "allow" ? { effect: "allow", policyId: grant.rule.id } : { effect: "mask", mask: grant.mask!, policyId: grant.rule.id };
      if (!best || EFFECT_RANK[verdict.effect] > EFFECT_RANK[best.effect]) best = verdict;
    }
    return best ?? this.denial(type, field, cls, grants, subject);
  }

  /** The most specific reason nothing matched, and the rule that came closest. */
  private denial(type: string, field: string, cls: FieldClass, grants: Grant[], subject: PolicySubject): FieldVerdict {
    const byRole = grants.filter((g) => rolesMatch(g.rule.roles, subject));
    if (byRole.length === 0) {
      const coveredByWildcard = cls.kind === "sensitive" && this.policy.rules.some((r) => r.allow.includes(`${type}.*`) && rolesMatch(r.roles, subject));
      return { effect: "deny", policyId: DEFAULT_DENY_POLICY_ID, reasonCode: coveredByWildcard ? "SENSITIVE_NOT_NAMED" : "NO_GRANT_FOR_ROLE" };
    }
    const byPurpose = byRole.filter((g) => purposeMatches(g.rule.purposes, subject));
    if (byPurpose.length === 0) return { effect: "deny", policyId: byRole[0].rule.id, reasonCode: "PURPOSE_NOT_PERMITTED" };
    const reasonCode: DenyReason = subject.regionRelation === "direct-cross" ? "CROSS_REGION_REQUIRES_PEER" : "REGION_NOT_PERMITTED";
    return { effect: "deny", policyId: byPurpose[0].rule.id, reasonCode };
  }
}
