import type { Tracer } from "@opentelemetry/api";
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { IncomingMessage } from "node:http";
import { createRequire } from "node:module";

// OpenTelemetry traces, opt-in (OTEL_EXPORTER_OTLP_ENDPOINT). Off, nothing here is loaded: the
// SDK is imported inside startTracing only, no module hook is installed and the GraphQL plugin is
// not in the plugin list (it needs startTracing's tracer), so a node without an endpoint pays
// nothing for tracing per request.
//
// What is traced, all by maintained instrumentations except the GraphQL operation span:
// - HTTP in and out (@opentelemetry/instrumentation-http): every request a node serves, and every
//   forward to the peer — which carries the W3C `traceparent` header, so the peer's spans join
//   the caller's trace and one trace spans both provinces;
// - Prisma (@prisma/instrumentation): client operations and the SQL they ran (text with
//   placeholders, never the values);
// - the GraphQL operation (the metrics stage of the governance pipeline): named by its root fields, never by variables.
//
// No personal data in attributes: request and response headers and bodies are not recorded, and
// URLs of this API carry none (POST /graphql, the variables travel in the body).

export interface TracingOptions {
  serviceName: string;
  /** The region this process serves, as a resource attribute. */
  node: string;
  /** OTLP/HTTP collector base (…:4318); spans go to `${otlpEndpoint}/v1/traces`. */
  otlpEndpoint?: string;
  /** Instead of the OTLP exporter (tests: a SimpleSpanProcessor over an InMemorySpanExporter). */
  spanProcessors?: SpanProcessor[];
}

export interface Tracing {
  /** For the GraphQL operation spans (observabilityStage; startGatewayNode hands it over when given one). */
  tracer: Tracer;
  /** Flushes what is buffered and stops the instrumentations. */
  shutdown(): Promise<void>;
}

/** Probes and scrapes are not worth a trace each; they would drown the operations. */
const UNTRACED_PATHS = new Set(["/healthz", "/readyz", "/metrics", "/.well-known/jwks.json"]);

function untraced(req: IncomingMessage): boolean {
  return UNTRACED_PATHS.has((req.url ?? "/").split("?")[0]);
}

/**
 * Registers the tracer provider (W3C trace context propagation, AsyncLocalStorage context) and
 * the HTTP and Prisma instrumentations. Call it before the node starts (src/main.ts).
 */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { resourceFromAttributes }, { registerInstrumentations }, { HttpInstrumentation }, { PrismaInstrumentation }] =
    await Promise.all([
      import("@opentelemetry/sdk-trace-node"),
      import("@opentelemetry/sdk-trace-base"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/instrumentation"),
      import("@opentelemetry/instrumentation-http"),
      import("@prisma/instrumentation"),
    ]);
  const spanProcessors = options.spanProcessors ?? [];
  if (options.otlpEndpoint) {
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, "")}/v1/traces` })));
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": options.serviceName, "gateway.node": options.node }),
    spanProcessors,
  });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: untraced,
        // Only spans under a traced request: background work (peer statistics, JWKS fetches) is not.
        requireParentforOutgoingSpans: true,
      }),
      new PrismaInstrumentation(),
    ],
  });
  // The hooks patch node:http and node:https when they are next required. This process may have
  // loaded them already (the gateway's modules, or a test runner): require them once more so the
  // patch lands on the shared module objects now, before any server or peer client uses them.
  const requireBuiltin = createRequire(__filename);
  requireBuiltin("node:http");
  requireBuiltin("node:https");
  return {
    tracer: provider.getTracer("assist-gateway"),
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}
