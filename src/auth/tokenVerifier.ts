import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from "jose";
import { LRUCache } from "lru-cache";
import { z } from "zod";
import { REGIONS, type TrustedIssuer } from "../config";
import { isRole, type Principal } from "../context";
import { readPublicJwks, SIGNING_ALGORITHM } from "./signingKeys";

/** Why a token was refused; short, stable, safe to show the caller and to audit. */
export class AuthenticationFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "AuthenticationFailure";
  }
}

// Asymmetric algorithms only. Listing them explicitly is what defeats `alg: none` and the
// HS256-with-the-public-key confusion: jose refuses any token whose header names another alg.
const ACCEPTED_ALGORITHMS = [SIGNING_ALGORITHM, "EdDSA"];

const officerClaims = z.object({
  sub: z.string().min(1).max(128),
  agency: z.string().min(1).max(128),
  region: z.enum(REGIONS),
  roles: z.array(z.string()).max(16),
});

export interface TokenVerifierOptions {
  trustedIssuers: TrustedIssuer[];
  audience: string;
  cacheSize: number;
  clockToleranceSeconds?: number;
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

function keySetFor(issuer: TrustedIssuer): JWTVerifyGetKey {
  if (issuer.jwksUrl) return createRemoteJWKSet(new URL(issuer.jwksUrl), { cooldownDuration: 30_000 });
  // A local file is read lazily so a node can start before the other region's dev keys exist.
  let keySet: JWTVerifyGetKey | undefined;
  return (header, token) => {
    keySet ??= createLocalJWKSet(readPublicJwks(issuer.jwksFile as string));
    return keySet(header, token);
  };
}

function reasonFor(error: unknown): string {
  if (error instanceof AuthenticationFailure) return error.reason;
  if (error instanceof errors.JWTExpired) return "token expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf") return "token not yet valid";
    if (error.claim === "aud") return "wrong audience";
    if (error.claim === "iss") return "untrusted issuer";
    return `invalid claim ${error.claim}`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm not allowed";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "bad signature";
  if (error instanceof errors.JWKSNoMatchingKey) return "unknown signing key";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed token";
  return "token could not be verified";
}

/**
 * Verifies officer tokens against the trusted issuers of both regions. A verified token is cached
 * (bounded LRU, until its exp) keyed by the whole token string, so a tampered copy never hits.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const issuers = new Map(options.trustedIssuers.map((i) => [i.issuer, { config: i, keys: keySetFor(i) }]));
  const cache = options.cacheSize > 0 ? new LRUCache<string, Principal>({ max: options.cacheSize, ttlAutopurge: false }) : undefined;

  async function verifyUncached(token: string): Promise<{ principal: Principal; exp: number }> {
    let header;
    let unverified;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw new AuthenticationFailure("malformed token");
    }
    if (!header.alg || !ACCEPTED_ALGORITHMS.includes(header.alg)) throw new AuthenticationFailure("algorithm not allowed");
    const trusted = typeof unverified.iss === "string" ? issuers.get(unverified.iss) : undefined;
    if (!trusted) throw new AuthenticationFailure("untrusted issuer");
    const { payload } = await jwtVerify(token, trusted.keys, {
      issuer: trusted.config.issuer,
      audience: options.audience,
      algorithms: ACCEPTED_ALGORITHMS,
      requiredClaims: ["exp", "sub"],
      clockTolerance: options.clockToleranceSeconds ?? 30,
    });
    const claims = officerClaims.safeParse(payload);
    if (!claims.success) throw new AuthenticationFailure(`invalid claim ${claims.error.issues[0].path.join(".")}`);
    // An issuer speaks only for officers of its own region.
    if (claims.data.region !== trusted.config.region) throw new AuthenticationFailure("region not served by issuer");
    const principal: Principal = {
      sub: claims.data.sub,
      agency: claims.data.agency,
      region: claims.data.region,
      roles: claims.data.roles.filter(isRole),
      issuer: trusted.config.issuer,
    };
    return { principal, exp: payload.exp as number };
  }

  return {
    async verify(token) {
      const cached = cache?.get(token);
      if (cached) return cached;
      try {
        const { principal, exp } = await verifyUncached(token);
        const ttl = exp * 1000 - Date.now();
        if (cache && ttl > 0) cache.set(token, principal, { ttl });
        return principal;
      } catch (error) {
        throw new AuthenticationFailure(reasonFor(error));
      }
    },
  };
}
