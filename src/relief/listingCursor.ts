import { badUserInput } from "../errors";

// Keyset cursors: the sort key of the last item, base64url-encoded so callers treat it as opaque.
// A keyset (not an offset) keeps every page an index range scan however deep the caller pages.

export interface ListingPosition {
  sortKey: string;
  id: string;
}

export function encodeCursor(position: ListingPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.id]), "utf8").toString("base64url");
}

/** Decodes a cursor given as the argument `field`; anything not made by encodeCursor is bad input. */
export function decodeCursor(cursor: string, field: string): ListingPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badUserInput(field, "is not a cursor returned by this listing");
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || !parsed.every((p) => typeof p === "string")) {
    throw badUserInput(field, "is not a cursor returned by this listing");
  }
  return { sortKey: parsed[0], id: parsed[1] };
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function pageSize(first: number | undefined | null, field = "first"): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(field, `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}
