// One block of the demographic scan (a gender and an age band), stored as columns in the block's
// own order and kept sorted by day, so a query reads one contiguous day window of plain int
// arrays — at a million records a scan that chased row objects spent its time in cache misses.

export const SCAN_COLUMN_COUNT = 8;

export class ScanBlock {
  private capacity = 16;
  length = 0;
  rows = new Int32Array(this.capacity);
  days = new Int32Array(this.capacity);
  /** Attribute columns, meaning fixed by the pool's strategy. */
  columns: Int32Array[] = Array.from({ length: SCAN_COLUMN_COUNT }, () => new Int32Array(this.capacity));
  private sorted = true;

  add(row: number, day: number, values: readonly number[]): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    if (i > 0 && day < this.days[i - 1]) this.sorted = false;
    this.rows[i] = row;
    this.days[i] = day;
    for (let c = 0; c < SCAN_COLUMN_COUNT; c++) this.columns[c][i] = values[c] ?? 0;
  }

  private grow(): void {
    this.capacity *= 2;
    const widen = (a: Int32Array) => {
      const b = new Int32Array(this.capacity);
      b.set(a);
      return b;
    };
    this.rows = widen(this.rows);
    this.days = widen(this.days);
    this.columns = this.columns.map(widen);
  }

  /** Sorts by day when inserts arrived out of order (bulk loads; a record found late). */
  private ensureSorted(): void {
    if (this.sorted) return;
    const n = this.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.days[a] - this.days[b]);
    const permute = (a: Int32Array) => {
      const b = new Int32Array(a.length);
      for (let i = 0; i < n; i++) b[i] = a[order[i]];
      return b;
    };
    this.rows = permute(this.rows);
    this.days = permute(this.days);
    this.columns = this.columns.map(permute);
    this.sorted = true;
  }

  /** Index range [from, to) of entries whose day lies in [firstDay, lastDay]. */
  window(firstDay: number, lastDay: number): [number, number] {
    this.ensureSorted();
    return [this.lowerBound(firstDay), this.lowerBound(lastDay + 1)];
  }

  private lowerBound(day: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.days[mid] < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
