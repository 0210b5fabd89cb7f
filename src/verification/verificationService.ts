import type { Region } from "../config";
import { outsideJurisdiction, perRequest, refuseWhenOutside, rowScopeOf, type RequestContext, type RowScope } from "../context";
import { databaseBatchLoader, type PrismaClient } from "../db";
import type { IdentityNumber } from "../identity";
import type { SelectionLookahead } from "../operation";
import { HouseholdLookupStatement, type HouseholdLookups } from "./householdLookupStatement";
import { decodeCursor, encodeCursor, splitPage } from "../pagination";

export interface VerificationFilter {
  areaCode?: string | null;
  conclusion?: "ELIGIBLE" | "INELIGIBLE" | "NEEDS_REVIEW" | null;
  program?: "MLG" | "SPECIAL_HARDSHIP" | "TEMP_ASSISTANCE" | "LOW_INCOME" | null;
  completedFrom?: string | null;
  completedTo?: string | null;
}

const CHANGED_VERIFICATIONS = Symbol("verifications under change-feed entries");
const LOADERS = Symbol("verification.loaders");

/** The relations of one verification an operation asks for (see relationsAskedFor). */
export interface VerificationRelations {
  household: boolean;
  members: boolean;
  agency: boolean;
  incomes: boolean;
  assets: boolean;
}

/** Which relations the selection under a `HouseholdVerification` reaches. */
export function relationsAskedFor(selection: SelectionLookahead): VerificationRelations {
  return {
    household: selection.has("household"),
    members: selection.under("household").has("members"),
    agency: selection.has("agency"),
    incomes: selection.has("incomes"),
    assets: selection.has("assets"),
  };
}

function groupBy<T>(rows: T[], key: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/**
 * Household verification results held by this node. Nested lists go through per-request
 * DataLoaders so a page of 50 verifications costs one query per relation, not one per row.
 */
export class VerificationService {
  constructor(
    private readonly prisma: PrismaClient,
    readonly homeRegion: Region,
    readonly maxPageSize: number,
    private readonly lookups: HouseholdLookups = new HouseholdLookupStatement(prisma),
  ) {}

  /**
   * One verification, and with it the relations the operation asks for, in one statement
   * (householdLookupStatement.ts); they are handed to the request's loaders, so the field
   * resolvers find them there. The row rule's condition is part of that statement.
   */
  async findById(id: string, relations: VerificationRelations, context: RequestContext) {
    const scope = rowScopeOf(context, "HouseholdVerification");
    const inScope = await this.lookupWhere(scope, context, { resultVerificationId: id });
    const found = await this.lookups.read(id, relations, inScope);
    if (!found) {
      await refuseWhenOutside(scope, inScope, () => this.prisma.householdVerification.count({ where: { id } }), `verification ${id}`);
      return null;
    }
    const { verification, household, members, agency, incomes, assets } = found;
    const loaders = this.loaders(context);
    if (household) {
      loaders.household.prime(household.id, household);
      if (members) loaders.membersOfHousehold.prime(household.id, members);
    }
    if (agency) loaders.agency.prime(agency.id, agency);
    if (incomes) loaders.incomesOfVerification.prime(verification.id, incomes);
    if (assets) loaders.assetsOfVerification.prime(verification.id, assets);
    return verification;
  }

  /**
   * The row rule's condition for a lookup: none when the rule lets the caller look outside their
   * jurisdiction (or their agency asked for this result or person by a 协查 request, where the rule
   * says `requested`), else the jurisdiction filter itself.
   */
  private async lookupWhere(scope: RowScope, context: RequestContext, request: { resultVerificationId: string } | { subjectIdNumber: string }): Promise<Record<string, unknown>> {
    if (scope.outsideLookup === "allow") return {};
    // A 协查 request always goes to the other province: a caller of this node's own province has none here.
    if (scope.outsideLookup === "requested" && context.principal.region !== this.homeRegion) {
      const asked = await this.prisma.crossRegionVerificationRequest.count({
        where: { ...request, requesterAgency: context.principal.agency, requestingRegion: context.principal.region, targetRegion: this.homeRegion, state: { not: "DECLINED" } },
      });
      if (asked > 0) return {};
    }
    return scope.where;
  }

  /** Verifications of every household the person is a member of, newest first (within the caller's row scope). */
  async findByIdNumber(idNumber: IdentityNumber, context: RequestContext) {
    const scope = rowScopeOf(context, "HouseholdVerification");
    const members = await this.prisma.householdMember.findMany({ where: { idNumber }, select: { householdId: true } });
    if (members.length === 0) return [];
    const ofPerson = { householdId: { in: members.map((m) => m.householdId) } };
    const inScope = await this.lookupWhere(scope, context, { subjectIdNumber: idNumber });
    const rows = await this.prisma.householdVerification.findMany({
      where: { AND: [ofPerson, inScope] },
      orderBy: [{ completedOn: "desc" }, { id: "desc" }],
    });
    // A person with results outside the jurisdiction is refused, not silently half-answered.
    if (Object.keys(inScope).length > 0 && (await this.prisma.householdVerification.count({ where: ofPerson })) > rows.length) throw outsideJurisdiction(scope, "a verification of this person");
    return rows;
  }

  /** Every version of a report, oldest first. */
  versionsOf(reportNumber: string) {
    return this.prisma.householdVerification.findMany({ where: { reportNumber }, orderBy: { version: "asc" } });
  }

  versionOf(reportNumber: string, version: number) {
    return this.prisma.householdVerification.findUnique({ where: { reportNumber_version: { reportNumber, version } } });
  }

  /**
   * Current results of an area whose re-check (核查) falls due before a date, soonest first:
   * keyset over (reviewDueOn, id). Superseded and withdrawn versions are not due.
   */
  async dueForReview(areaCode: string, dueBefore: string, first: number, context: RequestContext, after?: string) {
    // The caller's row rule is one more condition of the same query, as for list().
    const scope = rowScopeOf(context, "HouseholdVerification");
    const where = { AND: [scope.where, { region: this.homeRegion, areaCode, supersededById: null, withdrawnAt: null, reviewDueOn: { not: null, lt: dueBefore } }] };
    const seek = after ? decodeCursor(after, ["string", "string"]) : undefined;
    const rows = await this.prisma.householdVerification.findMany({
      where: seek
        ? { AND: [where, { OR: [{ reviewDueOn: { gt: seek[0] as string } }, { reviewDueOn: seek[0] as string, id: { gt: seek[1] as string } }] }] }
        : where,
      orderBy: [{ reviewDueOn: "asc" }, { id: "asc" }],
      take: first + 1,
    });
    const page = splitPage(rows, first);
    const cursorOf = (row: (typeof rows)[number]) => encodeCursor([row.reviewDueOn!, row.id]);
    return {
      edges: page.items.map((node) => ({ cursor: cursorOf(node), node })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.length ? cursorOf(page.items.at(-1)!) : null },
    };
  }

  /**
   * The change feed, oldest first, keyset over the feed's sequence. The end cursor is returned
   * even on an empty page, so a partner keeps its place and asks again later.
   */
  async changes(first: number, after?: string) {
    const seek = after ? (decodeCursor(after, ["number"])[0] as number) : 0;
    const rows = await this.prisma.householdVerificationChange.findMany({ where: { sequence: { gt: seek } }, orderBy: { sequence: "asc" }, take: first + 1 });
    const page = splitPage(rows, first);
    return {
      edges: page.items.map((node) => ({ cursor: encodeCursor([node.sequence]), node })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: encodeCursor([page.items.at(-1)?.sequence ?? seek]) },
    };
  }

  async list(filter: VerificationFilter, first: number, context: RequestContext, after?: string) {
    const scope = rowScopeOf(context, "HouseholdVerification");
    const filtered = {
      region: this.homeRegion,
      ...(filter.areaCode ? { areaCode: filter.areaCode } : {}),
      ...(filter.conclusion ? { conclusion: filter.conclusion } : {}),
      ...(filter.program ? { program: filter.program } : {}),
      ...(filter.completedFrom || filter.completedTo
        ? { completedOn: { ...(filter.completedFrom ? { gte: filter.completedFrom } : {}), ...(filter.completedTo ? { lte: filter.completedTo } : {}) } }
        : {}),
    };
    // The row rule is one more condition of the same query: pages and cursors only ever see rows inside it.
    const where = { AND: [scope.where, filtered] };
    const seek = after ? decodeCursor(after, ["string", "string"]) : undefined;
    const rows = await this.prisma.householdVerification.findMany({
      where: seek
        ? { AND: [where, { OR: [{ completedOn: { lt: seek[0] as string } }, { completedOn: seek[0] as string, id: { lt: seek[1] as string } }] }] }
        : where,
      orderBy: [{ completedOn: "desc" }, { id: "desc" }],
      take: first + 1,
    });
    const page = splitPage(rows, first);
    return {
      edges: page.items.map((node) => ({ cursor: encodeCursor([node.completedOn, node.id]), node })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.items.length ? encodeCursor([page.items.at(-1)!.completedOn, page.items.at(-1)!.id]) : null },
    };
  }

  loaders(context: RequestContext) {
    return perRequest(context, LOADERS, () => this.createLoaders());
  }

  /**
   * The result a change-feed entry is about, read under the caller's row rule like a list's rows
   * (the condition is part of the batch's query): null when it lies outside their jurisdiction.
   */
  changedVerification(id: string, context: RequestContext) {
    const scope = rowScopeOf(context, "HouseholdVerification");
    const loader = perRequest(context, CHANGED_VERIFICATIONS, () =>
      databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await this.prisma.householdVerification.findMany({ where: { AND: [{ id: { in: [...ids] } }, scope.where] } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((one) => byId.get(one) ?? null);
      }),
    );
    return loader.load(id);
  }

  private createLoaders() {
    const prisma = this.prisma;
    return {
      household: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await prisma.household.findMany({ where: { id: { in: [...ids] } } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      membersOfHousehold: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await prisma.householdMember.findMany({ where: { householdId: { in: [...ids] } }, orderBy: { id: "asc" } });
        const groups = groupBy(rows, (r) => r.householdId);
        return ids.map((id) => groups.get(id) ?? []);
      }),
      incomesOfVerification: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await prisma.incomeItem.findMany({ where: { verificationId: { in: [...ids] } }, orderBy: { id: "asc" } });
        const groups = groupBy(rows, (r) => r.verificationId);
        return ids.map((id) => groups.get(id) ?? []);
      }),
      assetsOfVerification: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await prisma.assetItem.findMany({ where: { verificationId: { in: [...ids] } }, orderBy: { id: "asc" } });
        const groups = groupBy(rows, (r) => r.verificationId);
        return ids.map((id) => groups.get(id) ?? []);
      }),
      expendituresOfVerification: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await prisma.expenditureItem.findMany({ where: { verificationId: { in: [...ids] } }, orderBy: { id: "asc" } });
        const groups = groupBy(rows, (r) => r.verificationId);
        return ids.map((id) => groups.get(id) ?? []);
      }),
      agency: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await prisma.agency.findMany({ where: { id: { in: [...ids] } } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    };
  }
}
