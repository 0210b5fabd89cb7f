import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { ensureSigningKey, nodeKeyName } from "../../src/auth";
import { loadConfig } from "../../src/config";
import { createPrismaClient, type PrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";
import { startGatewayNode, type GatewayNode } from "../../src/server";
import { insertAgencies } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { freePort, officerToken, tempKeysDir } from "../support/testNode";
import { insertFamilySearchCrowd } from "../peers/support/familySearchCrowd";
import { eventually } from "../peers/support/restartableNodes";

// Webhook deliveries survive a restart: the agency's receiver on loopback is down when the alert
// is raised, the node stops and starts again on the same database, the receiver comes up, and the
// delivery arrives once, signed, with the attempts audited. A receiver that keeps failing gets
// the delivery maxAttempts times, then it is dead, and /metrics says so.

const ID = composeIdentityNumber("500103", "1968-04-04", "MALE", 23);
const FILE = `mutation($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { alerts { id } } }`;
const RECORD = `mutation($input: ReliefCaseInput!) { recordReliefCase(input: $input) { alerts { id } } }`;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** An agency's receiver on a fixed loopback port; `status` is what it answers. */
function receiverOn(port: number, status: number) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status).end();
    });
  });
  return {
    received,
    listen: () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("durable webhook deliveries", () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let keysDir: string;
  let dataDir: string;
  let node: GatewayNode | undefined;
  let nodePort: number;
  let downPort: number;
  let failingPort: number;

  const start = async () => {
    const config = loadConfig({
      GATEWAY_ENV: "test", REGION: "CHONGQING", HOST: "127.0.0.1", PORT: String(nodePort), DATA_DIR: dataDir, DATABASE_URL: database.url, KEYS_DIR: keysDir,
      LOG_LEVEL: "silent", PEERS: "[]", WEBHOOK_POLL_MS: "100", WEBHOOK_MAX_BACKOFF_MS: "400",
      // The police agency's systems answer for the whole city (a webhook delivers its jurisdiction's alerts only).
      AGENCY_JURISDICTIONS: JSON.stringify({ "CQ-AG-POLICE": "500000" }),
      WEBHOOKS: JSON.stringify([
        { id: "cq-police-down", url: `http://127.0.0.1:${downPort}/alerts`, agency: "CQ-AG-POLICE", roles: ["police_liaison"], purpose: "FAMILY_SEARCH", events: ["matchAlertRaised"], maxAttempts: 20 },
        { id: "cq-police-failing", url: `http://127.0.0.1:${failingPort}/alerts`, agency: "CQ-AG-POLICE", roles: ["police_liaison"], purpose: "FAMILY_SEARCH", events: ["matchAlertRaised"], maxAttempts: 3 },
      ]),
    });
    node = await startGatewayNode(config, { prisma });
  };
  const stop = async () => {
    await node?.close();
    node = undefined;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    prisma = createPrismaClient(database.url);
    keysDir = tempKeysDir();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-data-"));
    await ensureSigningKey(keysDir, nodeKeyName("CHONGQING"));
    [nodePort, downPort, failingPort] = [await freePort(), await freePort(), await freePort()];
    await insertAgencies(prisma, "CHONGQING");
    await insertFamilySearchCrowd(prisma, "CHONGQING");
  }, 120_000);
  afterAll(async () => {
    await stop();
    await prisma.$disconnect();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("a delivery owed when the node stops arrives once after it restarts and the receiver is up, signed; a receiver that keeps failing makes it dead", async () => {
    const failing = receiverOn(failingPort, 503);
    await failing.listen();
    await start();
    const token = await officerToken(keysDir, "CHONGQING", ["relief_officer"]);
    await postGraphql(node!.url, FILE, {
      token, purpose: "FAMILY_SEARCH", caseRef: "XQ-2025-0501",
      variables: { input: { name: "冉光荣", gender: "MALE", birthYear: 1968, heightCm: 168, features: ["scar:right-hand"], homeAreaCode: "500103", lastSeenOn: "2025-04-01", lastSeenAreaCode: "500103", agencyId: "CQ-AG-00000001", idNumber: ID } },
    });
    const recorded = await postGraphql(node!.url, RECORD, {
      token, purpose: "RELIEF_CASEWORK", caseRef: "CQ-RS-2025-0501",
      variables: { input: { stationId: "CQ-AG-00000002", reportedName: "冉光荣", gender: "MALE", apparentAgeMin: 54, apparentAgeMax: 60, heightCm: 168, features: ["scar:right-hand"], foundOn: "2025-04-09", foundAreaCode: "500106", idNumber: ID } },
    });
    expect(recorded.body.errors).toBeUndefined();
    const alertId = recorded.body.data!.recordReliefCase.alerts[0].id as string;

    // The receiver of cq-police-down is down: the delivery waits in the table, attempted at least once.
    const owed = await eventually(
      () => prisma.webhookDelivery.findFirst({ where: { webhookId: "cq-police-down", body: { contains: alertId } } }),
      (row) => (row?.attempts ?? 0) >= 1,
      20_000,
    );
    expect(owed).toMatchObject({ status: "PENDING", lastError: "connection failed", event: "matchAlertRaised" });

    // The failing receiver answered 503 three times (maxAttempts): dead, its body kept, counted in /metrics.
    const dead = await eventually(() => prisma.webhookDelivery.findFirst({ where: { webhookId: "cq-police-failing", body: { contains: alertId } } }), (row) => row?.status === "DEAD", 20_000);
    expect(dead).toMatchObject({ status: "DEAD", attempts: 3, lastError: "HTTP 503" });
    expect(JSON.parse(dead!.body).data.matchAlertRaised.id).toBe(alertId);
    expect(failing.received.filter((r) => r.headers["x-assist-delivery"] === dead!.id)).toHaveLength(3);
    // /metrics agrees with the table (the crowd may have raised other alerts on the filings too).
    const [deadCount, pendingCount] = await Promise.all([
      prisma.webhookDelivery.count({ where: { webhookId: "cq-police-failing", status: "DEAD" } }),
      prisma.webhookDelivery.count({ where: { webhookId: "cq-police-down", status: "PENDING" } }),
    ]);
    expect(deadCount).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(`${node!.url}/metrics`)).text();
    const gauge = (webhook: string, state: string) => Number(new RegExp(`gateway_webhook_deliveries\\{[^}]*webhook="${webhook}"[^}]*state="${state}"[^}]*\\} (\\d+)`).exec(metrics)?.[1]);
    expect(gauge("cq-police-failing", "dead")).toBe(deadCount);
    expect(gauge("cq-police-down", "pending")).toBe(pendingCount);
    expect(metrics).toMatch(new RegExp(`gateway_webhook_attempts_total\\{[^}]*webhook="cq-police-failing"[^}]*outcome="dead"[^}]*\\} ${deadCount}`));

    // The node stops with the delivery owed, and starts again on the same database.
    await stop();
    const attemptsBefore = (await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: owed!.id } })).attempts;
    await start();
    const receiver = receiverOn(downPort, 204);
    await receiver.listen();
    try {
      const ours = () => receiver.received.filter((r) => r.headers["x-assist-delivery"] === owed!.id);
      await eventually(async () => ours().length, (n) => n >= 1, 20_000);
      // Long enough for any repeat to show (the loop looks every 100 ms, retries at most 400 ms apart).
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(ours()).toHaveLength(1);
      const [delivery] = ours();
      const body = JSON.parse(delivery.body);
      expect(body).toMatchObject({ delivery: owed!.id, event: "matchAlertRaised", node: "CHONGQING", data: { matchAlertRaised: { id: alertId, status: "NEW" } } });
      expect(delivery.headers["x-assist-delivery"]).toBe(owed!.id);

      // Signed with the node's key, over the exact body, naming the attempt after the restart.
      const jwks = (await (await fetch(`${node!.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
      const { payload, protectedHeader } = await compactVerify(String(delivery.headers["x-assist-signature"]), createLocalJWKSet(jwks));
      const claims = JSON.parse(new TextDecoder().decode(payload));
      expect(protectedHeader.typ).toBe("assist-gateway-webhook");
      expect(claims).toMatchObject({ iss: "urn:assist-gateway:node:chongqing", aud: `http://127.0.0.1:${downPort}/alerts`, delivery: owed!.id, attempt: attemptsBefore + 1 });
      expect(claims.sha256).toBe(crypto.createHash("sha256").update(delivery.body).digest("base64url"));

      // Delivered: marked so, its body no longer kept.
      const done = await eventually(() => prisma.webhookDelivery.findUniqueOrThrow({ where: { id: owed!.id } }), (row) => row.status === "DELIVERED", 5_000);
      expect(done).toMatchObject({ status: "DELIVERED", body: "{}", attempts: attemptsBefore + 1 });
      // Every attempt, before and after the restart, is on record as the webhook's principal under the delivery id.
      const audited = await prisma.auditEntry.count({ where: { operationName: "webhook:matchAlertRaised", principalSub: "webhook:cq-police-down", caseRef: owed!.id } });
      expect(audited).toBe(attemptsBefore + 1);
    } finally {
      await receiver.close();
      await failing.close();
    }
  }, 120_000);
});
