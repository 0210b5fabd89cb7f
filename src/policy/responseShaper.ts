import type { GraphQLFormattedError } from "graphql";
import { applyMask } from "./masks";
import { PLACEHOLDER_KEY, type OperationPlan } from "./operationPlan";

type Json = Record<string, unknown>;

/** Calls `visit(parent, key)` for every object reached by `path` (descending through lists). */
function forEachAt(node: unknown, path: string[], visitLeaf: (parent: Json, key: string) => void): void {
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    for (const item of node) forEachAt(item, path, visitLeaf);
    return;
  }
  if (typeof node !== "object") return;
  const [head, ...rest] = path;
  if (rest.length === 0) {
    visitLeaf(node as Json, head);
    return;
  }
  forEachAt((node as Json)[head], rest, visitLeaf);
}

/**
 * Applies a plan to an executed result: masks released values, writes null where denied fields
 * were removed (or at their nearest nullable ancestor), and drops placeholders. Work is
 * proportional to the planned paths, not to the whole response.
 */
export function shapeData(data: Json | null | undefined, plan: OperationPlan): Json | null {
  if (!data) return data ?? null;
  for (const field of plan.masked) {
    if (field.outcome.decision !== "MASKED") continue;
    const mask = field.outcome.mask;
    forEachAt(data, field.responsePath, (parent, key) => {
      if (key in parent) parent[key] = applyMask(parent[key], mask);
    });
  }
  for (const path of plan.placeholders) {
    if (path.length === 0) delete data[PLACEHOLDER_KEY];
    else forEachAt(data, [...path, PLACEHOLDER_KEY], (parent, key) => delete parent[key]);
  }
  for (const field of plan.denied) {
    const nullAt = field.nullAt ?? field.responsePath;
    if (nullAt.length === 0) return null;
    forEachAt(data, nullAt, (parent, key) => {
      parent[key] = null;
    });
  }
  return data;
}

/** One FORBIDDEN error per denied field (list positions shown as "@"), with rule and reason. */
export function deniedFieldErrors(plan: OperationPlan): GraphQLFormattedError[] {
  return plan.denied.map((field) => {
    const outcome = field.outcome as { policyId: string; reasonCode: string };
    return {
      message: `${field.path} is not released to you (${outcome.reasonCode})`,
      path: field.path.split("."),
      extensions: { code: "FORBIDDEN", reasonCode: outcome.reasonCode, policyId: outcome.policyId },
    };
  });
}
