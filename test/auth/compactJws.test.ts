// signCompactJws writes standard compact JWS: jose, the verifier every node uses, accepts its
// tokens and receipts, refuses them once a byte changes, and the signer refuses a key it would
// sign wrongly with (ES256 needs P-256).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { compactVerify, createLocalJWKSet, jwtVerify } from "jose";
import { ensureSigningKey, signCompactJws, type SigningKey } from "../../src/auth";

describe("signCompactJws", () => {
  let keysDir: string;
  let key: SigningKey;
  beforeAll(async () => {
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-jws-"));
    key = await ensureSigningKey(keysDir, "test-node");
  });
  afterAll(() => fs.rmSync(keysDir, { recursive: true, force: true }));
  const keySet = () => createLocalJWKSet({ keys: [key.publicJwk] });

  it("signs a JWT that jose verifies with its claims and header intact", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = signCompactJws({ kid: key.kid, typ: "JWT" }, { iss: "urn:a", aud: "urn:b", sub: "s", jti: "j".repeat(16), iat: now, exp: now + 60, act: { sub: "s" } }, key.privateKey);
    const { payload, protectedHeader } = await jwtVerify(token, keySet(), { issuer: "urn:a", audience: "urn:b", algorithms: ["ES256"] });
    expect(protectedHeader).toEqual({ alg: "ES256", kid: key.kid, typ: "JWT" });
    expect(payload).toMatchObject({ sub: "s", act: { sub: "s" }, exp: now + 60 });
  });

  it("produces a signature that fails once the payload changes", async () => {
    const jws = signCompactJws({ kid: key.kid, typ: "assist-gateway-receipt" }, { requestId: "r-1" }, key.privateKey);
    expect(JSON.parse(new TextDecoder().decode((await compactVerify(jws, keySet())).payload))).toEqual({ requestId: "r-1" });
    const [header, , signature] = jws.split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ requestId: "r-2" })).toString("base64url")}.${signature}`;
    await expect(compactVerify(forged, keySet())).rejects.toThrow(/signature verification failed/);
  });

  it("refuses keys that are not P-256 private keys", () => {
    const other = generateKeyPairSync("ec", { namedCurve: "secp384r1" });
    const edwards = generateKeyPairSync("ed25519");
    for (const wrong of [other.privateKey, edwards.privateKey, generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey]) {
      expect(() => signCompactJws({ kid: "k", typ: "JWT" }, {}, wrong)).toThrow(/P-256 private key/);
    }
  });
});
