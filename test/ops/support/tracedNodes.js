// Both provinces' nodes in one child process with tracing started the way src/main.ts starts
// it (startTracing, then startGatewayNode with its tracer) — the SDK's InMemorySpanExporter in
// place of the OTLP exporter — for the tracing test.
//
// Why a child process: jest replaces node:module inside a test, so require-in-the-middle (how
// @opentelemetry/instrumentation-http patches node:http) cannot hook anything there; a plain
// Node process is what production runs. The test talks to this process over IPC:
//   parent → { nodes: [{ env }, …] }   child → { ready: true, urls: [...] }
//   parent → { spans: true }           child → { spans: [...] } (finished spans, serialised)
//   parent → { stop: true }            child stops both nodes, flushes and exits 0
"use strict";
require("reflect-metadata");
const path = require("node:path");

const dist = path.resolve(__dirname, "../../../dist/src");
const { startTracing } = require(path.join(dist, "observability"));
const { InMemorySpanExporter, SimpleSpanProcessor } = require("@opentelemetry/sdk-trace-base");

const exporter = new InMemorySpanExporter();

function serialise(span) {
  return {
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext ? span.parentSpanContext.spanId : undefined,
    attributes: span.attributes,
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    resource: span.resource.attributes,
  };
}

async function run(message) {
  const tracing = await startTracing({ serviceName: "assist-gateway-test", node: "BOTH", spanProcessors: [new SimpleSpanProcessor(exporter)] });
  // Loaded after the tracer is registered, as in src/main.ts.
  const { loadConfig } = require(path.join(dist, "config"));
  const { startGatewayNode } = require(path.join(dist, "server"));
  const nodes = await Promise.all(message.nodes.map(({ env }) => startGatewayNode(loadConfig(env), { tracer: tracing.tracer })));
  process.send({ ready: true, urls: nodes.map((n) => n.url) });
  process.on("message", (next) => {
    if (next.spans) process.send({ spans: exporter.getFinishedSpans().map(serialise) });
    if (next.stop) {
      Promise.all(nodes.map((n) => n.close()))
        .then(() => tracing.shutdown())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    }
  });
}

process.once("message", (message) => {
  run(message).catch((error) => {
    console.error(error);
    process.exit(1);
  });
});
