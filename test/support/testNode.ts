import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureSigningKey, mintDevToken, nodeKeyName } from "../../src/auth";
import { loadConfig, type GatewayConfig, type Region } from "../../src/config";
import type { Role } from "../../src/context";
import { createPrismaClient, type PrismaClient } from "../../src/db";
import { startGatewayNode, type GatewayNode, type GatewayNodeOverrides } from "../../src/server";
import { createTestDatabase, type TestDatabase } from "./testDatabase";

export interface TestNode {
  node: GatewayNode;
  config: GatewayConfig;
  prisma: PrismaClient;
  database: TestDatabase;
  keysDir: string;
  stop(): Promise<void>;
}

export interface TestNodeOptions {
  region?: Region;
  /** Shared keys directory, so two nodes trust each other's dev issuers. */
  keysDir?: string;
  env?: Record<string, string>;
  /** Runs against the migrated, empty database before the node starts. */
  fixtures?: (prisma: PrismaClient) => Promise<void>;
  /** Test hooks into the node (e.g. onGovernanceStage, to observe the governance pipeline). */
  overrides?: Omit<GatewayNodeOverrides, "prisma">;
}

/** Jurisdictions of the test tokens' default agencies (see officerToken). */
export const TEST_AGENCY_JURISDICTIONS: Record<string, string> = { "CQ-AG-TEST": "500000", "SC-AG-TEST": "510000" };

export function tempKeysDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-keys-"));
}

/** A real node on 127.0.0.1 (ephemeral port) over a real, freshly migrated database. */
export async function startTestNode(options: TestNodeOptions = {}): Promise<TestNode> {
  const region = options.region ?? "CHONGQING";
  const database = await createTestDatabase();
  const keysDir = options.keysDir ?? tempKeysDir();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-data-"));
  const config = loadConfig({
    GATEWAY_ENV: "test",
    REGION: region,
    PORT: "0",
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    KEYS_DIR: keysDir,
    LOG_LEVEL: "silent",
    // The tokens officerToken mints by default speak for these agencies, which no fixture registers:
    // configuration makes them provincial (as the tests were written before jurisdictions existed).
    AGENCY_JURISDICTIONS: JSON.stringify(TEST_AGENCY_JURISDICTIONS),
    ...options.env,
  });
  const prisma = createPrismaClient(database.url);
  if (options.fixtures) await options.fixtures(prisma);
  const node = await startGatewayNode(config, { ...options.overrides, prisma });
  return {
    node,
    config,
    prisma,
    database,
    keysDir,
    async stop() {
      await node.close();
      await prisma.$disconnect();
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function officerToken(
  keysDir: string,
  region: Region,
  roles: Role[],
  overrides: Partial<{ sub: string; agency: string; ttl: string }> = {},
): Promise<string> {
  const tag = region === "CHONGQING" ? "CQ" : "SC";
  return mintDevToken({
    keysDir,
    region,
    roles,
    agency: overrides.agency ?? `${tag}-AG-TEST`,
    sub: overrides.sub ?? `${tag.toLowerCase()}-officer-1`,
    ttl: overrides.ttl ?? "10m",
  });
}

/** A free loopback port (bound then released), so two nodes can be told each other's address. */
export async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface TwoNodes {
  cq: TestNode;
  sc: TestNode;
  keysDir: string;
  stop(): Promise<void>;
}

/** Both provinces' nodes, each over its own database, peered with each other (shared dev keys dir). */
export async function startTwoNodes(options: {
  fixtures?: Partial<Record<Region, (prisma: PrismaClient) => Promise<void>>>;
  env?: Record<string, string>;
  peerTimeoutMs?: number;
} = {}): Promise<TwoNodes> {
  const keysDir = tempKeysDir();
  const ports = { CHONGQING: await freePort(), SICHUAN: await freePort() };
  const peerOf = (region: Region) => {
    const other: Region = region === "CHONGQING" ? "SICHUAN" : "CHONGQING";
    return JSON.stringify([
      {
        region: other,
        url: `http://127.0.0.1:${ports[other]}`,
        issuer: `urn:assist-gateway:node:${other.toLowerCase()}`,
        jwksFile: path.join(keysDir, `${other.toLowerCase()}-node.jwks.json`),
        timeoutMs: options.peerTimeoutMs ?? 3000,
      },
    ]);
  };
  // Node keys first, so each side can read the other's public key from the shared directory.
  await ensureSigningKey(keysDir, nodeKeyName("CHONGQING"));
  await ensureSigningKey(keysDir, nodeKeyName("SICHUAN"));
  const start = (region: Region) =>
    startTestNode({ region, keysDir, fixtures: options.fixtures?.[region], env: { PORT: String(ports[region]), PEERS: peerOf(region), ...options.env } });
  const [cq, sc] = await Promise.all([start("CHONGQING"), start("SICHUAN")]);
  return { cq, sc, keysDir, stop: async () => void (await Promise.all([cq.stop(), sc.stop()])) };
}

/**
 * Waits until the node's start-up work (warm-up:* in /readyz, e.g. the family-search index) is
 * done, for tests that count what one request does and must not count that background work.
 */
export async function waitForWarmUp(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const checks = ((await (await fetch(`${url}/readyz`)).json()) as { checks: Record<string, string> }).checks;
    const pending = Object.entries(checks).filter(([name, state]) => name.startsWith("warm-up:") && state !== "ready");
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`start-up work not done after ${timeoutMs} ms: ${JSON.stringify(pending)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
