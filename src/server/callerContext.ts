import type { Region } from "../config";
import { emptyAccessFacts, isPurpose, type Principal, type RequestContext } from "../context";

/** What the HTTP layer knows of a caller before GraphQL runs. */
export interface CallerFacts {
  requestId: string;
  node: Region;
  principal: Principal;
  /** X-Purpose as sent (or as the home node signed it, for a forwarded request). */
  declaredPurpose: string | undefined;
  /** X-Case-Ref as sent (or as signed). */
  caseRef: string | undefined;
  /** The case-number format of each province (CASE_REF_FORMATS). */
  caseRefFormats: Record<Region, RegExp>;
  policyDryRun?: boolean;
}

/**
 * The one way a request context is born, for /graphql and the subscription stream alike, so both
 * check purpose and case number the same way. The case number follows the format of the caller's
 * province (their agency numbers the case); a malformed one is kept as a problem, and the policy
 * refuses the operation with BAD_USER_INPUT naming X-Case-Ref, audited like any refusal.
 */
export function createCallerContext(facts: CallerFacts): RequestContext {
  const { caseRef, principal } = facts;
  const caseRefFits = caseRef === undefined || facts.caseRefFormats[principal.region].test(caseRef);
  return {
    requestId: facts.requestId,
    node: facts.node,
    principal,
    purpose: isPurpose(facts.declaredPurpose) ? facts.declaredPurpose : undefined,
    declaredPurpose: facts.declaredPurpose,
    caseRef: caseRefFits ? caseRef : undefined,
    caseRefProblem: caseRefFits ? undefined : `does not match the ${principal.region} case-number format`,
    policyDryRun: facts.policyDryRun ?? false,
    touchedSubjects: new Set(),
    deferredErrors: [],
    access: emptyAccessFacts(),
    perRequest: new Map(),
    // Set by the policy plugin (or the subscription route); present from the start so every context has one shape.
    mayRead: undefined,
  };
}
