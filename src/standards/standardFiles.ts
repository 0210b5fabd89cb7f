import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { REGIONS, type Region } from "../config";
import { projectRoot } from "../db";
import { knownScopeRegion } from "./areaScopes";
import { SOURCE_CONFIDENCES, STANDARD_CATEGORIES, type SourceConfidence, type StandardCategory } from "./standardVocabulary";

// Standards are versioned data files under prisma/standards/<region>/<date>[-<scope>].yaml, one
// per published notice. They are validated here (zod) when first loaded, so a malformed file stops
// the process at start rather than producing a wrong amount later.

export const STANDARDS_DIR = path.join(projectRoot, "prisma", "standards");

const isoDate = z.iso.date();
const fen = z.number().int().nonnegative();

const standardRowSchema = z.strictObject({
  areaScope: z.string().min(1),
  category: z.enum(STANDARD_CATEGORIES),
  amountFen: fen,
  /** Row-level overrides of the file's defaults. */
  effectiveFrom: isoDate.optional(),
  effectiveTo: isoDate.nullable().optional(),
  documentNumber: z.string().min(1).nullable().optional(),
  sourceUrl: z.string().min(1).nullable().optional(),
  confidence: z.enum(SOURCE_CONFIDENCES).optional(),
  note: z.string().min(1).optional(),
});

const standardFileSchema = z.strictObject({
  dataVersion: z.string().regex(/^[A-Z0-9-]+$/, "upper-case letters, digits and dashes"),
  region: z.enum(REGIONS),
  effectiveFrom: isoDate,
  documentNumber: z.string().min(1).nullable(),
  sourceUrl: z.string().min(1).nullable(),
  confidence: z.enum(SOURCE_CONFIDENCES),
  note: z.string().min(1).optional(),
  standards: z.array(standardRowSchema).min(1),
});

/** One published figure, as stored in the AssistanceStandard table (one row per figure). */
export interface StandardRow {
  id: string;
  region: Region;
  areaScope: string;
  category: StandardCategory;
  amountFen: number;
  effectiveFrom: string;
  /** Only when the document itself states an end; otherwise the next version ends it. */
  effectiveTo: string | null;
  documentNumber: string | null;
  sourceUrl: string | null;
  confidence: SourceConfidence;
  note: string | null;
  dataVersion: string;
}

export function standardRowId(areaScope: string, category: StandardCategory, effectiveFrom: string): string {
  return `${areaScope}:${category}:${effectiveFrom}`;
}

export class StandardsDataError extends Error {
  override name = "StandardsDataError";
}

/** Parses and validates one data file's text; `origin` names it in errors. */
export function parseStandardFile(text: string, origin: string): StandardRow[] {
  const parsed = standardFileSchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ");
    throw new StandardsDataError(`${origin}: ${issues}`);
  }
  const file = parsed.data;
  return file.standards.map((row, index) => {
    const where = `${origin}: standards[${index}]`;
    const scopeRegion = knownScopeRegion(row.areaScope);
    if (!scopeRegion) throw new StandardsDataError(`${where}: unknown areaScope ${row.areaScope}`);
    if (scopeRegion !== file.region) throw new StandardsDataError(`${where}: areaScope ${row.areaScope} is in ${scopeRegion}, file is ${file.region}`);
    const effectiveFrom = row.effectiveFrom ?? file.effectiveFrom;
    const effectiveTo = row.effectiveTo ?? null;
    if (effectiveTo !== null && effectiveTo < effectiveFrom) throw new StandardsDataError(`${where}: effectiveTo ${effectiveTo} is before effectiveFrom ${effectiveFrom}`);
    const note = [row.note, file.note].filter(Boolean).join(" ") || null;
    return {
      id: standardRowId(row.areaScope, row.category, effectiveFrom),
      region: file.region,
      areaScope: row.areaScope,
      category: row.category,
      amountFen: row.amountFen,
      effectiveFrom,
      effectiveTo,
      documentNumber: row.documentNumber === undefined ? file.documentNumber : row.documentNumber,
      sourceUrl: row.sourceUrl === undefined ? file.sourceUrl : row.sourceUrl,
      confidence: row.confidence ?? file.confidence,
      note,
      dataVersion: file.dataVersion,
    };
  });
}

function yamlFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return yamlFilesUnder(full);
      return entry.name.endsWith(".yaml") ? [full] : [];
    })
    .sort();
}

/**
 * Every standard row in the data files (rules files live under rules/ and are loaded elsewhere).
 * Refuses duplicates: one figure per scope, category and start date, across all files.
 */
export function loadStandardFiles(dir: string = STANDARDS_DIR): StandardRow[] {
  const rows: StandardRow[] = [];
  const origins = new Map<string, string>();
  const versions = new Map<string, string>();
  for (const file of yamlFilesUnder(dir).filter((f) => !f.includes(`${path.sep}rules${path.sep}`))) {
    const origin = path.relative(projectRoot, file);
    const fileRows = parseStandardFile(fs.readFileSync(file, "utf8"), origin);
    const version = fileRows[0]!.dataVersion;
    const earlier = versions.get(version);
    if (earlier) throw new StandardsDataError(`${origin}: dataVersion ${version} already used by ${earlier}`);
    versions.set(version, origin);
    for (const row of fileRows) {
      const duplicate = origins.get(row.id);
      if (duplicate) throw new StandardsDataError(`${origin}: ${row.id} already defined in ${duplicate}`);
      origins.set(row.id, origin);
      rows.push(row);
    }
  }
  return rows;
}
