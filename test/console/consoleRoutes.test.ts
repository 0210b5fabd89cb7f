// The console's HTTP surface, without a browser: static files with their security headers, the
// settings the page reads, and the dev sign-in route — present in development, absent otherwise.
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config";
import { postGraphql } from "../support/graphqlClient";
import { startTestNode, tempKeysDir, type TestNode } from "../support/testNode";

const built = fs.existsSync("dist/console/index.html");
const AUDIT_KEY = "console-routes-test-audit-subject-key-0123456789";

async function mint(url: string, body: unknown, contentType = "application/json") {
  const res = await fetch(`${url}/console/dev-token`, { method: "POST", headers: { "content-type": contentType }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => null)) as { token?: string; error?: string } | null };
}

describe("console routes in development (GATEWAY_ENV=development)", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ region: "CHONGQING", env: { GATEWAY_ENV: "development" } });
  });
  afterAll(() => node.stop());

  it("mints a dev token per role and region with src/auth's minter, which /graphql then verifies like any token", async () => {
    const minted = await mint(node.node.url, { roles: ["relief_officer"], region: "SICHUAN", agency: "SC-AG-00000002", sub: "sc-station-officer-3" });
    expect(minted.status).toBe(200);
    const me = await postGraphql(node.node.url, "query { me { sub agency region roles issuer } }", { token: minted.body!.token });
    expect(me.body.data!.me).toEqual({ sub: "sc-station-officer-3", agency: "SC-AG-00000002", region: "SICHUAN", roles: ["relief_officer"], issuer: "urn:assist-gateway:dev-issuer:sichuan" });
  });

  it("refuses an unknown role, a missing region, a form post and a GET, with a reason", async () => {
    expect((await mint(node.node.url, { roles: ["superuser"], region: "CHONGQING" })).status).toBe(400);
    const noRegion = await mint(node.node.url, { roles: ["compliance_officer"] });
    expect(noRegion).toMatchObject({ status: 400, body: { error: expect.stringContaining("region") } });
    expect((await mint(node.node.url, { roles: ["compliance_officer"], region: "CHONGQING" }, "application/x-www-form-urlencoded")).status).toBe(415);
    expect((await fetch(`${node.node.url}/console/dev-token`)).status).toBe(405);
  });

  it("tells the page it may offer the dev sign-in and GraphiQL", async () => {
    const settings = await (await fetch(`${node.node.url}/console/config.json`)).json();
    expect(settings).toEqual({ region: "CHONGQING", env: "development", devSignIn: true, graphiql: true, oidc: null });
  });

  (built ? it : it.skip)("serves GraphiQL at /graphiql, from the node itself", async () => {
    const res = await fetch(`${node.node.url}/graphiql`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/console/assets/graphiql-");
    expect(html).not.toMatch(/https?:\/\//);
    expect(res.headers.get("content-security-policy")).toContain("connect-src 'self';");
  });
});

describe.each([
  ["test", {}],
  ["production", { AUDIT_SUBJECT_KEY: AUDIT_KEY }],
])("console routes with GATEWAY_ENV=%s", (env, extra) => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode({ region: "SICHUAN", env: { GATEWAY_ENV: env, ...extra } });
  });
  afterAll(() => node.stop());

  it("has no dev sign-in route and no GraphiQL", async () => {
    expect((await mint(node.node.url, { roles: ["verification_officer"], region: "SICHUAN" })).status).toBe(404);
    expect((await fetch(`${node.node.url}/console/dev-token`)).status).toBe(404);
    expect((await fetch(`${node.node.url}/graphiql`)).status).toBe(404);
    const settings = await (await fetch(`${node.node.url}/console/config.json`)).json();
    expect(settings).toMatchObject({ region: "SICHUAN", env, devSignIn: false, graphiql: false });
  });

  (built ? it : it.skip)("serves the console with a policy that allows this node only, gzipped, and index.html for the app's paths", async () => {
    const res = await fetch(`${node.node.url}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    const script = html.match(/src="(\/console\/assets\/main-[^"]+\.js)"/)![1];
    const asset = await fetch(`${node.node.url}${script}`, { headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${node.node.url}/console/some/app/path`)).status).toBe(200);
    expect((await fetch(`${node.node.url}/console/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${node.node.url}/console/`, { method: "POST" })).status).toBe(405);
  });
});

describe("a node left in development that trusts real issuers only (GATEWAY_ENV forgotten)", () => {
  let node: TestNode;
  beforeAll(async () => {
    const keysDir = tempKeysDir();
    // The operator configured the province's identity provider, not the development issuer.
    const realIssuer = JSON.stringify([{ issuer: "https://id.sc.example.gov.cn/realms/civil", region: "SICHUAN", jwksFile: path.join(keysDir, "sichuan-issuer.jwks.json") }]);
    node = await startTestNode({ region: "SICHUAN", keysDir, env: { GATEWAY_ENV: "development", TRUSTED_ISSUERS: realIssuer } });
  });
  afterAll(() => node.stop());

  it("offers no dev sign-in: nothing could mint a token the node trusts", async () => {
    expect((await mint(node.node.url, { roles: ["verification_officer"], region: "SICHUAN" })).status).toBe(404);
    const settings = await (await fetch(`${node.node.url}/console/config.json`)).json();
    expect(settings).toMatchObject({ env: "development", devSignIn: false });
  });
});

describe("console sign-in configuration", () => {
  it("takes the OpenID Connect provider as a pair, and names what is missing", () => {
    expect(() => loadConfig({ CONSOLE_OIDC_ISSUER: "https://id.cq.example.gov.cn/realms/civil" })).toThrow(/CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID/);
    const config = loadConfig({ CONSOLE_OIDC_ISSUER: "https://id.cq.example.gov.cn/realms/civil", CONSOLE_OIDC_CLIENT_ID: "assist-console" });
    expect(config.console.oidc).toEqual({ issuer: "https://id.cq.example.gov.cn/realms/civil", clientId: "assist-console", scope: "openid" });
  });

  it("names the provider in the page's settings and allows the page to reach it, and nothing else", async () => {
    const node = await startTestNode({ env: { CONSOLE_OIDC_ISSUER: "https://id.cq.example.gov.cn/realms/civil", CONSOLE_OIDC_CLIENT_ID: "assist-console" } });
    try {
      const res = await fetch(`${node.node.url}/console/config.json`);
      expect(await res.json()).toMatchObject({ devSignIn: false, oidc: { authority: "https://id.cq.example.gov.cn/realms/civil", clientId: "assist-console", scope: "openid" } });
      expect(res.headers.get("content-security-policy")).toContain("connect-src 'self' https://id.cq.example.gov.cn;");
    } finally {
      await node.stop();
    }
  });
});
