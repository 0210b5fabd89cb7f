import { FaceNeighbourIndex } from "../../../src/relief/matching/faceNeighbourIndex";

// Two processes of one province (a node scaled out, or a node and its restart) build their face
// graphs from the same rows; the m the fit learns depends on the pairs the graphs propose, so
// graphs that differed would rank the same search differently in each process. The bench's S2
// caught it: with two build threads the graphs — and from rank 6 the weights — differed from
// process to process (docs/performance.md).

const DIMENSIONS = 32;
const VECTORS = 6_000;
const QUERIES = 300;

/** Deterministic pseudo-random unit vectors (a fixed LCG: the same on every run). */
function vectors(count: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: DIMENSIONS }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

async function built(rows: readonly Float32Array[]): Promise<FaceNeighbourIndex> {
  const index = new FaceNeighbourIndex();
  rows.forEach((vector, key) => index.add(`P${key % 3}`, key, vector));
  await index.flushInSlices();
  return index;
}

describe("FaceNeighbourIndex", () => {
  it("builds the same graph from the same rows: two indexes answer every query identically", async () => {
    const rows = vectors(VECTORS, 7);
    const [a, b] = [await built(rows), await built(rows)];
    const partitions = ["P0", "P1", "P2"];
    const differing = vectors(QUERIES, 11).filter((q) => {
      const [x, y] = [a.search(q, partitions, 20), b.search(q, partitions, 20)];
      return JSON.stringify(x) !== JSON.stringify(y);
    });
    expect(differing).toHaveLength(0);
  });
});
