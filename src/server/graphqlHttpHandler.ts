import type { IncomingMessage, ServerResponse } from "node:http";
import { v7 as uuidv7 } from "uuid";
import { HeaderMap, type ApolloServer } from "@apollo/server";
import type { Region } from "../config";
import { AuthenticationFailure } from "../auth";
import { capturingSubjects, type Principal, type Purpose, type RequestContext } from "../context";
import { bearerToken, BodyTooLarge, graphqlErrorBody, readBody, sendJson } from "./httpExchange";
import type { GovernancePipeline } from "../pipeline";
import { createCallerContext } from "./callerContext";

/** Who a bearer token speaks for; a peer's service token also carries purpose and case reference. */
export interface AuthenticatedCaller {
  principal: Principal;
  purpose?: Purpose;
  caseRef?: string;
}

export interface GraphqlHttpHandlerOptions {
  apollo: ApolloServer<RequestContext>;
  /** Officer tokens and peers' service tokens; throws AuthenticationFailure. */
  authenticate: (token: string) => Promise<AuthenticatedCaller>;
  node: Region;
  /** X-Case-Ref pattern per province of the caller (configuration). */
  caseRefFormats: Record<Region, RegExp>;
  maxBodyBytes: number;
  /**
   * The governance pipeline: a record opened for each request that enters GraphQL, and a refused
   * token entered early — audited and counted by the same stages, in the same order.
   */
  governance: Pick<GovernancePipeline, "open" | "enterEarly">;
  /** Told of every other request refused here, before Apollo (metrics). */
  onRefused?: (status: number, code: string) => void;
}

/** application/json, with or without parameters (charset), or a +json type such as application/graphql-response+json. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
/** What may be recorded of a malformed X-Case-Ref on the audit trail of a refused token: nothing odd. */
const CASE_REF = /^[\p{L}\p{N}\-_/()（）〔〕.]{1,64}$/u;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * POST /graphql. Authentication happens here, before Apollo: a refused token never reaches the
 * context function or any resolver, and is still audited (Apollo's context errors would only
 * reach contextCreationDidFail, outside every request hook).
 */
export function createGraphqlHttpHandler(options: GraphqlHttpHandlerOptions) {
  return async function handleGraphql(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const suppliedId = header(req, "x-request-id");
    // Time-ordered (UUIDv7): every audit entry indexes its request id, and ids that arrive in
    // order append to that index instead of dirtying a random leaf page per entry.
    const requestId = suppliedId && REQUEST_ID.test(suppliedId) ? suppliedId : uuidv7();
    // Answers carry personal data: no browser, proxy or CDN may keep a copy.
    const responseHeaders = { "x-request-id": requestId, "cache-control": "no-store" };
    const refuse = (status: number, code: string, message: string, headers: Record<string, string> = {}, extensions: Record<string, unknown> = {}) => {
      options.onRefused?.(status, code);
      sendJson(res, status, graphqlErrorBody(code, message, extensions), { ...responseHeaders, ...headers });
    };
    if (req.method !== "POST") {
      refuse(405, "BAD_REQUEST", "use POST with a JSON body", { allow: "POST" });
      return;
    }
    // The body is parsed as JSON whatever it claims to be; saying otherwise is refused up front.
    if (!JSON_MEDIA_TYPE.test(header(req, "content-type") ?? "")) {
      req.resume();
      refuse(415, "BAD_REQUEST", "send the operation as application/json", { accept: "application/json" });
      return;
    }
    const declaredPurpose = header(req, "x-purpose")?.trim() || undefined;
    const rawCaseRef = header(req, "x-case-ref")?.trim() || undefined;
    const caseRef = rawCaseRef && CASE_REF.test(rawCaseRef) ? rawCaseRef : undefined;

    const token = bearerToken(req);
    let caller: AuthenticatedCaller;
    try {
      if (!token) throw new AuthenticationFailure(header(req, "authorization") ? "malformed authorization header" : "missing bearer token");
      caller = await options.authenticate(token);
    } catch (error) {
      const reason = error instanceof AuthenticationFailure ? error.reason : "token could not be verified";
      req.resume();
      // The governance pipeline entered early: the audit records the refusal (or turns it into
      // 503 AUDIT_UNAVAILABLE when it cannot), the metrics count the answer actually sent.
      const answer = await options.governance.enterEarly({
        route: "graphql",
        requestId,
        node: options.node,
        reason,
        declaredPurpose,
        caseRef,
        answer: { status: 401, code: "UNAUTHENTICATED", message: `authentication failed: ${reason}`, extensions: { reason }, headers: { "www-authenticate": 'Bearer error="invalid_token"' } },
      });
      sendJson(res, answer.status, graphqlErrorBody(answer.code, answer.message, answer.extensions), { ...responseHeaders, ...answer.headers });
      return;
    }

    let body: unknown;
    try {
      const raw = await readBody(req, options.maxBodyBytes);
      body = raw.length ? JSON.parse(raw.toString("utf8")) : undefined;
    } catch (error) {
      if (error instanceof BodyTooLarge) refuse(413, "QUERY_TOO_COMPLEX", `request body exceeds ${options.maxBodyBytes} bytes`);
      else refuse(400, "BAD_USER_INPUT", "request body is not valid JSON");
      return;
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    // A forwarded request's purpose and case are the ones the home node signed, not headers.
    const forwarded = Boolean(caller.principal.forwardedBy);
    const context = createCallerContext({
      requestId,
      node: options.node,
      principal: caller.principal,
      declaredPurpose: forwarded ? caller.purpose : declaredPurpose,
      caseRef: forwarded ? caller.caseRef : rawCaseRef,
      caseRefFormats: options.caseRefFormats,
      policyDryRun: header(req, "x-policy-dry-run") === "true",
    });
    options.governance.open(context);
    // The request's subject capture: every person read while answering it (src/db) or named by
    // it (src/identity) lands in context.touchedSubjects, which the audit entry records.
    const result = await capturingSubjects(context.touchedSubjects, () =>
      options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: "POST", headers, search: "", body },
        context: async () => context,
      }),
    );
    const outHeaders: Record<string, string> = { ...responseHeaders };
    for (const [key, value] of result.headers) outHeaders[key] = value;
    res.writeHead(result.status ?? 200, outHeaders);
    if (result.body.kind === "complete") {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
