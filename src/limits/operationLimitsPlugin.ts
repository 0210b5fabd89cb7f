import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../context";
import { gatewayError, queryTooComplex } from "../errors";
import { inlineFragments } from "../operation";
import { operationCost } from "./operationCost";
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

/** Depth, aliases, root fields, cost and document size, checked before policy and execution. */
export function operationLimitsPlugin(schema: GraphQLSchema, limits: OperationLimits, options: { introspection: boolean }): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, source }) {
          const bytes = Buffer.byteLength(source ?? request.query ?? "");
          if (bytes > limits.maxDocumentBytes) throw queryTooComplex("maxDocumentBytes", bytes, limits.maxDocumentBytes);
          if (!document || !operation) return;
          const inlined = inlineFragments(document, operation);
          const measure = measureOperation(inlined, { exemptIntrospection: options.introspection });
          if (measure.rootFields > limits.maxRootFields) throw queryTooComplex("maxRootFields", measure.rootFields, limits.maxRootFields);
          if (measure.aliases > limits.maxAliases) throw queryTooComplex("maxAliases", measure.aliases, limits.maxAliases);
          if (measure.depth > limits.maxDepth) throw queryTooComplex("maxDepth", measure.depth, limits.maxDepth);
          const cost = weigh(schema, inlined, request.variables ?? {}, options.introspection);
          if (cost > limits.maxCost) throw queryTooComplex("maxCost", cost, limits.maxCost);
        },
      };
    },
  };
}

/**
 * graphql-query-complexity reads argument values as graphql-js would; a variable it cannot coerce
 * (execution would refuse it too) must not slip past the limit, so it refuses the operation here.
 */
function weigh(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>, introspection: boolean): number {
  try {
    return operationCost(schema, { kind: Kind.DOCUMENT, definitions: [operation] }, { variables, exemptIntrospection: introspection });
  } catch (error) {
    // A refusal of the whole request (400), not a field error.
    const problem = `the operation's arguments could not be read: ${(error as Error).message}`;
    throw gatewayError("BAD_USER_INPUT", `variables: ${problem}`, { field: "variables", problem, http: { status: 400 } });
  }
}
