import type { PrismaClient } from "./prismaClientFactory";

// Bulk insertion (the demo seeder, the importer). Measured on this project's SQLite (better-sqlite3 adapter):
// prisma.createMany inserted 20k households (≈ 220k rows) in 71 s, far from the "100k households
// well under a minute" target, while multi-row INSERT statements with bound parameters through
// $executeRawUnsafe took ≈ 6 s of CPU for the same rows. So seeding builds
// `INSERT INTO "T" (cols) VALUES (…), (…)` itself. One code path serves both databases: only
// the placeholder spelling differs (SQLite `?`, PostgreSQL `$n`), values are always bound, and
// identifiers are quoted the way both accept.

/** Either the client or the client inside an interactive transaction. */
export type SqlExecutor = Pick<PrismaClient, "$executeRawUnsafe">;

export type PlaceholderStyle = "question-mark" | "dollar-number";

/** SQLite caps bound parameters at 32,766 per statement and PostgreSQL at 65,535; stay under both. */
const MAX_PARAMETERS = 30_000;

/**
 * Which placeholder spelling the database behind the client wants. Asked of the database itself
 * (only SQLite has sqlite_version()), so it holds whichever adapter the client was built with.
 */
export async function placeholderStyleOf(prisma: Pick<PrismaClient, "$queryRawUnsafe">): Promise<PlaceholderStyle> {
  try {
    await prisma.$queryRawUnsafe("SELECT sqlite_version()");
    return "question-mark";
  } catch {
    return "dollar-number";
  }
}

export interface TableShape {
  table: string;
  columns: readonly string[];
  /** Skip rows whose key already exists (reference data such as divisions and agencies). */
  ignoreExisting: boolean;
  /** Columns holding bytes (Buffer / Uint8Array): insertRowsAsJson carries them as hex. */
  bytes: readonly string[];
}

/** A table's shape, with its column names checked against the row type at compile time. */
export function tableShape<Row>(table: string, columns: ReadonlyArray<keyof Row & string>, ignoreExisting = false, bytes: ReadonlyArray<keyof Row & string> = []): TableShape {
  return { table, columns, ignoreExisting, bytes };
}

/** Inserts rows in as few statements as the parameter cap allows. Returns the rows written. */
export async function insertRows(executor: SqlExecutor, style: PlaceholderStyle, shape: TableShape, rows: readonly object[]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = shape.columns;
  const head = `INSERT INTO "${shape.table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  const tail = shape.ignoreExisting ? " ON CONFLICT DO NOTHING" : "";
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const end = Math.min(rows.length, start + rowsPerStatement);
    const values: unknown[] = new Array((end - start) * columns.length);
    let k = 0;
    for (let r = start; r < end; r++) {
      const row = rows[r] as Record<string, unknown>;
      for (const column of columns) values[k++] = row[column] ?? null;
    }
    await executor.$executeRawUnsafe(head + tuples(style, end - start, columns.length) + tail, ...values);
  }
  return rows.length;
}

function tuples(style: PlaceholderStyle, rowCount: number, columnCount: number): string {
  if (style === "question-mark") {
    const tuple = `(${new Array(columnCount).fill("?").join(",")})`;
    return new Array(rowCount).fill(tuple).join(",");
  }
  const parts: string[] = new Array(rowCount);
  let n = 0;
  for (let r = 0; r < rowCount; r++) {
    const slots: string[] = new Array(columnCount);
    for (let c = 0; c < columnCount; c++) slots[c] = `$${++n}`;
    parts[r] = `(${slots.join(",")})`;
  }
  return parts.join(",");
}

/**
 * JSON text per statement, at most; SQLite's default string limit is 1e9 bytes and PostgreSQL's
 * json 1 GB, but a statement this size is already ~10,000 typical rows.
 */
const MAX_JSON_CHARS = 4_000_000;

/**
 * Inserts rows as ONE bound parameter per statement: a JSON array the database unpacks itself
 * (SQLite json_each, PostgreSQL json_populate_recordset over the table's own row type, so enum,
 * boolean and timestamp columns take their types from the table). The importer's path: with one
 * parameter per column per row (insertRows), Prisma's client handles ~30,000 bound values per
 * statement one by one in JavaScript — the largest share of the importer's CPU and garbage in a
 * profile of 200,000 members. Values are still bound, never spliced into the SQL.
 *
 * On SQLite each row travels as an array of its values in column order, read with `value ->> i`:
 * json_each hands each element back as JSON text, which every extraction parses again, and an
 * array of ten values parses in a fraction of the time of an object with ten keys (100,000 member
 * rows: 1.6 s of CPU with arrays, 2.5 s with objects and json_extract by name, measured with
 * better-sqlite3 alone). A JSON true or false reads as 1 or 0, as Prisma stores booleans on SQLite;
 * dates are written as Prisma writes them (ISO 8601 with "+00:00", the adapter's default format).
 */
export async function insertRowsAsJson(executor: SqlExecutor, style: PlaceholderStyle, shape: TableShape, rows: readonly object[]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = shape.columns.map((c) => `"${c}"`).join(", ");
  const tail = shape.ignoreExisting ? " ON CONFLICT DO NOTHING" : "";
  // Bytes travel as hex: SQLite unhex()es them (3.41+), PostgreSQL reads "\x…" as bytea.
  const sql =
    style === "question-mark"
      ? `INSERT INTO "${shape.table}" (${columns}) SELECT ${shape.columns.map((c, i) => (shape.bytes.includes(c) ? `unhex(value ->> ${i})` : `value ->> ${i}`)).join(", ")} FROM json_each(?)${tail}`
      : `INSERT INTO "${shape.table}" (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::"${shape.table}", $1::json)${tail}`;
  // A replacer costs a call per value: PostgreSQL's rows take one only when they hold bytes.
  const encode =
    style === "question-mark" ? sqliteRowEncoder(shape.columns) : shape.bytes.length > 0 ? (row: object) => JSON.stringify(row, postgresqlBytes) : (row: object) => JSON.stringify(row);
  let chunk: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    await executor.$executeRawUnsafe(sql, `[${chunk.join(",")}]`);
    chunk = [];
    chars = 0;
  };
  for (const row of rows) {
    const text = encode(row);
    chunk.push(text);
    chars += text.length + 1;
    if (chars >= MAX_JSON_CHARS) await flush();
  }
  await flush();
  return rows.length;
}

/** A row as the JSON array of its values in column order (undefined as null); Dates as Prisma stores them on SQLite, bytes as hex. */
function sqliteRowEncoder(columns: readonly string[]): (row: object) => string {
  const values: unknown[] = new Array(columns.length);
  return (row) => {
    const r = row as Record<string, unknown>;
    for (let i = 0; i < columns.length; i++) {
      const value = r[columns[i]];
      // SQLite has no timestamp type: Prisma stores ISO 8601 text ending "+00:00" (its adapter's default).
      if (value instanceof Date) values[i] = value.toISOString().replace("Z", "+00:00");
      else if (value instanceof Uint8Array) values[i] = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex");
      else values[i] = value ?? null;
    }
    return JSON.stringify(values);
  };
}

/** Bytes in PostgreSQL's bytea hex input format. (`this[key]` is the value before toJSON: a Buffer.) */
function postgresqlBytes(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Uint8Array ? `\\x${Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("hex")}` : value;
}
