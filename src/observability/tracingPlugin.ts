import type { ApolloServerPlugin } from "@apollo/server";
import type { Span, Tracer } from "@opentelemetry/api";
import type { RequestContext } from "../context";
import { answerOutcome, operationLabel } from "./observabilityPlugin";

// Values of @opentelemetry/api's SpanKind.INTERNAL and SpanStatusCode.ERROR (stable in the API's
// 1.x): this module names the API's types only; the tracer it is given comes from the SDK.
const SPAN_KIND_INTERNAL = 0;
const SPAN_STATUS_ERROR = 2;

/**
 * A span per GraphQL operation, child of the HTTP request's span (installed only when tracing is
 * on: startTracing gives the tracer). Its attributes are the operation type, its root fields and
 * the outcome the caller got — never the document, the variables, the operation name a client
 * chose or any result.
 */
export function tracingPlugin(tracer: Tracer, node: string): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const span: Span = tracer.startSpan("graphql", { kind: SPAN_KIND_INTERNAL, attributes: { "gateway.node": node } });
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
            if (outcome !== "ok") span.setStatus({ code: SPAN_STATUS_ERROR, message: outcome });
            span.end();
          });
        },
      };
    },
  };
}
