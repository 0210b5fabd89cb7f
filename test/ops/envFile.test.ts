// `.env` in the working directory configures the node (process.loadEnvFile at start), and a
// variable set in the environment wins over the file — the compiled entry, as deployed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { killGatewayProcessesStillRunning, startGatewayProcess } from "../audit/support/gatewayProcess";
import { createTestDatabase } from "../support/testDatabase";

afterAll(killGatewayProcessesStillRunning);

it("reads .env from the working directory; the environment wins where both set a variable", async () => {
  const database = await createTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-envfile-"));
  try {
    fs.writeFileSync(
      path.join(dir, ".env"),
      [`REGION=SICHUAN`, `DATABASE_URL=${database.url}`, `DATA_DIR=${dir}`, `PEERS=[]`, `HOST=127.0.0.1`, `PORT=0`, `LOG_LEVEL=warn`, ""].join("\n"),
    );
    // Only LOG_LEVEL comes from the environment (info: the test reads the "listening" line).
    const gateway = await startGatewayProcess({ LOG_LEVEL: "info" }, 60_000, dir);
    expect(await (await fetch(`${gateway.url}/healthz`)).json()).toEqual({ status: "ok", node: "SICHUAN" });
    gateway.terminate();
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
  } finally {
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
