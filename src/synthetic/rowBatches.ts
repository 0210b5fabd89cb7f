/**
 * Concatenates streamed batches (objects of one row array per table) into one — for tests and
 * small runs; large runs consume the streaming generators. `empty` names the tables and receives
 * the rows.
 */
export function gatherBatches<Batch extends { [Table in keyof Batch]: unknown[] }>(batches: Iterable<Batch>, empty: Batch): Batch {
  const tables = Object.keys(empty) as Array<keyof Batch>;
  for (const batch of batches) {
    for (const table of tables) {
      const target = empty[table];
      for (const row of batch[table]) target.push(row);
    }
  }
  return empty;
}
