import DataLoader from "dataloader";

/**
 * Keys per batched query. SQLite refuses a statement with more than 32766 bound parameters, and
 * Prisma cannot split an ordered `IN` list itself: a 1,000-row page asking for members failed
 * with INTERNAL_SERVER_ERROR at ~997 households. 500 keeps every `IN` list far inside that
 * limit while a page of the default size (100) still costs one query per relation.
 */
export const MAX_KEYS_PER_QUERY = 500;

/** A per-request DataLoader whose batches never exceed what one database statement can bind. */
export function databaseBatchLoader<K, V>(load: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
  return new DataLoader<K, V>(load, { maxBatchSize: MAX_KEYS_PER_QUERY });
}
