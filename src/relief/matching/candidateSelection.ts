// Small structures for candidate generation over a million rows without allocating per row.

/** An int list that grows by doubling (bucket and posting storage). */
export class GrowableIntList {
  private data = new Int32Array(4);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get values(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** "Seen in this query" marks: a stamp per row, so no Set is built per query. */
export class QueryStamps {
  private stamps = new Uint32Array(1024);
  private current = 0;

  next(size: number): void {
    if (size > this.stamps.length) {
      const bigger = new Uint32Array(Math.max(size, this.stamps.length * 2));
      bigger.set(this.stamps);
      this.stamps = bigger;
    }
    this.current += 1;
    if (this.current === 0xffffffff) {
      this.stamps.fill(0);
      this.current = 1;
    }
  }

  /** Marks the row; true if it was not yet marked in this query. */
  mark(row: number): boolean {
    if (this.stamps[row] === this.current) return false;
    this.stamps[row] = this.current;
    return true;
  }
}

/** Keeps the `capacity` rows with the highest scores (a min-heap on score). */
export class TopScores {
  private readonly rows: Int32Array;
  private readonly scores: Float64Array;
  size = 0;

  constructor(readonly capacity: number) {
    this.rows = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  /** The score a row must beat to enter (−Infinity while not full). */
  get floor(): number {
    return this.size < this.capacity ? -Infinity : this.scores[0];
  }

  offer(row: number, score: number): void {
    if (this.size < this.capacity) {
      let i = this.size++;
      this.rows[i] = row;
      this.scores[i] = score;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent] <= this.scores[i]) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    if (score <= this.scores[0]) return;
    this.rows[0] = row;
    this.scores[0] = score;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.size && this.scores[left] < this.scores[smallest]) smallest = left;
      if (right < this.size && this.scores[right] < this.scores[smallest]) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const row = this.rows[a];
    this.rows[a] = this.rows[b];
    this.rows[b] = row;
    const score = this.scores[a];
    this.scores[a] = this.scores[b];
    this.scores[b] = score;
  }

  /** Rows, best first. */
  sortedRows(): number[] {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.scores[b] - this.scores[a]);
    return order.map((i) => this.rows[i]);
  }
}
