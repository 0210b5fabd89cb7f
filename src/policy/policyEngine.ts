import crypto from "node:crypto";
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
import type { RequestContext } from "../context";
import { loadPolicySet } from "./policyLoader";
import { PolicyDecider } from "./policyDecider";
import type { PolicySet, PolicySubject } from "./policyModel";
import { planOperation, type OperationPlan } from "./operationPlan";
import { validatePolicySet } from "./policyValidation";

export interface PolicyEngine {
  policy: PolicySet;
  decider: PolicyDecider;
  /** The plan for an operation and a kind of caller; repeated operations hit the cache. */
  plan(document: DocumentNode, operation: OperationDefinitionNode, documentHash: string, subject: PolicySubject): OperationPlan;
  cacheStats(): { size: number; hits: number; misses: number };
}

export function subjectOf(context: RequestContext): PolicySubject {
  const { principal } = context;
  return {
    roles: principal.roles,
    purpose: context.purpose,
    hasCaseRef: Boolean(context.caseRef),
    regionRelation: principal.region === context.node ? "same" : principal.forwardedBy ? "cross" : "direct-cross",
  };
}

/** Loads policies/, validates them against the schema (start-up fails on any gap), and plans operations. */
export function createPolicyEngine(schema: GraphQLSchema, policyDir: string, options: { cacheSize?: number; introspection?: boolean } = {}): PolicyEngine {
  const policy = loadPolicySet(policyDir);
  validatePolicySet(policy, schema);
  const decider = new PolicyDecider(policy);
  const cache = new LRUCache<string, OperationPlan>({ max: options.cacheSize ?? 2000 });
  let hits = 0;
  let misses = 0;
  return {
    policy,
    decider,
    plan(document, operation, documentHash, subject) {
      // A decision depends only on the document, the operation chosen, the role set, purpose,
      // case-ref presence and region relation — never on variables — so it is cached on those.
      const key = [policy.version, documentHash, operation.name?.value ?? "", [...subject.roles].sort().join(","), subject.purpose ?? "", subject.hasCaseRef ? 1 : 0, subject.regionRelation].join("|");
      const cached = cache.get(key);
      if (cached) {
        hits++;
        return cached;
      }
      misses++;
      const plan = planOperation(schema, decider, document, operation, subject, { introspection: options.introspection ?? false });
      cache.set(key, plan);
      return plan;
    },
    cacheStats: () => ({ size: cache.size, hits, misses }),
  };
}

export function documentHash(query: string): string {
  return crypto.createHash("sha256").update(query).digest("hex");
}
