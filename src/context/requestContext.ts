import type { GraphQLFormattedError } from "graphql";
import type { Region } from "../config";
import type { AccessFacts } from "./accessFacts";
import type { Principal } from "./principal";
import type { RowEntity, RowScope } from "./rowScope";
import type { Purpose } from "./vocabulary";

/**
 * What every resolver receives. Built once per request by src/server after authentication;
 * cross-cutting plugins (policy, audit) add their decisions to `facts`, resolvers never call them.
 */
export interface RequestContext {
  requestId: string;
  /** The node answering: its home region. */
  node: Region;
  principal: Principal;
  purpose?: Purpose;
  /** X-Purpose exactly as sent, kept so an unknown code can be refused by name. */
  declaredPurpose?: string;
  caseRef?: string;
  /** Why the X-Case-Ref sent does not fit the caller's province's format (the operation is refused). */
  caseRefProblem?: string;
  /** Row rules compiled for the caller's jurisdiction (set by the policy plugin; see rowScopeOf). */
  rowScopes?: Map<RowEntity, RowScope>;
  /** X-Policy-Dry-Run: report what policy would deny, in `extensions`, without denying. */
  policyDryRun: boolean;
  /**
   * Subjects (identity numbers) touched, for the audit entry: filled by the request's subject
   * capture (subjectCapture.ts — rows the data-access layer returns, numbers the request names),
   * never by resolvers or services.
   */
  touchedSubjects: Set<string>;
  /** What the policy engine decided for this operation, for the audit entry. */
  access: AccessFacts;
  /**
   * Errors to add to the response without failing a field — a peer that did not answer, or the
   * peer's own field denials — so the caller gets a partial result with every reason.
   */
  deferredErrors: GraphQLFormattedError[];
  /**
   * Set by the audit plugin when it starts committing this request's entry; resolves to the
   * committed entry's hash. The peer receipt waits on it, so it can only name a durable entry.
   */
  auditRecord?: Promise<{ entryHash: string } | undefined>;
  /**
   * Run by the HTTP layer once the answer is final, in the order added. Apollo starts every
   * plugin's willSendResponse at once, so no hook sees what another decides there (the audit
   * plugin withholding the answer, the policy plugin adding errors); whatever must report the
   * answer the caller actually gets (metrics, the log line, the trace) reports from here.
   */
  onAnswered?: Array<() => void>;
  /** Scratch space per request for domain-owned things such as DataLoaders (keyed by the domain). */
  readonly perRequest: Map<symbol, unknown>;
  /**
   * Whether the policy lets this caller read a field (`Type.field`) — for a domain deciding what
   * a derived answer may draw on (a family search weighs health data only for a caller allowed
   * to read it). Set by the policy plugin; absent means no (closed).
   */
  mayRead?: (type: string, field: string) => boolean;
}

/** A per-request value owned by one domain (DataLoaders, caches), created on first use. */
export function perRequest<T>(context: RequestContext, key: symbol, create: () => T): T {
  let value = context.perRequest.get(key) as T | undefined;
  if (value === undefined) {
    value = create();
    context.perRequest.set(key, value);
  }
  return value;
}
