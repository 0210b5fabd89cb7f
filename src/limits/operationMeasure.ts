import { Kind, type ArgumentNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

export interface OperationMeasure {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

/** List fields take their page size from one of these arguments; otherwise this default. */
const PAGE_ARGUMENTS = new Set(["first", "limit"]);
const DEFAULT_LIST_SIZE = 10;
const INTROSPECTION_FIELDS = new Set(["__schema", "__type"]);

function pageSize(args: readonly ArgumentNode[] | undefined, variables: Record<string, unknown>): number | undefined {
  for (const arg of args ?? []) {
    if (!PAGE_ARGUMENTS.has(arg.name.value)) continue;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) {
      const value = variables[arg.value.name.value];
      if (typeof value === "number") return value;
    }
  }
  return undefined;
}

/**
 * Measures an operation whose fragments are already inlined, so a field reached through a
 * fragment counts wherever it lands (the GraphQL Armor bypasses armor#823/#824 relied on
 * fragments being measured once, or on a fragment *named* like an introspection field).
 * Only real `__schema`/`__type` fields are exempt, and only when introspection is on.
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  options: { variables?: Record<string, unknown>; exemptIntrospection: boolean; listFields: ReadonlySet<string> },
): OperationMeasure {
  const variables = options.variables ?? {};
  let aliases = 0;
  let maxDepth = 0;

  const walk = (set: SelectionSetNode, depth: number, parentType: string | undefined): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(selection.selectionSet, depth, selection.typeCondition?.name.value ?? parentType);
        continue;
      }
      if (selection.kind !== Kind.FIELD) continue;
      if (selection.alias) aliases++;
      if (options.exemptIntrospection && INTROSPECTION_FIELDS.has(selection.name.value)) continue;
      const fieldDepth = depth + 1;
      maxDepth = Math.max(maxDepth, fieldDepth);
      let fieldCost = 1;
      if (selection.selectionSet) {
        const child = walk(selection.selectionSet, fieldDepth, undefined);
        const isList = options.listFields.has(selection.name.value);
        const multiplier = isList ? pageSize(selection.arguments, variables) ?? DEFAULT_LIST_SIZE : 1;
        fieldCost += child * multiplier;
      }
      cost += fieldCost;
    }
    return cost;
  };

  const rootFields = operation.selectionSet.selections.length;
  const cost = walk(operation.selectionSet, 0, undefined);
  return { depth: maxDepth, aliases, rootFields, cost };
}
