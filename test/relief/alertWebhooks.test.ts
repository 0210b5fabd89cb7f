import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { compactVerify, createRemoteJWKSet } from "jose";
import { loadConfig } from "../../src/config";
import { composeIdentityNumber } from "../../src/identity";
import { insertAgencies } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTestNode, TEST_AGENCY_JURISDICTIONS, waitForWarmUp, type TestNode } from "../support/testNode";
import { insertFamilySearchCrowd } from "../peers/support/familySearchCrowd";
import { eventually } from "../peers/support/restartableNodes";

// Signed webhooks for agency systems: an agency's receiver on loopback gets each new alert as
// JSON with a JWS over its hash, verifiable with the node's published keys, and is sent it again
// after answering 500; a webhook whose roles the policy does not let see alerts gets nothing, and
// an agency's webhook gets only the alerts of its jurisdiction (the alert queue's row rule).

interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
}

const ID = composeIdentityNumber("500103", "1970-08-08", "MALE", 41);

describe("match alerts by signed webhook", () => {
  let node: TestNode;
  let receiver: http.Server;
  const received: Delivery[] = [];
  const refused: Delivery[] = [];
  const otherCounty: Delivery[] = [];

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const delivery = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
        if (req.url === "/verification") {
          refused.push(delivery);
          return res.writeHead(200).end();
        }
        if (req.url === "/nanan" || req.url === "/unregistered") {
          otherCounty.push(delivery);
          return res.writeHead(200).end();
        }
        received.push(delivery);
        // The receiver fails the first time, as an agency system restarting would.
        res.writeHead(received.length === 1 ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    node = await startTestNode({
      region: "CHONGQING",
      fixtures: async (p) => (await insertAgencies(p, "CHONGQING"), await insertFamilySearchCrowd(p, "CHONGQING")),
      env: {
        WEBHOOKS: JSON.stringify([
          { id: "cq-police-xunqin", url: `${base}/alerts`, agency: "CQ-AG-POLICE", roles: ["police_liaison"], purpose: "FAMILY_SEARCH", events: ["matchAlertRaised"], maxAttempts: 3 },
          { id: "cq-verification", url: `${base}/verification`, agency: "CQ-AG-00000001", roles: ["verification_officer"], purpose: "MLG_REVIEW", events: ["matchAlertRaised"] },
          // 南岸区's police: the alert below is of 500106 (the station) and the city centre's report: not theirs.
          { id: "cq-police-nanan", url: `${base}/nanan`, agency: "CQ-AG-POLICE-NANAN", roles: ["police_liaison"], purpose: "FAMILY_SEARCH", events: ["matchAlertRaised"] },
          // An agency with no jurisdiction on record: refused, closed by default.
          { id: "cq-police-unregistered", url: `${base}/unregistered`, agency: "CQ-AG-UNREGISTERED", roles: ["police_liaison"], purpose: "FAMILY_SEARCH", events: ["matchAlertRaised"] },
        ]),
        AGENCY_JURISDICTIONS: JSON.stringify({ ...TEST_AGENCY_JURISDICTIONS, "CQ-AG-POLICE": "500000", "CQ-AG-POLICE-NANAN": "500108" }),
      },
    });
    await waitForWarmUp(node.node.url);
  }, 60_000);
  afterAll(async () => {
    await node.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("delivers a new alert signed with the node's key, and again after a 500, with the same delivery id", async () => {
    const token = await officerToken(node.keysDir, "CHONGQING", ["relief_officer"]);
    await postGraphql(node.node.url, `mutation($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { alerts { id } } }`, {
      token, purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0401",
      variables: { input: { name: "郑长春", gender: "MALE", birthYear: 1970, heightCm: 175, features: ["mole:left-cheek"], homeAreaCode: "500103", lastSeenOn: "2025-03-01", lastSeenAreaCode: "500103", agencyId: "CQ-AG-00000001", idNumber: ID } },
    });
    const recorded = await postGraphql(node.node.url, `mutation($input: ReliefCaseInput!) { recordReliefCase(input: $input) { alerts { id } } }`, {
      token, purpose: "RELIEF_CASEWORK", caseRef: "CQ-RS-2025-0401",
      variables: { input: { stationId: "CQ-AG-00000002", reportedName: "郑长春", gender: "MALE", apparentAgeMin: 52, apparentAgeMax: 58, heightCm: 175, features: ["mole:left-cheek"], foundOn: "2025-03-06", foundAreaCode: "500106", idNumber: ID } },
    });
    const alertId = recorded.body.data!.recordReliefCase.alerts[0].id;

    await eventually(async () => received.length, (n) => n >= 2, 10_000);
    expect(received).toHaveLength(2);
    const [first, second] = received;
    expect(second.body).toBe(first.body);
    const body = JSON.parse(second.body);
    expect(body).toMatchObject({ event: "matchAlertRaised", node: "CHONGQING", data: { matchAlertRaised: { id: alertId, status: "NEW", region: "CHONGQING" } } });
    expect(second.headers["x-assist-delivery"]).toBe(body.delivery);

    // What a receiver does: verify the JWS with the node's published keys, then the body's hash.
    const keys = createRemoteJWKSet(new URL(`${node.node.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await compactVerify(String(second.headers["x-assist-signature"]), keys);
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(protectedHeader.typ).toBe("assist-gateway-webhook");
    expect(claims).toMatchObject({ iss: "urn:assist-gateway:node:chongqing", delivery: body.delivery, event: "matchAlertRaised", attempt: 2 });
    expect(claims.sha256).toBe(crypto.createHash("sha256").update(second.body).digest("base64url"));
    // A tampered body no longer matches the signed hash.
    expect(crypto.createHash("sha256").update(second.body.replace("NEW", "XXX")).digest("base64url")).not.toBe(claims.sha256);

    // Each attempt was audited as the webhook's principal, before it was sent.
    const entries = await node.prisma.auditEntry.findMany({ where: { operationName: "webhook:matchAlertRaised", principalSub: "webhook:cq-police-xunqin" } });
    expect(entries.map((e) => [e.outcome, e.caseRef])).toEqual([["ALLOWED", body.delivery], ["ALLOWED", body.delivery]]);

    // The verification centre's system may not see family-search alerts: nothing sent, the refusal on record.
    expect(refused).toEqual([]);
    const denied = await node.prisma.auditEntry.findMany({ where: { operationName: "webhook:matchAlertRaised", principalSub: "webhook:cq-verification" } });
    expect(denied.map((e) => e.outcome)).toEqual(["DENIED"]);

    // Another county's police system is not sent the alert, and nothing of it is recorded for them;
    // an agency without a jurisdiction on record is refused, and the refusal is on record.
    expect(otherCounty).toEqual([]);
    expect(await node.prisma.auditEntry.count({ where: { principalSub: "webhook:cq-police-nanan" } })).toBe(0);
    const unregistered = await node.prisma.auditEntry.findMany({ where: { operationName: "webhook:matchAlertRaised", principalSub: "webhook:cq-police-unregistered" } });
    expect(unregistered.map((e) => [e.outcome, e.errorCode])).toEqual([["DENIED", "NO_JURISDICTION"]]);
  });

  it("refuses a WEBHOOKS setting that is not JSON, or names no URL, with the variable named and no parser trace", () => {
    expect(() => loadConfig({ WEBHOOKS: "[{id: 1" })).toThrow("invalid configuration: WEBHOOKS must be a JSON array of {id, url, agency, roles, purpose, events}");
    expect(() => loadConfig({ WEBHOOKS: JSON.stringify([{ id: "a", agency: "CQ-AG-1", roles: ["relief_officer"], purpose: "FAMILY_SEARCH", events: ["matchAlertRaised"] }]) })).toThrow(/^invalid configuration: WEBHOOKS: 0\.url: /);
  });
});
