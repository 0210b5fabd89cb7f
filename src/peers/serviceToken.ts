import { randomUUID } from "node:crypto";
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type KeyLike } from "jose";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { REGIONS, type PeerNode, type Region } from "../config";
import { readPublicJwks, signCompactJws, SIGNING_ALGORITHM, AuthenticationFailure } from "../auth";
import { isRole, PURPOSES, type Principal, type Purpose } from "../context";

// Service tokens carry an officer's request from their home node to the other province's node.
// They follow RFC 8693 token exchange: the original caller sits in the `act` claim (officer,
// agency, region, roles), the audience names the one peer meant to accept it, and a unique `jti`
// lets the peer refuse a replay. They live 60 seconds: long enough for one forward, no longer.

export const SERVICE_TOKEN_TTL_SECONDS = 60;

const actClaim = z.object({
  sub: z.string().min(1).max(128),
  agency: z.string().min(1).max(128),
  region: z.enum(REGIONS),
  roles: z.array(z.string()).max(16),
});

const serviceClaims = z.object({
  jti: z.string().min(16),
  act: actClaim,
  purpose: z.enum(PURPOSES).optional(),
  case_ref: z.string().max(64).optional(),
  home_request_id: z.string().min(1).max(128),
});

export interface ForwardedCaller {
  principal: Principal;
  purpose?: Purpose;
  caseRef?: string;
}

/** The registered claims every token a node signs for its peer carries (RFC 7519). */
function nodeSignedClaims(issuer: string, peer: PeerNode, sub: string) {
  const iat = Math.floor(Date.now() / 1000);
  return { iss: issuer, aud: peer.issuer, sub, jti: randomUUID(), iat, exp: iat + SERVICE_TOKEN_TTL_SECONDS };
}

export async function mintServiceToken(options: {
  key: { privateKey: KeyLike; kid: string };
  issuer: string;
  peer: PeerNode;
  principal: Principal;
  purpose?: Purpose;
  caseRef?: string;
  homeRequestId: string;
}): Promise<string> {
  const { principal } = options;
  const claims = {
    act: { sub: principal.sub, agency: principal.agency, region: principal.region, roles: [...principal.roles] },
    ...(options.purpose ? { purpose: options.purpose } : {}),
    ...(options.caseRef ? { case_ref: options.caseRef } : {}),
    home_request_id: options.homeRequestId,
    ...nodeSignedClaims(options.issuer, options.peer, principal.sub),
  };
  return signCompactJws({ kid: options.key.kid, typ: "JWT" }, claims, options.key.privateKey);
}

/**
 * A node speaking for itself, with no officer behind it: it may only read the aggregate figures
 * `scope` names (`statistics:<module>`), never a GraphQL answer (no `act`, so no service token).
 */
export async function mintNodeToken(options: { key: { privateKey: KeyLike; kid: string }; issuer: string; peer: PeerNode; scope: string }): Promise<string> {
  const claims = { scope: options.scope, ...nodeSignedClaims(options.issuer, options.peer, options.issuer) };
  return signCompactJws({ kid: options.key.kid, typ: "JWT" }, claims, options.key.privateKey);
}

export function peerKeySet(peer: PeerNode): JWTVerifyGetKey {
  if (peer.jwksUrl) return createRemoteJWKSet(new URL(peer.jwksUrl), { cooldownDuration: 30_000 });
  let keySet: JWTVerifyGetKey | undefined;
  return (header, token) => {
    keySet ??= createLocalJWKSet(readPublicJwks(peer.jwksFile as string));
    return keySet(header, token);
  };
}

export interface ServiceTokenVerifier {
  /** Whether a bearer token claims to come from a peer node (then only this verifier may accept it). */
  isServiceToken(token: string): boolean;
  verify(token: string): Promise<ForwardedCaller>;
  /** Accepts a node token (see mintNodeToken) for exactly `scope`; returns the peer's region. */
  verifyNodeToken(token: string, scope: string): Promise<Region>;
}

/**
 * Accepts a peer's service token only if: a configured peer signed it, it names this node as its
 * audience, it has not expired (and is at most a minute old), its jti was never seen, and its
 * `act` speaks for an officer of the peer's own region (a node cannot vouch for the other side).
 */
export function createServiceTokenVerifier(options: { peers: PeerNode[]; ownIssuer: string; replayCacheSize?: number }): ServiceTokenVerifier {
  const byIssuer = new Map(options.peers.map((p) => [p.issuer, { peer: p, keys: peerKeySet(p) }]));
  const seen = new LRUCache<string, true>({ max: options.replayCacheSize ?? 100_000, ttl: (SERVICE_TOKEN_TTL_SECONDS + 60) * 1000 });

  const issuerOf = (token: string): string | undefined => {
    try {
      const iss = decodeJwt(token).iss;
      return typeof iss === "string" ? iss : undefined;
    } catch {
      return undefined;
    }
  };

  /** Signed by a configured peer, for this node, in date, at most a minute old, never seen before. */
  async function verifiedFromPeer(token: string): Promise<{ payload: JWTPayload; peer: PeerNode }> {
    const trusted = byIssuer.get(issuerOf(token) ?? "");
    if (!trusted) throw new AuthenticationFailure("untrusted issuer");
    let payload;
    try {
      ({ payload } = await jwtVerify(token, trusted.keys, {
        issuer: trusted.peer.issuer,
        audience: options.ownIssuer,
        algorithms: [SIGNING_ALGORITHM],
        requiredClaims: ["exp", "iat", "jti", "sub"],
        maxTokenAge: `${SERVICE_TOKEN_TTL_SECONDS + 30}s`,
        clockTolerance: 10,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AuthenticationFailure("service token expired");
      if (error instanceof errors.JWTClaimValidationFailed && error.claim === "aud") throw new AuthenticationFailure("service token for another node");
      if (error instanceof errors.JWSSignatureVerificationFailed) throw new AuthenticationFailure("bad service token signature");
      throw new AuthenticationFailure("service token could not be verified");
    }
    const jti = payload.jti as string;
    if (seen.has(jti)) throw new AuthenticationFailure("service token replayed");
    seen.set(jti, true);
    return { payload, peer: trusted.peer };
  }

  return {
    isServiceToken: (token) => byIssuer.has(issuerOf(token) ?? ""),
    async verifyNodeToken(token, scope) {
      const { payload, peer } = await verifiedFromPeer(token);
      if (payload.act !== undefined) throw new AuthenticationFailure("an officer's service token cannot read node statistics");
      if (payload.scope !== scope) throw new AuthenticationFailure(`node token not for ${scope}`);
      if (payload.sub !== peer.issuer) throw new AuthenticationFailure("node token speaks for another node");
      return peer.region;
    },
    async verify(token) {
      const { payload, peer } = await verifiedFromPeer(token);
      const claims = serviceClaims.safeParse(payload);
      if (!claims.success) throw new AuthenticationFailure(`invalid service token claim ${claims.error.issues[0].path.join(".")}`);
      const { act, jti } = claims.data;
      if (act.region !== peer.region) throw new AuthenticationFailure("act names an officer the peer does not speak for");
      if (act.sub !== payload.sub) throw new AuthenticationFailure("act and sub disagree");
      const region: Region = peer.region;
      return {
        principal: {
          sub: act.sub,
          agency: act.agency,
          region,
          roles: act.roles.filter(isRole),
          issuer: peer.issuer,
          forwardedBy: { node: region, tokenId: jti, homeRequestId: claims.data.home_request_id },
        },
        purpose: claims.data.purpose,
        caseRef: claims.data.case_ref,
      };
    },
  };
}
