// Small statistics for the benchmark report.

export function percentile(sortedValues: readonly number[], p: number): number {
  if (sortedValues.length === 0) return NaN;
  const index = Math.min(sortedValues.length - 1, Math.max(0, Math.ceil((p / 100) * sortedValues.length) - 1));
  return sortedValues[index];
}

/** Hits over a population, as a share with its count. */
export class Share {
  hits = 0;
  total = 0;

  add(hit: boolean): void {
    this.total += 1;
    if (hit) this.hits += 1;
  }

  get value(): number {
    return this.total === 0 ? NaN : this.hits / this.total;
  }

  toString(): string {
    return this.total === 0 ? "n/a" : `${this.value.toFixed(3)} (${this.hits}/${this.total})`;
  }
}

export const round = (x: number, digits = 3) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
