import type { Region } from "../config";
import type { Purpose } from "./vocabulary";
import type { RequestContext } from "./requestContext";
/**
 * What a domain folder hands to src/server: its type-graphql resolver classes and the instances
 * to use for them (services injected through constructors, Prisma-style typed services).
 */
export interface DomainModule {
  name: string;
  resolvers: readonly Function[];
  /** Resolver class → instance, for type-graphql's container. */
  instances: ReadonlyMap<Function, object>;
  /**
   * Work the module does at start-up instead of on its first request (an in-memory index, say):
   * the server starts it in the background as soon as the node is up, and reports `state()` in
   * /readyz — never as critical, so the rest of the node serves meanwhile.
   */
  warmUp?: { start(): Promise<void>; state(): "warming" | "ready" | "failed" };
  /**
   * Aggregate figures — counts, never a person — the module shares with the other province's node
   * and takes from it (the family search's record counts, so both nodes weigh a candidate among
   * both provinces' records). src/peers carries them between the nodes under node-signed tokens.
   */
  peerStatistics?: PeerStatistics;
  /**
   * Node-to-node messages the module sends through the durable outbox and answers for the other
   * province's node (continuous cross-border matching): no officer behind them, so they travel
   * under node tokens scoped to the module and are audited at both ends (src/peers/peerOutbox.ts).
   */
  peerExchange?: PeerExchange;
  /** Prepares a GraphQL subscription's context: the event sources the module's subscriptions read (src/server/subscriptionRoute.ts). */
  subscriptionContext?(context: RequestContext): void;
  /**
   * Events for agency webhooks (src/server/webhookDispatcher.ts): `listen(event, send)` calls
   * `send` with each event's object (a GraphQL object type of the module, `type` its name).
   */
  notifications?: { events: readonly string[]; type: string; listen(event: string, send: (item: Record<string, unknown>) => void): () => void };
  /** Background work of the module to end when the node stops (timers; called before the database closes). */
  stop?(): void;
  /** Extra lines for /readyz, never critical (e.g. the age of the family search's parameter fit). */
  readiness?: ReadonlyArray<{ name: string; state(): Promise<string> | string }>;
}

/** What one message did, for the audit entry written at each end (identity numbers, never logged). */
export interface PeerExchangeResult {
  /** What goes back to the sending node (JSON), when answering. */
  answer?: unknown;
  subjects: readonly string[];
  resultCount: number;
  /** The purpose the exchange serves, for the audit entry (e.g. FAMILY_SEARCH). */
  purpose: Purpose;
}

export interface PeerExchange {
  /** Answers a message of `kind` from the other province's node; idempotent (a message may arrive twice). */
  answer(kind: string, payload: unknown, from: { region: Region; key: string }): Promise<PeerExchangeResult>;
  /** Applies the peer's answer to a message this node sent; idempotent (it may be applied again after a crash). */
  delivered(kind: string, payload: unknown, answer: unknown, peer: Region): Promise<PeerExchangeResult>;
}

export interface PeerStatistics {
  /** This node's figures, as JSON (may wait for the module's start-up work). */
  publish(): Promise<unknown>;
  /** The peer's figures: validated (throws on anything else) and used; returns a one-line summary for /readyz. */
  accept(statistics: unknown): string;
}
