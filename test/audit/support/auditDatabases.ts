// Real databases for the audit tests: SQLite files in a temp dir (migrated once per worker from a
// template) and throwaway PostgreSQL databases. Migrations run through the compiled migrate
// script (globalSetup builds dist/) because the WASM schema engine needs
// --experimental-wasm-modules, which the jest process does not have.
import { execFileSync, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "../../../src/db";

const root = path.resolve(__dirname, "../../..");
export const POSTGRES_ADMIN_URL = process.env.AUDIT_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function migrate(databaseUrl: string): void {
  execFileSync(
    process.execPath,
    ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", path.join(root, "dist/scripts/db/migrate.js"), "--database-url", databaseUrl],
    { cwd: root, stdio: "pipe" },
  );
}

let template: string | undefined;

/** A fresh, fully migrated SQLite file in its own temp dir. */
export function freshSqliteFile(): { dir: string; file: string; url: string } {
  if (!template) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-template-"));
    template = path.join(dir, "template.db");
    migrate(`file:${template}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-test-"));
  const file = path.join(dir, "audit.db");
  fs.copyFileSync(template, file);
  return { dir, file, url: `file:${file}` };
}

export function freshSqliteClient(): { prisma: PrismaClient; dir: string; file: string; url: string } {
  const db = freshSqliteFile();
  return { ...db, prisma: createPrismaClient(db.url) };
}

/**
 * Whether PostgreSQL answers, asked synchronously (a child process) so a suite can choose
 * describe or describe.skip at load time. Returns the reason when it does not.
 */
export function postgresUnreachableReason(): string | undefined {
  const probe = spawnSync(
    process.execPath,
    [
      "-e",
      `const {Client}=require("pg");const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:2000});` +
        `c.connect().then(()=>c.end()).then(()=>process.exit(0),e=>{console.error(e.message);process.exit(1)})`,
      POSTGRES_ADMIN_URL,
    ],
    { cwd: root, encoding: "utf8", timeout: 10_000 },
  );
  if (probe.status === 0) return undefined;
  return `PostgreSQL at ${POSTGRES_ADMIN_URL} unreachable: ${(probe.stderr || probe.error?.message || "no answer").trim()}`;
}

/** Creates, migrates and later drops a database of its own on the PostgreSQL server. */
export async function throwawayPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const { Client } = await import("pg");
  const name = `audit_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  migrate(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
