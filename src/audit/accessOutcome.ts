import type { AccessFacts, AccessOutcome } from "../context";

/** Codes meaning the request never became a valid operation (parse, validation, limits). */
const INVALID_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "PERSISTED_QUERY_REQUIRED",
  "QUERY_TOO_COMPLEX",
]);

/** Codes that refuse by policy. */
const DENIAL_CODES = new Set(["FORBIDDEN", "PURPOSE_REQUIRED"]);

/**
 * Codes that, during execution, leave part of the answer out without anything having failed:
 * a denied field, a peer that did not answer, an argument refused by the domain, nothing found.
 */
const INCOMPLETE_CODES = new Set(["FORBIDDEN", "PURPOSE_REQUIRED", "PEER_UNAVAILABLE", "BAD_USER_INPUT"]);
const ANSWER_CODES = new Set(["NOT_FOUND"]);

export interface OperationResultFacts {
  /** Whether execution ran (the result has a `data` key, even null). */
  executed: boolean;
  /** extensions.code of every error, INTERNAL_SERVER_ERROR when an error had none. */
  errorCodes: readonly string[];
  access: Pick<AccessFacts, "fieldsDenied" | "fieldsMasked">;
  resultCount: number;
}

export interface OutcomeDecision {
  outcome: AccessOutcome;
  /** The code that decided the outcome (or the first error's), null without errors. */
  errorCode: string | null;
}

/**
 * How an operation ended, from what the response and the policy engine say:
 * UNAUTHENTICATED before anything else; refused before execution → DENIED (policy), INVALID
 * (parse/validation/limits) or FAILED; after execution any unexpected error → FAILED; bad input
 * with nothing released → INVALID; something asked for but left out (denied field, peer down,
 * refused argument) → PARTIAL; masked fields → MASKED; else ALLOWED.
 */
export function classifyOutcome(facts: OperationResultFacts): OutcomeDecision {
  const codes = facts.errorCodes;
  const first = (set: Set<string>) => codes.find((c) => set.has(c));
  if (codes.includes("UNAUTHENTICATED")) return { outcome: "UNAUTHENTICATED", errorCode: "UNAUTHENTICATED" };

  if (!facts.executed) {
    const denial = first(DENIAL_CODES);
    if (denial) return { outcome: "DENIED", errorCode: denial };
    const invalid = first(INVALID_CODES);
    if (invalid) return { outcome: "INVALID", errorCode: invalid };
    return { outcome: "FAILED", errorCode: codes[0] ?? "INTERNAL_SERVER_ERROR" };
  }

  const failure = codes.find((c) => !INCOMPLETE_CODES.has(c) && !ANSWER_CODES.has(c));
  if (failure) return { outcome: "FAILED", errorCode: failure };
  if (codes.includes("BAD_USER_INPUT") && facts.resultCount === 0) return { outcome: "INVALID", errorCode: "BAD_USER_INPUT" };
  const incomplete = first(INCOMPLETE_CODES);
  if (facts.access.fieldsDenied.length > 0 || incomplete) return { outcome: "PARTIAL", errorCode: incomplete ?? null };
  if (facts.access.fieldsMasked.length > 0) return { outcome: "MASKED", errorCode: codes[0] ?? null };
  return { outcome: "ALLOWED", errorCode: codes[0] ?? null };
}

/**
 * Items a response released: per top-level field, a list counts its elements, a connection its
 * edges (or nodes), an object 1, null 0, a scalar 1.
 */
export function countResults(data: unknown): number {
  if (data === null || data === undefined || typeof data !== "object") return 0;
  let count = 0;
  for (const value of Object.values(data as Record<string, unknown>)) count += countField(value);
  return count;
}

function countField(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).length;
  if (typeof value !== "object") return 1;
  const connection = value as { edges?: unknown; nodes?: unknown };
  if (Array.isArray(connection.edges)) return connection.edges.length;
  if (Array.isArray(connection.nodes)) return connection.nodes.length;
  return 1;
}
