// Both provinces' nodes where either can be stopped and started again on the same database and
// port — a node that goes away and comes back, as a peer outage looks from the other side.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureSigningKey, nodeKeyName } from "../../../src/auth";
import { loadConfig, type GatewayConfig, type Region } from "../../../src/config";
import { createPrismaClient, type PrismaClient } from "../../../src/db";
import { startGatewayNode, type GatewayNode } from "../../../src/server";
import { createTestDatabase, type TestDatabase } from "../../support/testDatabase";
import { freePort, tempKeysDir } from "../../support/testNode";

export interface RestartableNode {
  region: Region;
  config: GatewayConfig;
  prisma: PrismaClient;
  url: string;
  running(): boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface RestartableNodes {
  cq: RestartableNode;
  sc: RestartableNode;
  keysDir: string;
  dispose(): Promise<void>;
}

export async function startRestartableNodes(options: { fixtures?: Partial<Record<Region, (prisma: PrismaClient) => Promise<void>>>; env?: Record<string, string> } = {}): Promise<RestartableNodes> {
  const keysDir = tempKeysDir();
  const ports = { CHONGQING: await freePort(), SICHUAN: await freePort() };
  await ensureSigningKey(keysDir, nodeKeyName("CHONGQING"));
  await ensureSigningKey(keysDir, nodeKeyName("SICHUAN"));
  const cleanups: (() => Promise<void>)[] = [];

  async function make(region: Region): Promise<RestartableNode> {
    const other: Region = region === "CHONGQING" ? "SICHUAN" : "CHONGQING";
    const database: TestDatabase = await createTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-data-"));
    const config = loadConfig({
      GATEWAY_ENV: "test",
      REGION: region,
      HOST: "127.0.0.1",
      PORT: String(ports[region]),
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      KEYS_DIR: keysDir,
      LOG_LEVEL: "silent",
      PEERS: JSON.stringify([
        {
          region: other,
          url: `http://127.0.0.1:${ports[other]}`,
          issuer: `urn:assist-gateway:node:${other.toLowerCase()}`,
          jwksFile: path.join(keysDir, `${other.toLowerCase()}-node.jwks.json`),
          timeoutMs: 2000,
        },
      ]),
      ...options.env,
    });
    const prisma = createPrismaClient(database.url);
    await options.fixtures?.[region]?.(prisma);
    let node: GatewayNode | undefined = await startGatewayNode(config, { prisma });
    cleanups.push(async () => {
      await node?.close();
      await prisma.$disconnect();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    return {
      region,
      config,
      prisma,
      url: `http://127.0.0.1:${ports[region]}`,
      running: () => node !== undefined,
      async stop() {
        await node?.close();
        node = undefined;
      },
      async start() {
        node ??= await startGatewayNode(config, { prisma });
      },
    };
  }

  const [cq, sc] = await Promise.all([make("CHONGQING"), make("SICHUAN")]);
  return { cq, sc, keysDir, dispose: async () => void (await Promise.all(cleanups.map((c) => c()))) };
}

/** Polls `read` until `done` holds, at most `timeoutMs`; returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
