import type { IncomingMessage, ServerResponse } from "node:http";
import { v7 as uuidv7 } from "uuid";
import { getOperationAST, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { createHandler } from "graphql-sse/lib/use/http";
import type { AuditAppender } from "../audit";
import { AuthenticationFailure } from "../auth";
import type { Region } from "../config";
import { capturingSubjects, type DomainModule, type EarlyAnswer, type EarlyRefusal, type Principal, type RequestContext } from "../context";
import { applyRowScopes, documentHash, deniedFieldErrors, rowScopesOfPlan, shapeData, subjectOf, type JurisdictionDirectory, type OperationPlan, type PolicyEngine } from "../policy";
import type { AccessOutcome } from "../context";
import { createCallerContext } from "./callerContext";
import { bearerToken, graphqlErrorBody, sendJson } from "./httpExchange";

export const SUBSCRIPTION_PATH = "/graphql/stream";

/** One open subscription: its caller and the policy's plan for its operation. */
interface Stream {
  plan: OperationPlan;
  operationName?: string;
  hash: string;
}

type Json = Parameters<typeof shapeData>[0];

/**
 * GraphQL subscriptions over Server-Sent Events (graphql-sse, "distinct connections" mode: one
 * request per subscription), at /graphql/stream. The same rules as /graphql, applied per event:
 *   - an officer's bearer token (verified as on /graphql; a peer's service token is refused: a
 *     subscription never crosses the border), X-Purpose and X-Case-Ref;
 *   - the policy plans the operation once (denied fields removed before it runs, a refused
 *     operation answered with its error and nothing else), and shapes every event (masks);
 *   - the row rules of the subscribed fields are compiled for the caller's jurisdiction, as on
 *     /graphql: an event about a row outside it is not theirs and is never sent (nor audited);
 *   - every event is written to the audit log before it is sent — who, purpose, case, fields,
 *     the subjects it touched — and an event whose entry cannot be committed is replaced by an
 *     AUDIT_UNAVAILABLE error: no data leaves unrecorded.
 */
export function createSubscriptionRoute(options: {
  schema: GraphQLSchema;
  policy: PolicyEngine;
  audit: AuditAppender;
  node: Region;
  modules: readonly DomainModule[];
  verifyOfficer: (token: string) => Promise<Principal>;
  /** The governance pipeline entered early, for a refused token (audited and counted as on /graphql). */
  enterEarly: (refusal: EarlyRefusal) => Promise<EarlyAnswer>;
  /** X-Case-Ref pattern per province of the caller, as on /graphql (configuration). */
  caseRefFormats: Record<Region, RegExp>;
  /** Where agencies' jurisdictions come from (the same directory as /graphql's policy stage). */
  jurisdictions: JurisdictionDirectory;
}) {
  const callers = new WeakMap<IncomingMessage, RequestContext>();
  const streams = new WeakMap<RequestContext, Stream>();

  async function record(context: RequestContext, stream: Stream | undefined, outcome: AccessOutcome, resultCount: number, errorCode?: string): Promise<void> {
    const subjects = [...context.touchedSubjects];
    context.touchedSubjects.clear();
    await options.audit.append({
      requestId: uuidv7(),
      node: options.node,
      principal: context.principal,
      purpose: context.purpose,
      caseRef: context.caseRef,
      operationName: stream?.operationName ?? context.access.operationName,
      operationHash: stream?.hash,
      fieldsRequested: context.access.fieldsRequested,
      fieldsDenied: context.access.fieldsDenied,
      fieldsMasked: context.access.fieldsMasked,
      rowRules: context.access.rowRules,
      subjects,
      resultCount,
      outcome,
      errorCode,
    });
  }

  const refuse = async (context: RequestContext, error: GraphQLError, outcome: AccessOutcome): Promise<ExecutionResult> => {
    await record(context, undefined, outcome, 0, String(error.extensions.code ?? "BAD_REQUEST"));
    // `data` must be present: graphql-sse takes an onSubscribe answer without it for execution
    // arguments, and the caller would get a bare 400 ("Unable to detect operation AST") instead.
    return { data: null, errors: [error] };
  };

  const handler = createHandler<Record<string, unknown>>({
    schema: options.schema,
    // Distinct connections only: the caller was authenticated before the handler ran.
    authenticate: () => null,
    onSubscribe: async (req, params) => {
      const context = callers.get(req.raw)!;
      let document: DocumentNode;
      try {
        document = parse(params.query);
      } catch (error) {
        return refuse(context, new GraphQLError((error as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } }), "INVALID");
      }
      const invalid = validate(options.schema, document);
      if (invalid.length > 0) return refuse(context, new GraphQLError(invalid[0].message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }), "INVALID");
      const operation = getOperationAST(document, params.operationName);
      if (!operation || operation.operation !== "subscription") {
        return refuse(context, new GraphQLError("only subscriptions are served here; send queries and mutations to /graphql", { extensions: { code: "BAD_USER_INPUT" } }), "INVALID");
      }
      if (context.declaredPurpose && !context.purpose) return refuse(context, new GraphQLError("unknown purpose code", { extensions: { code: "PURPOSE_REQUIRED" } }), "DENIED");
      if (context.caseRefProblem) {
        return refuse(context, new GraphQLError(`X-Case-Ref: ${context.caseRefProblem}`, { extensions: { code: "BAD_USER_INPUT", field: "X-Case-Ref" } }), "INVALID");
      }
      const hash = documentHash(params.query);
      const plan = options.policy.plan(document, operation, hash, subjectOf(context));
      context.access.operationName = operation.name?.value;
      context.access.operationHash = hash;
      context.access.fieldsRequested = plan.fields.map((f) => f.path);
      const decision = (f: OperationPlan["fields"][number]) => ({ path: f.path, policyId: (f.outcome as { policyId?: string }).policyId ?? "public", reasonCode: f.outcome.decision });
      context.access.fieldsDenied = plan.denied.map(decision);
      context.access.fieldsMasked = plan.masked.map(decision);
      if (plan.refusal) return refuse(context, new GraphQLError(plan.refusal.message, { extensions: { code: plan.refusal.code, policyId: plan.refusal.policyId } }), "DENIED");
      try {
        applyRowScopes(context, plan, await rowScopesOfPlan(plan, context, options.jurisdictions));
      } catch (error) {
        // An agency with no jurisdiction on record reads no row (NO_JURISDICTION), here as on /graphql.
        if (error instanceof GraphQLError) return refuse(context, error, "DENIED");
        throw error;
      }
      streams.set(context, { plan, operationName: operation.name?.value, hash });
      return { schema: options.schema, document: plan.filteredDocument ?? document, operationName: params.operationName, variableValues: params.variables, contextValue: context as unknown as Record<string, unknown> };
    },
    onNext: async (ctx, _req, result) => {
      const context = ctx as unknown as RequestContext;
      const stream = streams.get(context);
      if (!stream) return result;
      const shaped: ExecutionResult = { ...result, data: shapeData(result.data as Json, stream.plan) as ExecutionResult["data"] };
      if (stream.plan.denied.length > 0) shaped.errors = [...deniedFieldErrors(stream.plan).map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })), ...(result.errors ?? [])];
      const outcome: AccessOutcome = result.errors?.length ? "FAILED" : stream.plan.denied.length > 0 ? "PARTIAL" : stream.plan.masked.length > 0 ? "MASKED" : "ALLOWED";
      try {
        await record(context, stream, outcome, shaped.data ? 1 : 0);
      } catch {
        return { errors: [new GraphQLError("the notification could not be recorded in the audit log", { extensions: { code: "AUDIT_UNAVAILABLE" } })] };
      }
      return shaped;
    },
  });

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = uuidv7();
    const token = bearerToken(req);
    let principal: Principal;
    try {
      if (!token) throw new AuthenticationFailure("missing bearer token");
      principal = await options.verifyOfficer(token);
    } catch (error) {
      req.resume();
      const reason = error instanceof AuthenticationFailure ? error.reason : "token could not be verified";
      const answer = await options.enterEarly({
        route: "graphql-stream",
        requestId,
        node: options.node,
        reason,
        answer: { status: 401, code: "UNAUTHENTICATED", message: `authentication failed: ${reason}`, extensions: { reason }, headers: { "www-authenticate": 'Bearer error="invalid_token"' } },
      });
      return sendJson(res, answer.status, graphqlErrorBody(answer.code, answer.message, answer.extensions), answer.headers);
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
    };
    const declaredPurpose = header("x-purpose");
    const caseRef = header("x-case-ref");
    const context = createCallerContext({
      requestId,
      node: options.node,
      principal,
      declaredPurpose,
      caseRef,
      caseRefFormats: options.caseRefFormats,
    });
    context.mayRead = (type, field) => {
      const verdict = options.policy.decider.decideField(type, field, subjectOf(context));
      return verdict === "public" || verdict.effect === "allow";
    };
    for (const module of options.modules) module.subscriptionContext?.(context);
    callers.set(req, context);
    res.setHeader("x-request-id", requestId);
    // Every event's reads (and the rows the event itself carries) land in this stream's capture;
    // record() takes them out per event.
    await capturingSubjects(context.touchedSubjects, () => handler(req, res));
  };
}
