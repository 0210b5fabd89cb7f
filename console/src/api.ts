// Every data call of the console: POST to this node's own /graphql with the officer's token and
// the working case's X-Purpose and X-Case-Ref. There is no other data route (docs/console.md).
import { session } from "./session";

export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: string;
    reasonCode?: string;
    region?: string;
    policyId?: string;
    field?: string;
    problem?: string;
    reason?: string;
    [key: string]: unknown;
  };
}

export interface GraphqlResult<T> {
  data: T | null;
  errors: GraphqlError[];
}

/** A call that released no data at all: the errors say why (each code is explained in the UI). */
export class GraphqlFailure extends Error {
  constructor(
    readonly errors: GraphqlError[],
    readonly status: number,
  ) {
    super(errors.map((e) => e.message).join("; "));
  }
}

export interface CallOptions {
  /** For calls that carry no personal data (standards, eligibility) when no case is open. */
  purposeWithoutCase?: string;
}

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}, options: CallOptions = {}): Promise<GraphqlResult<T>> {
  const { token, workingCase } = session.get();
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  if (workingCase) {
    headers["x-purpose"] = workingCase.purpose;
    headers["x-case-ref"] = workingCase.caseRef;
  } else if (options.purposeWithoutCase) {
    headers["x-purpose"] = options.purposeWithoutCase;
  }
  const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1];
  let response: Response;
  try {
    response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables, operationName }), credentials: "omit", cache: "no-store" });
  } catch {
    throw new GraphqlFailure([{ message: "network", extensions: { code: "NETWORK" } }], 0);
  }
  let body: { data?: T | null; errors?: GraphqlError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphqlFailure([{ message: `HTTP ${response.status}`, extensions: { code: "INTERNAL_SERVER_ERROR" } }], response.status);
  }
  const errors = body.errors ?? [];
  if (body.data === undefined || body.data === null) {
    if (errors.length === 0) errors.push({ message: "empty answer", extensions: { code: "INTERNAL_SERVER_ERROR" } });
    throw new GraphqlFailure(errors, response.status);
  }
  return { data: body.data, errors };
}

/** A response path without list positions: `verificationsByIdNumber.household.address`. */
export function fieldPath(path: (string | number)[] | undefined): string {
  return (path ?? []).filter((p) => typeof p === "string" && p !== "@").join(".");
}

/**
 * The reason code of a field the policy removed, for a result held by `region`. Denials of a
 * forwarded part carry the peer's region; the home node's carry none.
 */
export function deniedReason(errors: GraphqlError[], path: string, region: string | undefined, homeRegion: string): string | undefined {
  for (const error of errors) {
    if (error.extensions?.code !== "FORBIDDEN" || !error.extensions.reasonCode) continue;
    if (fieldPath(error.path) !== path) continue;
    const from = error.extensions.region ?? homeRegion;
    if (region === undefined || from === region) return error.extensions.reasonCode;
  }
  return undefined;
}

/** Errors that are not field denials (a peer that did not answer, a bad argument): shown as a list. */
export function otherErrors(errors: GraphqlError[]): GraphqlError[] {
  return errors.filter((e) => !(e.extensions?.code === "FORBIDDEN" && e.extensions.reasonCode && e.path));
}

export async function signInWithDevToken(body: { roles: string[]; region: string; agency?: string; sub?: string }): Promise<string> {
  const response = await fetch("/console/dev-token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), credentials: "omit" });
  const answer = (await response.json()) as { token?: string; error?: string };
  if (!response.ok || !answer.token) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer.token;
}
