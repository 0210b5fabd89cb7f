import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from "@apollo/server";
import type { OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../context";
import type { Logger } from "./logger";
import type { GatewayMetrics } from "./metrics";

/**
 * Metric label for an operation: its root field names (bounded by the schema), never the
 * client-chosen operation name, which would let callers grow the label set without limit.
 */
export function operationLabel(operation: OperationDefinitionNode | undefined | null): string {
  if (!operation) return "invalid";
  const fields = operation.selectionSet.selections
    .map((s) => (s.kind === "Field" ? s.name.value : "…"))
    .sort();
  return `${operation.operation}:${[...new Set(fields)].join(",")}`.slice(0, 120);
}

/** "ok", or the sorted error codes of the answer as it leaves (AUDIT_UNAVAILABLE when withheld). */
export function answerOutcome(rc: GraphQLRequestContextWillSendResponse<RequestContext>): string {
  const body = rc.response.body.kind === "single" ? rc.response.body.singleResult : rc.response.body.initialResult;
  const codes = [...new Set((body.errors ?? rc.errors ?? []).map((e) => String(e.extensions?.code ?? "UNKNOWN")))];
  return codes.length === 0 ? "ok" : codes.sort().join("+");
}

/**
 * One log line and two metrics per operation; names and codes only, never values. They are
 * recorded once the answer is final (context.onAnswered, run by the HTTP layer after every
 * willSendResponse hook), so an answer the audit withheld counts as AUDIT_UNAVAILABLE, not ok.
 */
export function observabilityPlugin(logger: Logger, metrics: GatewayMetrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          const record = () => {
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            const outcome = answerOutcome(rc);
            const label = operationLabel(rc.operation);
            metrics.requests.inc({ operation: label, outcome });
            metrics.duration.observe({ operation: label, outcome }, seconds);
            logger.info(
              {
                requestId: rc.contextValue.requestId,
                officer: rc.contextValue.principal.sub,
                agency: rc.contextValue.principal.agency,
                operation: label,
                outcome,
                ms: Math.round(seconds * 1000 * 10) / 10,
              },
              "graphql",
            );
          };
          (rc.contextValue.onAnswered ??= []).push(record);
        },
      };
    },
  };
}
