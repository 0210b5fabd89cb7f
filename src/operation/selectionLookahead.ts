import {
  getNamedType,
  isObjectType,
  Kind,
  type DirectiveNode,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from "graphql";
import { inlineSelectionSet, type FragmentsByName } from "./inlineFragments";

/**
 * What the operation asks for below the field being resolved, one level at a time, by field name
 * (aliases merged), after fragments and @skip/@include — so a resolver can read in one go what
 * its children would otherwise each fetch (the lookahead PostGraphile and Hasura plan with).
 * It sees the document as executed: the policy plugin has already removed denied fields.
 */
export interface SelectionLookahead {
  has(fieldName: string): boolean;
  /** The selection under `fieldName` (empty when it is not selected or is a leaf). */
  under(fieldName: string): SelectionLookahead;
}

const NOTHING: SelectionLookahead = { has: () => false, under: () => NOTHING };

/** One child field occurrence, with the @skip/@include directives met on the way to it (the field's own included). */
interface ChildOccurrence {
  node: FieldNode;
  conditions: readonly DirectiveNode[];
}

/** A field node's children by field name; `unconditional` when no @skip/@include applies to any of them. */
interface ChildIndex {
  byName: Map<string, ChildOccurrence[]>;
  unconditional: boolean;
}

const isCondition = (directive: DirectiveNode) => directive.name.value === "skip" || directive.name.value === "include";

/**
 * A field node's children, worked out once per node of an executed document and kept while the
 * document lives (Apollo's document cache and the policy's plan per caller class hand the same
 * nodes back for the same operation). Only the @skip/@include values are read per request.
 */
const INDEX = new WeakMap<FieldNode, ChildIndex>();

function indexOf(node: FieldNode, fragments: FragmentsByName): ChildIndex {
  let index = INDEX.get(node);
  if (index) return index;
  index = { byName: new Map(), unconditional: true };
  const collect = (set: SelectionSetNode, conditions: readonly DirectiveNode[]) => {
    for (const selection of set.selections) {
      const own = selection.directives?.filter(isCondition) ?? [];
      const met = own.length > 0 ? [...conditions, ...own] : conditions;
      if (selection.kind === Kind.FIELD) {
        if (met.length > 0) index!.unconditional = false;
        const name = selection.name.value;
        index!.byName.set(name, [...(index!.byName.get(name) ?? []), { node: selection, conditions: met }]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        // Fields under @defer are still asked for; on an object type every fragment here applies.
        collect(selection.selectionSet, met);
      }
    }
  };
  // Spreads become inline fragments first (the one inlining), so only fields and inline fragments remain.
  if (node.selectionSet) collect(inlineSelectionSet(node.selectionSet, fragments), []);
  INDEX.set(node, index);
  return index;
}

/** graphql-js's rule: @skip(if: true) or @include(if: false) leaves the selection out. */
function included(conditions: readonly DirectiveNode[], variables: Record<string, unknown>): boolean {
  for (const directive of conditions) {
    const argument = directive.arguments?.find((a) => a.name.value === "if");
    if (!argument) continue;
    const value = argument.value.kind === Kind.VARIABLE ? variables[argument.value.name.value] : argument.value.kind === Kind.BOOLEAN ? argument.value.value : undefined;
    if (directive.name.value === "skip" && value === true) return false;
    if (directive.name.value === "include" && value === false) return false;
  }
  return true;
}

interface LookaheadScope {
  fragments: FragmentsByName;
  variables: Record<string, unknown>;
}

function lookaheadOf(scope: LookaheadScope, type: GraphQLObjectType, fieldNodes: readonly FieldNode[]): SelectionLookahead {
  const indexes = fieldNodes.map((node) => indexOf(node, scope.fragments));
  const occurrences = (fieldName: string): FieldNode[] =>
    indexes.flatMap((index) => (index.byName.get(fieldName) ?? []).filter((o) => index.unconditional || included(o.conditions, scope.variables)).map((o) => o.node));
  return {
    has: (fieldName) => occurrences(fieldName).length > 0,
    under(fieldName) {
      const nodes = occurrences(fieldName);
      const childType = nodes.length > 0 ? getNamedType(type.getFields()[fieldName]?.type) : undefined;
      return isObjectType(childType) ? lookaheadOf(scope, childType, nodes) : NOTHING;
    },
  };
}

/** The lookahead of the field `info` resolves; empty for a field whose type is not an object type. */
export function selectionLookahead(info: GraphQLResolveInfo): SelectionLookahead {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return NOTHING;
  return lookaheadOf({ fragments: info.fragments, variables: info.variableValues }, type, info.fieldNodes);
}
