import { GraphQLError } from "graphql";
import type { RequestContext } from "./requestContext";

/** The kinds of row the policies' row rules (policies/*.yaml `rows:`) restrict. */
export const ROW_ENTITIES = ["HouseholdVerification", "ReliefRecord", "MissingPersonReport", "MatchAlert", "FamilySearchCandidate"] as const;
export type RowEntity = (typeof ROW_ENTITIES)[number];

/**
 * What the row rules let this request read of one kind of row, compiled by src/policy for the
 * caller's jurisdiction before any resolver runs. Services AND `where` into every Prisma read of
 * the entity (lists, counts, lookups), so a row outside it is never read, and paging stays exact.
 */
export interface RowScope {
  entity: RowEntity;
  /** The row rules that matched (policies/*.yaml ids), for errors and explanations. */
  policyIds: readonly string[];
  /** Prisma `where` fragment for the entity's model; `{}` when the rule covers every row. */
  where: Record<string, unknown>;
  /**
   * A lookup by id or identity number of a row outside `where`: `allow` reads it, `requested`
   * reads it only when the caller's agency asked for it by a 协查 request, `deny` refuses
   * (FORBIDDEN, OUTSIDE_JURISDICTION).
   */
  outsideLookup: "allow" | "requested" | "deny";
  /** The caller's jurisdiction in words (e.g. `county 510303`), for error messages. */
  jurisdiction: string;
}

export const outsideJurisdiction = (scope: RowScope, what: string) =>
  new GraphQLError(`${what} is outside your jurisdiction (${scope.jurisdiction}) and no rule lets your role and purpose look it up`, {
    extensions: { code: "FORBIDDEN", reasonCode: "OUTSIDE_JURISDICTION", policyId: scope.policyIds[0] ?? "default-deny", http: { status: 403 } },
  });

/**
 * After a lookup under `inScope` found nothing: FORBIDDEN when the row exists without that
 * condition (the caller learns why), else nothing (there is no such row). Only the existence is
 * read outside the scope, never the row.
 */
export async function refuseWhenOutside(scope: RowScope, inScope: Record<string, unknown>, countWithoutScope: () => Promise<number>, what: string): Promise<void> {
  if (Object.keys(inScope).length > 0 && (await countWithoutScope()) > 0) throw outsideJurisdiction(scope, what);
}

/**
 * The row rule's condition for a lookup of one row by id, or a step taken on it (an alert
 * reviewed, a disposition recorded, a report closed): none where the rule lets the caller reach
 * outside their jurisdiction (`allow`), else the jurisdiction filter itself. (`requested` only
 * widens lookups of verification results; VerificationService checks the 协查 requests itself.)
 */
export function lookupCondition(scope: RowScope): Record<string, unknown> {
  return scope.outsideLookup === "allow" ? {} : scope.where;
}

/**
 * One row by id within the caller's row scope, as lookups and steps by id read it: `read` gets
 * the condition to AND with the id; when it finds nothing and the row exists outside (`exists`
 * counts without the condition), FORBIDDEN (OUTSIDE_JURISDICTION, the rule's policyId); when
 * there is no such row, null. The row outside is never read, only its existence.
 */
export async function readWithinScope<T>(scope: RowScope, what: string, read: (inScope: Record<string, unknown>) => Promise<T | null>, exists: () => Promise<number>): Promise<T | null> {
  const inScope = lookupCondition(scope);
  const row = await read(inScope);
  if (row) return row;
  await refuseWhenOutside(scope, inScope, exists, what);
  return null;
}

/**
 * The row scope of an entity for this request. No scope means no row rule was applied, so nothing
 * may be read (fail closed): only a node built without the policy plugin (benchmark baselines)
 * sets an unrestricted scope itself.
 */
export function rowScopeOf(context: RequestContext, entity: RowEntity): RowScope {
  const scope = context.rowScopes?.get(entity);
  if (scope) return scope;
  throw new GraphQLError(`no row rule applied to ${entity} for this request`, {
    extensions: { code: "FORBIDDEN", reasonCode: "NO_ROW_RULE", policyId: "default-deny", http: { status: 403 } },
  });
}
