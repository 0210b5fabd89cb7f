import { SignJWT } from "jose";
import { devIssuerFor, GATEWAY_AUDIENCE, type Region } from "../config";
import type { Role } from "../context";
import { devIssuerKeyName, ensureSigningKey, SIGNING_ALGORITHM } from "./signingKeys";

export interface DevTokenRequest {
  keysDir: string;
  region: Region;
  roles: Role[];
  agency: string;
  sub: string;
  /** Lifetime such as "15m", "2h" (jose time span). */
  ttl: string;
}

/** Signs an officer token with the region's development issuer key (created if missing). */
export async function mintDevToken(request: DevTokenRequest): Promise<string> {
  const key = await ensureSigningKey(request.keysDir, devIssuerKeyName(request.region));
  return new SignJWT({ agency: request.agency, region: request.region, roles: request.roles })
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: key.kid, typ: "JWT" })
    .setIssuer(devIssuerFor(request.region))
    .setAudience(GATEWAY_AUDIENCE)
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.ttl)
    .sign(key.privateKey);
}
