import {
  getNullableType,
  isNullableType,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { operationForbidden, purposeRequired } from "../errors";
import { inlineFragments, selectedFields, type SelectedField } from "../operation";
import type { PolicyDecider } from "./policyDecider";
import type { DenyReason, MaskSpec, PolicySubject } from "./policyModel";

export const PLACEHOLDER_KEY = "__policyPlaceholder";

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
}

const RANK = { DENIED: 0, MASKED: 1, ALLOWED: 2 } as const;

function decideSelected(field: SelectedField, decider: PolicyDecider, subject: PolicySubject): FieldDecision | { refusal: OperationPlan["refusal"] } {
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

function filterDocument(inlined: OperationDefinitionNode, deniedNodes: Set<FieldNode>): { document: DocumentNode; placeholders: string[][] } {
  const placeholders: string[][] = [];
  const placeholder: FieldNode = { kind: Kind.FIELD, alias: { kind: Kind.NAME, value: PLACEHOLDER_KEY }, name: { kind: Kind.NAME, value: "__typename" } };
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
      leave(node: SelectionSetNode) {
        if (node.selections.length > 0) return undefined;
        placeholders.push([...path]);
        return { ...node, selections: [placeholder] };
      },
    },
  });
  return { document: { kind: Kind.DOCUMENT, definitions: [filtered] }, placeholders };
}

/** Decides every field of an operation for one kind of caller, before execution. */
export function planOperation(
  schema: GraphQLSchema,
  decider: PolicyDecider,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  subject: PolicySubject,
): OperationPlan {
  const inlined = inlineFragments(document, operation);
  const selected = selectedFields(schema, inlined);
  const byPath = new Map(selected.map((f) => [f.responsePath.join("\u0000"), f]));
  const fields: FieldOutcome[] = [];
  const deniedNodes = new Set<FieldNode>();
  let refusal: OperationPlan["refusal"];

  for (const field of selected) {
    const decided = decideSelected(field, decider, subject);
    if ("refusal" in decided) {
      refusal ??= decided.refusal;
      continue;
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
  }

  // A field under a denied field is gone with its parent: one error, at the parent, is enough.
  const deniedPrefixes = fields.filter((f) => f.outcome.decision === "DENIED").map((f) => f.responsePath.join("\u0000") + "\u0000");
  const underDenied = (f: FieldOutcome) => deniedPrefixes.some((p) => f.responsePath.join("\u0000").startsWith(p));
  const denied = fields.filter((f) => f.outcome.decision === "DENIED" && !underDenied(f));
  const masked = fields.filter((f) => f.outcome.decision === "MASKED" && !underDenied(f));
  const plan: OperationPlan = { fields, denied, masked, refusal, placeholders: [] };
  if (denied.length > 0 && !refusal) {
    const { document: filteredDocument, placeholders } = filterDocument(inlined, deniedNodes);
    plan.filteredDocument = filteredDocument;
    plan.placeholders = placeholders;
  }
  return plan;
}

export function refusalError(refusal: NonNullable<OperationPlan["refusal"]>) {
  return refusal.code === "PURPOSE_REQUIRED"
    ? purposeRequired(refusal.message)
    : operationForbidden(refusal.message, { reasonCode: refusal.reasonCode, policyId: refusal.policyId });
}

export { getNullableType };
