// SIGTERM under load, the way an orchestrator stops a node: /readyz answers 503 at once, every
// request that was sent before the signal gets its whole answer (none is reset — the old
// shutdown called closeAllConnections() and dropped them), and the audit chain, holding one entry
// per answer, verifies and ends with a FINAL checkpoint.
//
// The node is a real child process (dist/src/main.js). Its peer is a stand-in on loopback that
// answers forwards after a pause, so requests are provably still in flight when the drain starts:
// the node waits on the peer for them while it stops accepting connections.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseAuditSource, verifyAuditLog } from "../../src/audit";
import { ensureSigningKey, nodeKeyName, readPublicJwks } from "../../src/auth";
import { createPrismaClient } from "../../src/db";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { fakePeer } from "../peers/support/fakePeer";
import { killGatewayProcessesStillRunning, startGatewayProcess } from "../audit/support/gatewayProcess";
import { createTestDatabase } from "../support/testDatabase";
import { officerToken } from "../support/testNode";

afterAll(killGatewayProcessesStillRunning);

const PEER_PAUSE_MS = 2_500;
const UNREADY_DELAY_MS = 1_000;
const LOCAL = `{ householdVerification(id: "CQ-HV-00000001") { id conclusion } }`;
const FORWARDED = `{ householdVerification(id: "SC-HV-00000001") { id conclusion } }`;

interface Outcome {
  sentBeforeSignal: boolean;
  status?: number;
  body?: { data?: { householdVerification?: { id: string } | null } | null; errors?: unknown[] };
  failure?: string;
}

it("drains on SIGTERM: unready at once, every request sent before the signal answered in full, chain sealed", async () => {
  const database = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-drain-"));
  const keysDir = path.join(dataDir, "keys");
  const prisma = createPrismaClient(database.url);
  // Sichuan's stand-in: answers every forward after a pause; statistics requests are not its job.
  const peer = await fakePeer((req, res) => {
    if (req.method !== "POST") return void res.writeHead(404).end();
    setTimeout(() => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: { householdVerification: { id: "SC-HV-00000001", conclusion: "ELIGIBLE" } } }));
    }, PEER_PAUSE_MS);
  });
  try {
    await insertVerificationFixtures(prisma, "CHONGQING", 1);
    await ensureSigningKey(keysDir, nodeKeyName("SICHUAN"));
    const gateway = await startGatewayProcess({
      GATEWAY_ENV: "development",
      REGION: "CHONGQING",
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      KEYS_DIR: keysDir,
      PEERS: JSON.stringify([
        { region: "SICHUAN", url: peer.url, issuer: "urn:assist-gateway:node:sichuan", jwksFile: path.join(keysDir, "sichuan-node.jwks.json"), timeoutMs: 10_000 },
      ]),
      SHUTDOWN_UNREADY_DELAY_MS: String(UNREADY_DELAY_MS),
      SHUTDOWN_GRACE_MS: "10000",
      LOG_LEVEL: "info",
    });
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    const token = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);

    // Bounded load: 6 loops of local reads and 6 of forwarded ones, until the signal is sent.
    let signalled = false;
    const outcomes: Outcome[] = [];
    const send = async (query: string): Promise<void> => {
      const outcome: Outcome = { sentBeforeSignal: !signalled };
      outcomes.push(outcome);
      try {
        const res = await fetch(`${gateway.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "MLG_REVIEW", "x-case-ref": "CQ-MLG-2025-0042" },
          body: JSON.stringify({ query }),
        });
        outcome.status = res.status;
        outcome.body = (await res.json()) as Outcome["body"];
      } catch (error) {
        outcome.failure = `${(error as Error).message} ${String((error as { cause?: { code?: string } }).cause?.code ?? "")}`;
      }
    };
    const loop = async (query: string) => {
      while (!signalled) await send(query);
    };
    const loops = [...Array.from({ length: 6 }, () => loop(LOCAL)), ...Array.from({ length: 6 }, () => loop(FORWARDED))];

    // Signal while the forwarded requests wait on the peer (they were sent well within its pause).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    signalled = true;
    gateway.terminate();
    const signalledAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const unready = await fetch(`${gateway.url}/readyz`);
    expect(unready.status).toBe(503);
    expect(await unready.json()).toMatchObject({ status: "draining" });

    await Promise.all(loops);
    const exited = await gateway.exited;
    expect(exited).toEqual({ code: 0, signal: null });
    // The drain waited for the peer's slow answers, past the unready delay, within the grace period.
    expect(Date.now() - signalledAt).toBeGreaterThan(UNREADY_DELAY_MS);

    const sent = outcomes.filter((o) => o.sentBeforeSignal);
    const forwarded = sent.filter((o) => o.body?.data?.householdVerification?.id === "SC-HV-00000001");
    expect(sent.length).toBeGreaterThanOrEqual(12);
    expect(sent.filter((o) => o.failure)).toEqual([]);
    expect(sent.filter((o) => o.status !== 200 || o.body?.errors !== undefined || !o.body?.data?.householdVerification)).toEqual([]);
    // Six forwards were still waiting on the peer when the listener closed, and were answered.
    expect(forwarded.length).toBe(6);

    // One entry per answer, the chain verifies, and it is sealed.
    const report = await verifyAuditLog(new DatabaseAuditSource(prisma), { publicKeys: readPublicJwks(path.join(keysDir, "chongqing-node.jwks.json")) });
    expect(report.ok).toBe(true);
    expect(report.unsealedEntries).toBe(0);
    expect(report.entriesChecked).toBe(sent.length);
    const kinds = (await prisma.auditCheckpoint.findMany({ orderBy: { id: "asc" }, select: { kind: true } })).map((c) => c.kind);
    expect(kinds[kinds.length - 1]).toBe("FINAL");
  } finally {
    await peer.close();
    await prisma.$disconnect();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);
