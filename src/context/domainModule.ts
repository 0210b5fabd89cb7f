import type { Region } from "../config";
import type { Purpose } from "./vocabulary";
import type { RequestContext } from "./requestContext";
import type { RowEntity } from "./rowScope";
import type { BuildSchemaOptions } from "type-graphql";

/** A type-graphql resolver class, typed exactly as type-graphql's buildSchema takes it. */
export type ResolverClass = BuildSchemaOptions["resolvers"][number];

/**
 * What a domain folder hands to src/server: its type-graphql resolver classes and the instances
 * to use for them (services injected through constructors, Prisma-style typed services).
 */
export interface DomainModule {
  name: string;
  resolvers: readonly ResolverClass[];
  /** Resolver class → instance, for type-graphql's container. */
  instances: ReadonlyMap<ResolverClass, object>;
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
   * Root fields of this module that the other province's node can answer, and how a request
   * names the province: by a `regions` argument or by the region tag of an id. src/peers does
   * the forwarding for every field declared here; src/server only collects the declarations.
   */
  forwardedRootFields?: Readonly<Record<string, ForwardRoute>>;
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
  notifications?: {
    events: readonly string[];
    type: string;
    listen(event: string, send: (item: Record<string, unknown>) => void): () => void;
    /**
     * When the events' objects are rows under row rules: their entity, and whether one lies inside
     * a rule's compiled `where` (webhooks deliver only the rows of the agency's jurisdiction).
     */
    rows?: { entity: RowEntity; isWithin(item: Record<string, unknown>, where: Record<string, unknown>): Promise<boolean> };
  };
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

/** How a forwarded root field says which province answers it. */
export type ForwardRoute =
  | {
      kind: "regions";
      /** Without a `regions` argument: the home province only (default), or every province. */
      defaultTo?: "home" | "all";
      /** Merge ranked answers by this numeric field, highest first (else region order), and cut to the `limit` argument. */
      rankBy?: { field: string; limitArg: string };
    }
  /** The province is the region tag (CQ-, SC-) of the id in this argument. */
  | { kind: "id"; arg: string };

export interface PeerStatistics {
  /** This node's figures, as JSON (may wait for the module's start-up work). */
  publish(): Promise<unknown>;
  /** The peer's figures: validated (throws on anything else) and used; returns a one-line summary for /readyz. */
  accept(statistics: unknown): string;
}
