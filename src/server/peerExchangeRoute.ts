import type { IncomingMessage, ServerResponse } from "node:http";
import { v7 as uuidv7 } from "uuid";
import { GraphQLError } from "graphql";
import type { AuditAppender } from "../audit";
import { AuthenticationFailure } from "../auth";
import type { PeerNode, Region } from "../config";
import type { DomainModule, EarlyAnswer, EarlyRefusal } from "../context";
import { exchangeScope, outboxMessageSchema, PEER_EXCHANGE_PATH, type ServiceTokenVerifier } from "../peers";
import { bearerToken, BodyTooLarge, graphqlErrorBody, readBody, sendJson } from "./httpExchange";

const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * POST /peer/exchange/<module>: a message from the other province's node's outbox (continuous
 * cross-border matching), answered by the module under this node's own rules. Only a node token
 * signed by a configured peer, for this node and exactly this module's exchange scope, is
 * accepted (an officer's token or a service token speaking for an officer is refused, and
 * audited as unauthenticated through the governance pipeline entered early). Every message answered is audited before the answer leaves, with
 * the sending node as principal and the message's idempotency key as case reference; an audit
 * failure answers 503 and the sender tries again.
 */
export function createPeerExchangeRoute(options: { node: Region; modules: readonly DomainModule[]; serviceTokens: ServiceTokenVerifier; peers: readonly PeerNode[]; audit: AuditAppender; enterEarly: (refusal: EarlyRefusal) => Promise<EarlyAnswer> }) {
  const byName = new Map(options.modules.filter((m) => m.peerExchange).map((m) => [m.name, m]));
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const requestId = uuidv7();
    const headers = { "x-request-id": requestId, "cache-control": "no-store" };
    if (req.method !== "POST") return sendJson(res, 405, graphqlErrorBody("METHOD_NOT_ALLOWED", "peer messages are sent with POST"), { ...headers, allow: "POST" });
    const name = decodeURIComponent(path.slice(PEER_EXCHANGE_PATH.length));
    const started = performance.now();
    let from: Region;
    try {
      const token = bearerToken(req);
      if (!token) throw new AuthenticationFailure("missing node token");
      from = await options.serviceTokens.verifyNodeToken(token, exchangeScope(name));
    } catch (error) {
      req.resume();
      const reason = error instanceof AuthenticationFailure ? error.reason : "node token could not be verified";
      // The governance pipeline entered early, as for a refused officer's token on /graphql.
      const answer = await options.enterEarly({
        route: "peer-exchange",
        requestId,
        node: options.node,
        reason,
        operationName: `peer-exchange:${name.slice(0, 40)}`,
        answer: { status: 401, code: "UNAUTHENTICATED", message: "a peer node's token is required", extensions: { reason } },
      });
      return sendJson(res, answer.status, graphqlErrorBody(answer.code, answer.message, answer.extensions), headers);
    }
    const module = byName.get(name);
    if (!module) return sendJson(res, 404, graphqlErrorBody("NOT_FOUND", `no peer exchange for ${name}`), headers);
    if (module.warmUp && module.warmUp.state() !== "ready") return sendJson(res, 503, graphqlErrorBody("WARMING_UP", `${name} is still starting up`), { ...headers, "retry-after": "5" });
    let message;
    try {
      message = outboxMessageSchema.parse(JSON.parse((await readBody(req, MAX_MESSAGE_BYTES)).toString("utf8")));
    } catch (error) {
      const tooLarge = error instanceof BodyTooLarge;
      return sendJson(res, tooLarge ? 413 : 400, graphqlErrorBody("BAD_USER_INPUT", tooLarge ? "message too large" : "not a peer message"), headers);
    }
    const issuer = options.peers.find((p) => p.region === from)?.issuer ?? from;
    const principal = { sub: issuer, agency: issuer, region: from, roles: [] };
    const operationName = `peer-exchange:${name}.${message.kind}`;
    let result;
    try {
      result = await module.peerExchange!.answer(message.kind, message.payload, { region: from, key: message.key });
    } catch (error) {
      const code = error instanceof GraphQLError ? String(error.extensions.code ?? "INTERNAL_SERVER_ERROR") : "INTERNAL_SERVER_ERROR";
      const refused = code === "BAD_USER_INPUT";
      try {
        await options.audit.append({ requestId, node: options.node, principal, caseRef: message.key, operationName, outcome: refused ? "INVALID" : "FAILED", errorCode: code, latencyMs: performance.now() - started });
      } catch {
        return sendJson(res, 503, graphqlErrorBody("AUDIT_UNAVAILABLE", "the access could not be recorded in the audit log"), headers);
      }
      return sendJson(res, refused ? 400 : 500, graphqlErrorBody(code, refused ? (error as Error).message : "the message could not be answered"), headers);
    }
    try {
      await options.audit.append({
        requestId,
        node: options.node,
        principal,
        purpose: result.purpose,
        caseRef: message.key,
        operationName,
        subjects: result.subjects,
        resultCount: result.resultCount,
        outcome: "ALLOWED",
        latencyMs: performance.now() - started,
      });
    } catch {
      return sendJson(res, 503, graphqlErrorBody("AUDIT_UNAVAILABLE", "the access could not be recorded in the audit log"), headers);
    }
    sendJson(res, 200, { answer: result.answer ?? null }, headers);
  };
}
