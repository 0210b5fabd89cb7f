import fs from "node:fs";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { parseDatabaseUrl, type DatabaseProvider, type DatabaseTarget } from "./databaseUrl";
import { createAdapterFactory } from "./prismaClientFactory";
import { migratedSchemaPath, migrationsDirFor, prismaSchemaFor, prismaSchemaPath, withProvider } from "./prismaSchemaSource";

// Prisma's CLI downloads a native schema engine that these machines (and many government
// networks) cannot reach. Its WASM build ships on the npm registry and, bound to our driver
// adapters, diffs and applies migrations exactly as `prisma migrate deploy` does, recording
// `_prisma_migrations`. The package is ESM and imports a .wasm file, so it is loaded with a real
// dynamic import and the process must run with --experimental-wasm-modules.
type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm", { with: { "resolution-mode": "import" } });
type SchemaEngine = Awaited<ReturnType<SchemaEngineModule["SchemaEngine"]["new"]>>;

const noFilters = { externalTables: [] as string[], externalEnums: [] as string[] };

async function importSchemaEngine(): Promise<SchemaEngineModule> {
  try {
    return await import("@prisma/schema-engine-wasm");
  } catch (error) {
    throw new Error(
      `cannot load @prisma/schema-engine-wasm (run node with --experimental-wasm-modules): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

type AdapterFactory = ReturnType<typeof createAdapterFactory>;
type Adapter = Awaited<ReturnType<AdapterFactory["connect"]>>;

/**
 * The engine opens connections through the factory but never closes them; a SQLite connection
 * left open would keep the file locked against the gateway's own PRAGMAs. Track and close them.
 */
function closingAdapterFactory(target: DatabaseTarget): { factory: AdapterFactory; closeAll: () => Promise<void> } {
  const inner = createAdapterFactory(target);
  const opened: Adapter[] = [];
  const track = async (adapter: Promise<Adapter>) => {
    const a = await adapter;
    opened.push(a);
    return a;
  };
  const factory = Object.assign(Object.create(Object.getPrototypeOf(inner)) as AdapterFactory, inner, {
    connect: () => track(inner.connect()),
    connectToShadowDb: () => track(inner.connectToShadowDb() as Promise<Adapter>),
  });
  return { factory, closeAll: async () => void (await Promise.all(opened.map((a) => a.dispose()))) };
}

async function withEngine<T>(target: DatabaseTarget, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const mod = await importSchemaEngine();
  const schema = prismaSchemaFor(target.provider);
  const { factory, closeAll } = closingAdapterFactory(target);
  const engine = await mod.SchemaEngine.new(
    { datamodels: [[prismaSchemaPath, schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await run(engine);
  } finally {
    engine.free();
    await closeAll();
  }
}

function migrationList(provider: DatabaseProvider) {
  const baseDir = migrationsDirFor(provider);
  const dirs = fs.existsSync(baseDir)
    ? fs.readdirSync(baseDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  const lockPath = path.join(baseDir, "migration_lock.toml");
  return {
    baseDir,
    lockfile: { path: lockPath, content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => {
      const file = path.join(baseDir, name, "migration.sql");
      return { path: name, migrationFile: { path: file, content: { tag: "ok" as const, value: fs.readFileSync(file, "utf8") } } };
    }),
  };
}

/** Applies every migration not yet recorded in `_prisma_migrations`; returns the names applied. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const target = parseDatabaseUrl(databaseUrl);
  const result = await withEngine(target, (engine) =>
    engine.applyMigrations({ migrationsList: migrationList(target.provider), filters: noFilters }),
  );
  return result.appliedMigrationNames;
}

/**
 * Writes `<timestamp>_<name>/migration.sql` for both providers: the SQL that takes the schema as
 * last migrated (prisma/migrated-schema.prisma, committed) to the current schema.prisma, then
 * moves the snapshot forward. Returns the folders written (none when nothing changed).
 *
 * Why a snapshot rather than replaying history into a shadow database: the WASM engine cannot
 * introspect PostgreSQL through the pg adapter (it fails on the catalog's `"char"` columns), and a
 * datamodel-to-datamodel diff needs no database at all, so creating migrations works anywhere.
 */
export async function createMigration(name: string): Promise<string[]> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name: lower-case letters, digits and _ only");
  const stamp = new Date().toISOString().replace(/[-:TZ.]/g, "").slice(0, 14);
  const previous = fs.existsSync(migratedSchemaPath) ? fs.readFileSync(migratedSchemaPath, "utf8") : null;
  const written: string[] = [];
  for (const provider of ["sqlite", "postgresql"] as const) {
    ensureMigrationLock(provider);
    const sql = await diffSchemas(provider, previous);
    if (!/\b(CREATE|ALTER|DROP)\b/.test(sql)) continue;
    const dir = path.join(migrationsDirFor(provider), `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    written.push(dir);
  }
  if (written.length > 0) fs.copyFileSync(prismaSchemaPath, migratedSchemaPath);
  return written;
}

/** The lock file Prisma writes beside a history; the engine reads the connector from it. */
function ensureMigrationLock(provider: DatabaseProvider): void {
  const dir = migrationsDirFor(provider);
  const lock = path.join(dir, "migration_lock.toml");
  if (fs.existsSync(lock)) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    lock,
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
  );
}

async function diffSchemas(provider: DatabaseProvider, previous: string | null): Promise<string> {
  // The engine insists on a connection; the datamodel-to-datamodel diff itself never uses it.
  const target: DatabaseTarget =
    provider === "sqlite"
      ? { provider, location: ":memory:" }
      : { provider, location: process.env.MIGRATION_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" };
  const current = prismaSchemaFor(provider);
  const from = previous === null
    ? { tag: "empty" as const }
    : { tag: "schemaDatamodel" as const, files: [{ path: migratedSchemaPath, content: withProvider(previous, provider) }] };
  const result = await withEngine(target, (engine) =>
    engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: prismaSchemaPath, content: current }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    }),
  );
  return result.stdout ?? "";
}
