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
 * What the policy engine decided for one operation, handed to the audit plugin through the
 * request context. Names field paths, never values.
 */
export interface AccessFacts {
  operationName?: string;
  /** sha256 of the operation document, hex. */
  operationHash?: string;
  fieldsRequested: string[];
  fieldsDenied: FieldDecisionRecord[];
  fieldsMasked: FieldDecisionRecord[];
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
  return { fieldsRequested: [], fieldsDenied: [], fieldsMasked: [], peerHops: [] };
}
