import type { IncomingMessage, ServerResponse } from "node:http";
import { AuthenticationFailure } from "../auth";
import type { DomainModule } from "../context";
import { PEER_STATISTICS_PATH, statisticsScope, type ServiceTokenVerifier } from "../peers";
import { bearerToken, graphqlErrorBody, sendJson } from "./httpExchange";

/**
 * GET /peer/statistics/<module>: a module's aggregate figures for the other province's node, and
 * only for it — a node token signed by a configured peer, for this node and this module's scope
 * (an officer's token, or a peer's service token speaking for an officer, is refused). 503 while
 * the module's start-up work runs, so the peer asks again rather than waiting on a deadline.
 */
export function createPeerStatisticsRoute(options: {
  modules: readonly DomainModule[];
  serviceTokens: ServiceTokenVerifier;
  /** Told of every request refused for its method or token (metrics). */
  onRefused?: (status: number, code: string) => void;
}) {
  const byName = new Map(options.modules.filter((m) => m.peerStatistics).map((m) => [m.name, m]));
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (req.method !== "GET") {
      options.onRefused?.(405, "METHOD_NOT_ALLOWED");
      return sendJson(res, 405, graphqlErrorBody("METHOD_NOT_ALLOWED", "peer statistics are read with GET"), { allow: "GET" });
    }
    const name = decodeURIComponent(path.slice(PEER_STATISTICS_PATH.length));
    const token = bearerToken(req);
    try {
      if (!token) throw new AuthenticationFailure("missing node token");
      await options.serviceTokens.verifyNodeToken(token, statisticsScope(name));
    } catch (error) {
      const reason = error instanceof AuthenticationFailure ? error.reason : "node token could not be verified";
      options.onRefused?.(401, "UNAUTHENTICATED");
      return sendJson(res, 401, graphqlErrorBody("UNAUTHENTICATED", "a peer node's token is required", { reason }));
    }
    const module = byName.get(name);
    if (!module) return sendJson(res, 404, graphqlErrorBody("NOT_FOUND", `no statistics for ${name}`));
    if (module.warmUp && module.warmUp.state() !== "ready") return sendJson(res, 503, graphqlErrorBody("WARMING_UP", `${name} is still starting up`), { "retry-after": "5" });
    sendJson(res, 200, await module.peerStatistics!.publish(), { "cache-control": "no-store" });
  };
}
