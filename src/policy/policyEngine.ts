import crypto from "node:crypto";
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
import type { RequestContext } from "../context";
import { createOperationAnalyzer, type OperationAnalysis, type OperationAnalyzer } from "../operation";
import { loadPolicySet } from "./policyLoader";
import { PolicyDecider } from "./policyDecider";
import type { PolicySet, PolicySubject } from "./policyModel";
import { planOperation, type OperationPlan } from "./operationPlan";
import { validatePolicySet } from "./policyValidation";

export interface PolicyEngine {
  policy: PolicySet;
  decider: PolicyDecider;
  /**
   * The plan for an operation and a kind of caller; repeated operations hit the cache. With
   * `request`, the request's analysis is the one the limits already looked at.
   */
  plan(document: DocumentNode, operation: OperationDefinitionNode, documentHash: string, subject: PolicySubject, request?: object): OperationPlan;
  /** The analysis a request's operation got (its fields requested are what the audit records). */
  analysisOf(request: object): OperationAnalysis | undefined;
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

/**
 * Loads policies/, validates them against the schema (start-up fails on any gap), and plans
 * operations. A plan is built on the operation's analysis and cached under the analysis's key and
 * the caller class; pass the node's analyzer so the limits and the policy share one analysis.
 */
export function createPolicyEngine(
  schema: GraphQLSchema,
  policyDir: string,
  options: { cacheSize?: number; introspection?: boolean; analyzer?: OperationAnalyzer } = {},
): PolicyEngine {
  const policy = loadPolicySet(policyDir);
  validatePolicySet(policy, schema);
  const decider = new PolicyDecider(policy);
  const introspection = options.introspection ?? false;
  const analyzer = options.analyzer ?? createOperationAnalyzer(schema, { introspection });
  const plans = new LRUCache<string, OperationPlan>({ max: options.cacheSize ?? 2000 });
  let hits = 0;
  let misses = 0;
  return {
    policy,
    decider,
    plan(document, operation, documentHash, subject, request) {
      const analysis = analyzer.analyze(document, operation, documentHash, request);
      // A decision depends only on the operation, the role set, purpose, case-ref presence and
      // region relation — never on variables — so it is cached on those.
      const key = [analysis.key, policy.version, [...subject.roles].sort().join(","), subject.purpose ?? "", subject.hasCaseRef ? 1 : 0, subject.regionRelation].join("|");
      let plan = plans.get(key);
      if (plan) hits++;
      else {
        misses++;
        plans.set(key, (plan = planOperation(decider, analysis, subject, { introspection })));
      }
      return plan;
    },
    analysisOf: (request) => analyzer.ofRequest(request),
    cacheStats: () => ({ size: plans.size, hits, misses }),
  };
}

export function documentHash(query: string): string {
  return crypto.createHash("sha256").update(query).digest("hex");
}
