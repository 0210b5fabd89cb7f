import { readPublicJwks, publicJwksPath, nodeKeyName } from "../../src/auth";
import { postGraphql } from "../support/graphqlClient";
import { seedDemoData } from "../../src/synthetic";
import { officerToken, startTestNode, type TestNode } from "../support/testNode";

describe("operational endpoints", () => {
  let t: TestNode;
  beforeAll(async () => {
    t = await startTestNode();
  });
  afterAll(() => t.stop());

  it("/healthz answers while the process is up", async () => {
    const res = await fetch(`${t.node.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", node: "CHONGQING" });
  });

  it("/readyz reports the database", async () => {
    const res = await fetch(`${t.node.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready", checks: { database: "ok" } });
  });

  it("/.well-known/jwks.json publishes the node and dev-issuer public keys, never a private part", async () => {
    const jwks = (await (await fetch(`${t.node.url}/.well-known/jwks.json`)).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([readPublicJwks(publicJwksPath(t.keysDir, nodeKeyName("CHONGQING"))).keys[0].kid]));
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256" });
      expect(key.d).toBeUndefined();
    }
  });

  it("/metrics counts operations by root fields and outcome", async () => {
    const token = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
    await postGraphql(t.node.url, "{ me { sub } }", { token });
    const text = await (await fetch(`${t.node.url}/metrics`)).text();
    expect(text).toMatch(/gateway_graphql_requests_total\{[^}]*operation="query:me"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(text).toMatch(/gateway_graphql_request_duration_seconds_bucket/);
  });

  it("refuses GET, non-JSON bodies and oversized bodies with contract codes", async () => {
    const token = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
    const get = await fetch(`${t.node.url}/graphql?query={me{sub}}`, { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
    const bad = await fetch(`${t.node.url}/graphql`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    const huge = await fetch(`${t.node.url}/graphql`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ query: `{ me { sub } } # ${"x".repeat(300_000)}` }) });
    expect(huge.status).toBe(413);
  });

  it("marks every GraphQL answer no-store, answered or refused, so no cache keeps personal data", async () => {
    const token = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
    const answered = await postGraphql(t.node.url, "{ me { sub } }", { token });
    expect(answered.status).toBe(200);
    expect(answered.headers.get("cache-control")).toBe("no-store");
    const refused = await postGraphql(t.node.url, "{ me { sub } }", {});
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("never sends a stack trace: an unknown field is a validation error with a code", async () => {
    const token = await officerToken(t.keysDir, "CHONGQING", ["verification_officer"]);
    const res = await postGraphql(t.node.url, "{ nope }", { token });
    expect(res.body.errors![0].extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED" });
  });
});

describe("start-up work of domains", () => {
  it("builds the family-search index when the node starts, before any search, and says so in /readyz", async () => {
    const t = await startTestNode({
      fixtures: (prisma) => seedDemoData(prisma, { region: "CHONGQING", households: 5, relief: 400, reports: 40, seed: 3 }).then(() => undefined),
    });
    try {
      const deadline = Date.now() + 20_000;
      let state: string | undefined;
      while (Date.now() < deadline) {
        const res = await fetch(`${t.node.url}/readyz`);
        // Never critical: the node is ready for everything else while the index builds.
        expect(res.status).toBe(200);
        state = ((await res.json()) as { checks: Record<string, string> }).checks["warm-up:relief"];
        if (state !== "warming") break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(state).toBe("ready");
    } finally {
      await t.stop();
    }
  }, 60_000);
});
