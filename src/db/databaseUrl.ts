import path from "node:path";

/** The two database kinds the gateway runs on; chosen by the scheme of DATABASE_URL. */
export type DatabaseProvider = "sqlite" | "postgresql";

export interface DatabaseTarget {
  provider: DatabaseProvider;
  /** For SQLite, the absolute file path; for PostgreSQL, the connection string as given. */
  location: string;
}

/**
 * `file:data/chongqing.db` (relative to the working directory) or an absolute `file:/…` path
 * selects the embedded SQLite database; `postgres://` or `postgresql://` selects PostgreSQL.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return { provider: "postgresql", location: url };
  }
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length).split("?")[0];
    if (file.length === 0) throw new Error("DATABASE_URL file: needs a path");
    return { provider: "sqlite", location: path.resolve(file) };
  }
  throw new Error(`DATABASE_URL must start with file: or postgres:// (got scheme ${url.split(":")[0]}:)`);
}
