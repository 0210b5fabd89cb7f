import type { PrismaClient } from "../db";
import { loadStandardFiles, type StandardRow } from "./standardFiles";

// Seeding is add-only: history is never rewritten. A new dated file adds rows; a file that would
// change a row already in the database is refused as a whole, before anything is written.

const COMPARED_FIELDS = ["region", "areaScope", "category", "amountFen", "effectiveFrom", "effectiveTo", "documentNumber", "sourceUrl", "confidence", "note", "dataVersion"] as const;

export class StandardHistoryConflict extends Error {
  override name = "StandardHistoryConflict";
}

export interface StandardsSeedResult {
  inserted: number;
  unchanged: number;
}

export async function seedAssistanceStandards(prisma: PrismaClient, rows: readonly StandardRow[] = loadStandardFiles()): Promise<StandardsSeedResult> {
  const existing = new Map((await prisma.assistanceStandard.findMany()).map((row) => [row.id, row]));
  const conflicts: string[] = [];
  const fresh: StandardRow[] = [];
  for (const row of rows) {
    const stored = existing.get(row.id);
    if (!stored) {
      fresh.push(row);
      continue;
    }
    const changed = COMPARED_FIELDS.filter((field) => stored[field] !== row[field]);
    if (changed.length > 0) {
      conflicts.push(`${row.id} (${row.dataVersion}): ${changed.map((f) => `${f} ${JSON.stringify(stored[f])} → ${JSON.stringify(row[f])}`).join(", ")}`);
    }
  }
  if (conflicts.length > 0) {
    throw new StandardHistoryConflict(
      `refusing to seed assistance standards: the data files would change ${conflicts.length} existing row(s); ` +
        `history is never rewritten — publish a new dated version instead. ${conflicts.join("; ")}`,
    );
  }
  if (fresh.length > 0) await prisma.assistanceStandard.createMany({ data: fresh });
  return { inserted: fresh.length, unchanged: rows.length - fresh.length };
}

/** The rows stored in the database, in the shape the catalogue reads. */
export async function storedStandardRows(prisma: PrismaClient): Promise<StandardRow[]> {
  const rows = await prisma.assistanceStandard.findMany({ orderBy: [{ areaScope: "asc" }, { category: "asc" }, { effectiveFrom: "asc" }] });
  return rows.map((row) => ({ ...row }));
}
