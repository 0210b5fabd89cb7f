import type { GatewayExecutor } from "@apollo/server-gateway-interface";
import { execute, getOperationAST, visit, BREAK, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

export type ExecutionEngineName = "jit" | "graphql-js";

/** How one operation of one document runs, decided once and kept with the document. */
type ExecutionPlan = { kind: "compiled"; query: CompiledQuery } | { kind: "interpreted"; reason: string };

export interface ExecutionRequest {
  document: DocumentNode;
  operationName: string | null | undefined;
  variables: Record<string, unknown> | undefined;
  contextValue: unknown;
  rootValue?: unknown;
}

export interface OperationExecutor {
  execute(request: ExecutionRequest): Promise<ExecutionResult>;
  /** Which engine an operation ran on and why, for tests and the operations runbook. */
  planOf(document: DocumentNode, operationName: string | null | undefined): { engine: ExecutionEngineName; reason?: string } | undefined;
}

/** Directives graphql-jit does not implement; an operation using one runs on graphql-js. */
const INCREMENTAL_DIRECTIVES = new Set(["defer", "stream"]);

function usesIncrementalDelivery(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (!INCREMENTAL_DIRECTIVES.has(node.name.value)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

function planFor(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): ExecutionPlan {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { kind: "interpreted", reason: "no single operation to compile" };
  if (operation.operation === "subscription") return { kind: "interpreted", reason: "subscription" };
  if (usesIncrementalDelivery(document)) return { kind: "interpreted", reason: "@defer/@stream" };
  try {
    const compiled = compileQuery(schema, document, operationName);
    if (isCompiledQuery(compiled)) return { kind: "compiled", query: compiled };
    return { kind: "interpreted", reason: `graphql-jit refused: ${compiled.errors?.[0]?.message ?? "unknown"}` };
  } catch (error) {
    return { kind: "interpreted", reason: `graphql-jit failed: ${(error as Error).message}` };
  }
}

/**
 * Runs authorized operations. With "jit", each (document, operation name) is compiled once by
 * graphql-jit and the compiled function is kept beside the document: Apollo caches a parsed
 * document per query string, and the policy plan caches its shaped document per caller class, so
 * the same DocumentNode object comes back for the same operation and caller class, and a WeakMap
 * keyed by it lets a cache entry go when Apollo's or the policy's cache lets the document go.
 * What graphql-jit cannot run (subscriptions, incremental delivery, a compile error) runs on
 * graphql-js, whose answer is the reference (test/execution/compiledExecution.test.ts).
 */
export function createOperationExecutor(
  schema: GraphQLSchema,
  engine: ExecutionEngineName,
  events: { executed?: (engine: ExecutionEngineName) => void } = {},
): OperationExecutor {
  const plans = new WeakMap<DocumentNode, Map<string, ExecutionPlan>>();

  const planOf = (document: DocumentNode, operationName: string | null | undefined): ExecutionPlan => {
    if (engine === "graphql-js") return { kind: "interpreted", reason: "EXECUTION_ENGINE=graphql-js" };
    let byName = plans.get(document);
    if (!byName) plans.set(document, (byName = new Map()));
    const key = operationName ?? "";
    let plan = byName.get(key);
    if (!plan) byName.set(key, (plan = planFor(schema, document, operationName ?? undefined)));
    return plan;
  };

  return {
    async execute({ document, operationName, variables, contextValue, rootValue }) {
      const plan = planOf(document, operationName);
      events.executed?.(plan.kind === "compiled" ? "jit" : "graphql-js");
      const interpret = () => execute({ schema, document, operationName, variableValues: variables, contextValue, rootValue });
      if (plan.kind === "interpreted") return interpret();
      const result = await plan.query.query(rootValue, contextValue, variables);
      // graphql-jit answers without `data` only when the variables do not coerce, before any
      // resolver ran; its errors then lack the variable's AST node, which Apollo needs to tell a
      // BAD_USER_INPUT from an internal error. graphql-js refuses the same variables the same
      // way, before any resolver, and its error is the reference.
      return result.data === undefined ? interpret() : result;
    },
    planOf(document, operationName) {
      if (engine === "graphql-js") return { engine: "graphql-js", reason: "EXECUTION_ENGINE=graphql-js" };
      const plan = plans.get(document)?.get(operationName ?? "");
      if (!plan) return undefined;
      return plan.kind === "compiled" ? { engine: "jit" } : { engine: "graphql-js", reason: plan.reason };
    },
  };
}

/** The executor in the shape Apollo Server's gateway interface expects. */
export function gatewayExecutorOver(executor: OperationExecutor): GatewayExecutor {
  return (rc) =>
    executor.execute({ document: rc.document, operationName: rc.operationName, variables: rc.request.variables, contextValue: rc.context }) as ReturnType<GatewayExecutor>;
}
