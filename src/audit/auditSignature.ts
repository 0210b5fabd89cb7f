import { CompactSign, compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, type KeyLike } from "jose";
import { canonicalize } from "./canonicalJson";

/** The node's signing key (ES256): the private half signs checkpoints and archive manifests. */
export interface NodeSigningKey {
  /** A KeyObject or WebCrypto CryptoKey (both are jose KeyLikes). */
  key: KeyLike;
  /** Key id, matched against the `kid` of the node's public JWKS when verifying. */
  kid: string;
}

/** JWS `typ` of each kind of signed audit statement, so one can never pass for the other. */
export const CHECKPOINT_TYP = "assist-gateway.audit-checkpoint+jws";
export const ARCHIVE_TYP = "assist-gateway.audit-archive+jws";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Compact JWS (ES256) over the canonical JSON of `payload`. */
export async function signStatement(payload: object, signer: NodeSigningKey, typ: string): Promise<string> {
  return new CompactSign(encoder.encode(canonicalize(payload)))
    .setProtectedHeader({ alg: "ES256", kid: signer.kid, typ })
    .sign(signer.key);
}

export type StatementCheck<T> = { ok: true; payload: T; kid: string } | { ok: false; problem: string };

/** Verifies a statement against the node's public keys; never throws. */
export async function verifyStatement<T>(jws: string, publicKeys: JSONWebKeySet, typ: string): Promise<StatementCheck<T>> {
  try {
    const header = decodeProtectedHeader(jws);
    if (header.typ !== typ) return { ok: false, problem: `JWS typ is ${String(header.typ)}, expected ${typ}` };
    const { payload } = await compactVerify(jws, createLocalJWKSet(publicKeys), { algorithms: ["ES256"] });
    return { ok: true, payload: JSON.parse(decoder.decode(payload)) as T, kid: String(header.kid) };
  } catch (error) {
    return { ok: false, problem: `signature does not verify: ${(error as Error).message}` };
  }
}

/** The payload without checking the signature (for the writer's own bookkeeping only). */
export function unverifiedPayloadOf<T>(jws: string): T {
  const [, payload] = jws.split(".");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as T;
}

