// A stand-in peer node on loopback: a real HTTP server that records each forward's service token
// and answers as the test says, so the peer client and the forwarding layer meet real sockets.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { emptyAccessFacts, type RequestContext } from "../../../src/context";

export type FakePeerAnswer = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface FakePeer {
  url: string;
  connections: () => number;
  tokens: string[];
  close: () => Promise<void>;
}

export async function fakePeer(answer: FakePeerAnswer): Promise<FakePeer> {
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

/** A Chongqing verification officer's request context, as the gateway builds it. */
export const chongqingOfficerContext = (requestId: string): RequestContext => ({
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
