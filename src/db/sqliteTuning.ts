/**
 * WAL pages after which a committing SQLite connection checkpoints (copies the WAL back into the
 * database file). SQLite's default is 1000 (~4 MB). Each audit batch writes ~150 pages — most of
 * them leaves of the random-keyed indexes (subject HMACs, request ids) — so at the default the
 * audit thread copied ~1000 pages back every few batches, and pages rewritten by many batches
 * (index interiors, the tables' right edges) were copied again each time. At 10,000 (~40 MB of
 * WAL) each of those is copied once per checkpoint: the audit writer bench at concurrency 32 went
 * from ~4,700 to ~6,500–7,600 entries/s (`npm run bench:audit -- --skip-queries --skip-gateway`).
 * Readers are unaffected (WAL lookups go through its hash index); a crash replays at most ~40 MB.
 */
export const SQLITE_WAL_CHECKPOINT_PAGES = 10_000;

/** What every connection runs with, whatever its checkpoint threshold. */
const SQLITE_DURABLE_WAL_PRAGMAS = [
  // WAL so readers never wait for the audit writer.
  "journal_mode = WAL",
  // Each COMMIT returns only after the WAL is fsynced: durable across power loss, not only a crash.
  "synchronous = FULL",
] as const;

/** The connection-level SQLite settings every gateway connection runs with (see the threshold above). */
export const SQLITE_GATEWAY_PRAGMAS = [...SQLITE_DURABLE_WAL_PRAGMAS, `wal_autocheckpoint = ${SQLITE_WAL_CHECKPOINT_PAGES}`] as const;

/**
 * WAL pages after which a bulk import's connections checkpoint (~400 MB of WAL). An import of a
 * million members dirties one random leaf of the audit subject index and one of the members'
 * identity-number index per person, in every batch; at the gateway's 10,000 pages the WAL was
 * copied back every three batches, so most leaves were copied again and again. At 100,000 a leaf
 * rewritten by many batches is copied once per checkpoint: disk writes per member 10.8 → 8.0 kB
 * (300,000: 7.5 kB), `npm run bench:import -- --members 1000000 --skip-postgres`, 2026-12-08.
 * The importer truncates the WAL when it is done (shrinkSqliteWal).
 */
export const SQLITE_BULK_LOAD_WAL_CHECKPOINT_PAGES = 100_000;

/** The gateway's settings with the bulk-load checkpoint threshold: every connection of an import. */
export const SQLITE_BULK_LOAD_PRAGMAS = [...SQLITE_DURABLE_WAL_PRAGMAS, `wal_autocheckpoint = ${SQLITE_BULK_LOAD_WAL_CHECKPOINT_PAGES}`] as const;

type RawQueries = { $queryRawUnsafe(query: string): Promise<unknown> };

/** Applies SQLITE_GATEWAY_PRAGMAS (or the given settings) to the connection behind a Prisma client. */
export async function tuneSqliteConnection(prisma: RawQueries, pragmas: readonly string[] = SQLITE_GATEWAY_PRAGMAS): Promise<void> {
  for (const pragma of pragmas) await prisma.$queryRawUnsafe(`PRAGMA ${pragma}`);
}

/**
 * Copies the WAL back and truncates it to nothing: after a bulk load its WAL can be hundreds of MB,
 * which SQLite keeps on disk otherwise. Best effort — with a reader still on an older snapshot
 * (a running gateway) the checkpoint stops short and the file is truncated by a later one.
 */
export async function shrinkSqliteWal(prisma: RawQueries): Promise<void> {
  await prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
}
