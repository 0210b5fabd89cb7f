// A gateway node for the bench, run as a child process (so it can be pinned to its own core):
// the real startGatewayNode with overrides chosen by argv. Configuration comes from the
// environment the bench passes (loadConfig, as in production); the overrides exist in code only.
//   --without-policy          benchmarkBaselineWithoutPolicy: no policy plugin (what enforcement costs)
//   --without-audit           benchmarkBaselineWithoutAudit: no audit plugin (what the audit log costs)
//   --in-memory-verification  verification tables answered from memory (see inMemoryVerificationStore.ts)
// Prints one line `BENCH_READY {"url":…}` when listening; stops on SIGTERM/SIGINT or when the
// parent goes away (stdin closes), so no node outlives the bench.
import "reflect-metadata";
import { loadConfig } from "../../src/config";
import { createPrismaClient, parseDatabaseUrl } from "../../src/db";
import { startGatewayNode } from "../../src/server";
import { loadHouseholdDataset } from "./dataset/householdDataset";
import { inMemoryHouseholdLookups, withInMemoryVerification } from "./dataset/inMemoryVerificationStore";
import { announceReady, stopWithParent } from "./harness/childProtocol";

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const config = loadConfig(process.env);
  const realPrisma = createPrismaClient(config.databaseUrl);
  const inMemory = args.has("--in-memory-verification");
  const prisma = inMemory ? withInMemoryVerification(realPrisma, loadHouseholdDataset(parseDatabaseUrl(config.databaseUrl).location)) : realPrisma;
  const node = await startGatewayNode(config, {
    prisma,
    benchmarkHouseholdLookups: inMemory ? inMemoryHouseholdLookups(prisma) : undefined,
    benchmarkBaselineWithoutPolicy: args.has("--without-policy"),
    benchmarkBaselineWithoutAudit: args.has("--without-audit"),
  });
  stopWithParent(async () => {
    await node.close();
    await realPrisma.$disconnect();
  });
  announceReady(node.url);
}

main().catch((error: Error) => {
  console.error(`bench node failed to start: ${error.message}`);
  process.exit(1);
});
