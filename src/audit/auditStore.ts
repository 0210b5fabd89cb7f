import { Prisma, tuneSqliteConnection, type DatabaseProvider, type PrismaClient } from "../db";
import type { AuditRecord } from "./auditRecord";
import type { CheckpointRow } from "./auditCheckpoint";
import { AuditCommitThread } from "./auditCommitThread";
import { ENTRY_COLUMNS, quotedColumns } from "./auditTableColumns";

const { join, raw, sql } = Prisma;
type Sql = Prisma.Sql;

export interface SubjectRow {
  writerId: string;
  sequence: number;
  subjectHmac: string;
}

export interface ChainHead {
  sequence: number;
  entryHash: string;
  recordedAt: Date;
}

/**
 * How a batch reaches the database, always one transaction per batch:
 * - "thread": a worker thread with its own better-sqlite3 connection and prepared statements
 *   (SQLite only; the default when the writer is given the SQLite file) — the commit's fsync never
 *   blocks the event loop;
 * - "raw": one parameterised multi-row INSERT per table through Prisma's $executeRaw (PostgreSQL,
 *   whose driver is asynchronous anyway, and SQLite when no file is given);
 * - "prisma": Prisma's createMany.
 * scripts/bench/audit.ts measures them side by side.
 */
export type InsertPath = "prisma" | "raw" | "thread";

export interface AuditStoreOptions {
  provider?: DatabaseProvider;
  insertPath?: InsertPath;
  /** The SQLite file the Prisma client is connected to; required by (and selects) the "thread" path. */
  sqliteFile?: string;
  /** SQLite settings for both connections (the client's and the thread's); the gateway's by default (src/db). */
  sqlitePragmas?: readonly string[];
}

// SQLite allows 32766 bound parameters per statement; 29 columns × 500 rows stays well inside.
const ROWS_PER_STATEMENT = 500;

/** Audit persistence over the gateway's Prisma client (SQLite or PostgreSQL). */
export class AuditStore {
  private constructor(
    readonly prisma: PrismaClient,
    readonly provider: DatabaseProvider,
    readonly insertPath: InsertPath,
    private readonly thread?: AuditCommitThread,
  ) {}

  /**
   * Binds to a client. On SQLite it applies the gateway's connection settings (WAL, synchronous
   * FULL: each commit is fsynced before it returns, while readers keep reading beside the writer).
   */
  static async open(prisma: PrismaClient, options: AuditStoreOptions = {}): Promise<AuditStore> {
    const provider = options.provider ?? (await detectProvider(prisma));
    if (provider === "sqlite") await tuneSqliteConnection(prisma, options.sqlitePragmas);
    const insertPath = options.insertPath ?? (provider === "sqlite" && options.sqliteFile ? "thread" : "raw");
    if (insertPath !== "thread") return new AuditStore(prisma, provider, insertPath);
    if (provider !== "sqlite" || !options.sqliteFile) throw new Error('audit insert path "thread" needs a SQLite database and its file');
    return new AuditStore(prisma, provider, insertPath, await AuditCommitThread.start(options.sqliteFile, { pragmas: options.sqlitePragmas }));
  }

  /** Writes one batch (entries, their subjects, optionally a checkpoint) in one transaction. */
  async insert(records: readonly AuditRecord[], subjects: readonly SubjectRow[], checkpoint?: CheckpointRow): Promise<void> {
    if (this.thread) return this.thread.commit({ records, subjects, checkpoint });
    if (this.insertPath === "prisma") {
      await this.prisma.$transaction([
        ...(records.length > 0 ? [this.prisma.auditEntry.createMany({ data: [...records] })] : []),
        ...(subjects.length > 0 ? [this.prisma.auditSubject.createMany({ data: [...subjects] })] : []),
        ...(checkpoint ? [this.prisma.auditCheckpoint.create({ data: checkpoint })] : []),
      ]);
      return;
    }
    const statements: Sql[] = [];
    for (let i = 0; i < records.length; i += ROWS_PER_STATEMENT) {
      const rows = records.slice(i, i + ROWS_PER_STATEMENT).map((r) => sql`(${join(ENTRY_COLUMNS.map((c) => r[c]))})`);
      statements.push(sql`INSERT INTO "AuditEntry" (${raw(quotedColumns(ENTRY_COLUMNS))}) VALUES ${join(rows)}`);
    }
    for (let i = 0; i < subjects.length; i += ROWS_PER_STATEMENT) {
      const rows = subjects.slice(i, i + ROWS_PER_STATEMENT).map((s) => sql`(${s.writerId}, ${s.sequence}, ${s.subjectHmac})`);
      statements.push(sql`INSERT INTO "AuditSubject" ("writerId", "sequence", "subjectHmac") VALUES ${join(rows)}`);
    }
    if (checkpoint) {
      const c = checkpoint;
      statements.push(sql`INSERT INTO "AuditCheckpoint" ("node", "writerId", "sequence", "headHash", "kind", "signedAt", "jws")
        VALUES (${c.node}, ${c.writerId}, ${c.sequence}, ${c.headHash}, ${c.kind}, ${c.signedAt}, ${c.jws})`);
    }
    await this.prisma.$transaction(statements.map((s) => this.prisma.$executeRaw(s)));
  }

  async head(writerId: string): Promise<ChainHead | null> {
    return this.prisma.auditEntry.findFirst({
      where: { writerId },
      orderBy: { sequence: "desc" },
      select: { sequence: true, entryHash: true, recordedAt: true },
    });
  }

  async latestCheckpoint(writerId: string): Promise<CheckpointRow | null> {
    return this.prisma.auditCheckpoint.findFirst({ where: { writerId }, orderBy: [{ sequence: "desc" }, { id: "desc" }] });
  }

  /** Stops the commit thread, if any, after what it holds is committed. */
  async close(): Promise<void> {
    await this.thread?.close();
  }

  /** Genesis and final checkpoints of every writer (one or two rows per process start). */
  async chainBoundaries(): Promise<CheckpointRow[]> {
    return this.prisma.auditCheckpoint.findMany({ where: { kind: { in: ["GENESIS", "FINAL"] } }, orderBy: { id: "asc" } });
  }
}

async function detectProvider(prisma: PrismaClient): Promise<DatabaseProvider> {
  try {
    await prisma.$queryRawUnsafe("SELECT sqlite_version()");
    return "sqlite";
  } catch {
    return "postgresql";
  }
}
