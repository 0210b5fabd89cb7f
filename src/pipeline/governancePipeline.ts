import type { ApolloServerPlugin } from "@apollo/server";
import type { AuditSlot } from "../audit";
import type { EarlyAnswer, EarlyRefusal, GovernanceStage, RequestContext } from "../context";
import type { MetricsSlot } from "../observability";
import type { PeerSlot } from "../peers";
import type { BudgetSlot, PolicySlot } from "../policy";

/**
 * The order of the governance stages — written here and nowhere else. Every request runs them in
 * this order on the way in (didResolveOperation) and on the way out (willSendResponse), and a
 * request refused before GraphQL enters the same order early:
 *
 *   policy  (src/policy/policyPlugin.ts)        shapes the answer: masks, nulls, FORBIDDEN errors
 *   budget  (src/policy/enumerationBudget.ts)   withholds an answer over the hourly person cap (429)
 *   audit   (src/audit/auditPlugin.ts)          commits the entry; withholds the answer if it cannot (503)
 *   peer    (src/peers/peerPlugins.ts)          adds forwarding errors; signs the receipt naming the committed entry
 *   metrics (src/observability/observabilityPlugin.ts)  counts and logs the answer the caller actually gets
 *
 * Each stage sees what the earlier ones did: the audit records the shaped (or withheld) answer,
 * the receipt names only a committed entry, the metrics count the final outcome.
 */
export const GOVERNANCE_STAGES = ["policy", "budget", "audit", "peer", "metrics"] as const;

export type GovernanceStageName = (typeof GOVERNANCE_STAGES)[number];

/** What each stage adds to a request: its slot's type, declared in its own folder, registered here. */
export interface GovernanceSlots {
  policy: PolicySlot;
  budget: BudgetSlot;
  audit: AuditSlot;
  peer: PeerSlot;
  metrics: MetricsSlot;
}

/**
 * The per-request governance record: one slot per stage installed, each written only by its
 * stage (which receives it mutable) and read by later stages through this read-only view. A
 * benchmark node may run without the policy or the audit stage; their slots are then absent.
 */
export type GovernanceRecord = { readonly [N in GovernanceStageName]?: Readonly<GovernanceSlots[N]> };

/** The stages a node installs, by name; their order comes from GOVERNANCE_STAGES, not from here. */
export type GovernanceStages = { [N in GovernanceStageName]?: GovernanceStage<GovernanceSlots[N], GovernanceRecord> };

type StageHook = "requestDidStart" | "didResolveOperation" | "executionDidStart" | "willSendResponse" | "refusedEarly";

export interface GovernancePipelineOptions {
  /** Told after each stage's hook has run (tests observe the order with it; the gateway passes nothing). */
  onStage?: (stage: GovernanceStageName, hook: StageHook, requestId: string) => void;
  /** Told when a stage failed on the way out (the answer was replaced by an internal error). */
  onStageFailure?: (error: Error, requestId: string) => void;
}

const STAGE_FAILED = { message: "internal error", extensions: { code: "INTERNAL_SERVER_ERROR" } };

export interface GovernancePipeline {
  /** Opens the record of a request about to enter GraphQL (the HTTP layer's call). */
  open(context: RequestContext): GovernanceRecord;
  /** The record of a request in flight. */
  recordOf(context: RequestContext): GovernanceRecord | undefined;
  /** The one Apollo plugin that runs every stage, in order. */
  readonly plugin: ApolloServerPlugin<RequestContext>;
  /** A request refused before GraphQL ran: the stages' refusedEarly hooks, in order; returns the answer to send. */
  enterEarly(refusal: EarlyRefusal): Promise<EarlyAnswer>;
}

// One list holding stages of different slot types: each stage only ever gets its own slot (by
// name, from the record opened below), which the types above check at the call site.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type InstalledStage = { name: GovernanceStageName; stage: GovernanceStage<any, GovernanceRecord> };
type MutableRecord = Partial<Record<GovernanceStageName, unknown>>;

export function createGovernancePipeline(stages: GovernanceStages, options: GovernancePipelineOptions = {}): GovernancePipeline {
  const installed: InstalledStage[] = GOVERNANCE_STAGES.flatMap((name) => (stages[name] ? [{ name, stage: stages[name] as InstalledStage["stage"] }] : []));
  const records = new WeakMap<RequestContext, MutableRecord>();

  const openRecord = (): MutableRecord => {
    const record: MutableRecord = {};
    for (const { name, stage } of installed) record[name] = stage.open();
    return record;
  };

  /** Runs one hook of every stage that has it, one stage after the other, in the written order. */
  async function runInOrder(hook: StageHook, requestId: string, record: MutableRecord, call: (stage: InstalledStage["stage"], slot: unknown) => Promise<void> | undefined): Promise<void> {
    for (const { name, stage } of installed) {
      if (!stage[hook]) continue;
      await call(stage, record[name]);
      options.onStage?.(name, hook, requestId);
    }
  }

  const plugin: ApolloServerPlugin<RequestContext> = {
    async requestDidStart(start) {
      const context = start.contextValue;
      let record = records.get(context);
      if (!record) records.set(context, (record = openRecord()));
      const slots = record;
      const inOrder = (hook: StageHook, call: (stage: InstalledStage["stage"], slot: unknown) => Promise<void> | undefined) =>
        runInOrder(hook, context.requestId, slots, call);
      await inOrder("requestDidStart", (stage, slot) => stage.requestDidStart?.(start, slot));
      return {
        didResolveOperation: (rc) => inOrder("didResolveOperation", (stage, slot) => stage.didResolveOperation?.(rc, slot)),
        async responseForOperation(rc) {
          for (const { name, stage } of installed) {
            const response = await stage.responseForOperation?.(rc, slots[name]);
            if (response) return response;
          }
          return null;
        },
        executionDidStart: async (rc) => inOrder("executionDidStart", (stage, slot) => stage.executionDidStart?.(rc, slot)),
        willSendResponse: (rc) =>
          inOrder("willSendResponse", async (stage, slot) => {
            try {
              await stage.willSendResponse?.(rc, slot, slots as GovernanceRecord);
            } catch (error) {
              // Fail closed, and keep going: an answer a stage could not finish (say, shape)
              // leaves without data, and the later stages still audit and count it.
              options.onStageFailure?.(error as Error, context.requestId);
              rc.response.body = { kind: "single", singleResult: { errors: [STAGE_FAILED] } };
              rc.response.http.status = 500;
            }
          }),
      };
    },
  };

  return {
    open(context) {
      const record = openRecord();
      records.set(context, record);
      return record as GovernanceRecord;
    },
    recordOf: (context) => records.get(context) as GovernanceRecord | undefined,
    plugin,
    async enterEarly(refusal) {
      const record = openRecord();
      await runInOrder("refusedEarly", refusal.requestId, record, (stage, slot) => stage.refusedEarly?.(refusal, slot, record as GovernanceRecord));
      return refusal.answer;
    },
  };
}
