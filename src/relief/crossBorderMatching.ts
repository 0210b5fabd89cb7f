import { v7 as uuidv7 } from "uuid";
import { z } from "zod";
import { REGIONS, regionTag, type Region } from "../config";
import type { PeerExchange, PeerExchangeResult, PeerOutbox } from "../context";
import type { PrismaClient } from "../db";
import { badUserInput } from "../errors";
import type { FamilySearchIndex } from "./familySearchIndex";
import { MATCH_ATTRIBUTES, type AttributeComparison as EngineComparison } from "./matching/attributeComparison";
import type { FamilySearchMatch } from "./matching/familySearchEngine";
import type { MissingPersonFacts, ReliefRecordFacts } from "./matching/matchProfile";
import { missingPersonFacts, reliefRecordFacts } from "./matchFacts";
import { alertDraftOf, type AlertTransaction, type MatchAlertService } from "./matchAlertService";
import type { MissingPersonReportRow, MatchAlertRow, ReliefRecordRow } from "./reliefRows";

// Continuous matching across the border. A relief record filed at one node is matched against
// the open reports of both provinces, a report against the open records of both: this node's
// half runs at filing (FamilySearchService); the other province's half runs on its own node,
// under its own rules and threshold, from a message this node leaves in the durable outbox in
// the filing's own transaction (src/peers/peerOutbox.ts). The peer raises its alerts (for the
// agency that owns the report, or the station that holds the record) and answers with them; this
// node then raises the same pairs for its own side. An officer's step on such an alert at either
// node travels the same way and is applied at the other, so a confirmation shows at both.
//
// What crosses the border: the row's description as matching reads it, without the health
// fields (a record's noted condition never weighs in another province, see healthDataUse.ts),
// without the DNA sample reference (only whether there is one), and the peer's alerts with their
// comparisons' levels and weights but not their `detail` texts (which quote names and places of
// the peer's row: an officer reads those through the peer, under its policy, for their role).

const MODULE = "relief";
/** Candidates the peer looks at for alerts, as at filing (FamilySearchService). */
const ALERT_CANDIDATES = 5;
const KINDS = ["matchRecord", "matchReport", "alertDecision"] as const;
type Kind = (typeof KINDS)[number];

const regionSchema = z.enum(REGIONS);
const embeddingSchema = z.array(z.number().finite()).max(2048).nullable();

const recordDescription = z.object({
  id: z.string().regex(/^(CQ|SC)-RR-\d{8}$/),
  region: regionSchema,
  reportedName: z.string().max(30).nullable(),
  gender: z.enum(["MALE", "FEMALE"]),
  apparentAgeMin: z.number().int().min(0).max(120),
  apparentAgeMax: z.number().int().min(0).max(120),
  heightCm: z.number().int().nullable(),
  features: z.array(z.string().max(100)).max(20),
  dialect: z.string().max(30).nullable(),
  placeNamesSpoken: z.array(z.string().max(30)).max(50),
  foundOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  foundAreaCode: z.string().regex(/^\d{6}$/),
  hasDnaSample: z.boolean(),
  faceEmbedding: embeddingSchema,
  idNumber: z.string().max(18).nullable(),
  /** The area of the station holding the record (for the area of the alerts raised on it); optional for nodes that predate it. */
  stationAreaCode: z.string().regex(/^\d{6}$/).nullish(),
});

const reportDescription = z.object({
  id: z.string().regex(/^(CQ|SC)-MP-\d{8}$/),
  region: regionSchema,
  name: z.string().max(30),
  aliases: z.array(z.string().max(30)).max(10),
  gender: z.enum(["MALE", "FEMALE"]),
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  birthYear: z.number().int(),
  heightCm: z.number().int().nullable(),
  features: z.array(z.string().max(100)).max(20),
  dialect: z.string().max(30).nullable(),
  homeAreaCode: z.string().regex(/^\d{6}$/).nullable(),
  lastSeenOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  lastSeenAreaCode: z.string().regex(/^\d{6}$/),
  faceEmbedding: embeddingSchema,
  idNumber: z.string().max(18).nullable(),
  /** The area of the agency that took the report; optional, as stationAreaCode. */
  agencyAreaCode: z.string().regex(/^\d{6}$/).nullish(),
});

const areaCodeSchema = z.string().regex(/^\d{6}$/).nullish();

const peerAlert = z.object({
  reliefRecordId: z.string().max(32),
  missingReportId: z.string().max(32),
  matchWeight: z.number().finite(),
  matchProbability: z.number().min(0).max(1),
  comparisons: z.array(z.object({ attribute: z.enum(MATCH_ATTRIBUTES), level: z.string().max(64), weight: z.number().finite(), difference: z.number().nullable(), unit: z.string().max(16).nullable() })).max(32),
  dnaComparisonSuggested: z.boolean(),
  // The areas of both sides as the answering node stored them (optional: older nodes send none).
  reliefRecordAreaCode: areaCodeSchema,
  missingReportAreaCode: areaCodeSchema,
});
const matchAnswer = z.object({ alerts: z.array(peerAlert).max(50) });

const decisionMessage = z.object({
  reliefRecordId: z.string().max(32),
  missingReportId: z.string().max(32),
  decision: z.enum(["REVIEWED", "CONFIRMED", "REJECTED"]),
  officer: z.string().max(160),
  at: z.string().datetime(),
  note: z.string().max(500).nullable(),
});

export type ReliefRecordDescription = z.infer<typeof recordDescription>;
export type MissingPersonDescription = z.infer<typeof reportDescription>;

/** Which province holds a relief id (its region tag). */
export function regionOfReliefId(id: string): Region | undefined {
  return REGIONS.find((r) => id.startsWith(`${regionTag(r)}-`));
}

/** A relief record as it may be described to the other province's matching (see the header). */
export function describeRecord(row: ReliefRecordRow): ReliefRecordDescription {
  const facts = reliefRecordFacts(row);
  return {
    id: facts.id,
    region: row.region,
    reportedName: facts.reportedName,
    gender: facts.gender,
    apparentAgeMin: facts.apparentAgeMin,
    apparentAgeMax: facts.apparentAgeMax,
    heightCm: facts.heightCm,
    features: [...facts.features],
    dialect: facts.dialect,
    placeNamesSpoken: [...facts.placeNamesSpoken],
    foundOn: facts.foundOn,
    foundAreaCode: facts.foundAreaCode,
    hasDnaSample: facts.dnaSampleRef !== null,
    faceEmbedding: facts.faceEmbedding ? Array.from(facts.faceEmbedding) : null,
    idNumber: facts.idNumber ?? null,
  };
}

export function describeReport(row: MissingPersonReportRow): MissingPersonDescription {
  return reportDescriptionOf(missingPersonFacts(row), row.region);
}

/** A report's description from what matching reads of it (the benchmark describes generated reports). */
export function reportDescriptionOf(facts: MissingPersonFacts, region: Region): MissingPersonDescription {
  return {
    ...facts,
    region,
    aliases: [...facts.aliases],
    features: [...facts.features],
    faceEmbedding: facts.faceEmbedding ? Array.from(facts.faceEmbedding) : null,
    idNumber: facts.idNumber ?? null,
  };
}

/** A message asking the peer to match a report, as it is read there (throws BAD_USER_INPUT on anything else). */
export function readReportMessage(payload: unknown): MissingPersonDescription {
  return parsed(z.object({ report: reportDescription }), payload, "missing-person report description").report;
}

/** What the engine reads of a description: no health fields, a stand-in for the DNA reference. */
export function recordFactsOf(description: ReliefRecordDescription): ReliefRecordFacts {
  const { hasDnaSample, faceEmbedding, ...rest } = description;
  return { ...rest, dnaSampleRef: hasDnaSample ? "ON_FILE" : null, faceEmbedding: faceEmbedding ? Float32Array.from(faceEmbedding) : null, mentalState: null, intellect: null };
}

export function reportFactsOf(description: MissingPersonDescription): MissingPersonFacts {
  return { ...description, faceEmbedding: description.faceEmbedding ? Float32Array.from(description.faceEmbedding) : null };
}

/** An alert as it crosses the border: no detail texts (see the header). */
function crossing(row: MatchAlertRow): z.infer<typeof peerAlert> {
  const comparisons = (JSON.parse(row.comparisons) as EngineComparison[]).map(({ attribute, level, weight, difference, unit }) => ({ attribute, level, weight, difference, unit }));
  return {
    reliefRecordId: row.reliefRecordId,
    missingReportId: row.missingReportId,
    matchWeight: row.matchWeight,
    matchProbability: row.matchProbability,
    comparisons,
    dnaComparisonSuggested: row.dnaComparisonSuggested,
    reliefRecordAreaCode: row.reliefRecordAreaCode,
    missingReportAreaCode: row.missingReportAreaCode,
  };
}

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw badUserInput("payload", `not a ${what}: ${result.error.issues[0].path.join(".")} ${result.error.issues[0].message}`);
  return result.data;
}

export interface CrossBorderOptions {
  prisma: PrismaClient;
  home: Region;
  /** The other province's node(s) this node has; none means no cross-border matching. */
  peerRegions: readonly Region[];
  index: FamilySearchIndex;
  alerts: MatchAlertService;
  alertThreshold: number;
  /** The durable outbox (late-bound: src/server starts it after the modules are built). */
  outbox: () => PeerOutbox | undefined;
  /** How long a filing waits for the peer's first answer before leaving it to the background (ms; 0: not at all). */
  firstAttemptWaitMs: number;
}

export class CrossBorderMatching {
  constructor(private readonly options: CrossBorderOptions) {
    options.alerts.decisionOutbox = (tx, alert) => this.enqueueDecision(tx, alert);
    options.alerts.afterDecision = (entries) => void this.send(entries, 0);
  }

  get enabled(): boolean {
    return this.options.peerRegions.length > 0;
  }

  /** Outbox entries asking every peer to match a new record (written in the filing's transaction). */
  async enqueueRecord(tx: AlertTransaction, row: ReliefRecordRow): Promise<string[]> {
    if (!this.enabled) return [];
    // The station's area goes with the description, so the peer's alerts on it carry this side's area.
    const station = await tx.agency.findUnique({ where: { id: row.stationId }, select: { areaCode: true } });
    return this.enqueue(tx, this.options.peerRegions, "matchRecord", { record: { ...describeRecord(row), stationAreaCode: station?.areaCode ?? null } });
  }

  async enqueueReport(tx: AlertTransaction, row: MissingPersonReportRow): Promise<string[]> {
    if (!this.enabled) return [];
    const agency = await tx.agency.findUnique({ where: { id: row.agencyId }, select: { areaCode: true } });
    return this.enqueue(tx, this.options.peerRegions, "matchReport", { report: { ...describeReport(row), agencyAreaCode: agency?.areaCode ?? null } });
  }

  /** Whether a filing waits for the peer's first answer (PEER_FIRST_ATTEMPT_WAIT_MS above 0). */
  get waitsForPeer(): boolean {
    return this.options.firstAttemptWaitMs > 0;
  }

  /**
   * The first attempt, started at once: a filing waits for it at most firstAttemptWaitMs (by
   * default not at all); whatever is not sent meanwhile goes on in the background, and the peer's
   * alerts are stored here (and notified) when it answers. Never rejects.
   */
  async send(entryIds: readonly string[], waitMs = this.options.firstAttemptWaitMs): Promise<void> {
    if (entryIds.length === 0) return;
    await this.options.outbox()?.deliverNow(entryIds, waitMs);
  }

  private async enqueueDecision(tx: AlertTransaction, alert: MatchAlertRow): Promise<string[]> {
    const sides = [regionOfReliefId(alert.reliefRecordId), regionOfReliefId(alert.missingReportId)];
    const peers = this.options.peerRegions.filter((r) => sides.includes(r));
    const decision = alert.status === "REVIEWED" ? "REVIEWED" : alert.status;
    if (peers.length === 0 || decision === "NEW") return [];
    const at = (alert.status === "REVIEWED" ? alert.reviewedAt : alert.decidedAt) ?? new Date();
    const officer = (alert.status === "REVIEWED" ? alert.reviewedBy : alert.decidedBy) ?? "unknown";
    const message = { reliefRecordId: alert.reliefRecordId, missingReportId: alert.missingReportId, decision, officer, at: at.toISOString(), note: alert.decisionNote };
    return this.enqueue(tx, peers, "alertDecision", message);
  }

  private async enqueue(tx: AlertTransaction, peers: readonly Region[], kind: Kind, payload: unknown): Promise<string[]> {
    const entries = peers.map((peerRegion) => ({ id: uuidv7(), peerRegion, module: MODULE, kind, payload: JSON.stringify(payload) }));
    if (entries.length > 0) await tx.peerOutboxEntry.createMany({ data: entries });
    return entries.map((e) => e.id);
  }

  private aboveThreshold(matches: readonly FamilySearchMatch[]): FamilySearchMatch[] {
    return matches.filter((m) => m.score.matchProbability >= this.options.alertThreshold);
  }

  /** The relief module's side of the node-to-node exchange (see DomainModule.peerExchange). */
  readonly exchange: PeerExchange = {
    answer: async (kind, payload, from): Promise<PeerExchangeResult> => {
      if (!KINDS.includes(kind as Kind)) throw badUserInput("kind", `unknown relief message ${kind.slice(0, 40)}`);
      if (kind === "alertDecision") {
        const step = parsed(decisionMessage, payload, "decision");
        const outcome = await this.options.alerts.applyPeerDecision({ ...step, officer: `${step.officer}@${regionTag(from.region)}`, at: new Date(step.at) });
        return { answer: { applied: outcome.applied }, subjects: outcome.subjects, resultCount: outcome.applied ? 1 : 0, purpose: "FAMILY_SEARCH" };
      }
      const engine = await this.options.index.ready();
      if (kind === "matchRecord") {
        const record = parsed(z.object({ record: recordDescription }), payload, "relief record description").record;
        if (record.region !== from.region) throw badUserInput("payload.record.region", "a node describes only its own province's records");
        // Never with health: the record's condition stays in the province that noted it.
        const matches = this.aboveThreshold(engine.searchReports(recordFactsOf(record), ALERT_CANDIDATES, "WITHOUT_HEALTH"));
        await this.options.alerts.store(matches.map((m) => ({ ...alertDraftOf(m), reliefRecordAreaCode: record.stationAreaCode })), "RELIEF_RECORD");
        return this.alertsAnswer(await this.options.alerts.alertsFor({ reliefRecordId: record.id }), record.idNumber, "missingReportId");
      }
      const report = readReportMessage(payload);
      if (report.region !== from.region) throw badUserInput("payload.report.region", "a node describes only its own province's reports");
      const matches = this.aboveThreshold(engine.searchRecords(reportFactsOf(report), ALERT_CANDIDATES, "WITHOUT_HEALTH"));
      await this.options.alerts.store(matches.map((m) => ({ ...alertDraftOf(m), missingReportAreaCode: report.agencyAreaCode })), "MISSING_REPORT");
      return this.alertsAnswer(await this.options.alerts.alertsFor({ missingReportId: report.id }), report.idNumber, "reliefRecordId");
    },

    delivered: async (kind, payload, answer): Promise<PeerExchangeResult> => {
      if (kind === "alertDecision") return { subjects: [], resultCount: (answer as { applied?: boolean } | null)?.applied ? 1 : 0, purpose: "FAMILY_SEARCH" };
      const { alerts } = parsed(matchAnswer, answer, "match answer");
      const ownId = kind === "matchRecord" ? (payload as { record: { id: string } }).record.id : (payload as { report: { id: string } }).report.id;
      // Only alerts about the row this node sent: a peer cannot make this node alert on anything else.
      const mine = alerts.filter((a) => (kind === "matchRecord" ? a.reliefRecordId : a.missingReportId) === ownId);
      const raised = await this.options.alerts.store(mine, kind === "matchRecord" ? "RELIEF_RECORD" : "MISSING_REPORT");
      const idNumber = kind === "matchRecord" ? (payload as { record: { idNumber: string | null } }).record.idNumber : (payload as { report: { idNumber: string | null } }).report.idNumber;
      return { subjects: idNumber ? [idNumber] : [], resultCount: raised.length, purpose: "FAMILY_SEARCH" };
    },
  };

  private async alertsAnswer(rows: MatchAlertRow[], askedAbout: string | null, otherSide: "missingReportId" | "reliefRecordId"): Promise<PeerExchangeResult> {
    // The peer's own rows: only those of this node's province are answered (alerts of the asking node's own pairs are its business).
    const ours = rows.filter((r) => regionOfReliefId(r[otherSide]) === this.options.home);
    const subjects = await this.subjectsOf(ours.map((r) => r[otherSide]), otherSide);
    return { answer: { alerts: ours.map(crossing) }, subjects: [...(askedAbout ? [askedAbout] : []), ...subjects], resultCount: ours.length, purpose: "FAMILY_SEARCH" };
  }

  private async subjectsOf(ids: string[], side: "missingReportId" | "reliefRecordId"): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows =
      side === "missingReportId"
        ? await this.options.prisma.missingPersonReport.findMany({ where: { id: { in: ids } }, select: { idNumber: true } })
        : await this.options.prisma.reliefRecord.findMany({ where: { id: { in: ids } }, select: { idNumber: true } });
    return rows.map((r) => r.idNumber).filter((n): n is string => Boolean(n));
  }
}
