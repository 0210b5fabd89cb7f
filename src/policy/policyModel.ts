import type { Purpose, Role, RowEntity } from "../context";

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
  /** The kind of row these root fields read; its row rules then decide which rows (`rows:`). */
  rows?: RowEntity;
  source: SourceRef;
}

/**
 * Which rows of an entity a rule lets a caller read, in the style of Hasura's permission filters:
 * `all` (every row this node holds), or the rows whose area column (reached through relations,
 * e.g. household.areaCode) lies in the caller's jurisdiction (`_in: X-Jurisdiction-Areas`), or
 * any of several such conditions (`_or`, for a row with two areas, like a match alert).
 */
export type RowFilter = { kind: "all" } | { kind: "jurisdiction"; path: string[] } | { kind: "any"; filters: RowFilter[] };

export interface RowRule {
  id: string;
  entity: RowEntity;
  roles: Role[];
  purposes: Purpose[] | "any";
  regions: RegionScope;
  filter: RowFilter;
  /** Lookups (by id or identity number) of rows outside the filter: allow, only 协查-requested ones, or deny. */
  outsideLookup: "allow" | "requested" | "deny";
  source: SourceRef;
}

/** Area columns a row rule may filter on, per entity (checked at start-up). */
export const ROW_FILTER_COLUMNS: Record<RowEntity, readonly string[]> = {
  HouseholdVerification: ["household.areaCode", "areaCode"],
  ReliefRecord: ["station.areaCode", "foundAreaCode"],
  MissingPersonReport: ["agency.areaCode", "homeAreaCode"],
  // An alert pairs a record and a report: the areas of both sides are columns of the alert
  // itself (stored when it is raised), because one side may be held by the other province's node.
  MatchAlert: ["reliefRecordAreaCode", "missingReportAreaCode"],
  // A candidate is a row of this node found by a search (a relief record or a report); `areaCode`
  // is its holder's area: the record's station, the report's agency (src/relief applies it).
  FamilySearchCandidate: ["areaCode"],
};

/** The one session variable a row filter may compare with (Hasura's X-Hasura-* style). */
export const JURISDICTION_VARIABLE = "X-Jurisdiction-Areas";

export interface GrantRule {
  id: string;
  roles: Role[];
  purposes: Purpose[] | "any";
  regions: RegionScope;
  allow: string[];
  mask: Record<string, MaskSpec>;
  source: SourceRef;
}

/**
 * Stricter masks for rows of people under 18 (the `minor` tag, applied per row): on a type with a
 * `minor: Boolean` field, a field this rule names is masked or denied on every minor's row, on top
 * of (never instead of) what the grant rules decide; callers matching `exempt` see a minor's row
 * as an adult's. The exemption never covers a caller of the other province.
 */
export interface MinorRule {
  id: string;
  type: string;
  exempt?: { roles: Role[]; purposes: Purpose[] | "any" };
  mask: Record<string, MaskSpec | "deny">;
  source: SourceRef;
}

/** The field every type with a minor rule carries: whether the row is of a person under 18. */
export const MINOR_FIELD = "minor";

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
  rowRules: RowRule[];
  minorRules: MinorRule[];
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
  | "OPERATION_NOT_PERMITTED"
  | "NO_ROW_RULE"
  | "MINOR_PROTECTED";

/** The id reported when no rule granted anything: deny by default. */
export const DEFAULT_DENY_POLICY_ID = "default-deny";
