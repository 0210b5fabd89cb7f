// A real SQLite file in a temp dir, migrated by the compiled migrate script. applyMigrations needs
// `node --experimental-wasm-modules`, which jest's own process lacks, so the script runs as a child
// (globalSetup has compiled dist/ already).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, type PrismaClient } from "../../src/db";

const root = path.resolve(__dirname, "../..");

export interface MigratedDatabase {
  url: string;
  prisma: PrismaClient;
  dispose(): Promise<void>;
}

export function migratedDatabase(name: string): MigratedDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `standards-${name}-`));
  const url = `file:${path.join(dir, "gateway.db")}`;
  execFileSync(process.execPath, ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning", path.join(root, "dist/scripts/db/migrate.js"), "--database-url", url], { cwd: root, stdio: "pipe" });
  const prisma = createPrismaClient(url);
  return {
    url,
    prisma,
    async dispose() {
      await prisma.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
