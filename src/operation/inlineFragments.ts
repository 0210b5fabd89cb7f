import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";

/** Fragment definitions by name: a document's, or a resolver's `info.fragments`. */
export type FragmentsByName = Readonly<Record<string, FragmentDefinitionNode>> | ReadonlyMap<string, FragmentDefinitionNode>;

const fragmentNamed = (fragments: FragmentsByName, name: string): FragmentDefinitionNode | undefined =>
  fragments instanceof Map ? fragments.get(name) : (fragments as Readonly<Record<string, FragmentDefinitionNode>>)[name];

/**
 * A selection set with every fragment spread replaced by an inline fragment of the same type
 * condition (the spread's directives kept on it), recursively. The one fragment inlining of the
 * codebase: the operation's analysis (policy, limits, audit) and the forwards to a peer (which
 * send one root field as a standalone operation, without the fragment definitions) both use it.
 * Validation has already refused cycles; the depth guard is a second fence.
 */
export function inlineSelectionSet(set: SelectionSetNode, fragments: FragmentsByName, depth = 0): SelectionSetNode {
  if (depth > 200) throw new Error("fragment nesting too deep");
  const selections: SelectionNode[] = set.selections.map((selection) => {
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragmentNamed(fragments, selection.name.value);
      if (!fragment) throw new Error(`unknown fragment ${selection.name.value}`);
      return {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: fragment.typeCondition,
        directives: selection.directives,
        selectionSet: inlineSelectionSet(fragment.selectionSet, fragments, depth + 1),
      };
    }
    if (!selection.selectionSet) return selection;
    return { ...selection, selectionSet: inlineSelectionSet(selection.selectionSet, fragments, depth + 1) } as SelectionNode;
  });
  return { ...set, selections };
}

/**
 * The operation with its fragments inlined. Checks that look at "the fields an operation selects"
 * (policy, limits) run on this form, so a field reached through a fragment — or through the same
 * fragment spread many times — is seen, and counted, wherever it lands.
 */
export function inlineFragments(document: DocumentNode, operation: OperationDefinitionNode): OperationDefinitionNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return { ...operation, selectionSet: inlineSelectionSet(operation.selectionSet, fragments) };
}
