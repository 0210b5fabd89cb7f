import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { ROW_ENTITIES, stageAlone, type FieldDecisionRecord, type GovernanceStage, type RequestContext, type RowEntity, type RowRuleRecord, type RowScope } from "../context";
import { badUserInput, operationForbidden, purposeRequired } from "../errors";
import type { JurisdictionDirectory } from "./jurisdiction";
import { rowScopeFor } from "./rowRules";
import type { OperationPlan } from "./operationPlan";
import { refusalError } from "./operationPlan";
import { documentHash, subjectOf, type PolicyEngine } from "./policyEngine";
import { deniedFieldErrors, shapeData } from "./responseShaper";

/** A plan's field decisions as the audit records them: made once per cached plan, frozen, shared. */
interface PlanDecisionRecords {
  denied: readonly FieldDecisionRecord[];
  masked: readonly FieldDecisionRecord[];
}

const decisionRecords = new WeakMap<OperationPlan, PlanDecisionRecords>();

function decisionRecordsOf(plan: OperationPlan): PlanDecisionRecords {
  let records = decisionRecords.get(plan);
  if (records) return records;
  const record = (f: OperationPlan["fields"][number]): FieldDecisionRecord =>
    Object.freeze({
      path: f.path,
      policyId: (f.outcome as { policyId?: string }).policyId ?? "public",
      reasonCode: f.outcome.decision === "DENIED" ? f.outcome.reasonCode : f.outcome.decision === "MASKED" ? `MASK_${f.outcome.mask.kind.toUpperCase()}` : "ALLOWED",
    });
  records = { denied: Object.freeze(plan.denied.map(record)), masked: Object.freeze(plan.masked.map(record)) };
  decisionRecords.set(plan, records);
  return records;
}

function recordFacts(context: RequestContext, plan: OperationPlan, fieldsRequested: readonly string[], operationName: string | undefined, hash: string): void {
  context.access.operationName = operationName;
  context.access.operationHash = hash;
  // The analysis's frozen list itself (its audit text is kept by identity); read-only, so not copied.
  context.access.fieldsRequested = fieldsRequested;
  const { denied, masked } = decisionRecordsOf(plan);
  context.access.fieldsDenied = denied;
  context.access.fieldsMasked = masked;
}

function dryRunReport(plan: OperationPlan) {
  return {
    wouldRefuse: plan.refusal ? { code: plan.refusal.code, message: plan.refusal.message, policyId: plan.refusal.policyId } : null,
    denied: plan.denied.map((f) => ({ path: f.path, ...(f.outcome as object) })),
    masked: plan.masked.map((f) => ({ path: f.path, policyId: (f.outcome as { policyId: string }).policyId, mask: (f.outcome as { mask: { kind: string } }).mask.kind })),
    allowed: plan.fields.filter((f) => f.outcome.decision === "ALLOWED").map((f) => f.path),
  };
}

/** Without a directory no agency has a jurisdiction: every row read is refused (closed). */
const NO_JURISDICTIONS: JurisdictionDirectory = { jurisdictionOf: async () => undefined };

/** Benchmarks only: every row of every entity readable, as before row rules existed. */
export function unrestrictedRowScopesForBenchmark(): Map<RowEntity, RowScope> {
  return new Map(ROW_ENTITIES.map((entity) => [entity, { entity, policyIds: ["benchmark-baseline"], where: {}, outsideLookup: "allow", jurisdiction: "everything (benchmark baseline)" }]));
}

/**
 * Benchmarks only (a node built without the policy plugin): every row readable, as before row
 * rules existed, so "policy off" measures the gateway without any authorization at all.
 */
export function unrestrictedRowsForBenchmark(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue }) {
          contextValue.rowScopes = unrestrictedRowScopesForBenchmark();
        },
      };
    },
  };
}

/**
 * The caller's row scopes for the entities the operation reads. A caller forwarded by the other
 * province's node has no jurisdiction here (their agency answers for an area of the other
 * province; this node does not resolve the other registry): only their rules' outside lookups can
 * let them read a row. A direct caller whose agency has no jurisdiction on record reads nothing.
 */
export async function rowScopesOfPlan(plan: OperationPlan, context: RequestContext, jurisdictions: JurisdictionDirectory): Promise<Map<RowEntity, RowScope>> {
  const scopes = new Map<RowEntity, RowScope>();
  if (plan.rowReads.length === 0) return scopes;
  const forwarded = Boolean(context.principal.forwardedBy);
  const jurisdiction = forwarded ? undefined : await jurisdictions.jurisdictionOf(context.principal.agency);
  if (!forwarded && !jurisdiction) {
    throw operationForbidden(`agency ${context.principal.agency.slice(0, 64)} has no jurisdiction on record in ${context.node}`, { reasonCode: "NO_JURISDICTION", policyId: "default-deny" });
  }
  for (const read of plan.rowReads) {
    // The rules depend on the entity and the caller only, so two root fields reading one entity share them.
    if (!scopes.has(read.entity)) scopes.set(read.entity, compiledRowScope(read.entity, read.rules, jurisdiction));
  }
  return scopes;
}

/**
 * Compiled scopes, kept per rule list (a cached plan's, the same array on every request of its
 * caller class) and jurisdiction (the directory's cached object): compiling a county's codes on
 * every request was ~3 % of a lookup's CPU in the policy-cost profile. Scopes are read-only
 * (services AND them into their own where), so requests may share one.
 */
const compiledScopes = new WeakMap<readonly object[], WeakMap<object, RowScope>>();

function compiledRowScope(entity: RowEntity, rules: Parameters<typeof rowScopeFor>[1], jurisdiction: Parameters<typeof rowScopeFor>[2]): RowScope {
  if (!jurisdiction) return rowScopeFor(entity, rules, jurisdiction);
  let byJurisdiction = compiledScopes.get(rules);
  if (!byJurisdiction) compiledScopes.set(rules, (byJurisdiction = new WeakMap()));
  let scope = byJurisdiction.get(jurisdiction);
  if (!scope) byJurisdiction.set(jurisdiction, (scope = rowScopeFor(entity, rules, jurisdiction)));
  return scope;
}

/**
 * Hands the row scopes to the services (context.rowScopes) and names in the audit entry the row
 * rule each row read ran under, and for which jurisdiction (/graphql and subscriptions alike).
 */
export function applyRowScopes(context: RequestContext, plan: OperationPlan, scopes: Map<RowEntity, RowScope>): void {
  context.rowScopes = scopes;
  context.access.rowRules = rowRuleRecordsOf(plan, scopes);
}

/**
 * The audit's record of a plan's row rules, reused (frozen) while the same caller class keeps
 * getting the same compiled scopes (compiledRowScope's cache), so its JSON is made once too.
 */
const rowRuleRecords = new WeakMap<OperationPlan, { scopes: RowScope[]; records: readonly RowRuleRecord[] }>();

function rowRuleRecordsOf(plan: OperationPlan, scopes: Map<RowEntity, RowScope>): readonly RowRuleRecord[] {
  const used = plan.rowReads.map((read) => scopes.get(read.entity)!);
  const kept = rowRuleRecords.get(plan);
  if (kept && kept.scopes.every((scope, i) => scope === used[i])) return kept.records;
  const records = Object.freeze(
    plan.rowReads.map((read, i) => Object.freeze({ rootField: read.rootField, entity: read.entity, policyIds: Object.freeze([...used[i].policyIds]), jurisdiction: used[i].jurisdiction })),
  );
  rowRuleRecords.set(plan, { scopes: used, records });
  return records;
}

/** The policy stage's part of the per-request governance record. */
export interface PolicySlot {
  /** The engine's plan for this operation, once didResolveOperation made it. */
  plan?: OperationPlan;
  /** Whether the operation ran (only an executed operation has data to shape). */
  executed: boolean;
}

/**
 * Field-level authorization, the first governance stage. The decision is made once per operation
 * in didResolveOperation (the document is parsed, validated and the operation known), before any
 * resolver runs: denied fields are removed from the document Apollo executes — a denied
 * field's resolver is never called — and masks and nulls are applied to the result before the
 * later stages (budget, audit, receipt, metrics) see it. Any failure inside the engine refuses
 * the request (fail closed).
 */
export function policyStage(engine: PolicyEngine, jurisdictions: JurisdictionDirectory = NO_JURISDICTIONS): GovernanceStage<PolicySlot> {
  return {
    open: () => ({ executed: false }),
    async didResolveOperation(rc: GraphQLRequestContext<RequestContext>, slot) {
      const context = rc.contextValue;
      if (context.caseRefProblem) throw badUserInput("X-Case-Ref", context.caseRefProblem);
      if (context.declaredPurpose && !context.purpose) throw purposeRequired(`unknown purpose code "${context.declaredPurpose.slice(0, 40)}"`);
      if (!rc.document || !rc.operation) throw purposeRequired("no operation to authorize");
      const hash = rc.queryHash ?? documentHash(rc.source ?? "");
      const subject = subjectOf(context);
      const plan = (slot.plan = engine.plan(rc.document, rc.operation, hash, subject, context));
      context.mayRead = (type, field) => {
        const verdict = engine.decider.decideField(type, field, subject);
        return verdict === "public" || verdict.effect === "allow";
      };
      recordFacts(context, plan, engine.analysisOf(context)?.fieldsRequested ?? plan.fields.map((f) => f.path), rc.operationName ?? undefined, hash);
      if (context.policyDryRun) return;
      if (plan.refusal) throw refusalError(plan.refusal);
      applyRowScopes(context, plan, await rowScopesOfPlan(plan, context, jurisdictions));
      // Apollo Server 5 executes requestContext.document as it stands after this hook
      // (requestPipeline reads it at execution); test/policy proves denied resolvers never run.
      if (plan.filteredDocument) (rc as { document: typeof rc.document }).document = plan.filteredDocument;
    },
    async responseForOperation(rc, slot) {
      if (!rc.contextValue.policyDryRun || !slot.plan) return null;
      // A dry run releases nothing: it answers what the operation would get, without running it.
      return { http: rc.response.http, body: { kind: "single", singleResult: { data: null, extensions: { policy: dryRunReport(slot.plan) } } } };
    },
    async executionDidStart(_rc, slot) {
      slot.executed = true;
    },
    async willSendResponse(rc, slot) {
      const plan = slot.plan;
      // Only an executed operation has data to shape; a refusal's error response stays as is.
      if (!plan || !slot.executed || rc.response.body.kind !== "single") return;
      const result = rc.response.body.singleResult;
      if (plan.denied.length === 0 && plan.masked.length === 0 && plan.minorShaping.length === 0) return;
      const keepMinorMarkers = Boolean(rc.contextValue.principal.forwardedBy);
      // Masks that minors' rows actually got are recorded too (reason MINOR_…), once per field.
      const onMinorShaped = (m: OperationPlan["minorShaping"][number]) => {
        const reasonCode = m.outcome.decision === "DENIED" ? "MINOR_DENIED" : `MINOR_MASK_${m.outcome.mask.kind.toUpperCase()}`;
        const access = rc.contextValue.access;
        // A copy: the list the stage was given is the plan's, shared by other requests.
        if (!access.fieldsMasked.some((f) => f.path === m.path && f.reasonCode === reasonCode)) access.fieldsMasked = [...access.fieldsMasked, { path: m.path, policyId: m.outcome.policyId, reasonCode }];
      };
      if (result.data !== undefined) result.data = shapeData(result.data as Record<string, unknown> | null, plan, { keepMinorMarkers, onMinorShaped });
      if (plan.denied.length > 0) result.errors = [...deniedFieldErrors(plan), ...(result.errors ?? [])];
    },
  };
}

/** The policy stage alone as an Apollo plugin (module tests); the gateway runs it in the pipeline. */
export function policyPlugin(engine: PolicyEngine, jurisdictions: JurisdictionDirectory = NO_JURISDICTIONS): ApolloServerPlugin<RequestContext> {
  return stageAlone(policyStage(engine, jurisdictions));
}
