import type { Region } from "../config";
import type { PeerLink } from "../context";
import { askPeer } from "./peerAsk";
import type { PeerClient } from "./peerClient";

/** The PeerLink domains receive: one operation at a peer, as the caller; failures become errors. */
export function peerLinkOver(clients: ReadonlyMap<string, PeerClient>): PeerLink {
  return {
    async ask(region: Region, operation, context) {
      const reply = await askPeer(clients, region, operation, context);
      if (reply.answered) return { data: reply.answer.data, errors: reply.answer.errors };
      const message = reply.configured ? reply.reason : `no peer configured for ${region}`;
      return { data: null, errors: [{ message, extensions: { code: "PEER_UNAVAILABLE", region } }] };
    },
  };
}
