import type { GraphQLFormattedError } from "graphql";
import { applyMask } from "./masks";
import { MINOR_MARKER_KEY, PLACEHOLDER_KEY, type MinorShaping, type OperationPlan } from "./operationPlan";

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
export function shapeData(
  data: Json | null | undefined,
  plan: OperationPlan,
  options: { keepMinorMarkers?: boolean; onMinorShaped?: (entry: MinorShaping) => void } = {},
): Json | null {
  if (!data) return data ?? null;
  if (plan.minorShaping.length > 0) shapeMinorsRows(data, plan.minorShaping, options.keepMinorMarkers ?? false, options.onMinorShaped ?? (() => undefined));
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

/**
 * On every object whose row is a minor's, the minor outcome of each shaped field (on top of the
 * adult mask already applied). A row whose marker is missing or null counts as a minor's: closed.
 * The marker leaves the answer, unless a peer forwarded the request (its node shapes again).
 */
function shapeMinorsRows(data: Json, shaping: MinorShaping[], keepMarkers: boolean, onShaped: (entry: MinorShaping) => void): void {
  const byParent = new Map<string, MinorShaping[]>();
  for (const entry of shaping) {
    const key = entry.parentPath.join("\u0000");
    byParent.set(key, [...(byParent.get(key) ?? []), entry]);
  }
  for (const entries of byParent.values()) {
    forEachAt(data, [...entries[0].parentPath, MINOR_MARKER_KEY], (row) => {
      if (row[MINOR_MARKER_KEY] !== false) {
        for (const entry of entries) {
          if (!(entry.key in row)) continue;
          row[entry.key] = entry.outcome.decision === "DENIED" ? null : applyMask(row[entry.key], entry.outcome.mask);
          onShaped(entry);
        }
      }
      if (!keepMarkers) delete row[MINOR_MARKER_KEY];
    });
  }
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
