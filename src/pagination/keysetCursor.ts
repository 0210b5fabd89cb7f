import { badUserInput } from "../errors";

// Keyset ("seek") pagination: a cursor is the sort key of the last row seen, so page N costs the
// same as page 1 (no OFFSET scan). Cursors are opaque to callers: base64url of a JSON tuple.

export interface PageRequest<K> {
  first: number;
  after?: K;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** Decodes a cursor whose tuple must match `shape` (e.g. ["string", "string"]). */
export function decodeCursor(cursor: string, shape: readonly ("string" | "number")[]): (string | number)[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw badUserInput("after", "not a cursor returned by this API");
  }
  const valid = Array.isArray(key) && key.length === shape.length && key.every((v, i) => typeof v === shape[i]);
  if (!valid) throw badUserInput("after", "not a cursor returned by this API");
  return key as (string | number)[];
}

/** Validates `first` (1…max, default DEFAULT_PAGE_SIZE). */
export function pageSize(first: number | null | undefined, max: number = MAX_PAGE_SIZE): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badUserInput("first", `must be between 1 and ${max}`);
  }
  return first;
}

/** Rows are fetched with take = size + 1; the extra row only tells whether a next page exists. */
export function splitPage<T>(rows: T[], size: number): { items: T[]; hasNextPage: boolean } {
  return rows.length > size ? { items: rows.slice(0, size), hasNextPage: true } : { items: rows, hasNextPage: false };
}
