import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from "jose";

export const SIGNING_ALGORITHM = "ES256";

export interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

/** A JSON Web Key Set as published at /.well-known/jwks.json. */
export interface PublicJwks {
  keys: JWK[];
}

function privatePath(keysDir: string, name: string): string {
  return path.join(keysDir, `${name}.private.jwk.json`);
}

export function publicJwksPath(keysDir: string, name: string): string {
  return path.join(keysDir, `${name}.jwks.json`);
}

/**
 * Loads the ES256 key `name` from keysDir, creating it on first use. Development only: a real
 * agency's keys come from its HSM/PKI; these files are never committed (data/ is ignored).
 * Creation is exclusive (wx) so two nodes starting together cannot overwrite each other's key.
 */
export async function ensureSigningKey(keysDir: string, name: string): Promise<SigningKey> {
  fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const file = privatePath(keysDir, name);
  if (!fs.existsSync(file)) {
    const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
    const jwk = await exportJWK(privateKey);
    jwk.kid = `${name}-${Date.now().toString(36)}`;
    jwk.alg = SIGNING_ALGORITHM;
    try {
      fs.writeFileSync(file, JSON.stringify(jwk), { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  const jwk = JSON.parse(fs.readFileSync(file, "utf8")) as JWK;
  const { d: _private, ...publicJwk } = jwk;
  const jwksFile = publicJwksPath(keysDir, name);
  if (!fs.existsSync(jwksFile)) fs.writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...publicJwk, use: "sig" }] }, null, 2));
  const privateKey = (await importJWK(jwk, SIGNING_ALGORITHM)) as KeyLike;
  return { kid: jwk.kid ?? name, privateKey, publicJwk: { ...publicJwk, use: "sig" } };
}

export function readPublicJwks(file: string): PublicJwks {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as PublicJwks;
  if (!Array.isArray(parsed.keys)) throw new Error(`${file}: not a JWKS (no keys array)`);
  return parsed;
}

/** Key names under data/keys: each region's dev identity provider and each node's own key. */
export const devIssuerKeyName = (region: string) => `${region.toLowerCase()}-issuer`;
export const nodeKeyName = (region: string) => `${region.toLowerCase()}-node`;

/**
 * A development secret kept beside the dev keys (e.g. the audit log's subject HMAC key), created
 * on first use with 32 random bytes. Production passes its secrets as configuration instead.
 */
export function ensureDevSecret(keysDir: string, name: string): string {
  fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const file = path.join(keysDir, `${name}.secret`);
  try {
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8").trim();
}
