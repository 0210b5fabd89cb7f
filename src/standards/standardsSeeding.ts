import type { PrismaClient } from "../db";
import { loadRuleSetFiles, parseRuleSetFile, type RuleSetFile } from "./eligibilityRules";
import { loadStandardFiles, type StandardRow } from "./standardFiles";

// Seeding is add-only: history is never rewritten. A new dated file adds rows; a file that would
// change a row (or a rule version) already in the database is refused as a whole, before anything
// is written.

const COMPARED_FIELDS = ["region", "areaScope", "category", "amountFen", "effectiveFrom", "effectiveTo", "documentNumber", "sourceUrl", "confidence", "note", "dataVersion"] as const;

export class StandardHistoryConflict extends Error {
  override name = "StandardHistoryConflict";
}

export interface StandardsSeedResult {
  inserted: number;
  unchanged: number;
  ruleSetsInserted: number;
  ruleSetsUnchanged: number;
}

export interface StandardsSeedData {
  standards?: readonly StandardRow[];
  ruleSets?: readonly RuleSetFile[];
}

const SEED_ATTEMPTS = 3;

/**
 * Seeds the standards and the eligibility rule versions from prisma/standards/ (or the data
 * given). Idempotent, also when several gateway processes of one node start together over one
 * database: a unique violation means another process inserted the same rows between this one's
 * read and its insert, so it reads again — and compares what that process stored, as always.
 */
export async function seedAssistanceStandards(prisma: PrismaClient, data: StandardsSeedData = {}): Promise<StandardsSeedResult> {
  const rows = data.standards ?? loadStandardFiles();
  const ruleSets = data.ruleSets ?? loadRuleSetFiles();
  for (let attempt = 1; ; attempt++) {
    try {
      return await seedOnce(prisma, rows, ruleSets);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== "P2002" || attempt >= SEED_ATTEMPTS) throw error;
    }
  }
}

async function seedOnce(prisma: PrismaClient, rows: readonly StandardRow[], ruleSets: readonly RuleSetFile[]): Promise<StandardsSeedResult> {
  const freshRows = await newStandardRows(prisma, rows);
  const freshRuleSets = await newRuleSets(prisma, ruleSets);
  await prisma.$transaction([
    prisma.assistanceStandard.createMany({ data: freshRows }),
    prisma.eligibilityRuleSet.createMany({
      data: freshRuleSets.map((f) => ({ id: f.rules.ruleVersion, region: f.rules.region, effectiveFrom: f.rules.effectiveFrom, yamlText: f.text, sha256: f.sha256 })),
    }),
  ]);
  return { inserted: freshRows.length, unchanged: rows.length - freshRows.length, ruleSetsInserted: freshRuleSets.length, ruleSetsUnchanged: ruleSets.length - freshRuleSets.length };
}

function refuse(what: string, conflicts: string[]): never {
  throw new StandardHistoryConflict(
    `refusing to seed assistance standards: the data files would change ${conflicts.length} existing ${what}; ` +
      `history is never rewritten — publish a new dated version instead. ${conflicts.join("; ")}`,
  );
}

async function newStandardRows(prisma: PrismaClient, rows: readonly StandardRow[]): Promise<StandardRow[]> {
  const existing = new Map((await prisma.assistanceStandard.findMany()).map((row) => [row.id, row]));
  const conflicts: string[] = [];
  const fresh = rows.filter((row) => {
    const stored = existing.get(row.id);
    if (!stored) return true;
    const changed = COMPARED_FIELDS.filter((field) => stored[field] !== row[field]);
    if (changed.length > 0) {
      conflicts.push(`${row.id} (${row.dataVersion}): ${changed.map((f) => `${f} ${JSON.stringify(stored[f])} → ${JSON.stringify(row[f])}`).join(", ")}`);
    }
    return false;
  });
  if (conflicts.length > 0) refuse("standard row(s)", conflicts);
  return fresh;
}

async function newRuleSets(prisma: PrismaClient, ruleSets: readonly RuleSetFile[]): Promise<RuleSetFile[]> {
  const existing = new Map((await prisma.eligibilityRuleSet.findMany()).map((row) => [row.id, row]));
  const conflicts: string[] = [];
  const fresh = ruleSets.filter((file) => {
    const stored = existing.get(file.rules.ruleVersion);
    if (!stored) return true;
    if (stored.sha256 !== file.sha256 || stored.region !== file.rules.region || stored.effectiveFrom !== file.rules.effectiveFrom) {
      conflicts.push(`rule version ${file.rules.ruleVersion} (${file.origin}): text sha256 ${stored.sha256.slice(0, 12)}… → ${file.sha256.slice(0, 12)}…`);
    }
    return false;
  });
  if (conflicts.length > 0) refuse("rule version(s)", conflicts);
  return fresh;
}

/** The standard rows stored in the database, in the shape the catalogue reads. */
export async function storedStandardRows(prisma: PrismaClient): Promise<StandardRow[]> {
  const rows = await prisma.assistanceStandard.findMany({ orderBy: [{ areaScope: "asc" }, { category: "asc" }, { effectiveFrom: "asc" }] });
  return rows.map((row) => ({ ...row }));
}

/** The rule versions stored in the database, validated again on the way out (zod). */
export async function storedRuleSets(prisma: PrismaClient): Promise<RuleSetFile[]> {
  const rows = await prisma.eligibilityRuleSet.findMany({ orderBy: [{ region: "asc" }, { effectiveFrom: "asc" }] });
  return rows.map((row) => parseRuleSetFile(row.yamlText, `database EligibilityRuleSet ${row.id}`));
}
