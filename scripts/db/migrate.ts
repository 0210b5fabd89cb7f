// `npm run db:migrate` — applies pending migrations to DATABASE_URL (default: both embedded nodes).
import { Command } from "commander";
import { applyMigrations } from "../../src/db";
import { embeddedNodeDatabaseUrls } from "../../src/config";

async function main(): Promise<void> {
  const program = new Command()
    .description("Apply pending Prisma migrations offline (WASM schema engine)")
    .option("--database-url <url>", "database to migrate (default: DATABASE_URL, else both embedded nodes)")
    .parse();
  const given = program.opts<{ databaseUrl?: string }>().databaseUrl ?? process.env.DATABASE_URL;
  const urls = given ? [given] : embeddedNodeDatabaseUrls();
  for (const url of urls) {
    const applied = await applyMigrations(url);
    console.log(`${url.replace(/\/\/[^@]*@/, "//…@")}: ${applied.length === 0 ? "up to date" : `applied ${applied.join(", ")}`}`);
  }
}

main().catch((error: Error) => {
  console.error(`migrate failed: ${error.message}`);
  process.exit(1);
});
