import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgresql/client";
import { parseDatabaseUrl, type DatabaseTarget } from "./databaseUrl";
import { reusingPreparedStatements } from "./sqliteStatementCache";
import { subjectCapture } from "./subjectCaptureExtension";

export type { PrismaClient };

/** Driver-adapter factory for the database named by the URL (shared by the client and the migrator). */
export function createAdapterFactory(target: DatabaseTarget): PrismaBetterSqlite3 | PrismaPg {
  if (target.provider === "postgresql") {
    return new PrismaPg({ connectionString: target.location, max: 10 });
  }
  fs.mkdirSync(path.dirname(target.location), { recursive: true });
  // WAL lets readers run beside the audit writer; busy_timeout turns brief lock waits into waits,
  // not SQLITE_BUSY errors.
  return new PrismaBetterSqlite3({ url: `file:${target.location}`, timeout: 5000 });
}

export interface PrismaClientOptions {
  /** Receives every SQL statement Prisma sends (tests count queries with it; never logged). */
  onQuery?: (sql: string) => void;
  /**
   * Bound on every transaction of this client, interactive or batch (`$transaction([...])`, as the
   * audit store writes on PostgreSQL), and on the wait to start one. Prisma's default is 5 s (2 s
   * to start), right for a request; the importer sets its own (IMPORT_TRANSACTION_TIMEOUT_MS).
   */
  transactionTimeoutMs?: number;
}

/**
 * The one place a PrismaClient is built. Domains receive it; they never construct one. The client
 * notes the persons in what it returns into the open request's subject capture (see
 * subjectCaptureExtension.ts): this is where the audit entry's subjects come from.
 */
export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  return withSubjectCapture(createBareClient(databaseUrl, options));
}

/** A query component changes no types: the extended client is used as the PrismaClient it wraps. */
function withSubjectCapture(client: PrismaClient): PrismaClient {
  return client.$extends(subjectCapture) as unknown as PrismaClient;
}

function createBareClient(databaseUrl: string, options: PrismaClientOptions): PrismaClient {
  const target = parseDatabaseUrl(databaseUrl);
  const factory = createAdapterFactory(target);
  const adapter = factory instanceof PrismaBetterSqlite3 ? reusingPreparedStatements(factory) : factory;
  // Both generated clients have the same models and API; the SQLite one's type stands for both.
  const Client = (target.provider === "postgresql" ? PostgresPrismaClient : PrismaClient) as typeof PrismaClient;
  const transactionOptions = options.transactionTimeoutMs ? { transactionOptions: { maxWait: options.transactionTimeoutMs, timeout: options.transactionTimeoutMs } } : {};
  if (!options.onQuery) return new Client({ adapter, ...transactionOptions } as ConstructorParameters<typeof PrismaClient>[0]);
  const client = new Client({ adapter, ...transactionOptions, log: [{ emit: "event", level: "query" }] } as ConstructorParameters<typeof PrismaClient>[0]);
  const listener = options.onQuery;
  (client as unknown as { $on(event: "query", cb: (e: { query: string }) => void): void }).$on("query", (event) => listener(event.query));
  return client;
}
