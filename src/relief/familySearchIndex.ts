import { setImmediate } from "node:timers/promises";
import { MAX_KEYS_PER_QUERY, type PrismaClient } from "../db";
import { readingForNoOne } from "../context";
import { missingPersonFacts, reliefRecordFacts } from "./matchFacts";
import { publishedPopulation, receivedPopulation, type FamilySearchPopulation } from "./familySearchPopulation";
import { FamilySearchEngine, type FamilySearchEngineOptions, type PeerPopulation } from "./matching/familySearchEngine";
import type { MissingPersonReportRow, ReliefRecordRow } from "./reliefRows";

// The engine of this node, filled from its database: built when the node starts (warmUp, in the
// background: a million rows take minutes) or on first use, whichever comes first; kept current
// by this process's own writes; and caught up with what other gateway processes did (at most once
// per interval): rows they wrote, by arrival time, and matches they confirmed, by decision time —
// a record identified or a report found elsewhere is no longer proposed here either.

/** Rows per read while a node loads: a page of 5,000 rows (read synchronously on SQLite, then mapped by Prisma) held the event loop for up to ~2 s. */
const PAGE = 1_000;

/** Rows added to the engine per turn of the event loop while a node loads (~0.1–0.3 s of work at a million records). */
const LOAD_SLICE = 500;

/**
 * Adds rows a slice at a time, letting I/O in after each slice. On SQLite the driver reads
 * synchronously, so each page's promise settled as a microtask and a load awaiting page after
 * page never reached the event loop's I/O phase: a node loading a million records answered
 * nothing, /healthz included, until it was done (and 5,000 rows added in one go held it for 0.5–1.8 s).
 */
async function inSlices<T>(rows: readonly T[], add: (row: T) => void): Promise<void> {
  for (let i = 0; i < rows.length; i += LOAD_SLICE) {
    for (const row of rows.slice(i, i + LOAD_SLICE)) add(row);
    await setImmediate();
  }
}

/** Refit m when this many rows arrived since the last fit (see FamilySearchIndex.maybeRefit). */
export const DEFAULT_REFIT_AFTER_ROWS = 1_000;
/** …or when this long has passed with any row arrived. */
export const DEFAULT_REFIT_INTERVAL_MS = 15 * 60_000;

export interface RefitOptions {
  afterRows?: number;
  intervalMs?: number;
}

/** The state of the match parameters' fit, for /readyz. */
export interface FitState {
  generation: number;
  fittedAt: Date | null;
  rowsSinceFit: number;
  refitting: boolean;
}
/** Rows arriving this close together may commit out of order: re-read a little overlap. */
const CATCH_UP_OVERLAP_MS = 5_000;

export class FamilySearchIndex {
  private engine?: FamilySearchEngine;
  private loading?: Promise<FamilySearchEngine>;
  private watermark = new Date(0);
  /** Latest decision time of a confirmed alert seen (any process's). */
  private decidedWatermark = new Date(0);
  /** Latest closing time of a report closure seen (any process's). */
  private closedWatermark = new Date(0);
  private lastCatchUp = 0;
  private loadFailed = false;
  private readonly knownRecords = new Set<string>();
  private readonly knownReports = new Set<string>();
  /** The other province's counts, kept for an engine still loading. */
  private peerPopulation?: PeerPopulation;

  private fittedAt: Date | null = null;
  private rowsSinceFit = 0;
  private refitting?: Promise<void>;
  private refitTimer?: NodeJS.Timeout;
  private stopped = false;
  private readonly refitAfterRows: number;
  private readonly refitIntervalMs: number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly engineOptions: FamilySearchEngineOptions = {},
    private readonly catchUpIntervalMs = 1_000,
    refit: RefitOptions = {},
  ) {
    this.refitAfterRows = refit.afterRows ?? DEFAULT_REFIT_AFTER_ROWS;
    this.refitIntervalMs = refit.intervalMs ?? DEFAULT_REFIT_INTERVAL_MS;
  }

  /**
   * Match parameters follow the data: m was fitted when the index loaded, so rows filed since are
   * ranked with parameters fitted before them. A refit runs in the background (see
   * FamilySearchEngine.refitParameters: sliced, swapped in by one assignment) once `afterRows`
   * rows arrived since the last fit — this process's filings and rows caught up from others —
   * or on the interval when any arrived. One at a time; a failed refit keeps the parameters it had.
   */
  private maybeRefit(force = false): Promise<void> | undefined {
    const engine = this.engine;
    if (!engine || this.refitting || this.stopped || engine.fitsOnFlush === false) return this.refitting;
    if (!force && this.rowsSinceFit < this.refitAfterRows) return undefined;
    if (this.rowsSinceFit === 0) return undefined;
    const counted = this.rowsSinceFit;
    this.refitting = engine
      .refitParameters()
      .then(() => {
        this.rowsSinceFit -= counted;
        this.fittedAt = new Date();
      })
      .catch(() => undefined)
      .finally(() => {
        this.refitting = undefined;
      });
    return this.refitting;
  }

  /** Refits now if any row arrived since the last fit (the schedule's tick; tests). */
  refitNow(): Promise<void> {
    return this.maybeRefit(true) ?? Promise.resolve();
  }

  fitState(): FitState {
    return { generation: this.engine?.parameterGeneration ?? 0, fittedAt: this.fittedAt, rowsSinceFit: this.rowsSinceFit, refitting: Boolean(this.refitting) };
  }

  /** The refit schedule ends with the node. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.refitTimer);
  }

  /** The engine, loaded and caught up. */
  async ready(): Promise<FamilySearchEngine> {
    // A failed load is not kept: the next search (or warm-up) tries again.
    // The index reads every record for every later search, on no one's behalf: not the persons
    // of the request that happens to start the load or a catch-up (src/context/subjectCapture.ts).
    this.loading ??= readingForNoOne(() => this.load()).catch((error: unknown) => {
      this.loading = undefined;
      this.loadFailed = true;
      throw error;
    });
    const engine = await this.loading;
    if (Date.now() - this.lastCatchUp >= this.catchUpIntervalMs) await readingForNoOne(() => this.catchUp(engine));
    return engine;
  }

  /** Loads now — at node start-up — so the first search (often a forwarded one, on a deadline) does not pay for it. */
  async warmUp(): Promise<void> {
    await this.ready();
  }

  /** This node's counts for the other node (see familySearchPopulation): waits for the index. */
  async population(): Promise<FamilySearchPopulation> {
    return publishedPopulation((await this.ready()).population());
  }

  /** The other node's counts: weighed from now on, or from the end of a load in progress. */
  acceptPeerPopulation(published: FamilySearchPopulation): void {
    this.peerPopulation = receivedPopulation(published);
    this.engine?.acceptPeerPopulation(this.peerPopulation);
  }

  /** For /readyz. */
  state(): "warming" | "ready" | "failed" {
    if (this.engine) return "ready";
    return this.loadFailed && !this.loading ? "failed" : "warming";
  }

  private async load(): Promise<FamilySearchEngine> {
    const engine = new FamilySearchEngine(this.engineOptions);
    // Reports closed so far are loaded as closed (by status); catch-up reads the closures after the
    // latest one stored (by the closing processes' clocks, as the alerts' decision times are).
    const latestClosure = await this.prisma.missingReportClosure.aggregate({ _max: { closedAt: true } });
    this.closedWatermark = latestClosure._max.closedAt ?? new Date(0);
    const confirmed = await this.prisma.matchAlert.findMany({ where: { status: "CONFIRMED" }, select: { reliefRecordId: true, missingReportId: true, decidedAt: true } });
    const matchedRecords = new Set(confirmed.map((a) => a.reliefRecordId));
    for (const alert of confirmed) this.advanceDecided(alert.decidedAt);
    let after: string | undefined;
    for (;;) {
      const rows: ReliefRecordRow[] = await this.prisma.reliefRecord.findMany({ orderBy: { id: "asc" }, take: PAGE, ...(after ? { cursor: { id: after }, skip: 1 } : {}) });
      await inSlices(rows, (row) => this.addRecord(engine, row, !matchedRecords.has(row.id)));
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].id;
    }
    after = undefined;
    for (;;) {
      const rows: MissingPersonReportRow[] = await this.prisma.missingPersonReport.findMany({ orderBy: { id: "asc" }, take: PAGE, ...(after ? { cursor: { id: after }, skip: 1 } : {}) });
      await inSlices(rows, (row) => this.addReport(engine, row));
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1].id;
    }
    // Counts that arrived while loading: the fit on flush weighs against both provinces at once.
    const applied = this.peerPopulation;
    if (applied) engine.setPeerPopulation(applied);
    // Without holding the event loop: a node warming up keeps answering meanwhile.
    await engine.flushInBackground();
    // Counts that arrived while the graphs were built: taken as a running node takes them.
    if (this.peerPopulation && this.peerPopulation !== applied) engine.acceptPeerPopulation(this.peerPopulation);
    this.engine = engine;
    this.lastCatchUp = Date.now();
    this.fittedAt = new Date();
    this.rowsSinceFit = 0;
    if (!this.stopped) {
      this.refitTimer = setInterval(() => void this.maybeRefit(true), this.refitIntervalMs);
      this.refitTimer.unref();
    }
    return engine;
  }

  private async catchUp(engine: FamilySearchEngine): Promise<void> {
    this.lastCatchUp = Date.now();
    const since = new Date(this.watermark.getTime() - CATCH_UP_OVERLAP_MS);
    // Ids first: the overlap re-reads every row written in its last seconds, most of them this
    // process's own and already indexed. 750 such reports read whole (embeddings included) cost
    // 12–16 ms CPU through Prisma, their ids 1.2–1.9 ms — once a second at 150 reports/s.
    const newRecords = unknownIds(await this.prisma.reliefRecord.findMany({ where: { createdAt: { gt: since } }, select: { id: true } }), this.knownRecords);
    for (const ids of chunksOf(newRecords)) {
      for (const row of await this.prisma.reliefRecord.findMany({ where: { id: { in: ids } } })) this.addRecord(engine, row, true);
    }
    const newReports = unknownIds(await this.prisma.missingPersonReport.findMany({ where: { createdAt: { gt: since } }, select: { id: true } }), this.knownReports);
    for (const ids of chunksOf(newReports)) {
      for (const row of await this.prisma.missingPersonReport.findMany({ where: { id: { in: ids } } })) this.addReport(engine, row);
    }
    // Decision times come from the confirming process's clock: the same overlap covers a little skew.
    const decidedSince = new Date(this.decidedWatermark.getTime() - CATCH_UP_OVERLAP_MS);
    const confirmed = await this.prisma.matchAlert.findMany({
      where: { status: "CONFIRMED", decidedAt: { gt: decidedSince } },
      select: { reliefRecordId: true, missingReportId: true, decidedAt: true },
    });
    for (const alert of confirmed) {
      engine.retireRecord(alert.reliefRecordId);
      engine.retireReport(alert.missingReportId);
      this.advanceDecided(alert.decidedAt);
    }
    await this.catchUpClosures();
  }

  /** Reports other processes closed (found or withdrawn; see MissingReportClosureService) leave this engine too. */
  private async catchUpClosures(): Promise<void> {
    const since = new Date(this.closedWatermark.getTime() - CATCH_UP_OVERLAP_MS);
    const closed = await this.prisma.missingReportClosure.findMany({ where: { closedAt: { gt: since } }, select: { missingReportId: true, reliefRecordId: true, closedAt: true } });
    for (const closure of closed) {
      this.reportClosed(closure.missingReportId, closure.reliefRecordId);
      if (closure.closedAt > this.closedWatermark) this.closedWatermark = closure.closedAt;
    }
  }

  private advance(createdAt: Date): void {
    if (createdAt > this.watermark) this.watermark = createdAt;
  }

  private advanceDecided(decidedAt: Date | null): void {
    if (decidedAt && decidedAt > this.decidedWatermark) this.decidedWatermark = decidedAt;
  }

  private addRecord(engine: FamilySearchEngine, row: ReliefRecordRow, open: boolean): void {
    if (this.knownRecords.has(row.id)) return;
    this.knownRecords.add(row.id);
    this.advance(row.createdAt);
    engine.addRecord(reliefRecordFacts(row), open);
    this.arrived();
  }

  /** A row added after the load (counted towards the next refit; rows of the load itself are in the first fit). */
  private arrived(): void {
    if (!this.engine) return;
    this.rowsSinceFit += 1;
    void this.maybeRefit();
  }

  private addReport(engine: FamilySearchEngine, row: MissingPersonReportRow): void {
    if (this.knownReports.has(row.id)) return;
    this.knownReports.add(row.id);
    this.advance(row.createdAt);
    engine.addReport(missingPersonFacts(row), row.status === "OPEN");
    this.arrived();
  }

  /** A row this process just wrote: searchable at once. */
  async recordWritten(row: ReliefRecordRow): Promise<FamilySearchEngine> {
    const engine = await this.ready();
    this.addRecord(engine, row, true);
    return engine;
  }

  async reportWritten(row: MissingPersonReportRow): Promise<FamilySearchEngine> {
    const engine = await this.ready();
    this.addReport(engine, row);
    return engine;
  }

  /** A report closed (and, when found, the person's record): neither is proposed again. */
  reportClosed(reportId: string, recordId: string | null): void {
    this.engine?.retireReport(reportId);
    if (recordId) this.engine?.retireRecord(recordId);
  }

  /** A confirmed match: neither side is proposed again. */
  resolved(recordId: string, reportId: string): void {
    this.engine?.retireRecord(recordId);
    this.engine?.retireReport(reportId);
  }
}

function unknownIds(rows: { id: string }[], known: ReadonlySet<string>): string[] {
  return rows.map((r) => r.id).filter((id) => !known.has(id));
}

function chunksOf(ids: string[]): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += MAX_KEYS_PER_QUERY) chunks.push(ids.slice(i, i + MAX_KEYS_PER_QUERY));
  return chunks;
}
