import type { ApolloServerPlugin } from "@apollo/server";
import { getNamedType, getNullableType, isListType, isObjectType, type GraphQLSchema } from "graphql";
import type { RequestContext } from "../context";
import { queryTooComplex } from "../errors";
import { inlineFragments } from "../operation";
import { measureOperation } from "./operationMeasure";

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxCost: number;
  maxDocumentBytes: number;
  /** Enforced by the parser itself (graphql-js maxTokens). */
  maxTokens: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxRootFields: 10,
  maxCost: 5000,
  maxDocumentBytes: 32 * 1024,
  maxTokens: 2000,
};

/** Names of fields whose type is a list (or a Relay connection), for the cost multiplier. */
function listFieldNames(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const nullable = getNullableType(field.type);
      // A connection's page size is its `first`; its `edges` list must not multiply again.
      if (type.name.endsWith("Connection") && field.name === "edges") continue;
      if (isListType(nullable) || getNamedType(field.type).name.endsWith("Connection")) names.add(field.name);
    }
  }
  return names;
}

/** Depth, aliases, root fields, cost and document size, checked before policy and execution. */
export function operationLimitsPlugin(schema: GraphQLSchema, limits: OperationLimits, options: { introspection: boolean }): ApolloServerPlugin<RequestContext> {
  const listFields = listFieldNames(schema);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, source }) {
          const bytes = Buffer.byteLength(source ?? request.query ?? "");
          if (bytes > limits.maxDocumentBytes) throw queryTooComplex("maxDocumentBytes", bytes, limits.maxDocumentBytes);
          if (!document || !operation) return;
          const measure = measureOperation(inlineFragments(document, operation), {
            variables: request.variables ?? {},
            exemptIntrospection: options.introspection,
            listFields,
          });
          if (measure.rootFields > limits.maxRootFields) throw queryTooComplex("maxRootFields", measure.rootFields, limits.maxRootFields);
          if (measure.aliases > limits.maxAliases) throw queryTooComplex("maxAliases", measure.aliases, limits.maxAliases);
          if (measure.depth > limits.maxDepth) throw queryTooComplex("maxDepth", measure.depth, limits.maxDepth);
          if (measure.cost > limits.maxCost) throw queryTooComplex("maxCost", measure.cost, limits.maxCost);
        },
      };
    },
  };
}
