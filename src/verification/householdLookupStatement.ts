// A household lookup — one verification with the household, its members, the agency, incomes and
// assets the operation asks for — read in ONE SQL statement, the relations aggregated as JSON by
// the database (issue 17, "hot reads in one statement"). Prisma's `include` sends one query per
// relation through its query interpreter, and that per-query work was most of a lookup's read
// cost; `npm run bench:lookup-read` (scripts/bench/householdLookupRead.ts) measures the two side by
// side, and docs/performance.md holds its current figures.
//
// Prisma stays the only client: the statement goes through `$queryRawUnsafe` with the id as a
// bound parameter. Its text is built from the generated client's column lists (`*ScalarFieldEnum`),
// never from input, once per provider and relation set. Prisma's TypedSQL (`prisma/sql`) would
// check it at generate time, but its generator needs the native query engine, which cannot be
// downloaded here (docs/decisions/0002-wasm-schema-engine.md).
//
// The rows come back in the shapes Prisma's own `include` returns (test/verification/
// householdLookupStatement.test.ts compares the two on every seeded verification, on SQLite and
// PostgreSQL), so nothing downstream knows which read ran.
import { noteSubjectsIn } from "../context";
import { placeholderStyleOf, Prisma, type PlaceholderStyle, type PrismaClient } from "../db";
import type { VerificationRelations } from "./verificationService";

type VerificationRow = Awaited<ReturnType<PrismaClient["householdVerification"]["findFirstOrThrow"]>>;
type HouseholdRow = Awaited<ReturnType<PrismaClient["household"]["findFirstOrThrow"]>>;
type MemberRow = Awaited<ReturnType<PrismaClient["householdMember"]["findFirstOrThrow"]>>;
type AgencyRow = Awaited<ReturnType<PrismaClient["agency"]["findFirstOrThrow"]>>;
type IncomeRow = Awaited<ReturnType<PrismaClient["incomeItem"]["findFirstOrThrow"]>>;
type AssetRow = Awaited<ReturnType<PrismaClient["assetItem"]["findFirstOrThrow"]>>;

/** What a lookup returns: the verification and the relations asked for (absent when not asked). */
export interface VerificationWithRelations {
  verification: VerificationRow;
  household?: HouseholdRow;
  members?: MemberRow[];
  agency?: AgencyRow;
  incomes?: IncomeRow[];
  assets?: AssetRow[];
}

/**
 * Where household lookups are read from: one statement over the database (HouseholdLookupStatement),
 * or, for the bench's "FULL with in-memory data", rows held in memory — behind this one interface.
 */
export interface HouseholdLookups {
  /** The verification `id` inside `inScope` (a row rule's Prisma `where`; `{}` for none), or null. */
  read(id: string, relations: VerificationRelations, inScope?: Record<string, unknown>): Promise<VerificationWithRelations | null>;
}

/** SQLite binds `?`, PostgreSQL `$1`: the placeholder style tells the providers apart (src/db). */
type Provider = PlaceholderStyle;
const isSqlite = (provider: Provider) => provider === "question-mark";

/** Keys of a row type whose values are of type V (nullable or not). */
type KeysOf<Row, V> = { [K in keyof Row]-?: NonNullable<Row[K]> extends V ? K : never }[keyof Row];

/**
 * A table, its columns, and which of them JSON cannot carry as they are: date-times arrive as
 * text, and SQLite's booleans as 0/1. `Record<KeysOf<…>, true>` makes the compiler list every
 * such column: one added to the schema and not here is a type error, not a string in an answer.
 */
interface TableShape<Row> {
  table: string;
  columns: readonly string[];
  dates: Record<KeysOf<Row, Date>, true>;
  booleans: Record<KeysOf<Row, boolean>, true>;
}

const VERIFICATION: TableShape<VerificationRow> = {
  table: "HouseholdVerification",
  columns: Object.values(Prisma.HouseholdVerificationScalarFieldEnum),
  dates: { verifiedAt: true, withdrawnAt: true, createdAt: true },
  booleans: {},
};
const HOUSEHOLD: TableShape<HouseholdRow> = { table: "Household", columns: Object.values(Prisma.HouseholdScalarFieldEnum), dates: { createdAt: true }, booleans: {} };
const MEMBER: TableShape<MemberRow> = {
  table: "HouseholdMember",
  columns: Object.values(Prisma.HouseholdMemberScalarFieldEnum),
  dates: {},
  booleans: { seriousIllness: true, student: true },
};
const AGENCY: TableShape<AgencyRow> = { table: "Agency", columns: Object.values(Prisma.AgencyScalarFieldEnum), dates: {}, booleans: {} };
const INCOME: TableShape<IncomeRow> = { table: "IncomeItem", columns: Object.values(Prisma.IncomeItemScalarFieldEnum), dates: {}, booleans: {} };
const ASSET: TableShape<AssetRow> = { table: "AssetItem", columns: Object.values(Prisma.AssetItemScalarFieldEnum), dates: {}, booleans: {} };

const quoted = (name: string) => `"${name}"`;
const MAX_TEXTS = 512;

/** `json_object('id', t."id", …)` (SQLite) or `json_build_object(…)` (PostgreSQL) over a table alias. */
function jsonObject(provider: Provider, shape: TableShape<unknown>, alias: string): string {
  const pairs = shape.columns.map((c) => `'${c}', ${alias}.${quoted(c)}`).join(", ");
  return isSqlite(provider) ? `json_object(${pairs})` : `json_build_object(${pairs})`;
}

/** One related row as JSON, or NULL. */
function oneRelated(provider: Provider, shape: TableShape<unknown>, alias: string, join: string): string {
  return `(SELECT ${jsonObject(provider, shape, alias)} FROM ${quoted(shape.table)} ${alias} WHERE ${join})`;
}

/** Related rows as a JSON array ordered by id (`[]` when none), as `include` with `orderBy: { id: "asc" }` gives them. */
function manyRelated(provider: Provider, shape: TableShape<unknown>, alias: string, join: string): string {
  const object = jsonObject(provider, shape, alias);
  const aggregate = isSqlite(provider) ? `json_group_array(${object} ORDER BY ${alias}."id")` : `COALESCE(json_agg(${object} ORDER BY ${alias}."id"), '[]'::json)`;
  return `(SELECT ${aggregate} FROM ${quoted(shape.table)} ${alias} WHERE ${join})`;
}

/**
 * A row rule's `where` on HouseholdVerification as SQL over alias `v`, with its parameters. The
 * row-rule compiler (src/policy/rowRules.ts) writes few shapes for this entity: `{}`, an area
 * condition (`in` a list of codes, or `startsWith` a GB/T 2260 prefix) on `areaCode` or
 * `household.areaCode`, and `OR`s of those. Any other shape gives undefined and the lookup asks
 * Prisma whether the row is in scope first, so an unforeseen rule costs a query, never a leak.
 */
export function scopeCondition(where: Record<string, unknown>): { sql: string; values: string[] } | undefined {
  const keys = Object.keys(where);
  if (keys.length === 0) return { sql: "1=1", values: [] };
  if (keys.length !== 1) return undefined;
  const [key] = keys as [string];
  const value = where[key];
  if (key === "OR" && Array.isArray(value)) {
    const parts = value.map((part) => (part !== null && typeof part === "object" ? scopeCondition(part as Record<string, unknown>) : undefined));
    if (parts.length === 0 || parts.some((part) => part === undefined)) return undefined;
    return { sql: `(${parts.map((part) => part!.sql).join(" OR ")})`, values: parts.flatMap((part) => part!.values) };
  }
  if (value === null || typeof value !== "object") return undefined;
  if (key === "areaCode") return areaCodeCondition(`v."areaCode"`, value as Record<string, unknown>);
  if (key === "household") {
    const inner = value as Record<string, unknown>;
    if (Object.keys(inner).length !== 1 || inner.areaCode === null || typeof inner.areaCode !== "object") return undefined;
    return areaCodeCondition(`(SELECT hs."areaCode" FROM "Household" hs WHERE hs."id" = v."householdId")`, inner.areaCode as Record<string, unknown>);
  }
  return undefined;
}

/** `column IN (…)` or a prefix comparison for an area condition; `?` marks each parameter. */
function areaCodeCondition(column: string, condition: Record<string, unknown>): { sql: string; values: string[] } | undefined {
  const keys = Object.keys(condition);
  if (keys.length !== 1) return undefined;
  if (Array.isArray(condition.in) && condition.in.every((code) => typeof code === "string")) {
    const codes = condition.in as string[];
    return codes.length === 0 ? { sql: "1=0", values: [] } : { sql: `${column} IN (${codes.map(() => "?").join(", ")})`, values: codes };
  }
  // A prefix compared with substr(), not LIKE: with `LIKE '50%'` a lookup cost ~400 µs of CPU
  // against ~225 µs without a condition, with substr() ~250 µs (4,000 reads each over the bench's
  // 1,200 households, one process; docs/performance.md, "Policy cost"). Area codes are digits, so
  // the two agree; the length written into the text is a digit count, never input text.
  if (typeof condition.startsWith === "string" && /^\d+$/.test(condition.startsWith)) {
    return { sql: `substr(${column}, 1, ${condition.startsWith.length}) = ?`, values: [condition.startsWith] };
  }
  return undefined;
}

/** `?` placeholders as the provider binds them: kept for SQLite, `$1`, `$2`, … for PostgreSQL. */
function numbered(provider: Provider, text: string): string {
  if (isSqlite(provider)) return text;
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** The statement's text for one provider, relation set and scope; the id is the first parameter. */
function statementText(provider: Provider, relations: VerificationRelations, scope: string): string {
  const parts = [`${jsonObject(provider, VERIFICATION, "v")} AS "verification"`];
  if (relations.household) parts.push(`${oneRelated(provider, HOUSEHOLD, "h", `h."id" = v."householdId"`)} AS "household"`);
  if (relations.household && relations.members) parts.push(`${manyRelated(provider, MEMBER, "m", `m."householdId" = v."householdId"`)} AS "members"`);
  if (relations.agency) parts.push(`${oneRelated(provider, AGENCY, "g", `g."id" = v."agencyId"`)} AS "agency"`);
  if (relations.incomes) parts.push(`${manyRelated(provider, INCOME, "i", `i."verificationId" = v."id"`)} AS "incomes"`);
  if (relations.assets) parts.push(`${manyRelated(provider, ASSET, "a", `a."verificationId" = v."id"`)} AS "assets"`);
  return numbered(provider, `SELECT ${parts.join(", ")} FROM ${quoted(VERIFICATION.table)} v WHERE v."id" = ? AND ${scope}`);
}

/**
 * A date-time as Prisma reads it from the database: text without a zone is UTC (Prisma's own
 * rule, which also turns SQLite's `YYYY-MM-DD HH:MM:SS` into ISO form), numbers are epoch ms.
 */
function dateOf(value: string | number): Date {
  if (typeof value === "number") return new Date(value);
  const iso = value.includes("T") ? value : value.replace(" ", "T");
  if (!iso.includes("T")) return new Date(`${iso}T00:00:00Z`);
  return new Date(/(Z|[+-]\d\d(:?\d\d)?)$/.test(iso) ? iso : `${iso}Z`);
}

/** A JSON column as the driver hands it over: SQLite gives text, PostgreSQL's adapter may parse it. */
function parsed(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}

function rowOf<Row>(shape: TableShape<Row>, json: Record<string, unknown>): Row {
  for (const column of Object.keys(shape.dates)) if (json[column] !== null) json[column] = dateOf(json[column] as string | number);
  for (const column of Object.keys(shape.booleans)) if (json[column] !== null) json[column] = json[column] === true || json[column] === 1;
  return json as Row;
}

const rowsOf = <Row>(shape: TableShape<Row>, value: unknown): Row[] => (parsed(value) as Record<string, unknown>[]).map((json) => rowOf(shape, json));
const optionalRowOf = <Row>(shape: TableShape<Row>, value: unknown): Row | undefined => (value === null || value === undefined ? undefined : rowOf(shape, parsed(value) as Record<string, unknown>));

/** Household lookups in one statement each, for one Prisma client (SQLite or PostgreSQL). */
export class HouseholdLookupStatement implements HouseholdLookups {
  #provider: Promise<Provider> | undefined;
  readonly #texts = new Map<string, string>();

  constructor(private readonly prisma: PrismaClient) {}

  /** The verification `id` inside `inScope`, with the relations asked for, or null when there is none. */
  async read(id: string, relations: VerificationRelations, inScope: Record<string, unknown> = {}): Promise<VerificationWithRelations | null> {
    let scope = scopeCondition(inScope);
    if (!scope) {
      // A rule shape the statement does not know: Prisma says whether the row is in scope.
      if ((await this.prisma.householdVerification.count({ where: { AND: [{ id }, inScope] } })) === 0) return null;
      scope = { sql: "1=1", values: [] };
    }
    const text = this.#textFor(await this.#providerOf(), relations, scope.sql);
    const [row] = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(text, id, ...scope.values);
    if (!row) return null;
    const found: VerificationWithRelations = { verification: rowOf(VERIFICATION, parsed(row.verification) as Record<string, unknown>) };
    if (relations.household) found.household = optionalRowOf(HOUSEHOLD, row.household);
    if (relations.household && relations.members) found.members = rowsOf(MEMBER, row.members);
    if (relations.agency) found.agency = optionalRowOf(AGENCY, row.agency);
    if (relations.incomes) found.incomes = rowsOf(INCOME, row.incomes);
    if (relations.assets) found.assets = rowsOf(ASSET, row.assets);
    // The client's subject capture (src/db) saw the members as JSON text; their persons are noted here.
    noteSubjectsIn(found);
    return found;
  }

  #textFor(provider: Provider, relations: VerificationRelations, scope: string): string {
    const key = `${provider}:${Object.entries(relations).map(([k, v]) => `${k}=${v}`).join(",")}:${scope}`;
    let text = this.#texts.get(key);
    if (text === undefined) {
      // One text per relation set and scope shape (a jurisdiction's list length): few, but bounded.
      if (this.#texts.size >= MAX_TEXTS) this.#texts.clear();
      text = statementText(provider, relations, scope);
      this.#texts.set(key, text);
    }
    return text;
  }

  #providerOf(): Promise<Provider> {
    this.#provider ??= placeholderStyleOf(this.prisma);
    return this.#provider;
  }
}
