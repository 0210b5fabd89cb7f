import { GraphQLError } from "graphql";

// The error codes of the API contract (docs/DESIGN.md, docs/api.md) and the only constructors for them.
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "PURPOSE_REQUIRED",
  "BAD_USER_INPUT",
  "QUERY_TOO_COMPLEX",
  "PERSISTED_QUERY_REQUIRED",
  "AUDIT_UNAVAILABLE",
  "PEER_UNAVAILABLE",
  "NOT_FOUND",
  "INTERNAL_SERVER_ERROR",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status for errors that refuse the whole request; field-level errors stay 200. */
const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  PURPOSE_REQUIRED: 403,
  QUERY_TOO_COMPLEX: 400,
  PERSISTED_QUERY_REQUIRED: 400,
  AUDIT_UNAVAILABLE: 503,
};

/** Refusal of a whole operation (not a field): FORBIDDEN with 403. Field denials stay 200. */
export const operationForbidden = (message: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: "FORBIDDEN", ...extensions, http: { status: 403 } } });

export function gatewayError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  const status = HTTP_STATUS[code];
  return new GraphQLError(message, {
    extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) },
  });
}

export const unauthenticated = (reason: string) =>
  gatewayError("UNAUTHENTICATED", `authentication failed: ${reason}`, { reason });

export const forbidden = (message: string, extensions: Record<string, unknown> = {}) =>
  gatewayError("FORBIDDEN", message, extensions);

export const purposeRequired = (message: string) => gatewayError("PURPOSE_REQUIRED", message);

/** Bad input names the argument path (e.g. `idNumber`, `input.members[0].birthDate`). */
export const badUserInput = (field: string, problem: string) =>
  gatewayError("BAD_USER_INPUT", `${field}: ${problem}`, { field, problem });

export const queryTooComplex = (limit: string, actual: number, max: number) =>
  gatewayError("QUERY_TOO_COMPLEX", `operation exceeds ${limit}: ${actual} > ${max}`, { limit, actual, max });

export const auditUnavailable = () =>
  gatewayError("AUDIT_UNAVAILABLE", "the access could not be recorded in the audit log; no data was released");

export const peerUnavailable = (region: string, reason: string) =>
  gatewayError("PEER_UNAVAILABLE", `the ${region} node did not answer: ${reason}`, { region, reason });

export const notFound = (what: string) => gatewayError("NOT_FOUND", `${what} not found`);

export function errorCodeOf(error: unknown): ErrorCode | undefined {
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  return typeof code === "string" && (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : undefined;
}
