import crypto from "node:crypto";
import type { KeyLike } from "jose";
import type { GovernanceStage, RequestContext } from "../context";
import { signCompactJws } from "../auth";
import type { ReceiptClaims } from "./peerClient";

/** Hash of the field paths released (requested minus denied), as the receipt states them. */
export function releasedFieldsHash(context: RequestContext): string {
  const denied = new Set(context.access.fieldsDenied.map((f) => f.path));
  const released = context.access.fieldsRequested.filter((p) => !denied.has(p)).sort();
  return crypto.createHash("sha256").update(JSON.stringify(released)).digest("hex");
}

/** The peer stage's part of the per-request governance record. */
export interface PeerSlot {
  /** The receipt this node signed for a forwarded request (on the peer side). */
  receipt?: string;
}

/** What the peer stage reads of the audit stage's slot: the entry being committed (absent without audit). */
export interface PeerStageReads {
  audit?: { committed?: Promise<{ entryHash: string } | undefined> };
}

/**
 * The fourth governance stage, after the audit commit:
 * - adds the errors collected while forwarding (PEER_UNAVAILABLE, the peer's own denials) to an
 *   answer that carries data, so the caller gets a partial result with every reason;
 * - on the peer side, answers a forwarded request with a JWS receipt over its own request id, the
 *   home node's request id, the hash of the fields released and its audit entry's hash — so both
 *   agencies hold proof of the same disclosure. It waits for the audit stage's commit, and signs
 *   nothing for an answer the audit withheld.
 */
export function peerStage(signing: { key: { privateKey: KeyLike; kid: string }; issuer: string }): GovernanceStage<PeerSlot, PeerStageReads> {
  return {
    open: () => ({}),
    async willSendResponse({ contextValue, response }, slot, record) {
      if (response.body.kind !== "single") return;
      const result = response.body.singleResult;
      // A refused or withheld operation stays as it is: only an answer with data is partial.
      if (contextValue.deferredErrors.length > 0 && result.data !== undefined) result.errors = [...(result.errors ?? []), ...contextValue.deferredErrors];
      const hop = contextValue.principal.forwardedBy;
      if (!hop) return;
      if (result.errors?.some((e) => e.extensions?.code === "AUDIT_UNAVAILABLE")) return;
      const audit = await record.audit?.committed;
      const claims: ReceiptClaims & { iss: string; iat: number } = {
        iss: signing.issuer,
        iat: Math.floor(Date.now() / 1000),
        requestId: contextValue.requestId,
        homeRequestId: hop.homeRequestId,
        releasedFieldsHash: releasedFieldsHash(contextValue),
        auditEntryHash: audit?.entryHash ?? null,
      };
      slot.receipt = signCompactJws({ kid: signing.key.kid, typ: "assist-gateway-receipt" }, claims, signing.key.privateKey);
      result.extensions = { ...result.extensions, peerReceipt: slot.receipt };
    },
  };
}
