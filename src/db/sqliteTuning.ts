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

/** The connection-level SQLite settings every gateway connection runs with (see the threshold above). */
export const SQLITE_GATEWAY_PRAGMAS = [
  // WAL so readers never wait for the audit writer.
  "journal_mode = WAL",
  // Each COMMIT returns only after the WAL is fsynced: durable across power loss, not only a crash.
  "synchronous = FULL",
  `wal_autocheckpoint = ${SQLITE_WAL_CHECKPOINT_PAGES}`,
] as const;

/** Applies SQLITE_GATEWAY_PRAGMAS to the connection behind a Prisma client. */
export async function tuneSqliteConnection(prisma: { $queryRawUnsafe(query: string): Promise<unknown> }): Promise<void> {
  for (const pragma of SQLITE_GATEWAY_PRAGMAS) await prisma.$queryRawUnsafe(`PRAGMA ${pragma}`);
}
