import type { PrismaClient } from "../db";
import type { AccessAnomaly, AccessAnomalyKind } from "./auditReviewTypes";

export interface AnomalyThresholds {
  /** Distinct people one officer touches within one clock hour. */
  distinctSubjectsPerHour: number;
  /** Distinct people accessed under one case reference within the period. */
  subjectsPerCaseRef: number;
  /** Denied accesses (refused, or with a denied field) by one officer within burstMinutes. */
  deniedPerBurst: number;
  burstMinutes: number;
  /** Working hours in the node's local time (China Standard Time, UTC+8, no daylight saving). */
  workdayStartHour: number;
  workdayEndHour: number;
  utcOffsetHours: number;
}

export const DEFAULT_ANOMALY_THRESHOLDS: AnomalyThresholds = {
  distinctSubjectsPerHour: 30,
  subjectsPerCaseRef: 20,
  deniedPerBurst: 5,
  burstMinutes: 10,
  workdayStartHour: 8,
  workdayEndHour: 20,
  utcOffsetHours: 8,
};

const HOUR_MS = 3600 * 1000;
const ENTRY_IDS_SHOWN = 200;
const BATCH = 10_000;

interface Row {
  id: number;
  recordedAt: Date;
  principalSub: string | null;
  caseRef: string | null;
  outcome: string;
  deniedCount: number;
  subjectHmacs: string;
}

/** Entries behind one pattern: ids (all counted, the first ENTRY_IDS_SHOWN kept) and people. */
class Evidence {
  readonly ids: string[] = [];
  count = 0;
  readonly subjects = new Set<string>();
  from = new Date(8.64e15);
  to = new Date(-8.64e15);

  add(row: Row, subjects: readonly string[] = []): void {
    this.count += 1;
    if (this.ids.length < ENTRY_IDS_SHOWN) this.ids.push(String(row.id));
    for (const s of subjects) this.subjects.add(s);
    if (row.recordedAt < this.from) this.from = row.recordedAt;
    if (row.recordedAt > this.to) this.to = row.recordedAt;
  }
}

function anomaly(kind: AccessAnomalyKind, evidence: Evidence, measure: number, threshold: number, description: string, who: { officer?: string | null; caseRef?: string | null }): AccessAnomaly {
  return {
    kind,
    officer: who.officer ?? null,
    caseRef: who.caseRef ?? null,
    from: evidence.from,
    to: evidence.to,
    measure,
    threshold,
    description,
    entryIds: evidence.ids,
    entryCount: evidence.count,
  };
}

/**
 * One pass over the period's entries in time order, four patterns:
 *  - HIGH_SUBJECT_RATE: an officer touched ≥ N distinct people within one clock hour;
 *  - CASE_REF_FANOUT: one case reference used for ≥ N distinct people (a case concerns one
 *    household; the log holds only HMACs, so "unrelated" is approximated by "many");
 *  - DENIED_BURST: ≥ N denied accesses by one officer within M minutes (probing);
 *  - OFF_HOURS: accesses outside working hours on weekdays, or at weekends, per officer and day.
 * Each anomaly carries the ids of the entries behind it.
 */
export async function detectAnomalies(prisma: PrismaClient, window: { from: Date; to: Date }, overrides: Partial<AnomalyThresholds> = {}): Promise<AccessAnomaly[]> {
  const t = { ...DEFAULT_ANOMALY_THRESHOLDS, ...overrides };
  const perOfficerHour = new Map<string, Evidence>();
  const perCase = new Map<string, Evidence>();
  const offHours = new Map<string, Evidence>();
  const denials = new Map<string, Row[]>();
  const bursts: AccessAnomaly[] = [];
  const burstMs = t.burstMinutes * 60 * 1000;

  const flushBurst = (officer: string, rows: Row[]) => {
    if (rows.length < t.deniedPerBurst) return;
    const evidence = new Evidence();
    for (const row of rows) evidence.add(row);
    bursts.push(anomaly("DENIED_BURST", evidence, rows.length, t.deniedPerBurst, `${rows.length} denied accesses by ${officer} within ${t.burstMinutes} minutes`, { officer }));
  };

  let after: { recordedAt: Date; id: number } | undefined;
  for (;;) {
    const rows: Row[] = await prisma.auditEntry.findMany({
      where: {
        recordedAt: { gte: window.from, lte: window.to },
        ...(after ? { OR: [{ recordedAt: { gt: after.recordedAt } }, { recordedAt: after.recordedAt, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ recordedAt: "asc" }, { id: "asc" }],
      take: BATCH,
      select: { id: true, recordedAt: true, principalSub: true, caseRef: true, outcome: true, deniedCount: true, subjectHmacs: true },
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      const officer = row.principalSub;
      const subjects = JSON.parse(row.subjectHmacs) as string[];
      if (officer && subjects.length > 0) {
        const hour = Math.floor(row.recordedAt.getTime() / HOUR_MS);
        evidenceFor(perOfficerHour, `${officer}\u0000${hour}`).add(row, subjects);
      }
      if (row.caseRef && subjects.length > 0) evidenceFor(perCase, row.caseRef).add(row, subjects);
      if (officer && outsideWorkingHours(row.recordedAt, t)) {
        const localDay = new Date(row.recordedAt.getTime() + t.utcOffsetHours * HOUR_MS).toISOString().slice(0, 10);
        evidenceFor(offHours, `${officer}\u0000${localDay}`).add(row);
      }
      if (officer && (row.outcome === "DENIED" || row.deniedCount > 0)) {
        // A burst is a run of denials each within burstMs of the run's first one.
        const run = denials.get(officer) ?? [];
        if (run.length > 0 && row.recordedAt.getTime() - run[0].recordedAt.getTime() > burstMs) {
          flushBurst(officer, run);
          run.length = 0;
        }
        run.push(row);
        denials.set(officer, run);
      }
    }
    after = rows[rows.length - 1];
    if (rows.length < BATCH) break;
  }
  for (const [officer, run] of denials) flushBurst(officer, run);

  const found: AccessAnomaly[] = [];
  for (const [key, evidence] of perOfficerHour) {
    if (evidence.subjects.size < t.distinctSubjectsPerHour) continue;
    const [officer] = key.split("\u0000");
    found.push(anomaly("HIGH_SUBJECT_RATE", evidence, evidence.subjects.size, t.distinctSubjectsPerHour, `${officer} touched ${evidence.subjects.size} distinct people within one hour`, { officer }));
  }
  for (const [caseRef, evidence] of perCase) {
    if (evidence.subjects.size < t.subjectsPerCaseRef) continue;
    found.push(anomaly("CASE_REF_FANOUT", evidence, evidence.subjects.size, t.subjectsPerCaseRef, `case ${caseRef} was used for ${evidence.subjects.size} distinct people`, { caseRef }));
  }
  found.push(...bursts);
  for (const [key, evidence] of offHours) {
    const [officer, day] = key.split("\u0000");
    found.push(anomaly("OFF_HOURS", evidence, evidence.count, 1, `${officer}: ${evidence.count} accesses outside working hours on ${day} (local time)`, { officer }));
  }
  return found.sort((a, b) => a.from.getTime() - b.from.getTime() || a.kind.localeCompare(b.kind));
}

function evidenceFor(map: Map<string, Evidence>, key: string): Evidence {
  let evidence = map.get(key);
  if (!evidence) map.set(key, (evidence = new Evidence()));
  return evidence;
}

function outsideWorkingHours(at: Date, t: AnomalyThresholds): boolean {
  const local = new Date(at.getTime() + t.utcOffsetHours * HOUR_MS);
  const day = local.getUTCDay();
  const hour = local.getUTCHours();
  return day === 0 || day === 6 || hour < t.workdayStartHour || hour >= t.workdayEndHour;
}
