import type { Region } from "../config";

/** Kinds of synthetic row, as they appear in ids (CQ-HH-00000001). */
export type SyntheticKind = "AG" | "HH" | "HM" | "HV" | "IN" | "AS" | "RR" | "MP" | "DNA";

/**
 * `${regionTag}-${KIND}-${n, zero-padded to 8}`: ids carry the region that holds the row, so a
 * node can tell at a glance whether an id is its own or the peer's.
 */
export function syntheticId(tag: "CQ" | "SC", kind: SyntheticKind, n: number): string {
  return `${tag}-${kind}-${String(n).padStart(8, "0")}`;
}

/** The region a synthetic id belongs to, from its prefix (undefined for anything else). */
export function regionOfSyntheticId(id: string): Region | undefined {
  if (id.startsWith("CQ-")) return "CHONGQING";
  if (id.startsWith("SC-")) return "SICHUAN";
  return undefined;
}
