import type { Region } from "../config";
import type { AccessFacts } from "./accessFacts";
import type { Principal } from "./principal";
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
  /** X-Policy-Dry-Run: report what policy would deny, in `extensions`, without denying. */
  policyDryRun: boolean;
  /** Subjects (identity numbers) touched, reported by services for the audit entry. */
  touchedSubjects: Set<string>;
  /** What the policy engine decided for this operation, for the audit entry. */
  access: AccessFacts;
  /** Scratch space per request for domain-owned things such as DataLoaders (keyed by the domain). */
  readonly perRequest: Map<symbol, unknown>;
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
