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
