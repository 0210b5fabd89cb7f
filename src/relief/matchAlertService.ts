import { regionOfAnyLevel } from "../areas";
import type { Region } from "../config";
import { readWithinScope, type RowScope } from "../context";
import type { PrismaClient } from "../db";
import { badUserInput, notFound } from "../errors";
import { decodeCursor, encodeCursor, PageInfo, pageSize, splitPage } from "../pagination";
import type { FamilySearchIndex } from "./familySearchIndex";
import { MatchAlert, MatchAlertConnection, MatchAlertEdge, type MatchAlertDecision, type MatchAlertStatus } from "./matchAlertTypes";
import type { AttributeComparison as EngineComparison } from "./matching/attributeComparison";
import type { FamilySearchMatch } from "./matching/familySearchEngine";
import { chinaDate } from "./chinaCalendar";
import { ReliefIdSequence } from "./reliefIds";
import type { MatchAlertRow } from "./reliefRows";

// Match alerts: raised by continuous matching, listed for review, and moved NEW → REVIEWED →
// CONFIRMED / REJECTED by officers, each step with who and when. Confirming identifies the
// record and closes the report as found (with a MissingReportClosure row), and retires other
// open alerts on either.

export type AlertTrigger = "RELIEF_RECORD" | "MISSING_REPORT";

/** An alert as stored, from this node's matching or as the other province's node raised it (crossBorderMatching). */
export interface AlertDraft {
  reliefRecordId: string;
  missingReportId: string;
  matchWeight: number;
  matchProbability: number;
  /** As the engine explained them; an alert from the other province comes without the detail texts. */
  comparisons: readonly (Pick<EngineComparison, "attribute" | "level" | "weight" | "difference" | "unit"> & { detail?: string })[];
  dnaComparisonSuggested: boolean;
  /**
   * The other province's node's word for the area of its own side (its station's or agency's):
   * kept only for a side this node does not hold, and only as an area of another province.
   */
  reliefRecordAreaCode?: string | null;
  missingReportAreaCode?: string | null;
}

/** The areas of an alert's two sides, as stored on it (see AlertDraft and prisma/schema.prisma). */
export interface AlertAreas {
  reliefRecordAreaCode: string | null;
  missingReportAreaCode: string | null;
}

/** A match of the engine as an alert to store. */
export function alertDraftOf(m: FamilySearchMatch): AlertDraft {
  return {
    reliefRecordId: m.recordId,
    missingReportId: m.reportId,
    matchWeight: m.score.matchWeight,
    matchProbability: m.score.matchProbability,
    comparisons: m.score.comparisons,
    dnaComparisonSuggested: m.score.dnaComparisonSuggested,
  };
}

/** A transaction's client, as Prisma hands it to $transaction's callback. */
export type AlertTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * Written in the same transaction as an officer's step on an alert both provinces hold, so the
 * other node hears of it even if this one stops right after (crossBorderMatching's outbox entry);
 * returns the entry ids to send, or none when the alert is not a cross-border one.
 */
export type DecisionOutbox = (tx: AlertTransaction, alert: MatchAlertRow) => Promise<string[]>;

/** Events for notifications (src/relief/alertNotifications): told after the change is committed. */
export interface AlertEvents {
  raised(alert: MatchAlert): void;
  decided(alert: MatchAlert): void;
}

export interface ReviewResult {
  alert: MatchAlert;
  /** Identity numbers the confirmation touched (record and report), for the audit log. */
  subjects: string[];
}

export class MatchAlertService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly index: FamilySearchIndex,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#alertIds = new ReliefIdSequence(home, "MA", prisma.matchAlert);
  }

  readonly #alertIds: ReliefIdSequence;
  /** Set by crossBorderMatching when the node has a peer. */
  decisionOutbox?: DecisionOutbox;
  /** Told of sends to make after a decision committed (the outbox's first attempt). */
  afterDecision?: (entryIds: string[]) => void;
  readonly listeners: AlertEvents[] = [];

  /**
   * Stores an alert per match not alerted before; returns the new alerts. `filed` is the area of
   * the row being filed here, which the filing has just read (its station's or agency's): the
   * alerts take it without a query of their own.
   */
  async raise(matches: readonly FamilySearchMatch[], triggeredBy: AlertTrigger, filed?: { areaCode: string }): Promise<MatchAlert[]> {
    if (matches.length === 0) return [];
    const side = triggeredBy === "RELIEF_RECORD" ? "reliefRecordAreaCode" : "missingReportAreaCode";
    return this.store(matches.map(alertDraftOf), triggeredBy, filed ? { [side]: filed.areaCode } : {});
  }

  /**
   * Stores an alert per pair not alerted before at this node — this node's matches, or the
   * alerts the other province's node raised for a row of this node — and returns the new ones.
   * The pair is unique: an alert is raised once per node however often a message arrives.
   */
  async store(drafts: readonly AlertDraft[], triggeredBy: AlertTrigger, known: Partial<AlertAreas> = {}): Promise<MatchAlert[]> {
    const raised: MatchAlert[] = [];
    for (const match of drafts) {
      const pair = { reliefRecordId: match.reliefRecordId, missingReportId: match.missingReportId };
      const areas = await this.areasOf(match, known);
      // Checked inside the id's turn, so this process never raises one pair twice; another
      // process raising it meanwhile shows as a unique violation on the pair, retried here.
      const row = await this.#alertIds.insert(async (id) => {
        if (await this.prisma.matchAlert.findUnique({ where: { reliefRecordId_missingReportId: pair } })) return null;
        return this.prisma.matchAlert.create({
          data: {
            id,
            region: this.home,
            ...pair,
            ...areas,
            triggeredBy,
            matchWeight: match.matchWeight,
            matchProbability: match.matchProbability,
            comparisons: JSON.stringify(match.comparisons),
            dnaComparisonSuggested: match.dnaComparisonSuggested,
            createdAt: this.now(),
          },
        });
      });
      if (row) raised.push(MatchAlert.fromRow(row));
    }
    for (const alert of raised) this.notify((l) => l.raised(alert));
    return raised;
  }

  /**
   * Where each side of an alert lies: a side this node holds from its own row (the record's
   * station, the report's agency) — never from a message; the other side from the other node's
   * message, if it names an area outside this province (a node speaks only for its own rows).
   */
  private async areasOf(draft: AlertDraft, known: Partial<AlertAreas>): Promise<AlertAreas> {
    // A side this node's own filing already read (never a message's: only raise() passes it) needs no query.
    const [record, report] = await Promise.all([
      known.reliefRecordAreaCode ? { station: { areaCode: known.reliefRecordAreaCode } } : this.prisma.reliefRecord.findUnique({ where: { id: draft.reliefRecordId }, select: { station: { select: { areaCode: true } } } }),
      known.missingReportAreaCode ? { agency: { areaCode: known.missingReportAreaCode } } : this.prisma.missingPersonReport.findUnique({ where: { id: draft.missingReportId }, select: { agency: { select: { areaCode: true } } } }),
    ]);
    const told = (code: string | null | undefined) => (code && regionOfAnyLevel(code) !== undefined && regionOfAnyLevel(code) !== this.home ? code : null);
    return {
      reliefRecordAreaCode: record ? record.station.areaCode : told(draft.reliefRecordAreaCode),
      missingReportAreaCode: report ? report.agency.areaCode : told(draft.missingReportAreaCode),
    };
  }

  /** The alerts of this node naming a record or a report (what it tells the other node it holds). */
  alertsFor(where: { reliefRecordId: string } | { missingReportId: string }): Promise<MatchAlertRow[]> {
    return this.prisma.matchAlert.findMany({ where, orderBy: { id: "asc" } });
  }

  /**
   * An officer's step taken at the other province's node on an alert both nodes hold, applied to
   * this node's alert of the same pair: the same step, by the same officer, at the same time.
   * Idempotent: a step already taken (or a later one) is left as it is. Returns whether it changed anything.
   */
  async applyPeerDecision(step: { reliefRecordId: string; missingReportId: string; decision: MatchAlertDecision; officer: string; at: Date; note: string | null }): Promise<{ applied: boolean; subjects: string[] }> {
    const alert = await this.prisma.matchAlert.findUnique({ where: { reliefRecordId_missingReportId: { reliefRecordId: step.reliefRecordId, missingReportId: step.missingReportId } } });
    if (!alert) return { applied: false, subjects: [] };
    const open = alert.status === "NEW" || alert.status === "REVIEWED";
    if (!open || (step.decision === "REVIEWED" && alert.status !== "NEW")) return { applied: false, subjects: [] };
    if (step.decision === "REVIEWED") {
      const { count } = await this.prisma.matchAlert.updateMany({ where: { id: alert.id, status: "NEW" }, data: { status: "REVIEWED", reviewedBy: step.officer, reviewedAt: step.at } });
      if (count === 1) this.notify((l) => l.decided(MatchAlert.fromRow({ ...alert, status: "REVIEWED", reviewedBy: step.officer, reviewedAt: step.at })));
      return { applied: count === 1, subjects: [] };
    }
    if (step.decision === "REJECTED") {
      const data = { status: "REJECTED" as const, decidedBy: step.officer, decidedAt: step.at, decisionNote: step.note };
      const { count } = await this.prisma.matchAlert.updateMany({ where: { id: alert.id, status: { in: ["NEW", "REVIEWED"] } }, data });
      if (count === 1) this.notify((l) => l.decided(MatchAlert.fromRow({ ...alert, ...data })));
      return { applied: count === 1, subjects: [] };
    }
    try {
      const result = await this.confirm(alert.id, alert.reliefRecordId, alert.missingReportId, step.officer, step.at, step.note, ["NEW", "REVIEWED"], false);
      return { applied: true, subjects: result.subjects };
    } catch (error) {
      // Confirmed here meanwhile through another alert, or moved by an officer here: this node's
      // own decision stands (each side reviews at its own node); the message is answered all the same.
      if ((error as { extensions?: { code?: string } }).extensions?.code === "BAD_USER_INPUT") return { applied: false, subjects: [] };
      throw error;
    }
  }

  private notify(call: (listener: AlertEvents) => void): void {
    for (const listener of this.listeners) {
      try {
        call(listener);
      } catch {
        // A notification channel's failure never undoes or fails a committed change.
      }
    }
  }

  /** One page, newest first; `scope` is the caller's row rule (a `where` on the alert's area columns), in the page's and the count's query. */
  async list(status: MatchAlertStatus | null | undefined, first: number | null | undefined, after: string | null | undefined, scope: Record<string, unknown>): Promise<MatchAlertConnection> {
    const size = pageSize(first);
    const where = { AND: [scope, status ? { status } : {}] };
    const position = after ? (decodeCursor(after, ["string", "string"]) as [string, string]) : undefined;
    if (position && Number.isNaN(Date.parse(position[0]))) throw badUserInput("after", "not a cursor returned by this API");
    const seek = position
      ? { OR: [{ createdAt: { lt: new Date(position[0]) } }, { createdAt: new Date(position[0]), id: { lt: position[1] } }] }
      : {};
    const rows = await this.prisma.matchAlert.findMany({ where: { AND: [where, seek] }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: size + 1 });
    const page = splitPage(rows, size);
    const edges = page.items.map((row) =>
      Object.assign(new MatchAlertEdge(), { cursor: encodeCursor([row.createdAt.toISOString(), row.id]), node: MatchAlert.fromRow(row) }),
    );
    return Object.assign(new MatchAlertConnection(), {
      edges,
      pageInfo: Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }),
      countTotal: () => this.prisma.matchAlert.count({ where }),
    });
  }

  /**
   * Whether an alert lies inside a row scope's condition (a subscriber's row rule): the same
   * `where` the queue's query ANDs in, asked of the database for this one alert.
   */
  async isWithin(id: string, scope: Record<string, unknown>): Promise<boolean> {
    if (Object.keys(scope).length === 0) return true;
    return (await this.prisma.matchAlert.count({ where: { AND: [{ id }, scope] } })) > 0;
  }

  /**
   * An officer's step on an alert. `scope` is the caller's row rule for alerts: an alert outside
   * it (neither side in their jurisdiction) is refused, FORBIDDEN with OUTSIDE_JURISDICTION,
   * before anything is written — unless the rule lets them reach outside (outsideLookup).
   */
  async review(id: string, decision: MatchAlertDecision, note: string | null | undefined, officer: string, scope: RowScope): Promise<ReviewResult> {
    const alert = await readWithinScope(
      scope,
      `match alert ${id}`,
      (inScope) => this.prisma.matchAlert.findFirst({ where: { AND: [{ id }, inScope] } }),
      () => this.prisma.matchAlert.count({ where: { id } }),
    );
    if (!alert) throw notFound(`match alert ${id}`);
    const decisionNote = note?.trim() ? note.trim().slice(0, 500) : null;
    const at = this.now();
    if (decision === "REVIEWED") {
      if (alert.status !== "NEW") throw badUserInput("decision", `alert ${id} is ${alert.status}; only a NEW alert can be marked REVIEWED`);
      return { alert: MatchAlert.fromRow(await this.transition(id, "NEW", { status: "REVIEWED", reviewedBy: officer, reviewedAt: at })), subjects: [] };
    }
    if (alert.status !== "REVIEWED") throw badUserInput("decision", `alert ${id} is ${alert.status}; only a REVIEWED alert can be ${decision}`);
    if (decision === "REJECTED") {
      return { alert: MatchAlert.fromRow(await this.transition(id, "REVIEWED", { status: "REJECTED", decidedBy: officer, decidedAt: at, decisionNote })), subjects: [] };
    }
    return this.confirm(alert.id, alert.reliefRecordId, alert.missingReportId, officer, at, decisionNote, ["REVIEWED"], true);
  }

  /** Moves an alert from `from` only if nobody moved it meanwhile (with the other node's outbox entry, if it holds the alert too). */
  private async transition(id: string, from: MatchAlertStatus, data: Record<string, unknown>) {
    const { row, entries } = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.matchAlert.updateMany({ where: { id, status: from }, data });
      if (count === 0) throw badUserInput("id", `alert ${id} changed meanwhile; read it again`);
      const row = await tx.matchAlert.findUniqueOrThrow({ where: { id } });
      return { row, entries: this.decisionOutbox ? await this.decisionOutbox(tx, row) : [] };
    });
    if (entries.length > 0) this.afterDecision?.(entries);
    this.notify((l) => l.decided(MatchAlert.fromRow(row)));
    return row;
  }

  private async confirm(id: string, recordId: string, reportId: string, officer: string, at: Date, decisionNote: string | null, from: MatchAlertStatus[], tellPeer: boolean): Promise<ReviewResult> {
    const already = await this.prisma.matchAlert.findFirst({
      where: { status: "CONFIRMED", OR: [{ reliefRecordId: recordId }, { missingReportId: reportId }] },
      select: { id: true },
    });
    if (already) throw badUserInput("id", `the record or the report is already confirmed by alert ${already.id}`);
    const result = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.matchAlert.updateMany({ where: { id, status: { in: from } }, data: { status: "CONFIRMED", decidedBy: officer, decidedAt: at, decisionNote } });
      if (count === 0) throw badUserInput("id", `alert ${id} changed meanwhile; read it again`);
      const report = await tx.missingPersonReport.findUnique({ where: { id: reportId } });
      const record = await tx.reliefRecord.findUnique({ where: { id: recordId } });
      if (record) {
        // identifiedOn feeds familySearchStatistics (days to identification); set once, at the first identification.
        const firstIdentification = record.identityStatus !== "IDENTIFIED" ? { identifiedOn: chinaDate(at), identifiedVia: "MATCH_ALERT" } : {};
        await tx.reliefRecord.update({ where: { id: recordId }, data: { identityStatus: "IDENTIFIED", idNumber: record.idNumber ?? report?.idNumber ?? null, ...firstIdentification } });
      }
      // Confirming closes an OPEN report as found, with a closure row naming this alert, so the
      // report's history says why (docs/family-search-lifecycle.md); a withdrawn report stays closed.
      if (report?.status === "OPEN") {
        await tx.missingPersonReport.update({ where: { id: reportId }, data: { status: "FOUND" } });
        await tx.missingReportClosure.create({ data: { missingReportId: reportId, outcome: "FOUND", reliefRecordId: recordId, matchAlertId: id, closedBy: officer, closedAt: at, note: decisionNote } });
      }
      await tx.matchAlert.updateMany({
        where: { id: { not: id }, status: { in: ["NEW", "REVIEWED"] }, OR: [{ reliefRecordId: recordId }, { missingReportId: reportId }] },
        data: { status: "REJECTED", decidedBy: officer, decidedAt: at, decisionNote: `superseded by confirmed alert ${id}` },
      });
      const subjects = [record?.idNumber ?? report?.idNumber, report?.idNumber].filter((s): s is string => Boolean(s));
      const row = await tx.matchAlert.findUniqueOrThrow({ where: { id } });
      const entries = tellPeer && this.decisionOutbox ? await this.decisionOutbox(tx, row) : [];
      return { row, subjects, entries };
    });
    this.index.resolved(recordId, reportId);
    if (result.entries.length > 0) this.afterDecision?.(result.entries);
    this.notify((l) => l.decided(MatchAlert.fromRow(result.row)));
    return { alert: MatchAlert.fromRow(result.row), subjects: [...new Set(result.subjects)] };
  }
}
