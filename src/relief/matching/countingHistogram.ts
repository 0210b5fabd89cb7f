// Counts of values in fixed-width bins that grow one insert at a time and answer "how many lie in
// [lo, hi]" in O(log bins) — a Fenwick tree. Hand-written: it is twenty lines, and the u of every
// numeric comparison is read from one of these on every scored pair.

export class CountingHistogram {
  private readonly tree: Float64Array;
  private count = 0;

  constructor(
    private readonly origin: number,
    private readonly binWidth: number,
    private readonly bins: number,
  ) {
    this.tree = new Float64Array(bins + 1);
  }

  get total(): number {
    return this.count;
  }

  private binOf(value: number): number {
    return Math.min(this.bins - 1, Math.max(0, Math.floor((value - this.origin) / this.binWidth)));
  }

  add(value: number, weight = 1): void {
    this.count += weight;
    for (let i = this.binOf(value) + 1; i <= this.bins; i += i & -i) this.tree[i] += weight;
  }

  /** Count in bins 0..bin inclusive. */
  private prefix(bin: number): number {
    let sum = 0;
    for (let i = Math.min(bin, this.bins - 1) + 1; i > 0; i -= i & -i) sum += this.tree[i];
    return sum;
  }

  /** Count of values in [lo, hi], at bin resolution. */
  countBetween(lo: number, hi: number): number {
    if (hi < lo) return 0;
    const upper = this.prefix(this.binOf(hi));
    const lower = lo <= this.origin ? 0 : this.prefix(this.binOf(lo) - 1);
    return upper - lower;
  }

  /** Share of all values in [lo, hi]; 0 when empty. */
  shareBetween(lo: number, hi: number): number {
    return this.count === 0 ? 0 : this.countBetween(lo, hi) / this.count;
  }
}
