import http from "node:http";
import https from "node:https";
import CircuitBreaker from "opossum";
import { compactVerify, type JWTVerifyGetKey, type KeyLike } from "jose";
import type { GraphQLFormattedError } from "graphql";
import type { PeerNode } from "../config";
import type { RequestContext } from "../context";
import { mintNodeToken, mintServiceToken, peerKeySet } from "./serviceToken";
import { PEER_STATISTICS_PATH, statisticsScope } from "./peerStatisticsExchange";
import { exchangeScope, PEER_EXCHANGE_PATH, type OutboxMessage } from "./peerExchangeProtocol";

export interface PeerAnswer {
  data: Record<string, unknown> | null;
  errors: GraphQLFormattedError[];
  peerRequestId?: string;
  /** The peer's signed receipt (compact JWS), checked against its published key. */
  receipt?: string;
}

/** The peer did not answer usefully: down, slow, circuit open, or it refused the forward. */
export class PeerUnavailable extends Error {
  constructor(readonly reason: string, readonly refused = false) {
    super(reason);
    this.name = "PeerUnavailable";
  }
}

interface ForwardRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface ReceiptClaims {
  requestId: string;
  homeRequestId: string;
  releasedFieldsHash: string;
  auditEntryHash: string | null;
}

/** A peer's answer larger than this is refused rather than buffered (50 candidates are ~100 KB). */
const MAX_PEER_ANSWER_BYTES = 16 * 1024 * 1024;

interface PeerHttpAnswer {
  status: number;
  requestId?: string;
  body: string;
}

/**
 * One JSON exchange over a keep-alive agent: a POSTed body (a forward), or a GET (statistics).
 * node:http rather than fetch: on loopback a fetch costs ~0.45 ms more CPU per call (WHATWG
 * streams, Request/Response objects), measured here against the same server, and each forward
 * pays it in the caller's latency.
 */
function exchangeJson(agent: http.Agent, url: URL, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<PeerHttpAnswer> {
  const transport = url.protocol === "https:" ? https : http;
  const method = body === undefined ? "GET" : "POST";
  const sized = body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method, agent, headers: sized, signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_PEER_ANSWER_BYTES) return req.destroy(new PeerUnavailable(`peer answer larger than ${MAX_PEER_ANSWER_BYTES} bytes`));
        chunks.push(chunk);
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, requestId: headerValue(res.headers["x-request-id"]), body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * One peer node: forwards GraphQL over HTTP with a fresh service token per call, within the
 * peer's timeout, behind a circuit breaker (opossum) so a dead peer costs callers nothing after a
 * few failures. A keep-alive agent per peer reuses sockets across forwards.
 */
export class PeerClient {
  private readonly breaker: CircuitBreaker<[ForwardRequest, RequestContext], PeerAnswer>;
  private readonly keys: JWTVerifyGetKey;
  private readonly agent: http.Agent;
  private readonly graphqlUrl: URL;

  constructor(
    readonly peer: PeerNode,
    private readonly signing: { key: { privateKey: KeyLike; kid: string }; issuer: string },
    /** Told of every forward (metrics): how long it took and how it ended. */
    private readonly onForwarded?: (forward: { seconds: number; outcome: "ok" | "refused" | "unavailable" }) => void,
  ) {
    this.keys = peerKeySet(peer);
    this.graphqlUrl = new URL(`${peer.url}/graphql`);
    const agentOptions = { keepAlive: true, maxSockets: 256, scheduling: "lifo" as const };
    this.agent = this.graphqlUrl.protocol === "https:" ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.breaker = new CircuitBreaker((request: ForwardRequest, context: RequestContext) => this.send(request, context), {
      timeout: peer.timeoutMs,
      resetTimeout: 10_000,
      rollingCountTimeout: 10_000,
      volumeThreshold: 3,
      errorThresholdPercentage: 50,
      // A refusal (the peer answered and said no) is not an outage.
      errorFilter: (error: unknown) => error instanceof PeerUnavailable && error.refused,
    });
  }

  /** closed (healthy), open (failing fast), half-open (trying again). */
  state(): "closed" | "open" | "half-open" {
    if (this.breaker.opened) return "open";
    return this.breaker.halfOpen ? "half-open" : "closed";
  }

  async forward(request: ForwardRequest, context: RequestContext): Promise<PeerAnswer> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const answer = await this.fireForward(request, context);
      this.onForwarded?.({ seconds: seconds(), outcome: "ok" });
      return answer;
    } catch (error) {
      this.onForwarded?.({ seconds: seconds(), outcome: error instanceof PeerUnavailable && error.refused ? "refused" : "unavailable" });
      throw error;
    }
  }

  private async fireForward(request: ForwardRequest, context: RequestContext): Promise<PeerAnswer> {
    try {
      return await this.breaker.fire(request, context);
    } catch (error) {
      if (error instanceof PeerUnavailable) throw error;
      // opossum marks its own refusals with a code (its messages are not a contract):
      // EOPENBREAKER while the circuit is open, ETIMEDOUT when `timeout` elapsed first.
      const code = (error as { code?: unknown }).code;
      if (code === "EOPENBREAKER") throw new PeerUnavailable("circuit open after repeated failures");
      if (code === "ETIMEDOUT") throw new PeerUnavailable(`no answer within ${this.peer.timeoutMs} ms`);
      throw new PeerUnavailable("connection failed");
    }
  }

  private async send(request: ForwardRequest, context: RequestContext): Promise<PeerAnswer> {
    const token = await mintServiceToken({
      key: this.signing.key,
      issuer: this.signing.issuer,
      peer: this.peer,
      principal: context.principal,
      purpose: context.purpose,
      caseRef: context.caseRef,
      homeRequestId: context.requestId,
    });
    const res = await exchangeJson(this.agent, this.graphqlUrl, { "content-type": "application/json", authorization: `Bearer ${token}` }, JSON.stringify(request), this.peer.timeoutMs);
    const peerRequestId = res.requestId;
    if (res.status >= 500) throw new PeerUnavailable(`peer answered HTTP ${res.status}`);
    const body = JSON.parse(res.body) as { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[]; extensions?: { peerReceipt?: string } };
    if (res.status === 401) throw new PeerUnavailable(`peer refused the forward: ${String(body.errors?.[0]?.extensions?.reason ?? "unauthenticated")}`, true);
    const receipt = body.extensions?.peerReceipt;
    if (receipt) await this.checkReceipt(receipt, peerRequestId, context.requestId);
    return { data: body.data ?? null, errors: body.errors ?? [], peerRequestId, receipt };
  }

  /**
   * The peer's aggregate figures for one module (counts, no persons; see PeerStatistics), under a
   * node token. Outside the circuit breaker: a background exchange, never on a caller's path.
   */
  async fetchStatistics(module: string): Promise<unknown> {
    const token = await mintNodeToken({ key: this.signing.key, issuer: this.signing.issuer, peer: this.peer, scope: statisticsScope(module) });
    const url = new URL(`${this.peer.url}${PEER_STATISTICS_PATH}${encodeURIComponent(module)}`);
    const res = await exchangeJson(this.agent, url, { authorization: `Bearer ${token}` }, undefined, this.peer.timeoutMs).catch((error: Error) => {
      throw new PeerUnavailable(`no statistics: ${error.name === "TimeoutError" ? `no answer within ${this.peer.timeoutMs} ms` : "connection failed"}`);
    });
    if (res.status === 503) throw new PeerUnavailable("the peer is still starting up");
    if (res.status !== 200) throw new PeerUnavailable(`peer answered HTTP ${res.status}`, res.status === 401 || res.status === 403);
    return JSON.parse(res.body);
  }

  /**
   * One outbox message (see peerOutbox) to the peer's exchange route, under a node token scoped to
   * the module. Outside the circuit breaker like the statistics: a background send, never on a
   * caller's path, and the outbox keeps its own backoff.
   */
  async exchange(module: string, message: OutboxMessage): Promise<{ answer: unknown; peerRequestId?: string }> {
    const token = await mintNodeToken({ key: this.signing.key, issuer: this.signing.issuer, peer: this.peer, scope: exchangeScope(module) });
    const url = new URL(`${this.peer.url}${PEER_EXCHANGE_PATH}${encodeURIComponent(module)}`);
    const headers = { "content-type": "application/json", authorization: `Bearer ${token}`, "x-request-id": message.key };
    const res = await exchangeJson(this.agent, url, headers, JSON.stringify(message), this.peer.timeoutMs).catch((error: Error) => {
      throw new PeerUnavailable(error.name === "TimeoutError" ? `no answer within ${this.peer.timeoutMs} ms` : "connection failed");
    });
    if (res.status !== 200) {
      const code = String((JSON.parse(res.body || "{}") as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code ?? "");
      throw new PeerUnavailable(`peer answered HTTP ${res.status}${code ? ` ${code}` : ""}`, res.status === 400 || res.status === 401 || res.status === 403);
    }
    return { answer: (JSON.parse(res.body) as { answer?: unknown }).answer ?? null, peerRequestId: res.requestId };
  }

  /** Closes the idle keep-alive sockets (node shutdown). */
  close(): void {
    this.agent.destroy();
  }

  /** A receipt must be signed by the peer and name both request ids, or it is no receipt. */
  private async checkReceipt(receipt: string, peerRequestId: string | undefined, homeRequestId: string): Promise<ReceiptClaims> {
    const { payload } = await compactVerify(receipt, this.keys as never);
    const claims = JSON.parse(new TextDecoder().decode(payload)) as ReceiptClaims;
    if (claims.homeRequestId !== homeRequestId || (peerRequestId && claims.requestId !== peerRequestId)) {
      throw new PeerUnavailable("peer receipt does not match this request", true);
    }
    return claims;
  }
}
