import type { Purpose, Role } from "../context";

export const SENSITIVITY_TAGS = ["financial", "health", "biometric", "dna", "minor", "location"] as const;
export type SensitivityTag = (typeof SENSITIVITY_TAGS)[number];

/** How a catalogued field is classified. */
export type FieldClass = { kind: "public" } | { kind: "personal" } | { kind: "sensitive"; tags: SensitivityTag[] };

export const MASK_KINDS = ["idNumber", "name", "month", "year", "amountBand", "accountRef", "address"] as const;
export type MaskKind = (typeof MASK_KINDS)[number];
export interface MaskSpec {
  kind: MaskKind;
  /** amountBand: band width in fen. */
  band?: number;
}

/** Where a policy element was written, for start-up errors and explanations. */
export interface SourceRef {
  file: string;
  line: number;
}

export type RegionScope = "same" | "cross" | "any";

export interface OperationRule {
  id: string;
  fields: string[];
  roles: Role[] | "any";
  purposes: Purpose[] | "any";
  personalData: boolean;
  source: SourceRef;
}

export interface GrantRule {
  id: string;
  roles: Role[];
  purposes: Purpose[] | "any";
  regions: RegionScope;
  allow: string[];
  mask: Record<string, MaskSpec>;
  source: SourceRef;
}

export interface TypeFlags {
  rejectWholeOperation: boolean;
}

export interface PolicySet {
  /** type → field → class (only types that carry personal data are catalogued). */
  catalogue: Map<string, Map<string, { class: FieldClass; source: SourceRef }>>;
  /** Where each catalogued type was declared. */
  catalogueSources: Map<string, SourceRef>;
  /** Types declared to carry no personal data at all (e.g. PageInfo). */
  publicTypes: Map<string, SourceRef>;
  operations: OperationRule[];
  rules: GrantRule[];
  types: Map<string, TypeFlags>;
  /** A fingerprint of all policy text, part of every cached decision's key. */
  version: string;
}

/** The caller as policy sees them: roles combine; region relation is relative to the node. */
export interface PolicySubject {
  roles: readonly Role[];
  purpose?: Purpose;
  hasCaseRef: boolean;
  /** same: caller's region is the node's; cross: other region via the peer path; direct-cross: other region calling this node directly. */
  regionRelation: "same" | "cross" | "direct-cross";
}

export type FieldVerdict =
  | { effect: "allow"; policyId: string }
  | { effect: "mask"; mask: MaskSpec; policyId: string }
  | { effect: "deny"; policyId: string; reasonCode: DenyReason };

export type DenyReason =
  | "NO_GRANT_FOR_ROLE"
  | "PURPOSE_NOT_PERMITTED"
  | "REGION_NOT_PERMITTED"
  | "CROSS_REGION_REQUIRES_PEER"
  | "SENSITIVE_NOT_NAMED"
  | "OPERATION_NOT_PERMITTED";

/** The id reported when no rule granted anything: deny by default. */
export const DEFAULT_DENY_POLICY_ID = "default-deny";
