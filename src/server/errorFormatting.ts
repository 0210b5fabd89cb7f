import type { GraphQLFormattedError } from "graphql";
import { ERROR_CODES } from "../errors";
import { loggableError, type Logger } from "../observability";

// Codes graphql-js and Apollo produce for a bad request; safe to pass through.
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

/**
 * Every error leaves in the contract's shape: a known code, a message meant for the caller, no
 * stack trace, no internals. Anything unexpected becomes INTERNAL_SERVER_ERROR and is logged by
 * type, code and source frames — never its message, which may quote the data it was handling.
 */
export function sanitizeError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const code = String(formatted.extensions?.code ?? "");
  // graphql-js enforces maxTokens while parsing (its message says "more that"); report it like
  // every other operation limit.
  const tokens = formatted.message.match(/Document contains more tha[nt] (\d+) tokens/);
  if (code === "GRAPHQL_PARSE_FAILED" && tokens) {
    return { message: `operation exceeds maxTokens (${tokens[1]})`, extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxTokens", max: Number(tokens[1]) } };
  }
  const known = (ERROR_CODES as readonly string[]).includes(code) && code !== "INTERNAL_SERVER_ERROR";
  if (known || REQUEST_ERROR_CODES.has(code)) {
    const { stacktrace: _stack, http: _http, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const original = (error as { originalError?: Error })?.originalError ?? (error as Error);
  logger.error({ err: loggableError(original), path: formatted.path }, "unexpected resolver error");
  return { message: "internal error", path: formatted.path, locations: formatted.locations, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
