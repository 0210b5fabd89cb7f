// Configuration of the Prisma CLI, for sites where it can download its schema engine: there
// `npx prisma migrate deploy` (or `migrate status`) applies and reads the same migration history
// the gateway applies itself at start (src/db/migrationRunner.ts, Prisma's WASM engine, offline).
//
// One data model, two migration histories: SQLite's in prisma/migrations and PostgreSQL's in
// prisma/postgresql/migrations (SQL differs per database). DATABASE_URL picks both the history and
// the schema — for PostgreSQL the copy with provider "postgresql" that `npm run generate` writes.
import fs from "node:fs";
import { defineConfig } from "prisma/config";

// The CLI does not read .env on its own since Prisma 7; variables already set win.
if (fs.existsSync(".env")) process.loadEnvFile(".env");

const url = process.env.DATABASE_URL ?? "file:data/chongqing.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  schema: postgres ? "src/db/generated/postgresql.schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  datasource: { url },
});
