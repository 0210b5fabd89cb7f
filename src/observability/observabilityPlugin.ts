import type { GraphQLRequestContextWillSendResponse } from "@apollo/server";
import type { Span, Tracer } from "@opentelemetry/api";
import type { OperationDefinitionNode } from "graphql";
import type { GovernanceStage, RequestContext } from "../context";
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

// Values of @opentelemetry/api's SpanKind.INTERNAL and SpanStatusCode.ERROR (stable in the API's
// 1.x): this module names the API's types only; the tracer it is given comes from the SDK.
const SPAN_KIND_INTERNAL = 0;
const SPAN_STATUS_ERROR = 2;

/** The metrics stage's part of the per-request governance record. */
export interface MetricsSlot {
  started: bigint;
  /** The operation's span, when tracing is on. */
  span?: Span;
  /** The outcome counted: the answer the caller got, once the earlier stages are done. */
  outcome?: string;
}

export interface ObservabilityStageOptions {
  logger: Logger;
  metrics: GatewayMetrics;
  /**
   * The tracer of startTracing (only with OTEL_EXPORTER_OTLP_ENDPOINT set): a span per operation,
   * child of the HTTP request's span, whose attributes are the operation type, its root fields and
   * the outcome the caller got — never the document, the variables, the operation name a client
   * chose or any result.
   */
  tracer?: Tracer;
  node: string;
}

/**
 * The last governance stage: one log line and two metrics per operation (and its span's end);
 * names and codes only, never values. Running after policy, budget, audit and peer receipt, it
 * counts the answer the caller actually gets: a withheld answer as AUDIT_UNAVAILABLE, a budget
 * refusal as FORBIDDEN, a policy-denied partial answer with its FORBIDDEN errors — never as ok.
 * A request refused before GraphQL (entered early) counts as a refusal of its route.
 */
export function observabilityStage(options: ObservabilityStageOptions): GovernanceStage<MetricsSlot> {
  const { logger, metrics, tracer } = options;
  return {
    open: () => ({ started: process.hrtime.bigint() }),
    async requestDidStart(_rc, slot) {
      slot.span = tracer?.startSpan("graphql", { kind: SPAN_KIND_INTERNAL, attributes: { "gateway.node": options.node } });
    },
    async willSendResponse(rc, slot) {
      const seconds = Number(process.hrtime.bigint() - slot.started) / 1e9;
      const outcome = (slot.outcome = answerOutcome(rc));
      const label = operationLabel(rc.operation);
      metrics.requests.inc({ operation: label, outcome });
      metrics.duration.observe({ operation: label, outcome }, seconds);
      if (slot.span) {
        // Named here, not on the way in: a refused operation's span carries its name too.
        slot.span.updateName(`graphql ${label}`);
        slot.span.setAttributes({ "graphql.operation.type": rc.operation?.operation ?? "invalid", "gateway.operation": label, "gateway.outcome": outcome });
        if (outcome !== "ok") slot.span.setStatus({ code: SPAN_STATUS_ERROR, message: outcome });
        slot.span.end();
      }
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
    },
    async refusedEarly(refusal, slot) {
      slot.outcome = refusal.answer.code;
      logger.warn({ requestId: refusal.requestId, reason: refusal.reason, route: refusal.route }, "unauthenticated");
      metrics.refusals.inc({ route: refusal.route, status: String(refusal.answer.status), code: refusal.answer.code });
    },
  };
}
