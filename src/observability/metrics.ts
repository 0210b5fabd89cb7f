import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<"operation" | "outcome">;
  duration: Histogram<"operation" | "outcome">;
  executions: Counter<"engine">;
}

/** One registry per node (not prom-client's global), so tests can run nodes side by side. */
export function createGatewayMetrics(region: string): GatewayMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ node: region });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "gateway_graphql_requests_total",
    help: "GraphQL operations by root fields and outcome",
    labelNames: ["operation", "outcome"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "gateway_graphql_request_duration_seconds",
    help: "GraphQL operation latency by root fields and outcome",
    labelNames: ["operation", "outcome"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const executions = new Counter({
    name: "gateway_graphql_executions_total",
    help: "Executed operations by engine: jit (compiled plan) or graphql-js (fallback, or EXECUTION_ENGINE=graphql-js)",
    labelNames: ["engine"] as const,
    registers: [registry],
  });
  return { registry, requests, duration, executions };
}
