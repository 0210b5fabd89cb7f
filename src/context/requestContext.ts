import type { GraphQLFormattedError } from "graphql";
import type { Region } from "../config";
import type { AccessFacts } from "./accessFacts";
import type { Principal } from "./principal";
import type { RowEntity, RowScope } from "./rowScope";
import type { Purpose } from "./vocabulary";

/**
 * What every resolver receives. Built once per request by src/server after authentication.
 * It holds what resolvers read (the caller, the policy's row scopes and field verdicts) and what
 * they report (subjects touched, partial-answer errors, peer hops). The governance stages' own
 * state — plan, budget verdict, audit commit, receipt, metrics — is not here: it lives in the
 * request's governance record (src/pipeline/governancePipeline.ts), one slot per stage.
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
   * Set only by the audit plugin run alone (auditPlugin, module tests): the committed entry's
   * hash. In the gateway the audit is a stage of the governance pipeline (src/pipeline), which
   * keeps each stage's state in its own slot of the request's governance record instead.
   */
  auditRecord?: Promise<{ entryHash: string } | undefined>;
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
