import { regionTag, type Region } from "../config";

// Ids of this domain's rows: region tag, kind, eight-digit sequence (CQ-RR-00000001). The tag
// tells any node (and the peer layer) which province holds the row.

export type ReliefIdKind = "RR" | "MP" | "MA";

const SEQUENCE_DIGITS = 8;

export function reliefIdPrefix(region: Region, kind: ReliefIdKind): string {
  return `${regionTag(region)}-${kind}-`;
}

/** The id after `latest` (the greatest id with this prefix, or null for the first). */
export function nextReliefId(region: Region, kind: ReliefIdKind, latest: string | null): string {
  const prefix = reliefIdPrefix(region, kind);
  const current = latest ? Number(latest.slice(prefix.length)) : 0;
  return prefix + String((Number.isFinite(current) ? current : 0) + 1).padStart(SEQUENCE_DIGITS, "0");
}

/** A unique-constraint violation (another process took the id first): retry with the next one. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}
