import type { GraphQLFormattedError, GraphQLResolveInfo } from "graphql";
import type { Region } from "../config";
import type { RequestContext } from "./requestContext";

/**
 * What a domain may ask of the other province's node: run one operation there as the current
 * caller (service token, the peer's own policy and audit). Implemented by src/peers and injected
 * at composition, so a domain never reaches into the peers folder.
 */
export interface PeerLink {
  ask(region: Region, operation: { query: string; variables: Record<string, unknown> }, context: RequestContext): Promise<{ data: Record<string, unknown> | null; errors: GraphQLFormattedError[] }>;
}

/**
 * The current field's selection asked of the peer under another root field (familySearchForRecord
 * asks the peer's familySearchForPerson with the record's description): returns the items the
 * peer answered, resolved there under its policy, or null when it did not answer (the error is
 * added to the response). `answeredHere` are fields of each item the home node fills in itself;
 * they are not forwarded.
 */
export interface PeerFieldLink {
  askField(
    region: Region,
    request: { info: GraphQLResolveInfo; field: string; args: Record<string, unknown>; answeredHere?: Record<string, unknown> },
    context: RequestContext,
  ): Promise<unknown[] | null>;
}

/** The durable outbox of node-to-node messages (src/peers/peerOutbox.ts), as a domain sees it. */
export interface PeerOutbox {
  /**
   * Starts sending these entries now and resolves after at most `waitMs` (at once for 0), whether
   * or not they were sent: what is not sent meanwhile is left to the background loop. Never
   * rejects; the attempt goes on after it resolves, and stopping the outbox waits for it.
   */
  deliverNow(entryIds: readonly string[], waitMs: number): Promise<void>;
}
