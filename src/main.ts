// The entry of one province's node: .env → config → (opt-in) tracing → migrations → (dev) demo
// data → server. Run with --experimental-wasm-modules (the offline migration engine is WASM).
import "reflect-metadata";
import fs from "node:fs";
import { loadConfig } from "./config";
import { applyMigrations, createPrismaClient } from "./db";
import { startTracing } from "./observability";
import { seedAssistanceStandards } from "./standards";
import { DEMO_SEED_DEFAULTS, isDatabaseEmpty, seedDemoData } from "./synthetic";
import { startGatewayNode } from "./server";

/** `.env` in the working directory, when there is one; variables already set win (Node's rule). */
function loadEnvFile(): void {
  if (fs.existsSync(".env")) process.loadEnvFile(".env");
}

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  // Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; then before the first query and the first request.
  const tracing = config.tracing ? await startTracing({ serviceName: config.tracing.serviceName, node: config.region, otlpEndpoint: config.tracing.otlpEndpoint }) : undefined;

  const applied = await applyMigrations(config.databaseUrl);
  const prisma = createPrismaClient(config.databaseUrl);
  // Published standards are reference data every node serves; seeding is add-only and idempotent.
  const standards = await seedAssistanceStandards(prisma);
  if (config.seedIfEmpty && (await isDatabaseEmpty(prisma))) {
    console.error(`${config.region}: empty database, seeding synthetic demo data (seed ${DEMO_SEED_DEFAULTS.seed})…`);
    await seedDemoData(prisma, { region: config.region, ...DEMO_SEED_DEFAULTS, progress: true });
  }
  const node = await startGatewayNode(config, { prisma, tracer: tracing?.tracer });
  node.logger.info({ standards, tracing: Boolean(tracing) }, "assistance standards seeded");
  if (applied.length > 0) node.logger.info({ applied }, "migrations applied");
  const shutdown = (signal: string) => {
    node.logger.info({ signal }, "shutting down");
    const stopped = (async () => {
      await node.close();
      await prisma.$disconnect();
      await tracing?.shutdown();
    })();
    stopped.then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: Error) => {
  // Start-up failures name the problem (bad config, policy file, database) without a stack.
  console.error(`assist-gateway failed to start: ${error.message}`);
  process.exit(1);
});
