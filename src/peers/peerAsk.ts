import type { GraphQLFormattedError } from "graphql";
import type { Region } from "../config";
import type { RequestContext } from "../context";
import { PeerUnavailable, type PeerAnswer, type PeerClient } from "./peerClient";

/** What asking the peer came to: its answer, or why there is none (never a rejection). */
export type PeerReply = { answered: true; answer: PeerAnswer } | { answered: false; reason: string; configured: boolean };

/**
 * The one way a request asks the other province's node: one operation, as the caller (service
 * token: the peer's own policy and audit), through that peer's client (timeout, circuit
 * breaker, receipt check). Every ask is one hop in the home audit entry, answered or not.
 * Forwarded root fields, the family search's field link and the domains' PeerLink all come here.
 */
export async function askPeer(
  clients: ReadonlyMap<string, PeerClient>,
  region: Region,
  operation: { query: string; variables: Record<string, unknown> },
  context: RequestContext,
): Promise<PeerReply> {
  const client = clients.get(region);
  if (!client) return { answered: false, reason: "not configured", configured: false };
  try {
    const answer = await client.forward(operation, context);
    context.access.peerHops.push({ region, peerRequestId: answer.peerRequestId, receipt: answer.receipt, outcome: "OK" });
    return { answered: true, answer };
  } catch (error) {
    const reason = error instanceof PeerUnavailable ? error.reason : "forward failed";
    context.access.peerHops.push({ region, outcome: error instanceof PeerUnavailable && error.refused ? "REFUSED" : "PEER_UNAVAILABLE" });
    return { answered: false, reason, configured: true };
  }
}

/** The error a field gets when the peer gave no answer (PEER_UNAVAILABLE, with the region and why). */
export function peerUnavailableError(region: Region, reply: Extract<PeerReply, { answered: false }>, path: readonly (string | number)[]): GraphQLFormattedError {
  const message = reply.configured ? `the ${region} node did not answer: ${reply.reason}` : `no peer configured for ${region}`;
  return { message, path, extensions: { code: "PEER_UNAVAILABLE", region, reason: reply.reason } };
}
