import { collectSubFields } from "@graphql-tools/utils";
import { getNamedType, isObjectType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from "graphql";

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

/** What every level of one lookahead shares, built once per resolver call. */
interface LookaheadScope {
  schema: GraphQLResolveInfo["schema"];
  fragments: GraphQLResolveInfo["fragments"];
  // graphql-js 16 hands resolvers the coerced values alone; the library's graphql 17 shape wraps them.
  variables: { coerced: GraphQLResolveInfo["variableValues"]; sources: Record<string, never> };
}

function lookaheadOf(scope: LookaheadScope, type: GraphQLObjectType, fieldNodes: FieldNode[]): SelectionLookahead {
  const byName = new Map<string, FieldNode[]>();
  const { fields, patches } = collectSubFields(scope.schema, scope.fragments, scope.variables, type, fieldNodes);
  // Fields under @defer are still asked for.
  for (const group of [fields, ...patches.map((patch) => patch.fields)]) {
    for (const nodes of group.values()) {
      const name = nodes[0]!.name.value;
      byName.set(name, [...(byName.get(name) ?? []), ...nodes]);
    }
  }
  return {
    has: (fieldName) => byName.has(fieldName),
    under(fieldName) {
      const nodes = byName.get(fieldName);
      const childType = nodes ? getNamedType(type.getFields()[fieldName]?.type) : undefined;
      return nodes && isObjectType(childType) ? lookaheadOf(scope, childType, nodes) : NOTHING;
    },
  };
}

/** The lookahead of the field `info` resolves; empty for a field whose type is not an object type. */
export function selectionLookahead(info: GraphQLResolveInfo): SelectionLookahead {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return NOTHING;
  const scope = { schema: info.schema, fragments: info.fragments, variables: { coerced: info.variableValues, sources: {} } };
  return lookaheadOf(scope, type, [...info.fieldNodes]);
}
