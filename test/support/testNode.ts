import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { mintDevToken } from "../../src/auth";
import { loadConfig, type GatewayConfig, type Region } from "../../src/config";
import type { Role } from "../../src/context";
import { createPrismaClient, type PrismaClient } from "../../src/db";
import { startGatewayNode, type GatewayNode } from "../../src/server";
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
}

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
    ...options.env,
  });
  const prisma = createPrismaClient(database.url);
  if (options.fixtures) await options.fixtures(prisma);
  const node = await startGatewayNode(config, { prisma });
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
