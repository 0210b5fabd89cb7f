// A node stopped the way an orchestrator stops it (SIGTERM) finishes what it holds and seals its
// audit chain with a FINAL checkpoint before it exits. Apollo Server installs its own SIGTERM
// handler unless told not to, and that handler re-sent the signal before the node's own
// shutdown reached the audit writer: every chain ended unsealed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient } from "../../src/db";
import { insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { createTestDatabase } from "../support/testDatabase";
import { killGatewayProcessesStillRunning, startGatewayProcess } from "./support/gatewayProcess";

afterAll(killGatewayProcessesStillRunning);

it("exits 0 on SIGTERM with its chain sealed by a FINAL checkpoint", async () => {
  const database = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-shutdown-"));
  const prisma = createPrismaClient(database.url);
  try {
    await insertVerificationFixtures(prisma, "CHONGQING", 1);
    const gateway = await startGatewayProcess({
      // Not "test": Apollo leaves signals alone under NODE_ENV=test, which would hide the bug.
      GATEWAY_ENV: "development",
      REGION: "CHONGQING",
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      KEYS_DIR: path.join(dataDir, "keys"),
      PEERS: "[]",
      LOG_LEVEL: "info",
    });
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    gateway.terminate();
    expect(await gateway.exited).toEqual({ code: 0, signal: null });

    const kinds = (await prisma.auditCheckpoint.findMany({ orderBy: { id: "asc" }, select: { kind: true } })).map((c) => c.kind);
    expect(kinds[0]).toBe("GENESIS");
    expect(kinds[kinds.length - 1]).toBe("FINAL");
  } finally {
    await prisma.$disconnect();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);
