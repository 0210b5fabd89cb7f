import { storeAgency, validateAgencyRecord, type AgencyRecord } from "../agencies";
import { regionTag, type Region } from "../config";
import type { DatabaseTransaction, PlaceholderStyle } from "../db";
import { storeHousehold, storeHouseholdBatch, storePublication, storePublicationBatch, validateHousehold, validatePublication, type ValidHousehold, type ValidPublication } from "../verification";

// The three kinds of file an operator loads, each through the same validation and store code as
// the API (src/verification, src/agencies): a record the API would refuse is refused here with the
// same field and reason.

export type ImportKindName = "households" | "verifications" | "agencies";
export const IMPORT_KINDS: readonly ImportKindName[] = ["households", "verifications", "agencies"];

export interface RecordProblem {
  field: string;
  reason: string;
  reasonZh: string;
}

/** A key a record carries, the field it is in, and what it is (for the report: 成员, 报告编号, 机构编号). */
export interface FileKey {
  key: string;
  field: string;
  what: { zh: string; en: string };
}

const MEMBER = { zh: "成员", en: "member" };

export type RecordWrite = "CREATED" | "UPDATED" | "UNCHANGED" | "NEW_VERSION";

export interface ImportContext {
  home: Region;
  /** The verification centre a verifications file comes from (--agency). */
  agencyId?: string;
  operator: string;
  now: Date;
  /** How the database spells bound parameters (asked once, outside any transaction). */
  placeholderStyle: PlaceholderStyle;
}

export interface ImportKind<V> {
  name: ImportKindName;
  /** CSV header: every required column must be there; no column outside `columns`. */
  columns: readonly string[];
  requiredColumns: readonly string[];
  /** CSV rows that share this column's value, one after the other, form one record. */
  groupBy?: string;
  /** A CSV row (or group of rows) as the record the JSONL form would carry. */
  fromCsv(rows: Array<Record<string, string | undefined>>): Record<string, unknown>;
  validate(raw: Record<string, unknown>, context: ImportContext): { ok: true; value: V } | { ok: false; problems: RecordProblem[] };
  /**
   * What identifies the record (its members, its report number, its id), each with the field
   * that carries it: a second record of one file with any of these keys is refused.
   */
  keysOf(value: V): FileKey[];
  subjects(value: V): string[];
  store(tx: DatabaseTransaction, value: V, context: ImportContext): Promise<RecordWrite>;
  /**
   * A whole batch in a fixed number of statements, where the kind has such a path; a conflicting
   * record is named by a BatchRecordConflict carrying its index.
   */
  storeBatch?(tx: DatabaseTransaction, values: V[], context: ImportContext): Promise<RecordWrite[]>;
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === "" ? undefined : v.trim());

function jsonCell(value: string | undefined, column: string): unknown {
  const text = blank(value);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return { __invalidJson: column };
  }
}

const households: ImportKind<ValidHousehold> = {
  name: "households",
  columns: ["household_ref", "area_code", "residence", "address", "id_number", "name", "birth_date", "relation", "disability_grade", "serious_illness", "student"],
  requiredColumns: ["household_ref", "area_code", "residence", "id_number", "name", "birth_date", "relation"],
  groupBy: "household_ref",
  fromCsv: (rows) => ({
    householdRef: blank(rows[0].household_ref),
    areaCode: blank(rows[0].area_code),
    residence: blank(rows[0].residence),
    address: blank(rows[0].address),
    members: rows.map((r) => ({
      idNumber: blank(r.id_number),
      name: blank(r.name),
      birthDate: blank(r.birth_date),
      relation: blank(r.relation),
      disabilityGrade: blank(r.disability_grade),
      seriousIllness: blank(r.serious_illness),
      student: blank(r.student),
    })),
  }),
  validate: (raw, context) => validateHousehold(raw, context.home, context.now),
  keysOf: (value) => value.members.map((m, i) => ({ key: m.idNumber, field: `members[${i}].idNumber`, what: MEMBER })),
  subjects: (value) => value.members.map((m) => m.idNumber),
  async store(tx, value, context) {
    const { changed } = await storeHousehold(tx, value, regionTag(context.home), null, "");
    return changed ? "UPDATED" : "UNCHANGED";
  },
  async storeBatch(tx, values, context) {
    const changed = await storeHouseholdBatch(tx, values, regionTag(context.home), context.placeholderStyle);
    return changed.map((c) => (c ? "UPDATED" : "UNCHANGED"));
  },
};

const verifications: ImportKind<ValidPublication> = {
  name: "verifications",
  columns: ["external_ref", "program", "conclusion", "requested_on", "verified_at", "review_due_on", "standard_fen", "area_code", "residence", "address", "members", "incomes", "assets", "expenditures"],
  requiredColumns: ["external_ref", "program", "conclusion", "requested_on", "verified_at", "standard_fen", "area_code", "residence", "members"],
  fromCsv: ([row]) => ({
    externalRef: blank(row.external_ref),
    program: blank(row.program),
    conclusion: blank(row.conclusion),
    requestedOn: blank(row.requested_on),
    verifiedAt: blank(row.verified_at),
    reviewDueOn: blank(row.review_due_on),
    standardFen: blank(row.standard_fen),
    household: { areaCode: blank(row.area_code), residence: blank(row.residence), address: blank(row.address), members: jsonCell(row.members, "members") },
    incomes: jsonCell(row.incomes, "incomes"),
    assets: jsonCell(row.assets, "assets"),
    expenditures: jsonCell(row.expenditures, "expenditures"),
  }),
  validate(raw, context) {
    const badJson = [raw.incomes, raw.assets, raw.expenditures, (raw.household as Record<string, unknown> | undefined)?.members].find((v) => (v as { __invalidJson?: string } | undefined)?.__invalidJson);
    if (badJson) {
      const column = (badJson as { __invalidJson: string }).__invalidJson;
      return { ok: false, problems: [{ field: column, reason: "the cell is not a valid JSON array", reasonZh: "该单元格不是有效的 JSON 数组" }] };
    }
    if (raw.answersRequest !== undefined && raw.answersRequest !== null) {
      return { ok: false, problems: [{ field: "answersRequest", reason: "answering a 协查 request is done through the API (publishHouseholdVerification), which tells the requesting node", reasonZh: "协查答复须通过接口（publishHouseholdVerification）报送，以便通知申请方节点" }] };
    }
    return validatePublication(raw, context.home, context.now);
  },
  keysOf: (value) => [{ key: value.externalRef, field: "externalRef", what: { zh: "报告编号", en: "report number" } }],
  subjects: (value) => value.household.members.map((m) => m.idNumber),
  async store(tx, value, context) {
    const stored = await storePublication(tx, value, { home: context.home, agencyId: context.agencyId!, publishedBy: context.operator, style: context.placeholderStyle });
    return stored.outcome;
  },
  storeBatch: (tx, values, context) => storePublicationBatch(tx, values, { home: context.home, agencyId: context.agencyId!, publishedBy: context.operator }, context.placeholderStyle),
};

const agencies: ImportKind<AgencyRecord> = {
  name: "agencies",
  columns: ["id", "code", "name", "region", "kind", "area_code", "jurisdiction"],
  requiredColumns: ["id", "name", "region", "kind", "area_code"],
  fromCsv: ([row]) => ({ id: blank(row.id), code: blank(row.code), name: blank(row.name), region: blank(row.region), kind: blank(row.kind), areaCode: blank(row.area_code), jurisdiction: blank(row.jurisdiction) }),
  validate: (raw) => validateAgencyRecord(raw),
  keysOf: (value) => [{ key: value.id, field: "id", what: { zh: "机构编号", en: "agency id" } }],
  subjects: () => [],
  store: (tx, value) => storeAgency(tx, value),
};

export const KINDS: Record<ImportKindName, ImportKind<unknown>> = {
  households: households as ImportKind<unknown>,
  verifications: verifications as ImportKind<unknown>,
  agencies: agencies as ImportKind<unknown>,
};
