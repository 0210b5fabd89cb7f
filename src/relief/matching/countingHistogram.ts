// Counts of values in fixed-width bins, answering "how many lie in [lo, hi]" in O(1) from prefix
// sums rebuilt lazily after inserts. Hand-written: it is a dozen lines, and the u of every numeric
// comparison is read from one of these for every pair a block scan weighs (tens of thousands per
// query), so the read must be two array loads.

export class CountingHistogram {
  private readonly counts: Float64Array;
  private readonly prefix: Float64Array;
  private dirty = false;
  private count = 0;

  constructor(
    private readonly origin: number,
    private readonly binWidth: number,
    private readonly bins: number,
  ) {
    this.counts = new Float64Array(bins);
    this.prefix = new Float64Array(bins + 1);
  }

  get total(): number {
    return this.count;
  }

  private binOf(value: number): number {
    return Math.min(this.bins - 1, Math.max(0, Math.floor((value - this.origin) / this.binWidth)));
  }

  add(value: number, weight = 1): void {
    this.count += weight;
    this.counts[this.binOf(value)] += weight;
    this.dirty = true;
  }

  private refresh(): void {
    let sum = 0;
    for (let i = 0; i < this.bins; i++) {
      this.prefix[i] = sum;
      sum += this.counts[i];
    }
    this.prefix[this.bins] = sum;
    this.dirty = false;
  }

  /** Count of values in [lo, hi], at bin resolution. */
  countBetween(lo: number, hi: number): number {
    if (hi < lo) return 0;
    if (this.dirty) this.refresh();
    return this.prefix[this.binOf(hi) + 1] - this.prefix[this.binOf(lo)];
  }

  /** Share of all values in [lo, hi]; 0 when empty. */
  shareBetween(lo: number, hi: number): number {
    return this.count === 0 ? 0 : this.countBetween(lo, hi) / this.count;
  }
}
