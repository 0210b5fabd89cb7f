// Latency of the compliance queries over a large generated log, through the real review service
// (Prisma, raw keyset SQL): officer, subject and time filters, first page and a page near the end.
import Database from "better-sqlite3";
import { AuditReviewService } from "../../src/audit";
import { createPrismaClient } from "../../src/db";
import { encodeCursor } from "../../src/pagination";
import { BENCH_SUBJECT_KEY, OFFICERS, officerId, PERSONS, personIdNumber } from "./auditLogGenerator";

export interface LatencyFigure {
  query: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function measure(query: string, runs: number, call: (i: number) => Promise<unknown>): Promise<LatencyFigure> {
  for (let i = 0; i < Math.min(10, runs); i++) await call(runs + i); // warm-up: plan cache, pages
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await call(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { query, runs, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
}

/** Deterministic spread of sample indices. */
const spread = (i: number, n: number) => Math.floor(((i * 2654435761) % 4294967296) / 4294967296 * n);

export async function measureQueryLatency(file: string, runs: number): Promise<{ figures: LatencyFigure[]; plans: string[] }> {
  const prisma = createPrismaClient(`file:${file}`);
  const service = new AuditReviewService(prisma, { subjectKey: BENCH_SUBJECT_KEY, publicKeys: { keys: [] } });
  // Cursors deep in a listing are found outside the timed calls (with OFFSET, which is what the
  // keyset cursor spares the timed query).
  const raw = new Database(file, { readonly: true });
  const nearEnd = (sqlText: string, ...params: unknown[]) => {
    const row = raw.prepare(sqlText).get(...params) as { recordedAt: string; id: number } | undefined;
    return row ? encodeCursor([new Date(row.recordedAt).toISOString(), row.id]) : undefined;
  };
  const span = raw.prepare(`SELECT MIN("recordedAt") AS first, MAX("recordedAt") AS last FROM "AuditEntry"`).get() as { first: string; last: string };
  const first = Date.parse(span.first);
  const length = Date.parse(span.last) - first;
  const hourAt = (i: number) => {
    const from = new Date(first + spread(i, 1000) / 1000 * (length - 3600_000));
    return { from, to: new Date(from.getTime() + 3600_000) };
  };
  const dayAt = (i: number) => {
    const from = new Date(first + spread(i, 1000) / 1000 * (length - 86_400_000));
    return { from, to: new Date(from.getTime() + 86_400_000) };
  };
  const officerEndCursors = Array.from({ length: runs + 10 }, (_, i) =>
    nearEnd(`SELECT "recordedAt", "id" FROM "AuditEntry" WHERE "principalSub" = ? ORDER BY "recordedAt" DESC, "id" DESC LIMIT 1 OFFSET ?`, officerId(spread(i, OFFICERS)), 4000),
  );
  const dayEndCursors = Array.from({ length: runs + 10 }, (_, i) => {
    const { from, to } = dayAt(i);
    const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
    const count = Number(raw.prepare(`SELECT COUNT(*) FROM "AuditEntry" WHERE "recordedAt" >= ? AND "recordedAt" <= ?`).pluck().get(iso(from), iso(to)));
    return nearEnd(`SELECT "recordedAt", "id" FROM "AuditEntry" WHERE "recordedAt" >= ? AND "recordedAt" <= ? ORDER BY "recordedAt" DESC, "id" DESC LIMIT 1 OFFSET ?`, iso(from), iso(to), Math.max(0, count - 25));
  });
  const plans = [
    `officer: ${explain(raw, `SELECT * FROM "AuditEntry" e WHERE e."principalSub" = 'x' AND (e."recordedAt", e."id") < ('2025', 1) ORDER BY e."recordedAt" DESC, e."id" DESC LIMIT 21`)}`,
    `subject: ${explain(raw, `SELECT e.* FROM "AuditSubject" s JOIN "AuditEntry" e ON e."writerId" = s."writerId" AND e."sequence" = s."sequence" WHERE s."subjectHmac" = 'x' ORDER BY e."recordedAt" DESC, e."id" DESC LIMIT 10000`)}`,
    `time: ${explain(raw, `SELECT * FROM "AuditEntry" e WHERE e."recordedAt" >= '2025' AND e."recordedAt" <= '2026' ORDER BY e."recordedAt" DESC, e."id" DESC LIMIT 21`)}`,
    `officer+time: ${explain(raw, `SELECT * FROM "AuditEntry" e WHERE e."principalSub" = 'x' AND e."recordedAt" >= '2025' AND e."recordedAt" <= '2026' ORDER BY e."recordedAt" DESC, e."id" DESC LIMIT 21`)}`,
  ];
  raw.close();

  const figures: LatencyFigure[] = [];
  try {
    figures.push(await measure("officer, first page (20)", runs, (i) => service.accessLog({ officer: officerId(spread(i, OFFICERS)) }, 20, null)));
    figures.push(await measure("officer, page near the end (after ~4000 newer)", runs, (i) => service.accessLog({ officer: officerId(spread(i, OFFICERS)) }, 20, officerEndCursors[i])));
    figures.push(await measure("officer + 30-day range, first page", runs, (i) => {
      const { from } = dayAt(i);
      return service.accessLog({ officer: officerId(spread(i, OFFICERS)), from, to: new Date(from.getTime() + 30 * 86_400_000) }, 20, null);
    }));
    figures.push(await measure("subject (subjectAccessReport)", runs, (i) => service.subjectAccessReport(personIdNumber(spread(i, PERSONS)))));
    figures.push(await measure("time, 1-hour window, first page", runs, (i) => service.accessLog(hourAt(i), 20, null)));
    figures.push(await measure("time, 1-day window, last page", runs, (i) => service.accessLog(dayAt(i), 20, dayEndCursors[i])));
    figures.push(await measure("outcome DENIED + 1-day window, first page", runs, (i) => service.accessLog({ ...dayAt(i), outcome: "DENIED" }, 20, null)));
  } finally {
    await prisma.$disconnect();
  }
  return { figures, plans };
}

function explain(db: Database.Database, sqlText: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all() as { detail: string }[]).map((r) => r.detail).join("; ");
}
