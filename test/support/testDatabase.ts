import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { createPrismaClient, type PrismaClient } from "../../src/db";

// Real databases for tests: a SQLite file per test (copied from a migrated template), or, when
// TEST_DATABASE=postgresql (npm run test:pg), a PostgreSQL database per test cloned from a
// migrated template database. Migrations run through the compiled offline migrator in a child
// process, because the WASM schema engine needs a node flag jest does not pass.

const ROOT = path.resolve(__dirname, "../..");
const postgresDatabaseUrl = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL : undefined;
/** A server to create throwaway databases on: TEST_POSTGRES_URL, a postgres DATABASE_URL, or the local one. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? postgresDatabaseUrl ?? "postgresql://postgres@127.0.0.1:5432/postgres";
/** `npm run test:pg` (TEST_DATABASE=postgresql) or `DATABASE_URL=postgres://… npm test`. */
export const usingPostgres = process.env.TEST_DATABASE === "postgresql" || postgresDatabaseUrl !== undefined;

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function migrationsFingerprint(): string {
  const hash = crypto.createHash("sha256");
  for (const dir of ["prisma/migrations", "prisma/postgresql/migrations"]) {
    const base = path.join(ROOT, dir);
    for (const name of fs.readdirSync(base).sort()) {
      const file = path.join(base, name, "migration.sql");
      if (fs.existsSync(file)) hash.update(name).update(fs.readFileSync(file));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

export function migrate(url: string): void {
  const result = spawnSync(
    process.execPath,
    ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", path.join(ROOT, "dist/scripts/db/migrate.js"), "--database-url", url],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`migration failed for test database: ${result.stderr || result.stdout}`);
}

function sqliteTemplate(): string {
  const template = path.join(os.tmpdir(), `assist-gateway-template-${migrationsFingerprint()}.db`);
  if (fs.existsSync(template)) return template;
  const building = `${template}.${process.pid}.${Date.now()}.tmp`;
  migrate(`file:${building}`);
  fs.renameSync(building, template); // atomic: parallel workers never see a half-migrated file
  return template;
}

async function postgresTemplate(admin: Client): Promise<string> {
  const name = `assist_tpl_${migrationsFingerprint()}`;
  await admin.query("SELECT pg_advisory_lock(4711)");
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name}"`);
      migrate(POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`));
    }
  } finally {
    await admin.query("SELECT pg_advisory_unlock(4711)");
  }
  return name;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!usingPostgres) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-test-"));
    const file = path.join(dir, "node.db");
    fs.copyFileSync(sqliteTemplate(), file);
    return { url: `file:${file}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    const template = await postgresTemplate(admin);
    const name = `assist_t_${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    return {
      url: POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
      drop: async () => {
        const client = new Client({ connectionString: POSTGRES_ADMIN_URL });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  } finally {
    await admin.end();
  }
}

export interface MigratedClient {
  prisma: PrismaClient;
  dispose(): Promise<void>;
}

/** A fresh migrated database and a Prisma client on it; dispose() disconnects and drops both. */
export async function openMigratedClient(): Promise<MigratedClient> {
  const database = await createTestDatabase();
  const prisma = createPrismaClient(database.url);
  return {
    prisma,
    async dispose() {
      await prisma.$disconnect();
      await database.drop();
    },
  };
}
