import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import type { RequestContext } from "../context";
import { purposeRequired } from "../errors";
import type { OperationPlan } from "./operationPlan";
import { refusalError } from "./operationPlan";
import { documentHash, subjectOf, type PolicyEngine } from "./policyEngine";
import { deniedFieldErrors, shapeData } from "./responseShaper";

function recordFacts(context: RequestContext, plan: OperationPlan, operationName: string | undefined, hash: string): void {
  context.access.operationName = operationName;
  context.access.operationHash = hash;
  context.access.fieldsRequested = plan.fields.map((f) => f.path);
  const record = (f: OperationPlan["fields"][number]) => ({
    path: f.path,
    policyId: (f.outcome as { policyId?: string }).policyId ?? "public",
    reasonCode: f.outcome.decision === "DENIED" ? f.outcome.reasonCode : f.outcome.decision === "MASKED" ? `MASK_${f.outcome.mask.kind.toUpperCase()}` : "ALLOWED",
  });
  context.access.fieldsDenied = plan.denied.map(record);
  context.access.fieldsMasked = plan.masked.map(record);
}

function dryRunReport(plan: OperationPlan) {
  return {
    wouldRefuse: plan.refusal ? { code: plan.refusal.code, message: plan.refusal.message, policyId: plan.refusal.policyId } : null,
    denied: plan.denied.map((f) => ({ path: f.path, ...(f.outcome as object) })),
    masked: plan.masked.map((f) => ({ path: f.path, policyId: (f.outcome as { policyId: string }).policyId, mask: (f.outcome as { mask: { kind: string } }).mask.kind })),
    allowed: plan.fields.filter((f) => f.outcome.decision === "ALLOWED").map((f) => f.path),
  };
}

/**
 * Field-level authorization as one Apollo plugin. The decision is made once per operation in
 * didResolveOperation (the document is parsed, validated and the operation known), before any
 * resolver runs: denied fields are removed from the document Apollo executes — a denied
 * field's resolver is never called — and masks and nulls are applied to the result before it
 * leaves. Any failure inside the engine refuses the request (fail closed).
 */
export function policyPlugin(engine: PolicyEngine): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let plan: OperationPlan | undefined;
      let executed = false;
      return {
        async didResolveOperation(rc: GraphQLRequestContext<RequestContext>) {
          const context = rc.contextValue;
          if (context.declaredPurpose && !context.purpose) throw purposeRequired(`unknown purpose code "${context.declaredPurpose.slice(0, 40)}"`);
          if (!rc.document || !rc.operation) throw purposeRequired("no operation to authorize");
          const hash = rc.queryHash ?? documentHash(rc.source ?? "");
          const subject = subjectOf(context);
          plan = engine.plan(rc.document, rc.operation, hash, subject);
          context.mayRead = (type, field) => {
            const verdict = engine.decider.decideField(type, field, subject);
            return verdict === "public" || verdict.effect === "allow";
          };
          recordFacts(context, plan, rc.operationName ?? undefined, hash);
          if (context.policyDryRun) return;
          if (plan.refusal) throw refusalError(plan.refusal);
          // Apollo Server 5 executes requestContext.document as it stands after this hook
          // (requestPipeline reads it at execution); test/policy proves denied resolvers never run.
          if (plan.filteredDocument) (rc as { document: typeof rc.document }).document = plan.filteredDocument;
        },
        async responseForOperation(rc) {
          if (!rc.contextValue.policyDryRun || !plan) return null;
          // A dry run releases nothing: it answers what the operation would get, without running it.
          return { http: rc.response.http, body: { kind: "single", singleResult: { data: null, extensions: { policy: dryRunReport(plan) } } } };
        },
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse(rc) {
          // Only an executed operation has data to shape; a refusal's error response stays as is.
          if (!plan || !executed || rc.response.body.kind !== "single") return;
          const result = rc.response.body.singleResult;
          if (plan.denied.length === 0 && plan.masked.length === 0) return;
          if (result.data !== undefined) result.data = shapeData(result.data as Record<string, unknown> | null, plan);
          if (plan.denied.length > 0) result.errors = [...deniedFieldErrors(plan), ...(result.errors ?? [])];
        },
      };
    },
  };
}
