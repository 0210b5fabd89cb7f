import pino, { type Logger } from "pino";
import type { GatewayConfig } from "../config";

export type { Logger };

// Paths that could ever carry personal data are redacted as a second line of defence; the first
// is that nothing logs variables, query text or results at all.
const REDACTED_PATHS = ["variables", "query", "data", "idNumber", "*.idNumber", "authorization", "*.authorization", "headers.authorization"];

/** JSON logs (pino) tagged with the node's region; request ids are added per request. */
export function createLogger(config: Pick<GatewayConfig, "logLevel" | "region">): Logger {
  return pino({
    level: config.logLevel,
    base: { node: config.region },
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
