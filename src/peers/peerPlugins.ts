import crypto from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { KeyLike } from "jose";
import type { RequestContext } from "../context";
import { signCompactJws } from "../auth";
import type { ReceiptClaims } from "./peerClient";

/** Adds the errors collected while forwarding (PEER_UNAVAILABLE, the peer's own denials) to the response. */
export function peerErrorsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.deferredErrors.length === 0 || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (result.data === undefined) return; // a refused operation stays refused
          result.errors = [...(result.errors ?? []), ...contextValue.deferredErrors];
        },
      };
    },
  };
}

/** Hash of the field paths released (requested minus denied), as the receipt states them. */
export function releasedFieldsHash(context: RequestContext): string {
  const denied = new Set(context.access.fieldsDenied.map((f) => f.path));
  const released = context.access.fieldsRequested.filter((p) => !denied.has(p)).sort();
  return crypto.createHash("sha256").update(JSON.stringify(released)).digest("hex");
}

/**
 * On the peer side: answers a forwarded request with a JWS receipt over its own request id, the
 * home node's request id, the hash of the fields released and its audit entry's hash — so both
 * agencies hold proof of the same disclosure. Placed after the audit plugin; waits for its commit.
 */
export function peerReceiptPlugin(signing: { key: { privateKey: KeyLike; kid: string }; issuer: string }): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const hop = contextValue.principal.forwardedBy;
          if (!hop || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          if (result.errors?.some((e) => e.extensions?.code === "AUDIT_UNAVAILABLE")) return;
          const audit = await contextValue.auditRecord;
          const claims: ReceiptClaims & { iss: string; iat: number } = {
            iss: signing.issuer,
            iat: Math.floor(Date.now() / 1000),
            requestId: contextValue.requestId,
            homeRequestId: hop.homeRequestId,
            releasedFieldsHash: releasedFieldsHash(contextValue),
            auditEntryHash: audit?.entryHash ?? null,
          };
          const receipt = signCompactJws({ kid: signing.key.kid, typ: "assist-gateway-receipt" }, claims, signing.key.privateKey);
          result.extensions = { ...result.extensions, peerReceipt: receipt };
        },
      };
    },
  };
}
