// The peer client's HTTP transport against a real server on loopback: forwards reuse one
// keep-alive connection (issue 5), carry a fresh service token each, and an oversized or slow
// answer becomes PeerUnavailable rather than a buffered body or a hung caller.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { decodeJwt } from "jose";
import { ensureSigningKey, nodeKeyName, publicJwksPath } from "../../src/auth";
import { PeerClient, PeerUnavailable } from "../../src/peers";
import { chongqingOfficerContext as context, fakePeer } from "./support/fakePeer";

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
