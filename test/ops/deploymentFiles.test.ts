// The files an operator deploys with: .env.example names every variable the configuration reads
// (and nothing else), and prisma.config.ts points the Prisma CLI at the migration history the
// gateway itself applies, for the database DATABASE_URL names — so that `npx prisma migrate
// deploy` / `migrate status` on a networked machine find every migration already applied, with
// the same checksums. (The CLI itself cannot run here: it downloads its native schema engine.)
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { CONFIG_VARIABLES, loadConfig } from "../../src/config";
import { createPrismaClient } from "../../src/db";
import { createTestDatabase, usingPostgres } from "../support/testDatabase";

const ROOT = path.resolve(__dirname, "../..");

/** What the Prisma CLI would read from prisma.config.ts with this DATABASE_URL (its own loader, in a plain process). */
function prismaCliConfig(databaseUrl: string): { schema: string; migrations: { path: string }; datasource: { url: string } } {
  const script = `require("@prisma/config").loadConfigFromFile({ configFile: "prisma.config.ts" }).then((r) => {
    if (r.error) { console.error(JSON.stringify(r.error._tag)); process.exit(1); }
    console.log(JSON.stringify({ schema: r.config.schema, migrations: r.config.migrations, datasource: r.config.datasource }));
  });`;
  const result = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl } });
  if (result.status !== 0) throw new Error(`prisma.config.ts did not load: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const lockProvider = (migrations: string) => /provider\s*=\s*"(\w+)"/.exec(fs.readFileSync(path.join(migrations, "migration_lock.toml"), "utf8"))?.[1];
const schemaProvider = (schema: string) => /datasource\s+db\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(fs.readFileSync(schema, "utf8"))?.[1];

describe(".env.example", () => {
  const text = fs.readFileSync(path.join(ROOT, ".env.example"), "utf8");
  const keys = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);

  it("lists every variable src/config reads, each once, and nothing it does not read", () => {
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it("is a valid configuration as it stands (empty values mean the defaults)", () => {
    const config = loadConfig(parseEnv(text));
    expect(config).toMatchObject({ region: "CHONGQING", port: 4000, shutdown: { graceMs: 10_000, unreadyDelayMs: 0 } });
    expect(config.tracing).toBeUndefined();
  });
});

describe("prisma.config.ts", () => {
  it.each([
    ["postgresql://gateway@db.example:5432/assist", "postgresql", "prisma/postgresql/migrations"],
    ["file:data/chongqing.db", "sqlite", "prisma/migrations"],
  ])("for %s, names the %s schema and its own migration history", (url, provider, migrations) => {
    const config = prismaCliConfig(url);
    expect(config.datasource.url).toBe(url);
    expect(path.relative(ROOT, config.migrations.path)).toBe(migrations);
    expect(lockProvider(config.migrations.path)).toBe(provider);
    expect(schemaProvider(config.schema)).toBe(provider);
  });

  it("names the history the gateway applied: every migration, finished, with the checksum the CLI computes", async () => {
    const database = await createTestDatabase();
    const prisma = createPrismaClient(database.url);
    try {
      const { migrations } = prismaCliConfig(database.url);
      const folders = fs.readdirSync(migrations.path).filter((name) => fs.existsSync(path.join(migrations.path, name, "migration.sql"))).sort();
      const expected = folders.map((name) => ({
        name,
        // Prisma's checksum: SHA-256 of the migration file, hex.
        checksum: crypto.createHash("sha256").update(fs.readFileSync(path.join(migrations.path, name, "migration.sql"))).digest("hex"),
        finished: true,
      }));
      const applied = await prisma.$queryRawUnsafe<Array<{ migration_name: string; checksum: string; finished: number | boolean }>>(
        `SELECT migration_name, checksum, finished_at IS NOT NULL AND rolled_back_at IS NULL AS finished FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(applied.map((row) => ({ name: row.migration_name, checksum: row.checksum, finished: Boolean(row.finished) }))).toEqual(expected);
      expect(expected.length).toBeGreaterThan(0);
      expect(lockProvider(migrations.path)).toBe(usingPostgres ? "postgresql" : "sqlite");
    } finally {
      await prisma.$disconnect();
      await database.drop();
    }
  });
});
