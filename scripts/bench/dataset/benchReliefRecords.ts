// Relief records and missing-person reports for S2 (family search), added to a province's bench
// database: the seeded family-search data set of src/synthetic (the same generator `npm run seed`
// uses, noise model included), both provinces generated, this province's share kept. Written with
// better-sqlite3 in one transaction for the same reason as benchHouseholds.ts (time budget).
import Database from "better-sqlite3";
import type { Region } from "../../../src/config";
import { agenciesOf, familySearchBlocks, familySearchRowsOf, type MissingPersonReportRow } from "../../../src/synthetic";

/** Seed of the bench's family-search data: fixed, so every run searches the same records. */
const FAMILY_SEARCH_SEED = 20261201;

export interface BenchReliefData {
  /** Relief records written into the province's database. */
  records: number;
  /** Every report of the data set, both provinces (what families describe; S2 searches with them). */
  reports: MissingPersonReportRow[];
}

// The Prisma adapter stores DateTime as ISO 8601 with "+00:00"; raw rows must match.
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

function insertRows(db: Database.Database, table: string, rows: readonly object[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  // OR IGNORE: agencies the household data already wrote (the verification centre) stay as they are.
  const statement = db.prepare(`INSERT OR IGNORE INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
  for (const row of rows) statement.run(columns.map((c) => ((row as Record<string, unknown>)[c] instanceof Date ? iso((row as Record<string, Date>)[c]!) : (row as Record<string, unknown>)[c])));
}

/**
 * Adds `region`'s relief stations, relief records and filed reports of a data set of `reliefRecords`
 * records and `reports` reports (both provinces together) to the bench database in `file`.
 */
export function addReliefRecords(file: string, region: Region, reliefRecords: number, reports: number): BenchReliefData {
  const db = new Database(file);
  const allReports: MissingPersonReportRow[] = [];
  let records = 0;
  try {
    db.transaction(() => {
      insertRows(db, "Agency", agenciesOf(region).all);
      for (const block of familySearchBlocks({ seed: FAMILY_SEARCH_SEED, reliefRecords, reports })) {
        const own = familySearchRowsOf(block, region);
        insertRows(db, "ReliefRecord", own.reliefRecords);
        insertRows(db, "MissingPersonReport", own.reports);
        records += own.reliefRecords.length;
        allReports.push(...block.reports);
      }
    })();
  } finally {
    db.close();
  }
  return { records, reports: allReports };
}
