import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import { isPurpose, type GovernanceStage, type RequestContext } from "../context";
import { auditUnavailable } from "../errors";
import type { Region } from "../config";
import type { AppendReceipt } from "./auditChainWriter";
import type { AuditEntryInput } from "./auditRecord";
import { classifyOutcome, countResults } from "./accessOutcome";

/** What the plugin needs of a writer: AuditChainWriter, or anything that appends like it. */
export interface AuditAppender {
  append(input: AuditEntryInput): Promise<AppendReceipt>;
}

export interface AuditPluginOptions {
  /** Items released, for resultCount (default: countResults). */
  countResults?: (data: unknown) => number;
  /** Told when an entry could not be committed and the answer was withheld (log, metrics). */
  onAuditFailure?: (error: Error, requestId: string | undefined) => void;
  /** Told of each committed entry (metrics, peer receipts). */
  onRecorded?: (receipt: AppendReceipt, entry: AuditEntryInput) => void;
}

const AUDIT_UNAVAILABLE_STATUS = 503;

/** The AUDIT_UNAVAILABLE error as a response carries it (no http extension, no stack). */
function auditUnavailableBody(): GraphQLFormattedError {
  const error = auditUnavailable();
  const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
  return { message: error.message, extensions };
}

/** The audit stage's part of the per-request governance record. */
export interface AuditSlot {
  /** When the record was opened, for the entry's latency. */
  started: number;
  /**
   * Set when the stage starts committing this request's entry; resolves to the committed entry's
   * hash, or to undefined when it could not be committed. The peer receipt, a later stage, waits
   * on it, so a receipt can only name a durable entry.
   */
  committed?: Promise<{ entryHash: string } | undefined>;
  /** True when the entry could not be committed and the answer was withheld (503). */
  withheld: boolean;
}

/**
 * Records every GraphQL operation in the audit log before its answer leaves, and withholds the
 * answer when the entry cannot be committed — the third governance stage, after the policy has
 * shaped the answer and the budget has had its say, before the peer receipt and the metrics.
 *
 * Apollo Server awaits `willSendResponse` before it serialises the response, on every path
 * (executed, refused in didResolveOperation, parse or validation failure), so the entry is
 * written there: the outcome comes from the response's errors and the policy engine's access
 * facts in the context. If the append rejects, the body is replaced by a single AUDIT_UNAVAILABLE
 * error without data and the status becomes 503 — fail-closed.
 *
 * A request refused before GraphQL ran (no or bad token) reaches the stage through the same
 * pipeline, entered early (refusedEarly): one UNAUTHENTICATED entry, or 503 when it cannot be written.
 */
export function auditStage(writer: AuditAppender, options: AuditPluginOptions = {}): GovernanceStage<AuditSlot> {
  const count = options.countResults ?? countResults;
  return {
    open: () => ({ started: performance.now(), withheld: false }),
    async willSendResponse(rc, slot) {
      const entry = entryFor(rc, count, performance.now() - slot.started);
      const appended = writer.append(entry);
      slot.committed = appended.then((r) => ({ entryHash: r.entryHash }), () => undefined);
      try {
        const receipt = await appended;
        options.onRecorded?.(receipt, entry);
      } catch (error) {
        options.onAuditFailure?.(error as Error, rc.contextValue?.requestId);
        slot.withheld = true;
        rc.response.body = { kind: "single", singleResult: { errors: [auditUnavailableBody()] } };
        rc.response.http.status = AUDIT_UNAVAILABLE_STATUS;
      }
    },
    async refusedEarly(refusal, slot) {
      const { requestId, reason, node, declaredPurpose, caseRef, operationName } = refusal;
      const access = { requestId, reason, node, declaredPurpose, caseRef, operationName, latencyMs: performance.now() - slot.started };
      slot.committed = recordUnauthenticatedAccess(writer, access).then((r) => ({ entryHash: r.entryHash }), () => undefined);
      if (await slot.committed) return;
      // Even a refusal must be on record before it leaves; if it cannot be, say so.
      slot.withheld = true;
      refusal.answer = { status: AUDIT_UNAVAILABLE_STATUS, code: "AUDIT_UNAVAILABLE", message: "the access could not be recorded in the audit log" };
    },
  };
}

/**
 * The audit stage alone as an Apollo plugin (module tests). It also sets `context.auditRecord`
 * before its first await, for a receipt plugin of the test's own placed after it; the gateway
 * runs the stage in the pipeline, where the peer receipt reads the audit slot instead.
 */
export function auditPlugin(writer: AuditAppender, options: AuditPluginOptions = {}): ApolloServerPlugin<RequestContext> {
  const stage = auditStage(writer, options);
  return {
    async requestDidStart() {
      const slot = stage.open();
      return {
        async willSendResponse(rc) {
          const committing = stage.willSendResponse!(rc, slot, {});
          if (rc.contextValue) rc.contextValue.auditRecord = slot.committed;
          await committing;
        },
      };
    },
  };
}

function entryFor(rc: GraphQLRequestContextWillSendResponse<RequestContext>, count: (data: unknown) => number, latencyMs: number): AuditEntryInput {
  const context: Partial<RequestContext> = rc.contextValue ?? {};
  const body = rc.response.body;
  const result = body.kind === "single" ? body.singleResult : body.initialResult;
  const executed = "data" in result && !context.policyDryRun;
  const resultCount = executed ? count(result.data) : 0;
  const access = context.access;
  // Errors of the execution, and those collected while forwarding (a peer that did not answer,
  // the peer's own denials) which another plugin adds to the response.
  const errorCodes = [...(rc.errors ?? []), ...(executed ? (context.deferredErrors ?? []) : [])].map((e) => {
    const code = e.extensions?.code;
    return typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
  });
  const { outcome, errorCode } = classifyOutcome({
    executed,
    errorCodes,
    access: { fieldsDenied: access?.fieldsDenied ?? [], fieldsMasked: access?.fieldsMasked ?? [] },
    resultCount,
  });
  return {
    requestId: context.requestId ?? "unknown",
    node: context.node as Region,
    principal: context.principal,
    purpose: context.purpose,
    caseRef: context.caseRef,
    operationName: access?.operationName ?? rc.operationName ?? rc.request.operationName ?? undefined,
    operationHash: access?.operationHash ?? rc.queryHash,
    fieldsRequested: access?.fieldsRequested ?? [],
    fieldsDenied: access?.fieldsDenied ?? [],
    fieldsMasked: access?.fieldsMasked ?? [],
    subjects: context.touchedSubjects ?? [],
    resultCount,
    outcome,
    errorCode: errorCode ?? undefined,
    // A dry run releases nothing; say why the entry shows no result.
    errorDetail: context.policyDryRun ? "policy dry run: nothing executed" : undefined,
    latencyMs,
    peerHops: access?.peerHops ?? [],
    rowRules: access?.rowRules ?? [],
  };
}

export interface UnauthenticatedAccessRecord {
  requestId: string;
  /** Why the token was refused (a fixed phrase from the verifier, never the token). */
  reason: string;
  node: Region;
  /** X-Purpose as sent; kept only when it is a known purpose code. */
  declaredPurpose?: string;
  caseRef?: string;
  operationName?: string;
  operationHash?: string;
  latencyMs?: number;
}

/**
 * Records a request refused before GraphQL ran (no or bad token). The audit stage calls it when
 * the pipeline is entered early; when it rejects, the answer becomes 503 AUDIT_UNAVAILABLE.
 */
export function recordUnauthenticatedAccess(writer: AuditAppender, access: UnauthenticatedAccessRecord): Promise<AppendReceipt> {
  return writer.append({
    requestId: access.requestId,
    node: access.node,
    purpose: isPurpose(access.declaredPurpose) ? access.declaredPurpose : undefined,
    caseRef: access.caseRef,
    operationName: access.operationName,
    operationHash: access.operationHash,
    outcome: "UNAUTHENTICATED",
    errorCode: "UNAUTHENTICATED",
    errorDetail: access.reason.slice(0, 200),
    latencyMs: access.latencyMs,
  });
}
