// Observability door: JSON logs without personal data, Prometheus metrics, and the plugin that
// records both for every operation.
export { createLogger, type Logger } from "./logger";
export { loggableError, type LoggableError } from "./loggableError";
export { createGatewayMetrics, type GatewayMetrics } from "./metrics";
export { observabilityPlugin, operationLabel } from "./observabilityPlugin";
