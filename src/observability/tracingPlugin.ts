import type { ApolloServerPlugin } from "@apollo/server";
import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import type { RequestContext } from "../context";
import { answerOutcome, operationLabel } from "./observabilityPlugin";

/**
 * A span per GraphQL operation, child of the HTTP request's span (installed only when tracing is
 * on). Its attributes are the operation type, its root fields and the outcome the caller got —
 * never the document, the variables, the operation name a client chose or any result.
 */
export function tracingPlugin(node: string): ApolloServerPlugin<RequestContext> {
  const tracer = trace.getTracer("assist-gateway");
  return {
    async requestDidStart() {
      const span: Span = tracer.startSpan("graphql", { kind: SpanKind.INTERNAL, attributes: { "gateway.node": node } });
      return {
        async didResolveOperation({ operation }) {
          const label = operationLabel(operation);
          span.updateName(`graphql ${label}`);
          span.setAttributes({ "graphql.operation.type": operation?.operation ?? "invalid", "gateway.operation": label });
        },
        async willSendResponse(rc) {
          // Ended once the answer is final: a withheld answer shows as AUDIT_UNAVAILABLE here too.
          (rc.contextValue.onAnswered ??= []).push(() => {
            const outcome = answerOutcome(rc);
            span.setAttribute("gateway.outcome", outcome);
            if (outcome !== "ok") span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
            span.end();
          });
        },
      };
    },
  };
}
