import { generateKeyPair, SignJWT, base64url } from "jose";
import { createHmac } from "node:crypto";
import { createTokenVerifier, devIssuerKeyName, ensureSigningKey } from "../../src/auth";
import { devIssuerFor, GATEWAY_AUDIENCE, loadConfig } from "../../src/config";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, type TestNode } from "../support/testNode";

const CLAIMS = { agency: "CQ-AG-TEST", region: "CHONGQING", roles: ["verification_officer"] };

describe("authentication (real HTTP, real signed tokens)", () => {
  let t: TestNode;
  let issuerKey: Awaited<ReturnType<typeof ensureSigningKey>>;

  beforeAll(async () => {
    t = await startTestNode();
    issuerKey = await ensureSigningKey(t.keysDir, devIssuerKeyName("CHONGQING"));
  });
  afterAll(() => t.stop());

  const signed = (mutate: (jwt: SignJWT) => SignJWT, claims: Record<string, unknown> = CLAIMS) =>
    mutate(new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: issuerKey.kid }).setSubject("cq-officer-1")).sign(issuerKey.privateKey);

  const valid = () =>
    signed((j) => j.setIssuer(devIssuerFor("CHONGQING")).setAudience(GATEWAY_AUDIENCE).setIssuedAt().setExpirationTime("5m"));

  async function meWith(authorization?: string) {
    return postGraphql(t.node.url, "{ me { sub } }", { headers: authorization ? { authorization } : {} });
  }

  async function graphqlRequestsCounted(): Promise<number> {
    const text = await (await fetch(`${t.node.url}/metrics`)).text();
    return text
      .split("\n")
      .filter((l) => l.startsWith("gateway_graphql_requests_total"))
      .reduce((sum, l) => sum + Number(l.split(" ").pop()), 0);
  }

  it("accepts a valid token and answers me", async () => {
    const res = await meWith(`Bearer ${await valid()}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ me: { sub: "cq-officer-1" } });
  });

  const hs256ConfusionToken = () => {
    // Algorithm confusion: an HS256 token whose HMAC secret is the issuer's *public* key.
    const header = base64url.encode(JSON.stringify({ alg: "HS256", typ: "JWT", kid: issuerKey.kid }));
    const payload = base64url.encode(JSON.stringify({ ...CLAIMS, sub: "attacker", iss: devIssuerFor("CHONGQING"), aud: GATEWAY_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 }));
    const mac = createHmac("sha256", JSON.stringify(issuerKey.publicJwk)).update(`${header}.${payload}`).digest("base64url");
    return `${header}.${payload}.${mac}`;
  };

  const cases: Array<[string, () => Promise<string | undefined>, string]> = [
    ["missing", async () => undefined, "missing bearer token"],
    ["not a bearer header", async () => "Basic dXNlcjpwYXNz", "malformed authorization header"],
    ["malformed", async () => "Bearer not.a.jwt", "malformed token"],
    ["expired", async () => `Bearer ${await signed((j) => j.setIssuer(devIssuerFor("CHONGQING")).setAudience(GATEWAY_AUDIENCE).setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 600))}`, "token expired"],
    ["not yet valid", async () => `Bearer ${await signed((j) => j.setIssuer(devIssuerFor("CHONGQING")).setAudience(GATEWAY_AUDIENCE).setNotBefore("10m").setExpirationTime("20m"))}`, "token not yet valid"],
    ["wrong issuer", async () => `Bearer ${await signed((j) => j.setIssuer("urn:someone-else").setAudience(GATEWAY_AUDIENCE).setExpirationTime("5m"))}`, "untrusted issuer"],
    ["wrong audience", async () => `Bearer ${await signed((j) => j.setIssuer(devIssuerFor("CHONGQING")).setAudience("urn:other-api").setExpirationTime("5m"))}`, "wrong audience"],
    [
      "alg none",
      async () => {
        const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
        const payload = base64url.encode(JSON.stringify({ ...CLAIMS, sub: "x", iss: devIssuerFor("CHONGQING"), aud: GATEWAY_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 }));
        return `Bearer ${header}.${payload}.`;
      },
      "algorithm not allowed",
    ],
    ["HS256 signed with the public key", async () => `Bearer ${hs256ConfusionToken()}`, "algorithm not allowed"],
    [
      "tampered payload",
      async () => {
        const [h, , s] = (await valid()).split(".");
        const forged = base64url.encode(JSON.stringify({ ...CLAIMS, roles: ["compliance_officer", "police_liaison"], sub: "cq-officer-1", iss: devIssuerFor("CHONGQING"), aud: GATEWAY_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 }));
        return `Bearer ${h}.${forged}.${s}`;
      },
      "bad signature",
    ],
    [
      "signed by a key the issuer never published",
      async () => {
        const { privateKey } = await generateKeyPair("ES256");
        const token = await new SignJWT(CLAIMS).setProtectedHeader({ alg: "ES256", kid: issuerKey.kid }).setSubject("x").setIssuer(devIssuerFor("CHONGQING")).setAudience(GATEWAY_AUDIENCE).setExpirationTime("5m").sign(privateKey);
        return `Bearer ${token}`;
      },
      "bad signature",
    ],
    ["an officer of another region from this issuer", async () => `Bearer ${await signed((j) => j.setIssuer(devIssuerFor("CHONGQING")).setAudience(GATEWAY_AUDIENCE).setExpirationTime("5m"), { ...CLAIMS, region: "SICHUAN" })}`, "region not served by issuer"],
    ["missing agency claim", async () => `Bearer ${await signed((j) => j.setIssuer(devIssuerFor("CHONGQING")).setAudience(GATEWAY_AUDIENCE).setExpirationTime("5m"), { region: "CHONGQING", roles: [] })}`, "invalid claim agency"],
  ];

  it.each(cases)("refuses a %s token with UNAUTHENTICATED and never runs the operation", async (_name, make, reason) => {
    const before = await graphqlRequestsCounted();
    const res = await meWith(await make());
    expect(res.status).toBe(401);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0].extensions).toEqual({ code: "UNAUTHENTICATED", reason });
    expect(JSON.stringify(res.body)).not.toMatch(/stack|at \w+ \(/);
    // Apollo (and so every resolver) never saw the request: no operation was counted.
    expect(await graphqlRequestsCounted()).toBe(before);
  });

  it("caches a verified token until it expires, and never serves a tampered copy from the cache", async () => {
    const config = loadConfig({ KEYS_DIR: t.keysDir, REGION: "CHONGQING" });
    const verifier = createTokenVerifier({ trustedIssuers: config.trustedIssuers, audience: config.audience, cacheSize: 10 });
    const token = await officerToken(t.keysDir, "CHONGQING", ["relief_officer"]);
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toBe(first); // same object: the cache answered
    const [h, p, s] = token.split(".");
    // The signature's first character carries six whole bits of its first byte, so changing it
    // always changes the bytes. (Its last character carries padding bits too: "AA" → "AB" once
    // decoded to the very same signature, and the test then failed at random.)
    const flipped = `${h}.${p}.${s[0] === "A" ? "B" : "A"}${s.slice(1)}`;
    await expect(verifier.verify(flipped)).rejects.toMatchObject({ reason: "bad signature" });
  });
});
