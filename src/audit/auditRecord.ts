import { createHash } from "node:crypto";
import { canonicalize } from "./canonicalJson";
import type { Region } from "../config";
import type { AccessOutcome, FieldDecisionRecord, PeerHopRecord, Principal, Purpose, RowRuleRecord } from "../context";

/**
 * What a caller hands the writer for one access. Subjects are raw identity numbers here; the
 * writer turns them into keyed HMACs before anything reaches the database.
 */
export interface AuditEntryInput {
  requestId: string;
  node: Region;
  /** Absent when the caller was never authenticated. */
  principal?: Pick<Principal, "sub" | "agency" | "region" | "roles" | "forwardedBy">;
  purpose?: Purpose | string;
  caseRef?: string;
  operationName?: string;
  operationHash?: string;
  fieldsRequested?: readonly string[];
  fieldsDenied?: readonly FieldDecisionRecord[];
  fieldsMasked?: readonly FieldDecisionRecord[];
  /** Identity numbers of the people whose data was returned or asked for. */
  subjects?: Iterable<string>;
  resultCount?: number;
  outcome: AccessOutcome;
  errorCode?: string;
  errorDetail?: string;
  latencyMs?: number;
  peerHops?: readonly PeerHopRecord[];
  /** The row rules the operation's row reads ran under (policies/*.yaml `rows:`). */
  rowRules?: readonly RowRuleRecord[];
}

/**
 * One stored entry exactly as its columns hold it (JSON-valued columns as the JSON text that was
 * hashed), without the database's own row id.
 */
export interface AuditRecord {
  writerId: string;
  sequence: number;
  previousHash: string;
  entryHash: string;
  recordedAt: Date;
  node: string;
  requestId: string;
  principalSub: string | null;
  principalAgency: string | null;
  principalRegion: string | null;
  principalRoles: string;
  forwardedByNode: string | null;
  forwardedTokenId: string | null;
  purpose: string | null;
  caseRef: string | null;
  operationName: string | null;
  operationHash: string | null;
  fieldsRequested: string;
  fieldsDenied: string;
  fieldsMasked: string;
  deniedCount: number;
  maskedCount: number;
  subjectHmacs: string;
  resultCount: number;
  outcome: string;
  errorCode: string | null;
  errorDetail: string | null;
  latencyMs: number;
  peerHops: string;
  /**
   * JSON array of {rootField, entity, policyIds, jurisdiction}, one per row read; null when the
   * operation read no rows under row rules (and in every entry written before the column existed).
   * Hashed when present, under ENTRY_FORMAT_WITH_ROW_RULES (see canonicalEntryOf).
   */
  rowRules?: string | null;
}

/** The columns covered by entryHash, in the order a reader would expect (JCS sorts them anyway). */
export const HASHED_COLUMNS = [
  "writerId",
  "sequence",
  "previousHash",
  "recordedAt",
  "node",
  "requestId",
  "principalSub",
  "principalAgency",
  "principalRegion",
  "principalRoles",
  "forwardedByNode",
  "forwardedTokenId",
  "purpose",
  "caseRef",
  "operationName",
  "operationHash",
  "fieldsRequested",
  "fieldsDenied",
  "fieldsMasked",
  "deniedCount",
  "maskedCount",
  "subjectHmacs",
  "resultCount",
  "outcome",
  "errorCode",
  "errorDetail",
  "latencyMs",
  "peerHops",
] as const satisfies readonly (keyof AuditRecord)[];

/** Bumped if the hashed content ever changes shape; part of every hash. */
export const ENTRY_FORMAT = "assist-gateway/audit-entry/1";
/**
 * The format of an entry that names its row rules: format 1's members plus `rowRules`. An entry
 * without row rules keeps format 1 byte for byte, so every entry written before row rules were
 * recorded verifies as it did; one with them cannot pass for format 1 (the format is hashed), and
 * dropping its rowRules changes its hash.
 */
export const ENTRY_FORMAT_WITH_ROW_RULES = "assist-gateway/audit-entry/2";

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * sha256 over the RFC 8785 canonical JSON of every hashed column (recordedAt as its ISO string),
 * so anyone can recompute it from an export with any JCS implementation.
 */
export function entryHashOf(record: Omit<AuditRecord, "entryHash">): string {
  return sha256Hex(canonicalEntryOf(record));
}

// Every hashed value is a string, a number or null, and the member names are fixed: the JCS text
// is the sorted names with each value through JSON.stringify. Built directly (hot path of the
// writer and the verifier); the tests check it equals canonicalize() of the same object.
type HashedMember = (typeof HASHED_COLUMNS)[number] | "rowRules" | "format";
const membersOf = (names: readonly HashedMember[]) => [...names].sort().map((name) => ({ name, prefix: `${JSON.stringify(name)}:` }));
const SORTED_MEMBERS = membersOf(["format", ...HASHED_COLUMNS]);
const SORTED_MEMBERS_WITH_ROW_RULES = membersOf(["format", ...HASHED_COLUMNS, "rowRules"]);

/** Whether an entry is of ENTRY_FORMAT_WITH_ROW_RULES (it names row rules). */
const hasRowRules = (record: Omit<AuditRecord, "entryHash">) => record.rowRules !== null && record.rowRules !== undefined;

/** Hashed members whose value is already known as JSON text (a string's quoted form); see recordOf. */
type QuotedMembers = Partial<Record<HashedMember, string>>;

/** RFC 8785 canonical JSON of the hashed content of an entry. */
export function canonicalEntryOf(record: Omit<AuditRecord, "entryHash">, quoted?: QuotedMembers): string {
  const withRowRules = hasRowRules(record);
  const members = withRowRules ? SORTED_MEMBERS_WITH_ROW_RULES : SORTED_MEMBERS;
  const formatJson = JSON.stringify(withRowRules ? ENTRY_FORMAT_WITH_ROW_RULES : ENTRY_FORMAT);
  let text = "{";
  for (let i = 0; i < members.length; i++) {
    const { name, prefix } = members[i];
    if (i > 0) text += ",";
    if (name === "format") {
      text += prefix + formatJson;
      continue;
    }
    const known = quoted?.[name];
    if (known !== undefined) {
      text += prefix + known;
      continue;
    }
    const value = record[name];
    text += prefix + (value instanceof Date ? JSON.stringify(value.toISOString()) : value === undefined ? "null" : JSON.stringify(value));
  }
  return `${text}}`;
}

/** The same content as an object, for readers who canonicalize with a JCS library. */
export function hashedContentOf(record: Omit<AuditRecord, "entryHash">): Record<string, unknown> {
  const withRowRules = hasRowRules(record);
  const content: Record<string, unknown> = { format: withRowRules ? ENTRY_FORMAT_WITH_ROW_RULES : ENTRY_FORMAT };
  for (const column of HASHED_COLUMNS) {
    const value = record[column];
    content[column] = value instanceof Date ? value.toISOString() : (value ?? null);
  }
  if (withRowRules) content.rowRules = record.rowRules;
  return content;
}

/** previousHash of a writer's first entry: derived from the writer id, signed at genesis. */
export function genesisHashOf(writerId: string): string {
  return sha256Hex(canonicalize({ format: ENTRY_FORMAT, genesis: writerId }));
}

export interface ChainPosition {
  writerId: string;
  sequence: number;
  previousHash: string;
  recordedAt: Date;
}

const json = (value: unknown) => JSON.stringify(value);

/** A list column's stored JSON, and that text as a JSON string (its form in the hashed text). */
interface ListText {
  json: string;
  quoted?: string;
}

/**
 * A list column's text, kept for frozen lists by identity. The policy stage hands the audit lists
 * made once per cached plan and frozen (src/policy/policyPlugin.ts, src/operation/operationAnalysis.ts):
 * every request of that plan names the same list, so its JSON — and the escaped copy the hash
 * covers — is made once, not per entry (about 1.3 % of a caseworker lookup's CPU in the
 * policy-cost profile). A frozen list cannot change, so its text cannot go stale; any other list
 * is serialised each time. One cache per serialiser: a list's text is that column's text.
 */
function listTextOf<T>(serialise: (list: readonly T[]) => string): (list: readonly T[]) => ListText {
  const texts = new WeakMap<readonly T[], Required<ListText>>();
  return (list) => {
    if (!Object.isFrozen(list)) return { json: serialise(list) };
    let text = texts.get(list);
    if (!text) {
      const listJson = serialise(list);
      texts.set(list, (text = { json: listJson, quoted: JSON.stringify(listJson) }));
    }
    return text;
  };
}

// Only path, policy and reason are kept, whatever else a caller's object carries.
const decisionsText = listTextOf((decisions: readonly FieldDecisionRecord[]) => json(decisions.map(({ path, policyId, reasonCode }) => ({ path, policyId, reasonCode }))));
// Only what names the rule, whatever else a caller's object carries.
const rowRulesText = listTextOf((rules: readonly RowRuleRecord[]) => json(rules.map(({ rootField, entity, policyIds, jurisdiction }) => ({ rootField, entity, policyIds, jurisdiction }))));
const fieldsText = listTextOf((paths: readonly string[]) => json(paths));
const NO_FIELDS: readonly never[] = Object.freeze([]);

/** The stored shape of an input at a chain position; subjects must already be pseudonymised. */
export function recordOf(input: AuditEntryInput, subjectHmacs: readonly string[], at: ChainPosition): AuditRecord {
  const denied = input.fieldsDenied ?? NO_FIELDS;
  const masked = input.fieldsMasked ?? NO_FIELDS;
  const requested = fieldsText(input.fieldsRequested ?? NO_FIELDS);
  const deniedList = decisionsText(denied);
  const maskedList = decisionsText(masked);
  // Absent when no row was read under a rule.
  const rowRules = input.rowRules && input.rowRules.length > 0 ? rowRulesText(input.rowRules) : undefined;
  const unhashed: Omit<AuditRecord, "entryHash"> = {
    writerId: at.writerId,
    sequence: at.sequence,
    previousHash: at.previousHash,
    recordedAt: at.recordedAt,
    node: input.node,
    requestId: input.requestId,
    principalSub: input.principal?.sub ?? null,
    principalAgency: input.principal?.agency ?? null,
    principalRegion: input.principal?.region ?? null,
    principalRoles: json(input.principal?.roles ?? []),
    forwardedByNode: input.principal?.forwardedBy?.node ?? null,
    forwardedTokenId: input.principal?.forwardedBy?.tokenId ?? null,
    purpose: input.purpose ?? null,
    caseRef: input.caseRef ?? null,
    operationName: input.operationName ?? null,
    operationHash: input.operationHash ?? null,
    fieldsRequested: requested.json,
    fieldsDenied: deniedList.json,
    fieldsMasked: maskedList.json,
    deniedCount: denied.length,
    maskedCount: masked.length,
    subjectHmacs: json(subjectHmacs),
    resultCount: Math.max(0, Math.trunc(input.resultCount ?? 0)),
    outcome: input.outcome,
    errorCode: input.errorCode ?? null,
    errorDetail: input.errorDetail ?? null,
    latencyMs: Math.max(0, Math.round(input.latencyMs ?? 0)),
    peerHops: json(
      (input.peerHops ?? []).map((hop) => ({
        region: hop.region,
        peerRequestId: hop.peerRequestId ?? null,
        receipt: hop.receipt ?? null,
        outcome: hop.outcome,
      })),
    ),
    rowRules: rowRules?.json ?? null,
  };
  const hashedText = canonicalEntryOf(unhashed, {
    fieldsRequested: requested.quoted,
    fieldsDenied: deniedList.quoted,
    fieldsMasked: maskedList.quoted,
    rowRules: rowRules?.quoted,
  });
  const record = { ...unhashed, entryHash: sha256Hex(hashedText) };
  hashedTexts.set(record, hashedText);
  return record;
}

/** The text each record made by recordOf was hashed over, kept so the commit thread's batch reuses it. */
const hashedTexts = new WeakMap<AuditRecord, string>();

/**
 * The canonical JSON an entry's hash covers: every stored column but entryHash, as JSON values
 * (recordedAt as its ISO string). Taken from recordOf's cache when the record was made there.
 */
export function hashedTextOf(record: AuditRecord): string {
  return hashedTexts.get(record) ?? canonicalEntryOf(record);
}
