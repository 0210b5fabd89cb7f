// Observability door: JSON logs without personal data, Prometheus metrics, and the plugin that
// records both for every operation.
export { createLogger, type Logger } from "./logger";
export { loggableError, type LoggableError } from "./loggableError";
export {
  createGatewayMetrics,
  LATENCY_BUCKETS_SECONDS,
  type GatewayMetrics,
  type AuditWriterGauges,
  type PeerCircuit,
  type PeerForwardOutcome,
} from "./metrics";
export { observabilityStage, operationLabel, answerOutcome, type MetricsSlot, type ObservabilityStageOptions } from "./observabilityPlugin";
export { startTracing, type Tracing, type TracingOptions } from "./tracing";
