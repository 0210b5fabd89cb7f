import type BetterSqlite3 from "better-sqlite3";
import type { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { LRUCache } from "lru-cache";

// Prisma's better-sqlite3 adapter (7.x) prepares every statement anew — `client.prepare(sql)
// .bind(args)` — because better-sqlite3's bind() fixes a statement's parameters for good. SQLite
// then parses and plans the same SQL on every query: ~0.15–0.25 ms of the ~2.4 ms CPU a household
// lookup costs (CPU profile of S1, `prepare` in better-sqlite3's wrappers). No adapter option
// turns on reuse, so the adapter is handed a connection whose prepare() returns cached statements
// behind the calls the adapter makes: prepare(sql).run(), and prepare(sql).bind(args) followed by
// run(), columns() or raw().all(). The SQL and its parameters are exactly what the adapter sent.

/** Distinct SQL texts kept prepared per connection (DataLoader IN-lists vary in length). */
const STATEMENTS_PER_CONNECTION = 500;

interface BoundStatement {
  readonly reader: boolean;
  run(): BetterSqlite3.RunResult;
  columns(): BetterSqlite3.ColumnDefinition[];
  raw(): { all(): unknown[] };
}

interface AdapterStatement {
  readonly reader: boolean;
  run(): BetterSqlite3.RunResult;
  bind(args: unknown[]): BoundStatement;
}

function reusable(statement: BetterSqlite3.Statement): AdapterStatement {
  return {
    reader: statement.reader,
    run: () => statement.run(),
    // An array argument is bound as the list of positional parameters, as bind(args) would.
    bind: (args) => ({
      reader: statement.reader,
      run: () => statement.run(args),
      columns: () => statement.columns(),
      raw: () => ({ all: () => statement.raw(true).all(args) }),
    }),
  };
}

/** The connection as the adapter sees it: the same database, prepare() served from a cache. */
export function withStatementCache(db: BetterSqlite3.Database, max = STATEMENTS_PER_CONNECTION): BetterSqlite3.Database {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max });
  const prepare = (sql: string): AdapterStatement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return reusable(statement);
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === "prepare") return prepare;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;

/** The adapter factory, its connections reusing prepared statements. */
export function reusingPreparedStatements(factory: PrismaBetterSqlite3): PrismaBetterSqlite3 {
  const cached = async (connecting: Promise<Adapter>): Promise<Adapter> => {
    const adapter = (await connecting) as Adapter & { client: BetterSqlite3.Database };
    adapter.client = withStatementCache(adapter.client);
    return adapter;
  };
  return Object.assign(Object.create(Object.getPrototypeOf(factory) as object) as PrismaBetterSqlite3, factory, {
    connect: () => cached(factory.connect()),
    connectToShadowDb: () => cached(factory.connectToShadowDb() as Promise<Adapter>),
  });
}
