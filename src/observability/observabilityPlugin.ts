import type { ApolloServerPlugin } from "@apollo/server";
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

/** One log line and two metrics per operation; names and codes only, never values. */
export function observabilityPlugin(logger: Logger, metrics: GatewayMetrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, response, contextValue, errors }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const body = response.body.kind === "single" ? response.body.singleResult : undefined;
          const codes = [...new Set((body?.errors ?? errors ?? []).map((e) => String(e.extensions?.code ?? "UNKNOWN")))];
          const outcome = codes.length === 0 ? "ok" : codes.sort().join("+");
          const label = operationLabel(operation);
          metrics.requests.inc({ operation: label, outcome });
          metrics.duration.observe({ operation: label, outcome }, seconds);
          logger.info(
            {
              requestId: contextValue.requestId,
              officer: contextValue.principal.sub,
              agency: contextValue.principal.agency,
              operation: label,
              outcome,
              ms: Math.round(seconds * 1000 * 10) / 10,
            },
            "graphql",
          );
        },
      };
    },
  };
}
