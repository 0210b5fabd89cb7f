import { entryHashOf, genesisHashOf, type AppendReceipt } from "../../../src/audit";

interface StoredEntryRow {
  id: number;
  entryHash: string;
  previousHash: string;
  recordedAt: Date;
}

/**
 * The rows of one writer, in sequence order, form its chain: each links to the one before (the
 * first to the writer's genesis), each hash recomputes from its columns, and each matches the
 * receipt its append resolved with — hash and time.
 */
export function expectStoredChain(writerId: string, rows: readonly StoredEntryRow[], receipts: readonly AppendReceipt[]): void {
  expect(rows).toHaveLength(receipts.length);
  let previous = genesisHashOf(writerId);
  for (const [i, row] of rows.entries()) {
    const { id: _id, entryHash, ...unhashed } = row;
    expect(row.previousHash).toBe(previous);
    expect(entryHashOf(unhashed as Parameters<typeof entryHashOf>[0])).toBe(entryHash);
    expect(entryHash).toBe(receipts[i].entryHash);
    expect(row.recordedAt.getTime()).toBe(receipts[i].recordedAt.getTime());
    previous = entryHash;
  }
}
