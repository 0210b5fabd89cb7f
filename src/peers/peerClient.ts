import CircuitBreaker from "opossum";
import { compactVerify, type JWTVerifyGetKey, type KeyLike } from "jose";
import type { GraphQLFormattedError } from "graphql";
import type { PeerNode } from "../config";
import type { RequestContext } from "../context";
import { mintServiceToken, peerKeySet } from "./serviceToken";

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

/**
 * One peer node: forwards GraphQL over HTTP with a fresh service token per call, within the
 * peer's timeout, behind a circuit breaker (opossum) so a dead peer costs callers nothing after a
 * few failures. Node's fetch keeps connections alive, so forwards reuse sockets.
 */
export class PeerClient {
  private readonly breaker: CircuitBreaker<[ForwardRequest, RequestContext], PeerAnswer>;
  private readonly keys: JWTVerifyGetKey;

  constructor(
    readonly peer: PeerNode,
    private readonly signing: { key: { privateKey: KeyLike; kid: string }; issuer: string },
  ) {
    this.keys = peerKeySet(peer);
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
    try {
      return await this.breaker.fire(request, context);
    } catch (error) {
      if (error instanceof PeerUnavailable) throw error;
      const message = (error as Error).message ?? "";
      if (/breaker is open/i.test(message)) throw new PeerUnavailable("circuit open after repeated failures");
      if (/timed out/i.test(message)) throw new PeerUnavailable(`no answer within ${this.peer.timeoutMs} ms`);
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
    const res = await fetch(`${this.peer.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(this.peer.timeoutMs),
    });
    const peerRequestId = res.headers.get("x-request-id") ?? undefined;
    if (res.status >= 500) throw new PeerUnavailable(`peer answered HTTP ${res.status}`);
    const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[]; extensions?: { peerReceipt?: string } };
    if (res.status === 401) throw new PeerUnavailable(`peer refused the forward: ${String(body.errors?.[0]?.extensions?.reason ?? "unauthenticated")}`, true);
    const receipt = body.extensions?.peerReceipt;
    if (receipt) await this.checkReceipt(receipt, peerRequestId, context.requestId);
    return { data: body.data ?? null, errors: body.errors ?? [], peerRequestId, receipt };
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

/** The PeerLink domains receive: one operation at a peer, as the caller; failures become errors. */
export function peerLinkOver(clients: Map<string, PeerClient>) {
  return {
    async ask(region: string, operation: ForwardRequest, context: RequestContext): Promise<{ data: Record<string, unknown> | null; errors: GraphQLFormattedError[] }> {
      const client = clients.get(region);
      if (!client) return { data: null, errors: [{ message: `no peer configured for ${region}`, extensions: { code: "PEER_UNAVAILABLE", region } }] };
      try {
        const answer = await client.forward(operation, context);
        context.access.peerHops.push({ region: client.peer.region, peerRequestId: answer.peerRequestId, receipt: answer.receipt, outcome: "OK" });
        return { data: answer.data, errors: answer.errors };
      } catch (error) {
        const reason = error instanceof PeerUnavailable ? error.reason : "forward failed";
        context.access.peerHops.push({ region: client.peer.region, outcome: error instanceof PeerUnavailable && error.refused ? "REFUSED" : "PEER_UNAVAILABLE" });
        return { data: null, errors: [{ message: reason, extensions: { code: "PEER_UNAVAILABLE", region } }] };
      }
    },
  };
}
