import { exportJWK, generateKeyPair, type JSONWebKeySet } from "jose";
import type { NodeSigningKey } from "../../../src/audit";

/** A fresh ES256 node key: the private half for the writer, the public JWKS for the verifier. */
export async function nodeKeyPair(kid = "cq-node-test"): Promise<{ signingKey: NodeSigningKey; jwks: JSONWebKeySet }> {
  const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { signingKey: { key: privateKey, kid }, jwks: { keys: [{ ...jwk, kid, alg: "ES256", use: "sig" }] } };
}

export const SUBJECT_KEY = "test-subject-hmac-key-0123456789abcdef";
