import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { RequestContext } from "../context";
import { gatewayError, queryTooComplex } from "../errors";
import { createOperationAnalyzer, type OperationAnalysis, type OperationAnalyzer } from "../operation";

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

/**
 * Depth, aliases, root fields, cost and document size, checked before policy and execution. The
 * measure comes from the operation's analysis (once per distinct operation, fragments inlined so
 * a fragment counts wherever it is spread); the cost is weighed once per value of the variables
 * that can change it (`first: $n`, `@skip(if: $s)`), and the variables are read on every request.
 */
export function operationLimitsPlugin(
  schema: GraphQLSchema,
  limits: OperationLimits,
  options: { introspection: boolean; analyzer?: OperationAnalyzer },
): ApolloServerPlugin<RequestContext> {
  const analyzer = options.analyzer ?? createOperationAnalyzer(schema, { introspection: options.introspection });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, source, queryHash, contextValue }) {
          const bytes = Buffer.byteLength(source ?? request.query ?? "");
          if (bytes > limits.maxDocumentBytes) throw queryTooComplex("maxDocumentBytes", bytes, limits.maxDocumentBytes);
          if (!document || !operation) return;
          const analysis = analyzer.analyze(document, operation, queryHash, contextValue);
          const { measure } = analysis;
          if (measure.rootFields > limits.maxRootFields) throw queryTooComplex("maxRootFields", measure.rootFields, limits.maxRootFields);
          if (measure.aliases > limits.maxAliases) throw queryTooComplex("maxAliases", measure.aliases, limits.maxAliases);
          if (measure.depth > limits.maxDepth) throw queryTooComplex("maxDepth", measure.depth, limits.maxDepth);
          const cost = weigh(analysis, request.variables ?? {});
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
function weigh(analysis: OperationAnalysis, variables: Record<string, unknown>): number {
  try {
    return analysis.costWith(variables);
  } catch (error) {
    // A refusal of the whole request (400), not a field error.
    const problem = `the operation's arguments could not be read: ${(error as Error).message}`;
    throw gatewayError("BAD_USER_INPUT", `variables: ${problem}`, { field: "variables", problem, http: { status: 400 } });
  }
}
