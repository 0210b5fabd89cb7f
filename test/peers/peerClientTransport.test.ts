// The peer client's HTTP transport against a real server on loopback: forwards reuse one
// keep-alive connection (issue 5), carry a fresh service token each, and an oversized or slow
// answer becomes PeerUnavailable rather than a buffered body or a hung caller.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { decodeJwt } from "jose";
import { ensureSigningKey, nodeKeyName, publicJwksPath } from "../../src/auth";
import { emptyAccessFacts, type RequestContext } from "../../src/context";
import { PeerClient, PeerUnavailable } from "../../src/peers";

type Answer = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function fakePeer(answer: Answer): Promise<{ url: string; connections: () => number; tokens: string[]; close: () => Promise<void> }> {
  let connections = 0;
  const tokens: string[] = [];
  const server = http.createServer((req, res) => {
    tokens.push(String(req.headers.authorization ?? "").replace(/^Bearer /, ""));
    req.resume();
    req.on("end", () => answer(req, res));
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    connections: () => connections,
    tokens,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const context = (requestId: string): RequestContext => ({
  requestId,
  node: "CHONGQING",
  principal: { sub: "officer-1", agency: "CQ-AG-00000001", region: "CHONGQING", roles: ["verification_officer"], issuer: "cq-issuer" },
  purpose: "MLG_REVIEW",
  caseRef: "CQ-MLG-2025-0042",
  policyDryRun: false,
  touchedSubjects: new Set(),
  access: emptyAccessFacts(),
  deferredErrors: [],
  perRequest: new Map(),
});

describe("peer client transport (real HTTP on loopback)", () => {
  let keysDir: string;
  let signing: ConstructorParameters<typeof PeerClient>[1];
  const clients: PeerClient[] = [];
  const servers: { close: () => Promise<void> }[] = [];

  beforeAll(async () => {
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "peer-transport-"));
    const key = await ensureSigningKey(keysDir, nodeKeyName("CHONGQING"));
    await ensureSigningKey(keysDir, nodeKeyName("SICHUAN"));
    signing = { key: { privateKey: key.privateKey, kid: key.kid }, issuer: "urn:assist-gateway:node:chongqing" };
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  afterAll(() => fs.rmSync(keysDir, { recursive: true, force: true }));

  const clientFor = (url: string, timeoutMs = 2000) => {
    const client = new PeerClient(
      { region: "SICHUAN", url, issuer: "urn:assist-gateway:node:sichuan", jwksFile: publicJwksPath(keysDir, nodeKeyName("SICHUAN")), timeoutMs },
      signing,
    );
    clients.push(client);
    return client;
  };

  it("sends every forward over one kept-alive connection, each with its own service token", async () => {
    const peer = await fakePeer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "sc-req-1" });
      res.end(JSON.stringify({ data: { householdVerification: { id: "SC-HV-00000099" } } }));
    });
    servers.push(peer);
    const client = clientFor(peer.url);
    for (let i = 0; i < 5; i++) {
      const answer = await client.forward({ query: "{ householdVerification(id: \"SC-HV-00000099\") { id } }", variables: {} }, context(`home-${i}`));
      expect(answer).toMatchObject({ data: { householdVerification: { id: "SC-HV-00000099" } }, errors: [], peerRequestId: "sc-req-1" });
    }
    expect(peer.connections()).toBe(1);
    const claims = peer.tokens.map((t) => decodeJwt(t));
    expect(new Set(claims.map((c) => c.jti)).size).toBe(5);
    expect(claims.map((c) => c.home_request_id)).toEqual(["home-0", "home-1", "home-2", "home-3", "home-4"]);
    expect(claims[0]).toMatchObject({ aud: "urn:assist-gateway:node:sichuan", act: { sub: "officer-1", region: "CHONGQING" } });
  });

  it("refuses an answer larger than it will buffer", async () => {
    const peer = await fakePeer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let i = 0; i < 17; i++) res.write(chunk);
      res.end("{}");
    });
    servers.push(peer);
    const failure = await clientFor(peer.url).forward({ query: "{ x }", variables: {} }, context("home-big")).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PeerUnavailable);
  });

  it("gives up on a peer that does not answer within its timeout", async () => {
    const peer = await fakePeer(() => undefined);
    servers.push(peer);
    const started = Date.now();
    const failure = await clientFor(peer.url, 300).forward({ query: "{ x }", variables: {} }, context("home-slow")).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PeerUnavailable);
    expect((failure as PeerUnavailable).reason).toMatch(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
