import { setImmediate } from "node:timers/promises";
import { Index, MetricKind, ScalarKind } from "usearch";

// Approximate nearest neighbours over face-photo embeddings (usearch HNSW), partitioned.
// One graph over a million unstructured vectors finds the source vector in its top ten only about
// two times in three (measured here); graphs of a few tens of thousands find it almost always.
// So the embeddings are split by the blocking the engine uses anyway — gender and an age band —
// and a query searches only the partitions its person could be in, each with a generous ef.

/**
 * Vectors added to a graph per turn of the event loop in flushInSlices. Into graphs of a million
 * records' faces a slice of 2,000 held the loop for 1–5 s (a node's /healthz sampled every second
 * while it warmed up); 250 keeps a slice to a few hundred milliseconds.
 */
const FLUSH_SLICE = 250;

export interface FaceNeighbourOptions {
  connectivity: number;
  expansionAdd: number;
  expansionSearch: number;
  /**
   * Threads for batched inserts. One by default: with two, vectors are inserted in whatever order
   * the threads reach them, so two processes over the same rows build different graphs, propose
   * different pairs to the fit and rank the same search with different weights (bench S2 caught
   * it; test/relief/matching/faceNeighbourDeterminism.test.ts). One thread takes ~1.8× the wall
   * time to build (60,000 vectors: 6.4 s against 3.5 s, the same CPU) and leaves the other core
   * to the requests a warming node keeps answering.
   */
  buildThreads: number;
}

export const DEFAULT_FACE_NEIGHBOUR_OPTIONS: FaceNeighbourOptions = {
  connectivity: 16,
  expansionAdd: 64,
  expansionSearch: 64,
  buildThreads: 1,
};

interface Partition {
  index: Index;
  pendingKeys: number[];
  pendingVectors: Float32Array[];
}

export interface FaceNeighbour {
  key: number;
  similarity: number;
}

export class FaceNeighbourIndex {
  private readonly partitions = new Map<string, Partition>();
  private dimensions = 0;

  constructor(private readonly options: FaceNeighbourOptions = DEFAULT_FACE_NEIGHBOUR_OPTIONS) {}

  get size(): number {
    let n = 0;
    for (const p of this.partitions.values()) n += p.index.size() + p.pendingKeys.length;
    return n;
  }

  /** Queues a unit vector under an integer key; it is searchable after the next flush (searches flush). */
  add(partitionKey: string, key: number, vector: Float32Array): void {
    if (this.dimensions === 0) this.dimensions = vector.length;
    if (vector.length !== this.dimensions) return;
    let partition = this.partitions.get(partitionKey);
    if (!partition) {
      partition = {
        index: new Index({
          dimensions: this.dimensions,
          metric: MetricKind.Cos,
          // Half precision halves the graph's vectors; exact cosines come from the profiles.
          quantization: ScalarKind.F16,
          connectivity: this.options.connectivity,
          expansion_add: this.options.expansionAdd,
          expansion_search: this.options.expansionSearch,
          multi: false,
        }),
        pendingKeys: [],
        pendingVectors: [],
      };
      this.partitions.set(partitionKey, partition);
    }
    partition.pendingKeys.push(key);
    partition.pendingVectors.push(vector);
  }

  flush(): void {
    for (const partition of this.partitions.values()) this.flushPartition(partition);
  }

  /**
   * flush() without holding the event loop: at most `sliceSize` vectors added to a graph at a
   * time, a turn of the event loop between. A node's warm-up builds its graphs this way: built in
   * one call, a million records' graphs held the loop for minutes. HNSW graphs grow by insertion,
   * so a graph built in slices is as approximate as one built at once.
   */
  async flushInSlices(sliceSize = FLUSH_SLICE): Promise<void> {
    for (const partition of this.partitions.values()) {
      while (partition.pendingKeys.length > 0) {
        this.flushPartition(partition, sliceSize);
        await setImmediate();
      }
    }
  }

  private flushPartition(partition: Partition, limit = Number.POSITIVE_INFINITY): void {
    const count = Math.min(partition.pendingKeys.length, limit);
    if (count === 0) return;
    const keys = BigUint64Array.from(partition.pendingKeys.slice(0, count), (k) => BigInt(k));
    const matrix = new Float32Array(count * this.dimensions);
    for (let i = 0; i < count; i++) matrix.set(partition.pendingVectors[i], i * this.dimensions);
    // Always the same thread count: usearch reserves one slot per thread only when an add outgrows
    // the capacity, so a single-vector add with 1 thread could leave a graph with one slot, and a
    // later add with 2 threads that fits failed at random with "Reserve capacity ahead of
    // insertions!" (seen once in a test run of a refit's search).
    partition.index.add(keys, matrix, this.options.buildThreads);
    partition.pendingKeys = partition.pendingKeys.slice(count);
    partition.pendingVectors = partition.pendingVectors.slice(count);
  }

  /** The k nearest in each named partition, merged, most similar first. */
  search(vector: Float32Array, partitionKeys: readonly string[], k: number): FaceNeighbour[] {
    if (vector.length !== this.dimensions) return [];
    const found: FaceNeighbour[] = [];
    for (const partitionKey of partitionKeys) {
      const partition = this.partitions.get(partitionKey);
      if (!partition) continue;
      this.flushPartition(partition);
      if (partition.index.size() === 0) continue;
      // Each partition gives its share of k (at least 10): the best faces sit in one or two partitions.
      const share = Math.max(10, Math.ceil((2 * k) / partitionKeys.length));
      const matches = partition.index.search(vector, Math.min(share, partition.index.size()), 1);
      for (let i = 0; i < matches.keys.length; i++) {
        found.push({ key: Number(matches.keys[i]), similarity: 1 - matches.distances[i] });
      }
    }
    return found.sort((a, b) => b.similarity - a.similarity).slice(0, k);
  }
}
