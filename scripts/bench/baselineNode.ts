// A baseline server for the bench, run as a child process (pinned like the gateway node):
//   --kind http   --bodies FILE    B-http: stored JSON bodies by id (FILE: {"<id>": "<body>"})
//   --kind apollo --database FILE  B-apollo: Apollo Server 5 + graphql-js resolvers over the rows in memory
//   --kind sql    --database FILE  B-sql: the same resolvers calling better-sqlite3 directly
//   --kind access-log-sql --database FILE  raw SQL of S4: accessLog's SQL through better-sqlite3 over node:http (accessLogSql.ts)
//   --kind family-sql --database FILE --region R  B-sql of S2: familySearch by the engine + better-sqlite3 (familySearchSchema.ts)
// Prints `BENCH_READY {"url":…}` when listening; stops with its parent (see childProtocol.ts).
// type-graphql decorators run when src/ modules load (the family-search engine, the cursor codec).
import "reflect-metadata";
import fs from "node:fs";
import { Command } from "commander";
import { startApolloBaseline, startStoredBodyServer, type BaselineServer } from "./baselines/baselineServers";
import { startAccessLogSqlServer } from "./baselines/accessLogSql";
import { sqlFamilySearchSchema } from "./baselines/familySearchSchema";
import { inMemoryHouseholdSchema, sqlHouseholdSchema } from "./baselines/householdSchema";
import { loadHouseholdDataset } from "./dataset/householdDataset";
import { announceReady, stopWithParent } from "./harness/childProtocol";

async function main(): Promise<void> {
  const options = new Command()
    .requiredOption("--kind <kind>", "http | apollo | sql")
    .option("--database <file>", "the bench's SQLite file")
    .option("--bodies <file>", "stored bodies for B-http")
    .option("--region <region>", "the database's province (family-sql)", "CHONGQING")
    .parse()
    .opts<{ kind: string; database?: string; bodies?: string; region: "CHONGQING" | "SICHUAN" }>();
  const need = (value: string | undefined, flag: string) => {
    if (!value) throw new Error(`--kind ${options.kind} needs ${flag}`);
    return value;
  };
  let server: BaselineServer;
  if (options.kind === "http") server = await startStoredBodyServer(JSON.parse(fs.readFileSync(need(options.bodies, "--bodies"), "utf8")) as Record<string, string>);
  else if (options.kind === "apollo") server = await startApolloBaseline(inMemoryHouseholdSchema(loadHouseholdDataset(need(options.database, "--database"))));
  else if (options.kind === "sql") server = await startApolloBaseline(sqlHouseholdSchema(need(options.database, "--database")));
  else if (options.kind === "family-sql") server = await startApolloBaseline(sqlFamilySearchSchema(need(options.database, "--database"), options.region));
  else if (options.kind === "access-log-sql") server = await startAccessLogSqlServer(need(options.database, "--database"));
  else throw new Error(`unknown --kind ${options.kind}`);
  stopWithParent(() => server.close());
  announceReady(server.url);
}

main().catch((error: Error) => {
  console.error(`baseline failed to start: ${error.message}`);
  process.exit(1);
});
