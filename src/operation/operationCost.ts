import {
  getNamedType,
  getNullableType,
  isListType,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type GraphQLSchema,
} from "graphql";
import { fieldExtensionsEstimator, getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE } from "../pagination";

/** Arguments that set how many items a list field returns (`first` on connections, `limit` on searches). */
export const PAGE_ARGUMENTS = ["first", "limit"] as const;
/**
 * A list with no page argument at all (a household's members, a record's features) has no default
 * to read; it is counted as this many items. Every list that takes `first` is counted at the
 * resolvers' real default instead (DEFAULT_PAGE_SIZE, 20), and one whose argument has a schema
 * default (`limit: 10`) at that default, which graphql-js fills in.
 */
const UNPAGED_LIST_ESTIMATE = 10;

/**
 * Lists multiply what they contain by their page size. A connection's `edges` is not multiplied
 * again: the connection field's `first` already is its size.
 */
function listEstimator(): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const isConnection = getNamedType(field.type).name.endsWith("Connection");
    const isList = isListType(getNullableType(field.type)) && !(type.name.endsWith("Connection") && field.name === "edges");
    if (!isConnection && !isList) return undefined;
    const takesPage = field.args.some((a) => (PAGE_ARGUMENTS as readonly string[]).includes(a.name));
    const given = PAGE_ARGUMENTS.map((name) => args[name] as unknown).find((value) => typeof value === "number");
    const size = typeof given === "number" ? given : takesPage ? DEFAULT_PAGE_SIZE : UNPAGED_LIST_ESTIMATE;
    return 1 + childComplexity * size;
  };
}

/** `__schema` and `__type` cost nothing while introspection is on (their answer is the schema, not data). */
function introspectionEstimator(exempt: boolean): ComplexityEstimator {
  return ({ field }) => (exempt && (field === SchemaMetaFieldDef || field === TypeMetaFieldDef) ? 0 : undefined);
}

/**
 * The cost of an operation whose fragments are already inlined (so a fragment counts at every
 * place it is spread), by graphql-query-complexity: a field's own `complexity` (type-graphql's
 * option, e.g. familySearch) first, then the list rule, then 1 per field plus what it contains.
 * graphql-query-complexity also honours @skip/@include and takes the dearest member of a union.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  options: { variables?: Record<string, unknown>; exemptIntrospection: boolean },
): number {
  return getComplexity({
    schema,
    query: document,
    variables: options.variables ?? {},
    // The library stops at 10,000 nodes with an error of its own; an operation that large is
    // refused by its cost instead, with the contract's code. The walk is bounded anyway: the text
    // by maxTokens and MAX_DOCUMENT_BYTES, the inlined form by the depth limit checked before.
    maxQueryNodes: Number.MAX_SAFE_INTEGER,
    estimators: [
      introspectionEstimator(options.exemptIntrospection),
      fieldExtensionsEstimator(),
      listEstimator(),
      simpleEstimator({ defaultComplexity: 1 }),
    ],
  });
}
