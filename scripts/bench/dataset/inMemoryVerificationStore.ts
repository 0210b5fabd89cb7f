// "FULL with an in-memory repository" (issue 8, S1): the real gateway — HTTP, JWT, limits,
// policy, audit, type-graphql, DataLoaders — whose verification reads are answered from memory
// instead of SQLite. Rather than widening src/ with a repository interface and a server override
// only the bench would use, the node receives (through startGatewayNode's existing `prisma`
// override) the real PrismaClient with the six delegates a household lookup touches replaced by
// in-memory ones. Every other call (readiness, standards, audit) goes to the real client.
//
// The lookup itself — one SQL statement in the gateway (src/verification/householdLookupStatement.ts)
// — is answered through the same HouseholdLookups interface by inMemoryHouseholdLookups below, from
// findUnique by id with the relations `include`d (ordered by id). The delegates implement only the
// other query shapes a household lookup sends: findMany by equality or `in` on one column,
// optionally ordered by id and projected by `select`.
// Any other shape throws, so a change in the service shows up as a GraphQL error — which makes the
// bench reject the run — never as a silently different answer. What is not a read of a lookup at
// all — the agency registry's start-up work (a count, a full list of ids, registering the
// development agencies) — goes to the real client, whose database holds the same rows. The bench also checks, before it
// measures, that this node's answers equal the Prisma-backed node's byte for byte.
import type { PrismaClient } from "../../../src/db";
import type { HouseholdLookups, VerificationRelations, VerificationWithRelations } from "../../../src/verification";
import { groupRows, VERIFICATION_TABLES, type HouseholdDataset, type Row, type VerificationModel } from "./householdDataset";

type Where = Record<string, unknown>;

interface FindManyArgs {
  where?: Where;
  orderBy?: unknown;
  select?: Record<string, boolean>;
}

/** The relations a lookup includes: where the related rows are and which columns join them. */
interface Relation {
  model: VerificationModel;
  from: string;
  to: string;
  many: boolean;
}

const RELATIONS: Partial<Record<VerificationModel, Record<string, Relation>>> = {
  householdVerification: {
    household: { model: "household", from: "householdId", to: "id", many: false },
    agency: { model: "agency", from: "agencyId", to: "id", many: false },
    incomes: { model: "incomeItem", from: "id", to: "verificationId", many: true },
    assets: { model: "assetItem", from: "id", to: "verificationId", many: true },
  },
  household: { members: { model: "householdMember", from: "id", to: "householdId", many: true } },
};

type IncludeArg = boolean | { include?: Record<string, IncludeArg>; orderBy?: unknown };

function unsupported(model: string, method: string, args: unknown): Error {
  return new Error(`in-memory bench store: ${model}.${method}(${JSON.stringify(args)}) is not a supported query shape`);
}

class InMemoryDelegate {
  private readonly indexes = new Map<string, Map<unknown, Row[]>>();

  constructor(
    private readonly model: VerificationModel,
    private readonly rows: Row[],
    private readonly delegateOf: (model: VerificationModel) => InMemoryDelegate,
    private readonly real: { findMany(args: unknown): Promise<Row[]>; count(args: unknown): Promise<number> },
  ) {}

  /** Start-up bookkeeping (the agency registry), not a lookup: the real table answers it. */
  count(args: unknown): Promise<number> {
    return this.real.count(args);
  }

  index(column: string): Map<unknown, Row[]> {
    let index = this.indexes.get(column);
    if (!index) {
      index = groupRows(this.rows, column);
      this.indexes.set(column, index);
    }
    return index;
  }

  async findUnique(args: { where?: Where; include?: Record<string, IncludeArg> }): Promise<Row | null> {
    const keys = Object.keys(args.where ?? {});
    if (keys.length !== 1 || keys[0] !== "id" || typeof args.where!.id !== "string") throw unsupported(this.model, "findUnique", args);
    const row = this.index("id").get(args.where!.id)?.[0] ?? null;
    return row && args.include ? this.withIncluded(row, args.include, args) : row;
  }

  private withIncluded(row: Row, include: Record<string, IncludeArg>, args: unknown): Row {
    const joined: Row = { ...row };
    for (const [name, wanted] of Object.entries(include)) {
      if (wanted === false) continue;
      const relation = RELATIONS[this.model]?.[name];
      const nested = typeof wanted === "object" ? wanted : {};
      if (!relation || (nested.orderBy !== undefined && JSON.stringify(nested.orderBy) !== '{"id":"asc"}')) throw unsupported(this.model, "findUnique", args);
      const target = this.delegateOf(relation.model);
      const related = (target.index(relation.to).get(row[relation.from]) ?? []).map((r) => (nested.include ? target.withIncluded(r, nested.include, args) : r));
      joined[name] = relation.many ? related : (related[0] ?? null);
    }
    return joined;
  }

  async findMany(args: FindManyArgs): Promise<Row[]> {
    const where = args.where ?? {};
    const columns = Object.keys(where);
    // A whole-table list (the agency registry loading its ids) is no lookup: the real table answers it.
    if (columns.length === 0 && args.orderBy === undefined) return this.real.findMany(args);
    if (columns.length !== 1 || (args.orderBy !== undefined && JSON.stringify(args.orderBy) !== '{"id":"asc"}')) throw unsupported(this.model, "findMany", args);
    const column = columns[0]!;
    const condition = where[column];
    const values = condition !== null && typeof condition === "object" && Array.isArray((condition as { in?: unknown }).in) ? [...new Set((condition as { in: unknown[] }).in)] : [condition];
    if (values.some((v) => v !== null && typeof v === "object")) throw unsupported(this.model, "findMany", args);
    const index = this.index(column);
    let found = values.flatMap((value) => index.get(value) ?? []);
    if (args.orderBy !== undefined && values.length > 1) found = [...found].sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
    if (!args.select) return found;
    const picked = Object.keys(args.select).filter((key) => args.select![key]);
    return found.map((row) => Object.fromEntries(picked.map((key) => [key, row[key]])));
  }
}

/** The real client, with the verification tables served from `dataset`. */
export function withInMemoryVerification(prisma: PrismaClient, dataset: HouseholdDataset): PrismaClient {
  const delegates = new Map<string | symbol, InMemoryDelegate>();
  const delegateOf = (model: VerificationModel) => delegates.get(model)!;
  for (const model of Object.keys(VERIFICATION_TABLES) as VerificationModel[]) {
    const real = (prisma as unknown as Record<string, InMemoryDelegate["real"]>)[model];
    delegates.set(model, new InMemoryDelegate(model, dataset[model], delegateOf, real));
  }
  return new Proxy(prisma, {
    get(target, property) {
      const delegate = delegates.get(property);
      if (delegate) return delegate;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Household lookups answered from the in-memory rows: what the gateway reads in one statement
 * (src/verification/householdLookupStatement.ts) read here from the same delegates, in the same shape.
 */
export function inMemoryHouseholdLookups(prisma: PrismaClient): HouseholdLookups {
  const verifications = prisma.householdVerification as unknown as InMemoryDelegate;
  return {
    async read(id: string, relations: VerificationRelations, inScope: Record<string, unknown> = {}): Promise<VerificationWithRelations | null> {
      // Served from memory only when the caller's scope adds no condition (the bench's province-level officer).
      if (Object.keys(inScope).length > 0) throw new Error(`in-memory bench store: a lookup under the row condition ${JSON.stringify(inScope)} is not a supported query shape`);
      const ordered = { orderBy: { id: "asc" } };
      const include: Record<string, IncludeArg> = {
        household: relations.household ? { include: { members: relations.members ? ordered : false } } : false,
        agency: relations.agency,
        incomes: relations.incomes ? ordered : false,
        assets: relations.assets ? ordered : false,
      };
      const row = await verifications.findUnique({ where: { id }, include });
      if (!row) return null;
      const { household, agency, incomes, assets, ...verification } = row;
      const { members, ...householdRow } = (household ?? {}) as Row;
      return {
        verification,
        ...(relations.household && household ? { household: householdRow } : {}),
        ...(relations.household && relations.members ? { members } : {}),
        ...(relations.agency && agency ? { agency } : {}),
        ...(relations.incomes ? { incomes } : {}),
        ...(relations.assets ? { assets } : {}),
      } as unknown as VerificationWithRelations;
    },
  };
}
