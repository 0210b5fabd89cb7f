// `npm run db:migration:new -- NAME` — writes the SQL that brings both histories (SQLite and
// PostgreSQL) up to prisma/schema.prisma. Review, append hand-written SQL (triggers) if needed, commit.
import { Command } from "commander";
import { createMigration } from "../../src/db";

async function main(): Promise<void> {
  const program = new Command().argument("<name>", "snake_case migration name").parse();
  const written = await createMigration(program.args[0]);
  console.log(written.length === 0 ? "schema unchanged: no migration written" : written.map((d) => `wrote ${d}`).join("\n"));
}

main().catch((error: Error) => {
  console.error(`migration:new failed: ${error.message}`);
  process.exit(1);
});
