// The database door: one client factory (adapter chosen by DATABASE_URL) and the offline
// migration runner. Domains receive a PrismaClient; they never build one.
export { parseDatabaseUrl, type DatabaseProvider, type DatabaseTarget } from "./databaseUrl";
export { createPrismaClient, type PrismaClient, type PrismaClientOptions } from "./prismaClientFactory";
export { applyMigrations, createMigration } from "./migrationRunner";
export { databaseBatchLoader, MAX_KEYS_PER_QUERY } from "./databaseBatchLoader";
export { projectRoot } from "./prismaSchemaSource";
export { shrinkSqliteWal, SQLITE_BULK_LOAD_PRAGMAS, SQLITE_GATEWAY_PRAGMAS, tuneSqliteConnection } from "./sqliteTuning";
export * as Db from "./generated/sqlite/enums";
// Raw-SQL template helpers (Prisma.sql, join, raw, empty, the Sql type). Both generated clients
// re-export the same runtime helpers; the SQLite client's namespace stands for both.
export { Prisma } from "./generated/sqlite/client";
/** The client handed to an interactive transaction's callback (same models, no $transaction). */
export type DatabaseTransaction = import("./generated/sqlite/client").Prisma.TransactionClient;
export { insertRows, insertRowsAsJson, placeholderStyleOf, tableShape, type PlaceholderStyle, type SqlExecutor, type TableShape } from "./batchedInsert";
