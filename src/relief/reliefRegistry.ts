import { codesOfSameDivision, isKnownAreaCode } from "../areas";
import type DataLoader from "dataloader";
import { perRequest, readWithinScope, rowScopeOf, type RequestContext } from "../context";
import { databaseBatchLoader, type PrismaClient } from "../db";
import { badUserInput } from "../errors";
import { decodeCursor, encodeCursor, PageInfo, pageSize } from "../pagination";
import { ReliefRecordConnection, ReliefRecordEdge, type ReliefFilter } from "./reliefRecordConnection";
import { MissingPersonReportConnection, MissingPersonReportEdge, type MissingPersonReportFilter } from "./missingPersonReportConnection";
import { MissingPersonReport } from "./missingPersonReportType";
import { ReliefRecord } from "./reliefRecordType";
import type { ReliefRecordRow } from "./reliefRows";

type ReliefRecordWhere = NonNullable<Parameters<PrismaClient["reliefRecord"]["findMany"]>[0]>["where"];

function whereOf(filter: ReliefFilter): ReliefRecordWhere {
  if (filter.foundAreaCode !== undefined && filter.foundAreaCode !== null && !isKnownAreaCode(filter.foundAreaCode)) {
    throw badUserInput("filter.foundAreaCode", `${filter.foundAreaCode} is not a GB/T 2260 code of Chongqing or Sichuan`);
  }
  if (filter.foundFrom && filter.foundTo && filter.foundFrom > filter.foundTo) {
    throw badUserInput("filter.foundTo", "is before filter.foundFrom");
  }
  const foundOn = filter.foundFrom || filter.foundTo
    ? { ...(filter.foundFrom ? { gte: filter.foundFrom } : {}), ...(filter.foundTo ? { lte: filter.foundTo } : {}) }
    : undefined;
  return {
    region: filter.region ?? undefined,
    foundAreaCode: filter.foundAreaCode ? { in: codesOfSameDivision(filter.foundAreaCode) } : undefined,
    foundOn,
    gender: filter.gender ?? undefined,
    identityStatus: filter.identityStatus ?? undefined,
    disposition: filter.disposition ?? undefined,
    stationId: filter.stationId ?? undefined,
  };
}

type MissingPersonReportWhere = NonNullable<Parameters<PrismaClient["missingPersonReport"]["findMany"]>[0]>["where"];

function reportWhereOf(filter: MissingPersonReportFilter): MissingPersonReportWhere {
  if (filter.areaCode !== undefined && filter.areaCode !== null && !isKnownAreaCode(filter.areaCode)) {
    throw badUserInput("filter.areaCode", `${filter.areaCode} is not a GB/T 2260 code of Chongqing or Sichuan`);
  }
  if (filter.lastSeenFrom && filter.lastSeenTo && filter.lastSeenFrom > filter.lastSeenTo) {
    throw badUserInput("filter.lastSeenTo", "is before filter.lastSeenFrom");
  }
  const lastSeenOn = filter.lastSeenFrom || filter.lastSeenTo
    ? { ...(filter.lastSeenFrom ? { gte: filter.lastSeenFrom } : {}), ...(filter.lastSeenTo ? { lte: filter.lastSeenTo } : {}) }
    : undefined;
  // A family reports where the person lived and where they were last seen; an area search means either.
  const area = filter.areaCode ? { in: codesOfSameDivision(filter.areaCode) } : undefined;
  return {
    status: filter.status ?? undefined,
    agencyId: filter.agencyId ?? undefined,
    gender: filter.gender ?? undefined,
    lastSeenOn,
    ...(area ? { OR: [{ lastSeenAreaCode: area }, { homeAreaCode: area }] } : {}),
  };
}

/** The (createdAt, id) position a report cursor holds; BAD_USER_INPUT when it holds no time. */
function reportPosition(after: string): [Date, string] {
  const [at, id] = decodeCursor(after, ["string", "string"]) as [string, string];
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) throw badUserInput("after", "not a cursor returned by this API");
  return [time, id];
}

const LOADERS = Symbol("relief loaders");

export interface ReliefLoaders {
  record: DataLoader<string, ReliefRecord | null>;
  report: DataLoader<string, MissingPersonReport | null>;
}

/** Reads relief records from the home region's database. */
export class ReliefRegistry {
  constructor(private readonly prisma: PrismaClient) {}

  /** Per-request batch loaders, so a page of alerts reads its records and reports in two queries. */
  loaders(context: RequestContext): ReliefLoaders {
    return perRequest(context, LOADERS, () => ({
      record: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await this.prisma.reliefRecord.findMany({ where: { id: { in: [...ids] } } });
        const byId = new Map(rows.map((r) => [r.id, ReliefRecord.fromRow(r)]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      report: databaseBatchLoader(async (ids: readonly string[]) => {
        const rows = await this.prisma.missingPersonReport.findMany({ where: { id: { in: [...ids] } } });
        const byId = new Map(rows.map((r) => [r.id, MissingPersonReport.fromRow(r)]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    }));
  }

  /** One record within the caller's row scope; FORBIDDEN (OUTSIDE_JURISDICTION) when it exists outside it. */
  async findRecord(id: string, context: RequestContext): Promise<ReliefRecord | null> {
    const row = await readWithinScope(
      rowScopeOf(context, "ReliefRecord"),
      `relief record ${id}`,
      (inScope) => this.prisma.reliefRecord.findFirst({ where: { AND: [{ id }, inScope] } }),
      () => this.prisma.reliefRecord.count({ where: { id } }),
    );
    return row ? ReliefRecord.fromRow(row) : null;
  }

  async findReport(id: string, context: RequestContext): Promise<MissingPersonReport | null> {
    const row = await readWithinScope(
      rowScopeOf(context, "MissingPersonReport"),
      `missing-person report ${id}`,
      (inScope) => this.prisma.missingPersonReport.findFirst({ where: { AND: [{ id }, inScope] } }),
      () => this.prisma.missingPersonReport.count({ where: { id } }),
    );
    return row ? MissingPersonReport.fromRow(row) : null;
  }

  async findRecordRow(id: string): Promise<ReliefRecordRow | null> {
    return this.prisma.reliefRecord.findUnique({ where: { id } });
  }

  /** One page in (foundOn desc, id desc) order, after the cursor's position. */
  async listRecords(filter: ReliefFilter, context: RequestContext, first?: number | null, after?: string | null): Promise<ReliefRecordConnection> {
    const size = pageSize(first);
    // The row rule is one more condition of the query, so pages, cursors and the total agree with it.
    const where: ReliefRecordWhere = { AND: [rowScopeOf(context, "ReliefRecord").where, whereOf(filter) ?? {}] };
    const position = after ? (decodeCursor(after, ["string", "string"]) as [string, string]) : undefined;
    const afterPosition: ReliefRecordWhere = position
      ? { OR: [{ foundOn: { lt: position[0] } }, { foundOn: position[0], id: { lt: position[1] } }] }
      : {};
    const orderBy = [{ foundOn: "desc" as const }, { id: "desc" as const }];
    const rows = await this.prisma.reliefRecord.findMany({ where: { AND: [where, afterPosition ?? {}] }, orderBy, take: size });
    // Whether a next page exists, asked by position alone: a whole row read ahead would name a
    // person this page does not return, and every row read is noted for the audit (src/db).
    const last = rows.at(-1);
    const next =
      rows.length === size && last
        ? await this.prisma.reliefRecord.findFirst({ where: { AND: [where, { OR: [{ foundOn: { lt: last.foundOn } }, { foundOn: last.foundOn, id: { lt: last.id } }] }] }, orderBy, select: { id: true } })
        : null;
    const page = { items: rows, hasNextPage: next !== null };
    const edges = page.items.map((row) =>
      Object.assign(new ReliefRecordEdge(), { cursor: encodeCursor([row.foundOn, row.id]), node: ReliefRecord.fromRow(row) }),
    );
    return Object.assign(new ReliefRecordConnection(), {
      edges,
      pageInfo: Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }),
      countTotal: () => this.prisma.reliefRecord.count({ where }),
    });
  }

  /** One page of reports in (createdAt desc, id desc) order, after the cursor's position, within the row rule. */
  async listReports(filter: MissingPersonReportFilter, context: RequestContext, first?: number | null, after?: string | null): Promise<MissingPersonReportConnection> {
    const size = pageSize(first);
    // As for records: the row rule is a condition of the query itself, so pages and total agree with it.
    const where: MissingPersonReportWhere = { AND: [rowScopeOf(context, "MissingPersonReport").where, reportWhereOf(filter) ?? {}] };
    const position = after ? reportPosition(after) : undefined;
    const afterPosition: MissingPersonReportWhere = position
      ? { OR: [{ createdAt: { lt: position[0] } }, { createdAt: position[0], id: { lt: position[1] } }] }
      : {};
    const orderBy = [{ createdAt: "desc" as const }, { id: "desc" as const }];
    const rows = await this.prisma.missingPersonReport.findMany({ where: { AND: [where, afterPosition ?? {}] }, orderBy, take: size });
    // A next page is asked for by position alone, as for records: a row read ahead would be noted for the audit.
    const last = rows.at(-1);
    const next =
      rows.length === size && last
        ? await this.prisma.missingPersonReport.findFirst({ where: { AND: [where, { OR: [{ createdAt: { lt: last.createdAt } }, { createdAt: last.createdAt, id: { lt: last.id } }] }] }, orderBy, select: { id: true } })
        : null;
    const page = { items: rows, hasNextPage: next !== null };
    const edges = page.items.map((row) =>
      Object.assign(new MissingPersonReportEdge(), { cursor: encodeCursor([row.createdAt.toISOString(), row.id]), node: MissingPersonReport.fromRow(row) }),
    );
    return Object.assign(new MissingPersonReportConnection(), {
      edges,
      pageInfo: Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }),
      countTotal: () => this.prisma.missingPersonReport.count({ where }),
    });
  }
}
