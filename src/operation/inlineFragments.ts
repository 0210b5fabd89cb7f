import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * The operation with every fragment spread replaced by an inline fragment of the same type
 * condition, recursively. Checks that look at "the fields an operation selects" (policy, limits)
 * run on this form, so a field reached through a fragment — or through the same fragment spread
 * many times — is seen, and counted, wherever it lands. Validation has already refused cycles;
 * the depth guard is a second fence.
 */
export function inlineFragments(document: DocumentNode, operation: OperationDefinitionNode): OperationDefinitionNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const inlineSet = (set: SelectionSetNode, depth: number): SelectionSetNode => {
    if (depth > 200) throw new Error("fragment nesting too deep");
    const selections: SelectionNode[] = set.selections.map((selection) => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) throw new Error(`unknown fragment ${selection.name.value}`);
        return {
          kind: Kind.INLINE_FRAGMENT,
          typeCondition: fragment.typeCondition,
          directives: selection.directives,
          selectionSet: inlineSet(fragment.selectionSet, depth + 1),
        };
      }
      if (!selection.selectionSet) return selection;
      return { ...selection, selectionSet: inlineSet(selection.selectionSet, depth + 1) } as SelectionNode;
    });
    return { ...set, selections };
  };

  return { ...operation, selectionSet: inlineSet(operation.selectionSet, 0) };
}
