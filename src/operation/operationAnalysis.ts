import { getVariableValues, isObjectType, isInterfaceType, Kind, visit, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from "graphql";
import { LRUCache } from "lru-cache";
import type { ForwardRoute } from "../context";
import { inlineFragments } from "./inlineFragments";
import { operationCost, PAGE_ARGUMENTS } from "./operationCost";
import { measureOperation, type OperationMeasure } from "./operationMeasure";
import { selectedFields, type SelectedField } from "./selectedFields";

/** A root field of the operation that the other province's node can answer, as its domain declared it. */
export interface ForwardedRootField {
  responseKey: string;
  fieldName: string;
  route: ForwardRoute;
}

/**
 * What the gateway learns from one operation of one document, worked out once and shared by every
 * stage that reads it: limits (measure and cost), policy (its plan per caller class is built on
 * `inlined` and `fields`, and cached under `key`), the audit (`fieldsRequested`) and forwarding
 * (`forwarding`).
 * Nothing in it depends on the request's variables: what does (the cost of `first: $n`, a field
 * under `@skip(if: $s)`) is computed per request from this structure (`costWith`).
 */
export interface OperationAnalysis {
  /** Query hash and operation name: the cache key (and the key of what stages derive from it). */
  readonly key: string;
  readonly operationName: string | undefined;
  /** The operation with its fragments inlined, once. */
  readonly inlined: OperationDefinitionNode;
  /** `inlined` as a document of its own (what the cost library and the policy's filtering read). */
  readonly inlinedDocument: DocumentNode;
  /** Every field occurrence with its parent type and response path (fragments and interfaces included). */
  readonly fields: readonly SelectedField[];
  /** The fields' display paths, as the audit records them. */
  readonly fieldsRequested: readonly string[];
  /** Depth, aliases and root fields: fixed by the text (directives do not change them). */
  readonly measure: OperationMeasure;
  /** The operation's cost with these variables (weighed once per value of the variables that bear on it). */
  costWith(variables: Record<string, unknown>): number;
  /** Root fields answered by region or by id prefix, by response key (the forwarding split). */
  readonly forwarding: ReadonlyMap<string, ForwardedRootField>;
}

export interface OperationAnalyzerOptions {
  /** INTROSPECTION is on: `__schema` and `__type` are not measured or weighed. */
  introspection: boolean;
  /** Root fields the domains declared for forwarding (forwardedRootFieldsOf). */
  forwardedRootFields?: Readonly<Record<string, ForwardRoute>>;
  /** Distinct operations kept (default 1000). */
  cacheSize?: number;
}

export interface OperationAnalyzer {
  /**
   * The analysis of `operation` in `document`, cached per query hash and operation name. With
   * `request`, it is also remembered for that request (resolvers find it with `ofRequest`).
   */
  analyze(document: DocumentNode, operation: OperationDefinitionNode, queryHash: string, request?: object): OperationAnalysis;
  /** The analysis a request's operation got, if a stage has analysed it. */
  ofRequest(request: object): OperationAnalysis | undefined;
  /** How many analyses were computed (misses) and served from the cache (hits). */
  stats(): { size: number; computed: number; hits: number };
}

/** Root fields of the operation (through root-level inline fragments) that a domain forwards. */
function forwardingSplit(set: SelectionSetNode, routes: Readonly<Record<string, ForwardRoute>>, into = new Map<string, ForwardedRootField>()): Map<string, ForwardedRootField> {
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) forwardingSplit(selection.selectionSet, routes, into);
    else if (selection.kind === Kind.FIELD && Object.hasOwn(routes, selection.name.value)) {
      const responseKey = selection.alias?.value ?? selection.name.value;
      into.set(responseKey, { responseKey, fieldName: selection.name.value, route: routes[selection.name.value]! });
    }
  }
  return into;
}

function analyse(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, key: string, options: Required<OperationAnalyzerOptions>): OperationAnalysis {
  const inlined = inlineFragments(document, operation);
  const inlinedDocument: DocumentNode = { kind: Kind.DOCUMENT, definitions: [inlined] };
  const fields = selectedFields(schema, inlined);
  const weigh = (variables: Record<string, unknown>) => operationCost(schema, inlinedDocument, { variables, exemptIntrospection: options.introspection });
  return {
    key,
    operationName: operation.name?.value,
    inlined,
    inlinedDocument,
    fields,
    // Frozen: the audit entry of every request of this operation names this one list (its JSON made once).
    fieldsRequested: Object.freeze(fields.map((f) => f.displayPath)),
    measure: measureOperation(inlined, { exemptIntrospection: options.introspection }),
    costWith: costByVariables(schema, inlined, fields, weigh),
    forwarding: operation.operation === "subscription" ? new Map() : forwardingSplit(inlined.selectionSet, options.forwardedRootFields),
  };
}

/** Distinct values of the cost-bearing variables whose cost one analysis keeps. */
const COSTS_PER_ANALYSIS = 32;

/**
 * The variables that can change the operation's cost: those in a page argument (`first: $n`,
 * `limit: $n`), in a directive (`@skip(if: $s)`), or in any argument of a field whose cost is
 * its own function of its arguments (a `complexity` extension) — what operationCost's estimators
 * read. A lookup's `$id` is none of these.
 */
function costBearingVariables(schema: GraphQLSchema, inlined: OperationDefinitionNode, fields: readonly SelectedField[]): string[] {
  const names = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) =>
    visit(node, {
      Variable: (variable) => {
        names.add(variable.name.value);
      },
    });
  visit(inlined.selectionSet, { Directive: (directive) => void collect(directive) });
  for (const field of fields) {
    const parent = schema.getType(field.parentType.name);
    const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.fieldName] : undefined;
    const ownCost = definition?.extensions?.complexity !== undefined;
    for (const argument of field.node.arguments ?? []) {
      if (ownCost || (PAGE_ARGUMENTS as readonly string[]).includes(argument.name.value)) collect(argument);
    }
  }
  return [...names].sort();
}

/**
 * The cost per request, weighed once per distinct value of the variables that bear on it (a
 * lookup is weighed once, whatever its `$id`): the walk of graphql-query-complexity was ~3 % of a
 * household lookup's CPU (profile of the policy-cost bench, docs/performance.md). The variables
 * are still coerced on every request, as that library would, so one it cannot read is refused
 * here as before (operationLimitsPlugin's `weigh`), with the library's own message.
 */
function costByVariables(
  schema: GraphQLSchema,
  inlined: OperationDefinitionNode,
  fields: readonly SelectedField[],
  weigh: (variables: Record<string, unknown>) => number,
): (variables: Record<string, unknown>) => number {
  const definitions = inlined.variableDefinitions ?? [];
  if (definitions.length === 0) {
    let fixed: number | undefined;
    return () => (fixed ??= weigh({}));
  }
  const bearing = costBearingVariables(schema, inlined, fields);
  const others = definitions.map((d) => d.variable.name.value).filter((name) => !bearing.includes(name));
  const costs = new LRUCache<string, number>({ max: COSTS_PER_ANALYSIS });
  return (variables) => {
    const { errors } = getVariableValues(schema, definitions, variables);
    if (errors && errors.length > 0) throw errors[errors.length - 1]!;
    // Absent and null differ (an absent variable takes its default): [] against [null]. Of the
    // other variables only an explicit null counts: the library refuses it in a non-null argument.
    const key = JSON.stringify([bearing.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : [])), others.map((name) => variables[name] === null)]);
    let cost = costs.get(key);
    if (cost === undefined) costs.set(key, (cost = weigh(variables)));
    return cost;
  };
}

/**
 * One analysis per distinct operation, in a bounded LRU keyed by query hash and operation name —
 * as Apollo Server keeps operation-derived data (its document and query-plan caches) per query
 * hash. A document holding two operations gets one analysis per operation name.
 */
export function createOperationAnalyzer(schema: GraphQLSchema, options: OperationAnalyzerOptions): OperationAnalyzer {
  const settings: Required<OperationAnalyzerOptions> = {
    introspection: options.introspection,
    forwardedRootFields: options.forwardedRootFields ?? {},
    cacheSize: options.cacheSize ?? 1000,
  };
  const cache = new LRUCache<string, OperationAnalysis>({ max: settings.cacheSize });
  const byRequest = new WeakMap<object, OperationAnalysis>();
  let computed = 0;
  let hits = 0;
  return {
    analyze(document, operation, queryHash, request) {
      const remembered = request && byRequest.get(request);
      if (remembered) return remembered;
      const key = `${queryHash}|${operation.name?.value ?? ""}`;
      let analysis = cache.get(key);
      if (analysis) hits++;
      else {
        computed++;
        cache.set(key, (analysis = analyse(schema, document, operation, key, settings)));
      }
      if (request) byRequest.set(request, analysis);
      return analysis;
    },
    ofRequest: (request) => byRequest.get(request),
    stats: () => ({ size: cache.size, computed, hits }),
  };
}
