/** What a log line may say about an unexpected error. */
export interface LoggableError {
  type: string;
  /** The driver's or library's own code (P2002, SQLITE_CONSTRAINT_UNIQUE, ECONNRESET, …). */
  code?: string;
  /** Where it was thrown: the first frames of the stack, file and line only. */
  at: string[];
}

const FRAMES = 4;

/**
 * An error described for the log without its message. Messages of unexpected errors may carry
 * the data being processed — Prisma's validation errors print the call's arguments, drivers quote
 * the values of a failed row — so names and identity numbers could otherwise reach the log.
 * Type, code and the source frames are enough to find the cause; frames hold code locations,
 * never values.
 */
export function loggableError(error: unknown): LoggableError {
  const e = error as { name?: unknown; code?: unknown; stack?: unknown } | null | undefined;
  const type = typeof e?.name === "string" ? e.name : typeof error;
  const code = typeof e?.code === "string" || typeof e?.code === "number" ? String(e.code) : undefined;
  const stack = typeof e?.stack === "string" ? e.stack : "";
  const at = stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, FRAMES)
    .map((line) => line.trim().replace(/^at /, ""));
  return code === undefined ? { type, at } : { type, code, at };
}
