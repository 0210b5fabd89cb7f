import crypto from "node:crypto";
import type { GovernanceStage, RequestContext } from "../context";
import { GraphQLError } from "graphql";

export interface EnumerationBudget {
  /** Distinct persons one officer may touch per clock hour. */
  perOfficerPerHour: number;
  /** Distinct persons one agency's officers together may touch per clock hour. */
  perAgencyPerHour: number;
}

const budgetExceeded = (scope: "officer" | "agency", cap: number) =>
  new GraphQLError(`this ${scope} has reached its limit of ${cap} distinct persons per hour; ask your supervisor to review the case load`, {
    extensions: { code: "FORBIDDEN", reasonCode: "ENUMERATION_BUDGET_EXCEEDED", scope, limit: cap, http: { status: 429 } },
  });

/** The budget stage's part of the per-request governance record. */
export interface BudgetSlot {
  /** Set when this answer took a cap over its limit and was withheld (HTTP 429). */
  exceeded?: "officer" | "agency";
}

/**
 * Object-level rate limiting (OWASP API4), the second governance stage: caps how many distinct
 * people an officer, and an agency, can touch per hour, so a stolen token or an over-curious
 * officer cannot walk the register. Counts live in this process (per fixed clock-hour window);
 * behind a load balancer each process enforces its own share. Persons are held only as
 * truncated hashes. On the way out it runs after the policy has shaped the answer and before the
 * audit records it, so the entry and the metrics see a withheld answer as withheld.
 */
export function enumerationBudgetStage(budget: EnumerationBudget, now: () => number = Date.now): GovernanceStage<BudgetSlot> {
  const windows = new Map<string, { hour: number; subjects: Set<string> }>();
  const windowOf = (key: string): Set<string> => {
    const hour = Math.floor(now() / 3_600_000);
    const current = windows.get(key);
    if (current && current.hour === hour) return current.subjects;
    const fresh = { hour, subjects: new Set<string>() };
    windows.set(key, fresh);
    return fresh.subjects;
  };
  const scopes = (context: RequestContext) => [
    { scope: "officer" as const, key: `o:${context.principal.issuer}:${context.principal.sub}`, cap: budget.perOfficerPerHour },
    { scope: "agency" as const, key: `a:${context.principal.agency}`, cap: budget.perAgencyPerHour },
  ];
  return {
    open: () => ({}),
    async didResolveOperation({ contextValue }) {
      for (const s of scopes(contextValue)) if (windowOf(s.key).size >= s.cap) throw budgetExceeded(s.scope, s.cap);
    },
    async willSendResponse({ contextValue, response }, slot) {
      if (contextValue.touchedSubjects.size === 0) return;
      // crypto.hash: one call per person, no Hash object — a third of createHash's cost per
      // person (the policy-cost profile, docs/performance.md); the same digest.
      const hashes = [...contextValue.touchedSubjects].map((id) => crypto.hash("sha256", id, "base64url").slice(0, 16));
      for (const s of scopes(contextValue)) {
        const seen = windowOf(s.key);
        for (const h of hashes) seen.add(h);
        // Over the cap with this answer: withhold it (the persons still count — they were looked up).
        if (seen.size > s.cap && response.body.kind === "single") {
          response.body.singleResult = { errors: [budgetExceeded(s.scope, s.cap).toJSON()] };
          response.http.status = 429;
          slot.exceeded = s.scope;
          return;
        }
      }
    },
  };
}
