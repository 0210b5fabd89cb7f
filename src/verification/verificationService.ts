import type { Region } from "../config";
import { perRequest, type RequestContext } from "../context";
import { databaseBatchLoader, type PrismaClient } from "../db";
import type { IdentityNumber } from "../identity";
import { decodeCursor, encodeCursor, splitPage } from "../pagination";

export interface VerificationFilter {
  areaCode?: string | null;
  conclusion?: "ELIGIBLE" | "INELIGIBLE" | "NEEDS_REVIEW" | null;
  program?: "MLG" | "SPECIAL_HARDSHIP" | "TEMP_ASSISTANCE" | "LOW_INCOME" | null;
  completedFrom?: string | null;
  completedTo?: string | null;
}

const LOADERS = Symbol("verification.loaders");

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
    private readonly homeRegion: Region,
    readonly maxPageSize: number,
  ) {}

  findById(id: string) {
    return this.prisma.householdVerification.findUnique({ where: { id } });
  }

  /** Verifications of every household the person is a member of, newest first. */
  async findByIdNumber(idNumber: IdentityNumber) {
    const members = await this.prisma.householdMember.findMany({ where: { idNumber }, select: { householdId: true } });
    if (members.length === 0) return [];
    return this.prisma.householdVerification.findMany({
      where: { householdId: { in: members.map((m) => m.householdId) } },
      orderBy: [{ completedOn: "desc" }, { id: "desc" }],
    });
  }

  async list(filter: VerificationFilter, first: number, after?: string) {
    const where = {
      region: this.homeRegion,
      ...(filter.areaCode ? { areaCode: filter.areaCode } : {}),
      ...(filter.conclusion ? { conclusion: filter.conclusion } : {}),
      ...(filter.program ? { program: filter.program } : {}),
      ...(filter.completedFrom || filter.completedTo
        ? { completedOn: { ...(filter.completedFrom ? { gte: filter.completedFrom } : {}), ...(filter.completedTo ? { lte: filter.completedTo } : {}) } }
        : {}),
    };
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
    return perRequest(context, LOADERS, () => this.createLoaders(context));
  }

  private createLoaders(context: RequestContext) {
    const prisma = this.prisma;
    return {
      household: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await prisma.household.findMany({ where: { id: { in: [...ids] } } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      membersOfHousehold: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await prisma.householdMember.findMany({ where: { householdId: { in: [...ids] } }, orderBy: { id: "asc" } });
        for (const row of rows) context.touchedSubjects.add(row.idNumber);
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
      agency: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await prisma.agency.findMany({ where: { id: { in: [...ids] } } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    };
  }
}
