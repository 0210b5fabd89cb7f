import {
  getNullableType,
  isNullableType,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { operationForbidden, purposeRequired } from "../errors";
import type { OperationAnalysis, SelectedField } from "../operation";
import type { PolicyDecider } from "./policyDecider";
import { DEFAULT_DENY_POLICY_ID, MINOR_FIELD } from "./policyModel";
import type { RowEntity } from "../context";
import type { DenyReason, MaskSpec, PolicySubject, RowRule } from "./policyModel";

export const PLACEHOLDER_KEY = "__policyPlaceholder";
/** Response key of the hidden `minor` selection the plan adds under types with a minor rule. */
export const MINOR_MARKER_KEY = "__policyMinor";

export type FieldDecision =
  | { decision: "ALLOWED"; policyId?: string }
  | { decision: "MASKED"; policyId: string; mask: MaskSpec }
  | { decision: "DENIED"; policyId: string; reasonCode: DenyReason };

export interface FieldOutcome {
  /** e.g. householdVerification.household.members.@.idNumber */
  path: string;
  responsePath: string[];
  typeName: string;
  fieldName: string;
  outcome: FieldDecision;
  /** For a denied field: where null is written (itself, or its nearest nullable ancestor; [] = data). */
  nullAt?: string[];
}

/** Everything decided for one operation and one kind of caller, computed once and cached. */
export interface OperationPlan {
  fields: FieldOutcome[];
  denied: FieldOutcome[];
  masked: FieldOutcome[];
  /** Refuses the whole operation (PURPOSE_REQUIRED, or FORBIDDEN on a reject-whole type). */
  refusal?: { code: "PURPOSE_REQUIRED" | "FORBIDDEN"; message: string; policyId: string; reasonCode?: DenyReason };
  /** The operation without denied fields; undefined when nothing is denied. */
  filteredDocument?: DocumentNode;
  /** Response paths whose selection became empty and carry the placeholder. */
  placeholders: string[][];
  /** Root fields that read rows under row rules, with the rules that matched this caller. */
  rowReads: RowRead[];
  /** Stricter outcomes on minors' rows (per row, by the hidden MINOR_MARKER_KEY the plan selects). */
  minorShaping: MinorShaping[];
}

export interface MinorShaping {
  /** Response path of the object (a ReliefRecord, say) whose row may be a minor's. */
  parentPath: string[];
  key: string;
  /** What a minor's row gets instead of the adult outcome. */
  outcome: Exclude<FieldDecision, { decision: "ALLOWED" }>;
  path: string;
}

export interface RowRead {
  /** e.g. Query.reliefRecords */
  rootField: string;
  entity: RowEntity;
  rules: RowRule[];
}

const RANK = { DENIED: 0, MASKED: 1, ALLOWED: 2 } as const;

/** Root fields of GraphQL introspection: released to any authenticated caller when INTROSPECTION is on. */
const INTROSPECTION_ROOTS = new Set(["__schema", "__type"]);
export const INTROSPECTION_POLICY_ID = "introspection";

export interface PlanOptions {
  /** INTROSPECTION is on: `__schema` and `__type` are released (the schema is no subject's data). */
  introspection: boolean;
}

function decideSelected(field: SelectedField, decider: PolicyDecider, subject: PolicySubject, options: PlanOptions): FieldDecision | { refusal: OperationPlan["refusal"] } {
  if (field.depth === 1 && INTROSPECTION_ROOTS.has(field.fieldName) && field.parentType.name === "Query") {
    // With INTROSPECTION off, Apollo's validation refuses these before any plan is made; this is
    // the second lock, so a misconfigured server still never releases them.
    return options.introspection
      ? { decision: "ALLOWED", policyId: INTROSPECTION_POLICY_ID }
      : { decision: "DENIED", policyId: DEFAULT_DENY_POLICY_ID, reasonCode: "OPERATION_NOT_PERMITTED" };
  }
  if (field.depth === 1) {
    const verdict = decider.decideOperation(`${field.parentType.name}.${field.fieldName}`, subject);
    if (verdict.effect === "allow") return { decision: "ALLOWED", policyId: verdict.rule.id };
    if (verdict.effect === "purpose-required") return { refusal: { code: "PURPOSE_REQUIRED", message: verdict.message, policyId: verdict.policyId } };
    return { decision: "DENIED", policyId: verdict.policyId, reasonCode: verdict.reasonCode };
  }
  // On an interface or union, the field is as open as its most restrictive possible type.
  let combined: FieldDecision = { decision: "ALLOWED" };
  for (const type of field.possibleParentTypes) {
    const verdict = decider.decideField(type, field.fieldName, subject);
    const decision: FieldDecision =
      verdict === "public"
        ? { decision: "ALLOWED" }
        : verdict.effect === "allow"
          ? { decision: "ALLOWED", policyId: verdict.policyId }
          : verdict.effect === "mask"
            ? { decision: "MASKED", policyId: verdict.policyId, mask: verdict.mask }
            : { decision: "DENIED", policyId: verdict.policyId, reasonCode: verdict.reasonCode };
    if (RANK[decision.decision] < RANK[combined.decision] || (decision.decision === combined.decision && !combined.policyId)) combined = decision;
  }
  return combined;
}

function nearestNullable(field: SelectedField, byPath: Map<string, SelectedField>): string[] {
  if (isNullableType(field.returnType)) return field.responsePath;
  for (let len = field.responsePath.length - 1; len > 0; len--) {
    const ancestor = byPath.get(field.responsePath.slice(0, len).join("\u0000"));
    if (ancestor && isNullableType(ancestor.returnType)) return ancestor.responsePath;
  }
  return [];
}

/**
 * The operation as executed: denied fields removed (an emptied selection keeps a placeholder),
 * and under each object whose fields are shaped per row for minors, the hidden `minor` selection.
 */
function filterDocument(inlined: OperationDefinitionNode, deniedNodes: Set<FieldNode>, markerPaths: Set<string>): { document: DocumentNode; placeholders: string[][] } {
  const placeholders: string[][] = [];
  const placeholder: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: PLACEHOLDER_KEY }, name: { kind: Kind.NAME, value: "__typename" } };
  const marker: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: MINOR_MARKER_KEY }, name: { kind: Kind.NAME, value: MINOR_FIELD } };
  const path: string[] = [];
  const filtered = visit(inlined, {
    Field: {
      enter(node) {
        if (deniedNodes.has(node)) return null;
        path.push(node.alias?.value ?? node.name.value);
        return undefined;
      },
      leave() {
        path.pop();
      },
    },
    SelectionSet: {
      leave(node: SelectionSetNode, _key, parent) {
        // Only a field's own selection set (never an inline fragment's, whose type may differ).
        if (markerPaths.has(path.join("\u0000")) && parent && !Array.isArray(parent) && (parent as FieldNode).kind === Kind.FIELD) {
          return { ...node, selections: [...node.selections, marker] };
        }
        if (node.selections.length > 0) return undefined;
        placeholders.push([...path]);
        return { ...node, selections: [placeholder] };
      },
    },
  });
  return { document: { kind: Kind.DOCUMENT, definitions: [filtered] }, placeholders };
}

/**
 * Decides every field of an operation for one kind of caller, before execution, on the
 * operation's analysis (its inlined form and selected fields, worked out once for every caller).
 */
export function planOperation(
  decider: PolicyDecider,
  analysis: Pick<OperationAnalysis, "inlined" | "fields">,
  subject: PolicySubject,
  options: PlanOptions = { introspection: false },
): OperationPlan {
  const { inlined, fields: selected } = analysis;
  const byPath = new Map(selected.map((f) => [f.responsePath.join("\u0000"), f]));
  const fields: FieldOutcome[] = [];
  const deniedNodes = new Set<FieldNode>();
  let refusal: OperationPlan["refusal"];

  const rowReads: RowRead[] = [];
  const minorShaping: MinorShaping[] = [];
  for (const field of selected) {
    let decided = decideSelected(field, decider, subject, options);
    if ("refusal" in decided) {
      refusal ??= decided.refusal;
      continue;
    }
    if (field.depth === 1 && decided.decision === "ALLOWED") {
      const read = rowReadOf(field, decider, subject);
      // A root field that reads rows, with no row rule for this caller, reads nothing: denied like a field.
      if (read && read.rules.length === 0) decided = { decision: "DENIED", policyId: DEFAULT_DENY_POLICY_ID, reasonCode: "NO_ROW_RULE" };
      else if (read && !rowReads.some((r) => r.rootField === read.rootField)) rowReads.push(read);
    }
    const outcome: FieldOutcome = { path: field.displayPath, responsePath: field.responsePath, typeName: field.parentType.name, fieldName: field.fieldName, outcome: decided };
    if (decided.decision === "DENIED") {
      outcome.nullAt = nearestNullable(field, byPath);
      deniedNodes.add(field.node);
      const flags = field.possibleParentTypes.map((t) => decider.flagsOf(t)).find((f) => f?.rejectWholeOperation);
      if (flags && !refusal) {
        refusal = { code: "FORBIDDEN", message: `${field.displayPath} is not released to you, and ${field.parentType.name} refuses partial answers`, policyId: decided.policyId, reasonCode: decided.reasonCode };
      }
    }
    fields.push(outcome);
    const minor = minorOutcomeOf(field, decided, decider, subject);
    if (minor) minorShaping.push({ parentPath: field.responsePath.slice(0, -1), key: field.responsePath.at(-1)!, outcome: minor, path: field.displayPath });
  }

  // A field under a denied field is gone with its parent: one error, at the parent, is enough.
  const deniedPrefixes = fields.filter((f) => f.outcome.decision === "DENIED").map((f) => f.responsePath.join("\u0000") + "\u0000");
  const underDenied = (f: FieldOutcome) => deniedPrefixes.some((p) => f.responsePath.join("\u0000").startsWith(p));
  const denied = fields.filter((f) => f.outcome.decision === "DENIED" && !underDenied(f));
  const masked = fields.filter((f) => f.outcome.decision === "MASKED" && !underDenied(f));
  // Minor shaping under a denied field has nothing to shape.
  const shapedForMinors = minorShaping.filter((m) => !deniedPrefixes.some((p) => [...m.parentPath, m.key].join("\u0000").startsWith(p)));
  const plan: OperationPlan = { fields, denied, masked, refusal, placeholders: [], rowReads, minorShaping: shapedForMinors };
  if ((denied.length > 0 || shapedForMinors.length > 0) && !refusal) {
    const markerPaths = new Set(shapedForMinors.map((m) => m.parentPath.join("\u0000")));
    const { document: filteredDocument, placeholders } = filterDocument(inlined, deniedNodes, markerPaths);
    plan.filteredDocument = filteredDocument;
    plan.placeholders = placeholders;
  }
  return plan;
}

/** What a minor's row gets for a field, when stricter than the adult outcome (objects of one concrete type only). */
function minorOutcomeOf(field: SelectedField, adult: FieldDecision, decider: PolicyDecider, subject: PolicySubject): MinorShaping["outcome"] | undefined {
  if (field.depth === 1 || field.possibleParentTypes.length !== 1) return undefined;
  const verdict = decider.decideMinorField(field.parentType.name, field.fieldName, subject, adult.decision === "DENIED");
  if (!verdict || verdict.effect === "allow") return undefined;
  return verdict.effect === "deny"
    ? { decision: "DENIED", policyId: verdict.policyId, reasonCode: verdict.reasonCode }
    : { decision: "MASKED", policyId: verdict.policyId, mask: verdict.mask };
}

/** The row rules a root field reads under, if its operation rule names an entity. */
function rowReadOf(field: SelectedField, decider: PolicyDecider, subject: PolicySubject): RowRead | undefined {
  const rootField = `${field.parentType.name}.${field.fieldName}`;
  const entity = decider.operationRule(rootField)?.rows;
  return entity ? { rootField, entity, rules: decider.rowRulesFor(entity, subject) } : undefined;
}

export function refusalError(refusal: NonNullable<OperationPlan["refusal"]>) {
  return refusal.code === "PURPOSE_REQUIRED"
    ? purposeRequired(refusal.message)
    : operationForbidden(refusal.message, { reasonCode: refusal.reasonCode, policyId: refusal.policyId });
}

export { getNullableType };
