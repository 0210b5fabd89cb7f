import { currentAreaCode, isKnownAreaCode, regionOfArea } from "../areas";
import { regionTag, type Region } from "../config";
import type { PrismaClient } from "../db";
import { badUserInput } from "../errors";
import { chinaDate, chinaMidnight, daysBetween, lastDayOfMonth, monthOf, monthsBetween } from "./chinaCalendar";
import { addCell, countDays, emptyCell, publishedFiguresSchema, type FigureCell, type PublishedFigures } from "./familySearchFigures";

// familySearchStatistics: this node's figures read from its database at the time of the query,
// the other province's as last received through the node-token statistics exchange
// (src/peers/peerStatisticsExchange.ts, every PEER_STATISTICS_INTERVAL_MS). Each node counts only
// its own records, so adding both never counts a person twice.

export const FIGURES_MODULE = "family-search-statistics";
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_MONTHS = 120;

export interface FigureQuery {
  regions: Region[];
  /** Current GB/T 2260 code of one county-level area, or null for all. */
  areaCode: string | null;
  from: string;
  to: string;
}

export interface RegionFigures {
  region: Region;
  /** When the figures were read from that node's database; null when none arrived yet. */
  asOf: Date | null;
  cells: FigureCell[];
}

/** Checks the arguments: months as YYYY-MM, at most ten years; a known area, in the region asked for. */
export function figureQuery(home: Region, region: Region | null | undefined, areaCode: string | null | undefined, from: string, to: string): FigureQuery {
  if (!MONTH.test(from)) throw badUserInput("from", "a month, YYYY-MM");
  if (!MONTH.test(to)) throw badUserInput("to", "a month, YYYY-MM");
  if (from > to) throw badUserInput("to", "is before from");
  if (monthsBetween(from, to).length > MAX_MONTHS) throw badUserInput("to", `at most ${MAX_MONTHS} months`);
  let area: string | null = null;
  if (areaCode) {
    if (!isKnownAreaCode(areaCode)) throw badUserInput("areaCode", `${areaCode} is not a county-level GB/T 2260 code of Chongqing or Sichuan`);
    area = currentAreaCode(areaCode);
    if (region && regionOfArea(area) !== region) throw badUserInput("areaCode", `${areaCode} is not in ${region}`);
  }
  const regions: Region[] = region ? [region] : area ? [regionOfArea(area)!] : [home, home === "CHONGQING" ? "SICHUAN" : "CHONGQING"];
  return { regions, areaCode: area, from, to };
}

export class FamilySearchStatisticsService {
  private peer?: { region: Region; computedAt: Date; cells: FigureCell[] };

  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly now: () => Date,
  ) {}

  /** Figures per region asked for: this node's fresh, the other's as last received. */
  async figures(query: FigureQuery): Promise<RegionFigures[]> {
    const answer: RegionFigures[] = [];
    for (const region of query.regions) {
      if (region === this.home) {
        answer.push({ region, asOf: this.now(), cells: select(await this.compute(query.from, query.to), query) });
      } else {
        const peer = this.peer?.region === region ? this.peer : undefined;
        answer.push({ region, asOf: peer?.computedAt ?? null, cells: peer ? select(peer.cells, query) : [] });
      }
    }
    return answer;
  }

  /** For the other node: every month this node has figures for. */
  async publish(): Promise<PublishedFigures> {
    const computedAt = this.now();
    return { region: this.home, computedAt: computedAt.toISOString(), cells: await this.compute(null, null) };
  }

  /** The other node's figures, validated; returns the line /readyz shows. */
  accept(statistics: unknown): string {
    const published = publishedFiguresSchema.parse(statistics);
    if (published.region === this.home) throw new Error(`figures claim to be ${published.region}'s, this node's own region`);
    this.peer = { region: published.region, computedAt: new Date(published.computedAt), cells: published.cells };
    return `${published.cells.length} month-area cells`;
  }

  /** This node's cells for the months from..to (YYYY-MM), or for all months when both are null. */
  private async compute(from: string | null, to: string | null): Promise<FigureCell[]> {
    // "All months": dates are validated from 1900 and never in the future; the bounds stay
    // within what both databases take as a timestamp (the alerts' decision times).
    const firstDay = from ? `${from}-01` : "1900-01-01";
    const lastDay = to ? lastDayOfMonth(to) : "2999-12-31";
    const cells = new Map<string, FigureCell>();
    const cell = (date: string, foundAreaCode: string): FigureCell => {
      const month = monthOf(date);
      const area = currentAreaCode(foundAreaCode);
      const key = `${month}|${area}`;
      let found = cells.get(key);
      if (!found) cells.set(key, (found = emptyCell(month, area)));
      return found;
    };

    // Intake is the big table: counted in the database, one row per month and area.
    const intake = await this.prisma.$queryRaw<Array<{ month: string; area: string; n: bigint | number }>>`
      SELECT substr("foundOn", 1, 7) AS "month", "foundAreaCode" AS "area", COUNT(*) AS "n"
      FROM "ReliefRecord" WHERE "foundOn" >= ${firstDay} AND "foundOn" <= ${lastDay}
      GROUP BY substr("foundOn", 1, 7), "foundAreaCode"`;
    for (const row of intake) cell(`${row.month}-01`, row.area).takenIn += Number(row.n);

    const identified = await this.prisma.reliefRecord.findMany({
      where: { identifiedOn: { gte: firstDay, lte: lastDay } },
      select: { foundOn: true, identifiedOn: true, foundAreaCode: true },
    });
    for (const row of identified) {
      const c = cell(row.identifiedOn!, row.foundAreaCode);
      c.identified += 1;
      countDays(c.daysToIdentification, daysBetween(row.foundOn, row.identifiedOn!));
    }

    const steps = await this.prisma.reliefDispositionChange.findMany({
      where: { effectiveOn: { gte: firstDay, lte: lastDay } },
      select: { toDisposition: true, transferKind: true, identityStatus: true, effectiveOn: true, reliefRecord: { select: { foundAreaCode: true } } },
    });
    for (const step of steps) {
      // Death, leaving, and moves into and out of care count nowhere (see familySearchFigures.ts).
      const placement = step.toDisposition === "RETURNED_HOME" || step.toDisposition === "SETTLED_LOCALLY" || (step.toDisposition === "TRANSFERRED" && step.transferKind === "RELIEF_STATION");
      if (!placement) continue;
      const c = cell(step.effectiveOn, step.reliefRecord.foundAreaCode);
      if (step.toDisposition === "RETURNED_HOME") c.returnedHome += 1;
      if (step.toDisposition === "SETTLED_LOCALLY") c.settledLocally += 1;
      if (step.identityStatus === "UNIDENTIFIED") {
        c.placementsUnknownIdentity += 1;
        if (step.toDisposition === "SETTLED_LOCALLY") c.settledUnknownIdentity += 1;
      } else {
        c.placementsKnownIdentity += 1;
      }
    }

    await this.countCrossBorderMatches(firstDay, lastDay, cell);

    const answered = await this.prisma.dnaComparison.findMany({
      where: { resultOn: { gte: firstDay, lte: lastDay } },
      select: { requestedOn: true, resultOn: true, reliefRecord: { select: { foundAreaCode: true } } },
    });
    for (const row of answered) {
      const c = cell(row.resultOn!, row.reliefRecord.foundAreaCode);
      c.dnaComparisonsAnswered += 1;
      countDays(c.dnaTurnaroundDays, daysBetween(row.requestedOn, row.resultOn!));
    }
    return [...cells.values()].sort((a, b) => (a.month === b.month ? a.areaCode.localeCompare(b.areaCode) : a.month.localeCompare(b.month)));
  }

  /** Confirmed pairs of a record held here and a report of the other province, at the record's area. */
  private async countCrossBorderMatches(firstDay: string, lastDay: string, cell: (date: string, area: string) => FigureCell): Promise<void> {
    const own = `${regionTag(this.home)}-`;
    const confirmed = await this.prisma.matchAlert.findMany({
      where: {
        status: "CONFIRMED",
        reliefRecordId: { startsWith: own },
        NOT: { missingReportId: { startsWith: own } },
        decidedAt: { gte: chinaMidnight(firstDay), lt: new Date(chinaMidnight(lastDay).getTime() + 24 * 3600 * 1000) },
      },
      select: { reliefRecordId: true, decidedAt: true },
    });
    if (confirmed.length === 0) return;
    const records = await this.prisma.reliefRecord.findMany({ where: { id: { in: [...new Set(confirmed.map((a) => a.reliefRecordId))] } }, select: { id: true, foundAreaCode: true } });
    const areaOf = new Map(records.map((r) => [r.id, r.foundAreaCode]));
    for (const alert of confirmed) {
      const area = areaOf.get(alert.reliefRecordId);
      if (area && alert.decidedAt) cell(chinaDate(alert.decidedAt), area).crossBorderMatches += 1;
    }
  }
}

function select(cells: readonly FigureCell[], query: FigureQuery): FigureCell[] {
  return cells.filter((c) => c.month >= query.from && c.month <= query.to && (!query.areaCode || currentAreaCode(c.areaCode) === query.areaCode));
}

/** One cell per month from..to adding every cell given (months without any figures are zeros). */
export function combinedByMonth(cells: readonly FigureCell[], from: string, to: string): FigureCell[] {
  const byMonth = new Map(monthsBetween(from, to).map((m) => [m, emptyCell(m, "")]));
  for (const c of cells) {
    const into = byMonth.get(c.month);
    if (into) addCell(into, c);
  }
  return [...byMonth.values()];
}
