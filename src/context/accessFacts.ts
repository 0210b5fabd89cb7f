import type { Region } from "../config";

/** How an operation ended, as recorded in the audit log. */
export type AccessOutcome =
  | "ALLOWED" // everything requested was released as is
  | "MASKED" // released, with at least one field masked
  | "PARTIAL" // some fields denied, the rest released
  | "DENIED" // the whole operation refused by policy (or PURPOSE_REQUIRED)
  | "INVALID" // the request never became a valid operation (parse/validation/limits)
  | "UNAUTHENTICATED"
  | "FAILED"; // an error while executing

export interface FieldDecisionRecord {
  /** Response path, e.g. `householdVerification.members.idNumber` (list indices dropped). */
  path: string;
  policyId: string;
  reasonCode: string;
}

/**
 * The row rule a root field read under (policies/*.yaml `rows:`): which rules matched the caller
 * and the jurisdiction they were compiled for — so the log says which rows the caller could reach.
 */
export interface RowRuleRecord {
  /** e.g. `Query.matchAlerts`. */
  rootField: string;
  /** The kind of row, e.g. `MatchAlert`. */
  entity: string;
  /** The rules that matched (policies/*.yaml ids). */
  policyIds: readonly string[];
  /** The caller's jurisdiction in words, e.g. `county 500106` or `none in this province`. */
  jurisdiction: string;
}

/**
 * What the policy engine decided for one operation, handed to the audit plugin through the
 * request context. Names field paths, never values.
 */
export interface AccessFacts {
  operationName?: string;
  /** sha256 of the operation document, hex. */
  operationHash?: string;
  // Read-only: the policy stage hands over lists made once per cached plan (frozen, shared by
  // every request of that plan), whose JSON the audit record then reuses; a stage that adds to
  // one replaces it with a copy.
  fieldsRequested: readonly string[];
  fieldsDenied: readonly FieldDecisionRecord[];
  fieldsMasked: readonly FieldDecisionRecord[];
  /** The row rules applied to the operation's row reads (none when it reads no rows). */
  rowRules: readonly RowRuleRecord[];
  /** Filled when the request was forwarded to a peer node (one per hop). */
  peerHops: PeerHopRecord[];
}

export interface PeerHopRecord {
  region: Region;
  peerRequestId?: string;
  /** Compact JWS receipt from the peer (request id, released-fields hash, its audit entry hash). */
  receipt?: string;
  outcome: "OK" | "PEER_UNAVAILABLE" | "REFUSED";
}

export function emptyAccessFacts(): AccessFacts {
  return { fieldsRequested: [], fieldsDenied: [], fieldsMasked: [], rowRules: [], peerHops: [] };
}
