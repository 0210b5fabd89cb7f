// The bench database's verification tables read whole into memory, shaped as Prisma returns them
// (SQLite's 0/1 booleans turned into booleans). B-apollo serves from it, and so does the gateway
// run "with an in-memory repository" (see inMemoryVerificationStore.ts), so both answer from the
// very same rows the Prisma-backed nodes read from disk.
import Database from "better-sqlite3";

export type Row = Record<string, unknown>;

/** Prisma delegate name → table name, for the tables a household lookup reads. */
export const VERIFICATION_TABLES = {
  householdVerification: "HouseholdVerification",
  household: "Household",
  householdMember: "HouseholdMember",
  incomeItem: "IncomeItem",
  assetItem: "AssetItem",
  agency: "Agency",
} as const;

export type VerificationModel = keyof typeof VERIFICATION_TABLES;

const BOOLEAN_COLUMNS = new Set(["seriousIllness", "student"]);

export type HouseholdDataset = Record<VerificationModel, Row[]>;

export function loadHouseholdDataset(file: string): HouseholdDataset {
  const db = new Database(file, { readonly: true });
  try {
    const entries = Object.entries(VERIFICATION_TABLES).map(([model, table]) => {
      const rows = db.prepare(`SELECT * FROM "${table}" ORDER BY id`).all() as Row[];
      for (const row of rows) for (const column of BOOLEAN_COLUMNS) if (column in row) row[column] = row[column] === 1;
      return [model, rows];
    });
    return Object.fromEntries(entries) as HouseholdDataset;
  } finally {
    db.close();
  }
}

/** Rows of one model grouped by the value of one column, each group in id order. */
export function groupRows(rows: Row[], column: string): Map<unknown, Row[]> {
  const groups = new Map<unknown, Row[]>();
  for (const row of rows) {
    const key = row[column];
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
