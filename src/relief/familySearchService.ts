import type { Region } from "../config";
import type { PrismaClient } from "../db";
import { badUserInput, notFound } from "../errors";
import { FamilySearchCandidate, AttributeComparison } from "./familySearchTypes";
import type { FamilySearchIndex } from "./familySearchIndex";
import { missingPersonFacts, reliefRecordFacts } from "./matchFacts";
import { FileMissingPersonReportPayload, MatchAlert, RecordReliefCasePayload } from "./matchAlertTypes";
import type { MatchAlertService } from "./matchAlertService";
import type { CrossBorderMatching } from "./crossBorderMatching";
import type { FamilySearchMatch } from "./matching/familySearchEngine";
import type { HealthDataUse } from "./matching/matchScorer";
import type { MissingPersonFacts } from "./matching/matchProfile";
import { embeddingToBytes } from "./matching/matchProfile";
import { MissingPersonReport } from "./missingPersonReportType";
import { validateMissingPerson, validateReliefCase, type InputRules, type MissingPersonInput, type ReliefCaseInput } from "./reliefInput";
import { validateReliefPerson, type ReliefPersonInput } from "./reliefPersonInput";
import { ReliefIdSequence } from "./reliefIds";
import { ReliefRecord } from "./reliefRecordType";
import type { MissingPersonReportRow, ReliefRecordRow } from "./reliefRows";

// Family search for one node: searches its own province's records and open reports (a query
// naming the other province is split off by the peer layer, which merges by matchWeight), and
// continuous matching — every new record is matched against the open reports, every new report
// against the records, and pairs above the threshold become match alerts.

export const MAX_FAMILY_SEARCH_LIMIT = 50;
/** Candidates looked at for alerts when a row arrives. */
const ALERT_CANDIDATES = 5;
/**
 * Which candidate rows the caller's row rule releases (policies/relief.yaml, entity
 * FamilySearchCandidate): a Prisma condition on the holder's area (`{ areaCode: … }`), `{}` for all.
 */
export type CandidateScope = Record<string, unknown>;

/** The candidate scope as a condition on a row's holder (a record's station, a report's agency). */
function heldWithin(holder: "station" | "agency", scope: CandidateScope): Record<string, unknown> {
  return Object.keys(scope).length === 0 ? {} : { [holder]: scope };
}

export interface FamilySearchAnswer {
  candidates: FamilySearchCandidate[];
  /** Identity numbers of the records and reports returned, for the audit log. */
  subjects: string[];
}

export class FamilySearchService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly home: Region,
    private readonly index: FamilySearchIndex,
    private readonly alerts: MatchAlertService,
    private readonly alertThreshold: number,
    private readonly rules: () => InputRules,
    private readonly crossBorder?: CrossBorderMatching,
  ) {
    this.#recordIds = new ReliefIdSequence(home, "RR", prisma.reliefRecord);
    this.#reportIds = new ReliefIdSequence(home, "MP", prisma.missingPersonReport);
  }

  readonly #recordIds: ReliefIdSequence;
  readonly #reportIds: ReliefIdSequence;

  /** Relief records of this node's province that may be the described person, best first. */
  async searchForReport(input: MissingPersonInput, regions: readonly Region[] | null | undefined, limit: number, scope: CandidateScope, health: HealthDataUse = "WITHOUT_HEALTH"): Promise<FamilySearchAnswer> {
    const draft = validateMissingPerson(input, "report", this.rules());
    checkLimit(limit);
    if (regions && regions.length > 0 && !regions.includes(this.home)) return { candidates: [], subjects: [] };
    const engine = await this.index.ready();
    const matches = engine.searchRecords(queryFacts(draft, this.home), limit, health);
    const rows = await this.recordsById(matches.map((m) => m.recordId), scope);
    const kept = matches.filter((m) => rows.has(m.recordId));
    return {
      candidates: kept.map((m, i) => this.candidate(m, i, ReliefRecord.fromRow(rows.get(m.recordId)!), null)),
      subjects: [draft.idNumber, ...kept.map((m) => rows.get(m.recordId)!.idNumber)].filter((s): s is string => Boolean(s)),
    };
  }

  /** The record itself (familySearchForRecord describes it to the peer), or NOT_FOUND. */
  async findRecord(recordId: string): Promise<ReliefRecordRow> {
    const record = await this.prisma.reliefRecord.findUnique({ where: { id: recordId } });
    if (!record) throw notFound(`relief record ${recordId}`);
    return record;
  }

  /** Open reports of this node's province that may describe the person of a relief record of this node, best first. */
  async searchForRecord(recordId: string, limit: number, scope: CandidateScope, health: HealthDataUse = "WITHOUT_HEALTH"): Promise<FamilySearchAnswer> {
    checkLimit(limit);
    const record = await this.findRecord(recordId);
    const engine = await this.index.ready();
    const matches = engine.searchReports(reliefRecordFacts(record), limit, health);
    const reports = await this.reportsById(matches.map((m) => m.reportId), scope);
    const kept = matches.filter((m) => reports.has(m.reportId));
    const recordType = ReliefRecord.fromRow(record);
    return {
      candidates: kept.map((m, i) => this.candidate(m, i, recordType, MissingPersonReport.fromRow(reports.get(m.reportId)!))),
      subjects: [record.idNumber, ...kept.map((m) => reports.get(m.reportId)!.idNumber)].filter((s): s is string => Boolean(s)),
    };
  }

  /**
   * Open reports of this node's province that may describe a person as another province's
   * station recorded them (familySearchForPerson: the peer's half of familySearchForRecord).
   * Health is never part of the description, so never weighed.
   */
  async searchForPerson(input: ReliefPersonInput, regions: readonly Region[] | null | undefined, limit: number, scope: CandidateScope): Promise<FamilySearchAnswer> {
    const facts = validateReliefPerson(input, this.rules());
    checkLimit(limit);
    if (regions && regions.length > 0 && !regions.includes(this.home)) return { candidates: [], subjects: [] };
    const engine = await this.index.ready();
    const matches = engine.searchReports(facts, limit, "WITHOUT_HEALTH");
    const reports = await this.reportsById(matches.map((m) => m.reportId), scope);
    const kept = matches.filter((m) => reports.has(m.reportId));
    return {
      candidates: kept.map((m, i) => this.candidate(m, i, null, MissingPersonReport.fromRow(reports.get(m.reportId)!))),
      subjects: [facts.idNumber, ...kept.map((m) => reports.get(m.reportId)!.idNumber)].filter((s): s is string => Boolean(s)),
    };
  }

  async recordReliefCase(input: ReliefCaseInput): Promise<RecordReliefCasePayload> {
    const draft = validateReliefCase(input, this.home, this.rules());
    const station = await this.prisma.agency.findUnique({ where: { id: draft.stationId } });
    if (!station || station.kind !== "RELIEF_STATION" || station.region !== this.home) {
      throw badUserInput("input.stationId", `${draft.stationId} is not a relief station of ${this.home}`);
    }
    const { faceEmbedding, features, placeNamesSpoken, ...columns } = draft;
    const data = (id: string) => ({
      ...columns,
      id,
      region: this.home,
      features: features.join("|"),
      placeNamesSpoken: placeNamesSpoken.join("|"),
      faceEmbedding: faceEmbedding ? embeddingToBytes(faceEmbedding) : null,
    });
    const crossBorder = this.crossBorder?.enabled ? this.crossBorder : undefined;
    // With a peer, the message asking it to match is written with the row: both or neither.
    const { row, entries } = await this.#recordIds.insert((id) =>
      crossBorder
        ? this.prisma.$transaction(async (tx) => {
            const row = await tx.reliefRecord.create({ data: data(id) });
            return { row, entries: await crossBorder.enqueueRecord(tx, row) };
          })
        : this.prisma.reliefRecord.create({ data: data(id) }).then((row) => ({ row, entries: [] as string[] })),
    );
    const engine = await this.index.recordWritten(row);
    const matches = engine.searchReports(reliefRecordFacts(row), ALERT_CANDIDATES);
    const alerts = await this.alerts.raise(this.aboveThreshold(matches), "RELIEF_RECORD", station);
    const fromPeer = await this.peerAlerts(entries, { reliefRecordId: row.id }, alerts);
    return Object.assign(new RecordReliefCasePayload(), { reliefRecord: ReliefRecord.fromRow(row), alerts: [...alerts, ...fromPeer] });
  }

  /**
   * The other province's half of continuous matching: its first attempt starts now, and by default
   * the filing does not wait for it — the peer's alerts are stored here (and notified) when it
   * answers, so a filing's time does not depend on the other province's node. A deployment that
   * configures a wait (PEER_FIRST_ATTEMPT_WAIT_MS) gets the alerts of a peer that answered in time
   * with the filing's own; a peer that is down or slow leaves the message to the outbox's loop.
   */
  private async peerAlerts(entries: string[], where: { reliefRecordId: string } | { missingReportId: string }, own: readonly MatchAlert[]): Promise<MatchAlert[]> {
    if (!this.crossBorder || entries.length === 0) return [];
    await this.crossBorder.send(entries);
    if (!this.crossBorder.waitsForPeer) return [];
    const known = new Set(own.map((a) => a.id));
    return (await this.alerts.alertsFor(where)).filter((row) => !known.has(row.id)).map(MatchAlert.fromRow);
  }

  async fileMissingPersonReport(input: MissingPersonInput): Promise<FileMissingPersonReportPayload> {
    const draft = validateMissingPerson(input, "input", this.rules());
    if (!draft.agencyId) throw badUserInput("input.agencyId", "the agency taking the report is required");
    if (!draft.homeAreaCode) throw badUserInput("input.homeAreaCode", "the home area is required when filing");
    const agency = await this.prisma.agency.findUnique({ where: { id: draft.agencyId } });
    if (!agency || agency.region !== this.home) throw badUserInput("input.agencyId", `${draft.agencyId} is not an agency of ${this.home}`);
    const { faceEmbedding, features, aliases, agencyId: _agencyId, homeAreaCode, ...columns } = draft;
    const data = (id: string) => ({
      ...columns,
      id,
      region: this.home,
      agencyId: agency.id,
      homeAreaCode,
      aliases: aliases.join("|"),
      features: features.join("|"),
      faceEmbedding: faceEmbedding ? embeddingToBytes(faceEmbedding) : null,
    });
    const crossBorder = this.crossBorder?.enabled ? this.crossBorder : undefined;
    const { row, entries } = await this.#reportIds.insert((id) =>
      crossBorder
        ? this.prisma.$transaction(async (tx) => {
            const row = await tx.missingPersonReport.create({ data: data(id) });
            return { row, entries: await crossBorder.enqueueReport(tx, row) };
          })
        : this.prisma.missingPersonReport.create({ data: data(id) }).then((row) => ({ row, entries: [] as string[] })),
    );
    const engine = await this.index.reportWritten(row);
    const matches = engine.searchRecords(missingPersonFacts(row), ALERT_CANDIDATES);
    const alerts: MatchAlert[] = await this.alerts.raise(this.aboveThreshold(matches), "MISSING_REPORT", agency);
    const fromPeer = await this.peerAlerts(entries, { missingReportId: row.id }, alerts);
    return Object.assign(new FileMissingPersonReportPayload(), { missingPersonReport: MissingPersonReport.fromRow(row), alerts: [...alerts, ...fromPeer] });
  }

  private aboveThreshold(matches: readonly FamilySearchMatch[]): FamilySearchMatch[] {
    return matches.filter((m) => m.score.matchProbability >= this.alertThreshold);
  }

  private candidate(match: FamilySearchMatch, i: number, record: ReliefRecord | null, report: MissingPersonReport | null): FamilySearchCandidate {
    return Object.assign(new FamilySearchCandidate(), {
      rank: i + 1,
      region: report ? report.region : record!.region,
      matchWeight: Math.round(match.score.matchWeight * 1000) / 1000,
      matchProbability: match.score.matchProbability,
      aboveAlertThreshold: match.score.matchProbability >= this.alertThreshold,
      reliefRecord: record,
      missingPersonReport: report,
      comparisons: match.score.comparisons.map(AttributeComparison.of),
      dnaComparisonSuggested: match.score.dnaComparisonSuggested,
      candidateSources: match.sources,
    });
  }

  // The engine ranks every row of the province; the row rule is part of the query that reads the
  // ranked rows, so a candidate it does not release is never read (the answer may then be shorter).
  private async recordsById(ids: string[], scope: CandidateScope): Promise<Map<string, ReliefRecordRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.reliefRecord.findMany({ where: { AND: [{ id: { in: ids } }, heldWithin("station", scope)] } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  private async reportsById(ids: string[], scope: CandidateScope): Promise<Map<string, MissingPersonReportRow>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.missingPersonReport.findMany({ where: { AND: [{ id: { in: ids }, status: "OPEN" }, heldWithin("agency", scope)] } });
    return new Map(rows.map((r) => [r.id, r]));
  }
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FAMILY_SEARCH_LIMIT) throw badUserInput("limit", `must be between 1 and ${MAX_FAMILY_SEARCH_LIMIT}`);
}

/** A search description as the engine reads it (not stored, so no id of its own). */
function queryFacts(draft: ReturnType<typeof validateMissingPerson>, home: Region): MissingPersonFacts {
  return {
    id: "query",
    region: home,
    name: draft.name,
    aliases: draft.aliases,
    gender: draft.gender,
    birthDate: draft.birthDate,
    birthYear: draft.birthYear,
    heightCm: draft.heightCm,
    features: draft.features,
    dialect: draft.dialect,
    homeAreaCode: draft.homeAreaCode,
    lastSeenOn: draft.lastSeenOn,
    lastSeenAreaCode: draft.lastSeenAreaCode,
    faceEmbedding: draft.faceEmbedding,
    idNumber: draft.idNumber,
  };
}
