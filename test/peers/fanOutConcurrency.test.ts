// A fan-out over both regions asks the peer before it answers the home region, so the caller
// waits for the slower part, not for the sum (issue 5). The home region's resolver here will not
// answer until the peer has received the forward: answered in turn, the query could not finish.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSchema, graphql, type GraphQLFieldResolver } from "graphql";
import { ensureSigningKey, nodeKeyName, publicJwksPath } from "../../src/auth";
import type { RequestContext } from "../../src/context";
import { forwardAcrossRegions, PeerClient } from "../../src/peers";
import { chongqingOfficerContext, fakePeer, type FakePeer } from "./support/fakePeer";

const SDL = `
  enum Region { CHONGQING SICHUAN }
  type Item { id: String! region: Region! }
  type Query { items(regions: [Region!]): [Item!]! }
`;
const HOME_WAITS_MS = 2000;

describe("fan-out across regions (real HTTP on loopback)", () => {
  let keysDir: string;
  let peer: FakePeer;
  let client: PeerClient;
  let peerAsked: () => void;
  const peerHasRequest = new Promise<void>((resolve) => (peerAsked = resolve));

  beforeAll(async () => {
    keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "fan-out-"));
    const key = await ensureSigningKey(keysDir, nodeKeyName("CHONGQING"));
    await ensureSigningKey(keysDir, nodeKeyName("SICHUAN"));
    peer = await fakePeer((_req, res) => {
      peerAsked();
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "sc-req-fan-out" });
      res.end(JSON.stringify({ data: { items: [{ id: "SC-1", region: "SICHUAN" }, { id: "SC-2", region: "SICHUAN" }] } }));
    });
    client = new PeerClient(
      { region: "SICHUAN", url: peer.url, issuer: "urn:assist-gateway:node:sichuan", jwksFile: publicJwksPath(keysDir, nodeKeyName("SICHUAN")), timeoutMs: 3000 },
      { key: { privateKey: key.privateKey, kid: key.kid }, issuer: "urn:assist-gateway:node:chongqing" },
    );
  });
  afterAll(async () => {
    client.close();
    await peer.close();
    fs.rmSync(keysDir, { recursive: true, force: true });
  });

  it("sends the forward before answering the home region, and merges both in region order", async () => {
    const schema = buildSchema(SDL);
    const homeAnswer: GraphQLFieldResolver<unknown, RequestContext> = async () => {
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([
        peerHasRequest.then(() => "peer asked"),
        new Promise<string>((resolve) => (timer = setTimeout(() => resolve("peer not asked"), HOME_WAITS_MS))),
      ]);
      clearTimeout(timer);
      if (waited !== "peer asked") throw new Error(`the peer was not asked within ${HOME_WAITS_MS} ms of the home region's answer starting`);
      return [{ id: "CQ-1", region: "CHONGQING" }];
    };
    schema.getQueryType()!.getFields().items!.resolve = homeAnswer;
    forwardAcrossRegions(schema, { items: { kind: "regions", defaultTo: "all" } }, "CHONGQING", new Map([["SICHUAN", client]]));

    const context = chongqingOfficerContext("home-fan-out");
    const result = await graphql({ schema, source: "{ items(regions: [SICHUAN, CHONGQING]) { id region } }", contextValue: context });

    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ items: [{ id: "CQ-1", region: "CHONGQING" }, { id: "SC-1", region: "SICHUAN" }, { id: "SC-2", region: "SICHUAN" }] });
    expect(context.access.peerHops).toEqual([{ region: "SICHUAN", peerRequestId: "sc-req-fan-out", receipt: undefined, outcome: "OK" }]);
    expect(peer.tokens).toHaveLength(1);
  });
});
