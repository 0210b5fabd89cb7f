import type {
  ApolloServerPlugin,
  GraphQLRequestContext,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestContextExecutionDidStart,
  GraphQLRequestContextResponseForOperation,
  GraphQLRequestContextWillSendResponse,
  GraphQLResponse,
} from "@apollo/server";
import type { Region } from "../config";
import type { RequestContext } from "./requestContext";

/**
 * A request refused before GraphQL ran (no or bad token): the governance pipeline entered early.
 * `answer` is what the caller will get; a stage may replace it (the audit, when it cannot record
 * the refusal, answers 503 AUDIT_UNAVAILABLE), and later stages see the replacement.
 */
export interface EarlyRefusal {
  /** The way in: "graphql" (POST /graphql), "graphql-stream" (the subscription stream), "peer-exchange". */
  route: string;
  requestId: string;
  node: Region;
  /** Why the token was refused (a fixed phrase from the verifier, never the token). */
  reason: string;
  /** Whatever the caller claimed, for the audit entry; never trusted for anything else. */
  declaredPurpose?: string;
  caseRef?: string;
  /** What was asked for, when the way in names it (a peer exchange's module). */
  operationName?: string;
  answer: EarlyAnswer;
}

export interface EarlyAnswer {
  status: number;
  code: string;
  message: string;
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * One stage of the governance pipeline (src/pipeline/governancePipeline.ts writes their order).
 * Like an Apollo plugin, a stage implements only the hooks it needs; unlike plugins, which Apollo
 * starts all at once, the pipeline runs stages one after the other, each seeing what the earlier
 * ones did to the answer.
 *
 * `Slot` is the stage's own part of the per-request governance record: opened by `open` when the
 * HTTP layer creates the record, written only by this stage. `Reads` names (structurally) what
 * the stage reads of other stages' slots; the pipeline checks that its record provides it.
 */
export interface GovernanceStage<Slot, Reads = unknown> {
  // Hooks are properties, not methods, so TypeScript checks `Reads` against the record the
  // pipeline passes (method parameters would be bivariant and let a wrong reading through).
  open: () => Slot;
  /** Apollo's requestDidStart: GraphQL begins (a request refused early never gets here). */
  requestDidStart?: (rc: GraphQLRequestContext<RequestContext>, slot: Slot) => Promise<void>;
  /** On the way in, in the written order; a stage that throws refuses the operation, and later stages' way in is skipped. */
  didResolveOperation?: (rc: GraphQLRequestContextDidResolveOperation<RequestContext>, slot: Slot) => Promise<void>;
  responseForOperation?: (rc: GraphQLRequestContextResponseForOperation<RequestContext>, slot: Slot) => Promise<GraphQLResponse | null>;
  executionDidStart?: (rc: GraphQLRequestContextExecutionDidStart<RequestContext>, slot: Slot) => Promise<void>;
  /** On the way out, in the written order: the answer as the earlier stages left it. */
  willSendResponse?: (rc: GraphQLRequestContextWillSendResponse<RequestContext>, slot: Slot, record: Reads) => Promise<void>;
  /** A request refused before GraphQL ran, in the same order. */
  refusedEarly?: (refusal: EarlyRefusal, slot: Slot, record: Reads) => Promise<void>;
}

/**
 * One stage run alone as an Apollo plugin, outside the pipeline: for module tests and tools that
 * compose their own server. It reads nothing of other stages' slots.
 * The gateway never uses this; it runs every stage through the pipeline.
 */
export function stageAlone<Slot>(stage: GovernanceStage<Slot, unknown>): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart(rc) {
      const slot = stage.open();
      await stage.requestDidStart?.(rc, slot);
      return {
        didResolveOperation: stage.didResolveOperation && ((rc) => stage.didResolveOperation!(rc, slot)),
        responseForOperation: stage.responseForOperation && ((rc) => stage.responseForOperation!(rc, slot)),
        executionDidStart: stage.executionDidStart && (async (rc) => void (await stage.executionDidStart!(rc, slot))),
        willSendResponse: stage.willSendResponse && ((rc) => stage.willSendResponse!(rc, slot, {})),
      };
    },
  };
}
