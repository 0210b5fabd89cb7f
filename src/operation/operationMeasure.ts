import { Kind, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

export interface OperationMeasure {
  depth: number;
  aliases: number;
  rootFields: number;
}

const INTROSPECTION_FIELDS = new Set(["__schema", "__type"]);

/**
 * Measures an operation whose fragments are already inlined, so a field reached through a
 * fragment counts wherever it lands (the GraphQL Armor bypasses armor#823/#824 relied on
 * fragments being measured once, or on a fragment *named* like an introspection field).
 * Only real `__schema`/`__type` fields are exempt, and only when introspection is on.
 * Cost is weighed separately (operationCost.ts), on the same inlined operation.
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  options: { exemptIntrospection: boolean },
): OperationMeasure {
  let aliases = 0;
  let maxDepth = 0;

  const walk = (set: SelectionSetNode, depth: number): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth);
        continue;
      }
      if (selection.kind !== Kind.FIELD) continue;
      if (selection.alias) aliases++;
      if (options.exemptIntrospection && INTROSPECTION_FIELDS.has(selection.name.value)) continue;
      const fieldDepth = depth + 1;
      maxDepth = Math.max(maxDepth, fieldDepth);
      if (selection.selectionSet) walk(selection.selectionSet, fieldDepth);
    }
  };

  walk(operation.selectionSet, 0);
  return { depth: maxDepth, aliases, rootFields: operation.selectionSet.selections.length };
}
