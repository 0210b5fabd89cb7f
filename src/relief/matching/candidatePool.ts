import { GrowableIntList, QueryStamps, TopScores } from "./candidateSelection";
import type { ParsedName } from "./chineseName";
import { FaceNeighbourIndex, type FaceNeighbourOptions } from "./faceNeighbourIndex";
import type { GenderCode } from "./matchProfile";
import { candidateKeys, isWeakQueryName, queryKeys } from "./nameBlockingKeys";
import { ScanBlock } from "./scanBlock";

// Candidate generation for one side (relief records, or open reports). Nothing here scans the
// whole side: a query reaches candidates through
//   - name keys (merged pinyin of the whole name, given name, masked syllable, familiar-form core),
//   - the nearest face embeddings in its gender-and-age partitions, and
//   - a scan of its gender-and-age blocks, restricted to the nameless candidates no name key can
//     reach, unless the query itself has no usable name (none, 老张, 张娃, a lone character),
// and the last two are ranked by the cheap numeric windows so only the best few hundred are fully
// scored.

export const CANDIDATE_SOURCES = ["NAME", "FACE", "DEMOGRAPHIC"] as const;
export type CandidateSource = (typeof CANDIDATE_SOURCES)[number];
const SOURCE_BIT: Record<CandidateSource, number> = { NAME: 1, FACE: 2, DEMOGRAPHIC: 4 };

export function sourcesOf(bitsSet: number): CandidateSource[] {
  return CANDIDATE_SOURCES.filter((s) => (bitsSet & SOURCE_BIT[s]) !== 0);
}

export interface CandidatePoolStrategy<C, Q> {
  /** Index full-name cores (C:) — worth it only on the smaller, report side. */
  fullNameCores: boolean;
  candidateNames(candidate: C): readonly ParsedName[];
  /** Identity number, when known: an exact key of its own. */
  candidateIdNumber(candidate: C): string | null;
  queryIdNumber(query: Q): string | null;
  queryNames(query: Q): readonly ParsedName[];
  candidateGender(candidate: C): GenderCode;
  queryGender(query: Q): GenderCode;
  /** The block a candidate sits in (an age band). */
  ageBlock(candidate: C): number;
  /** The blocks a query's person could sit in, inclusive. */
  ageBlocks(query: Q): readonly [number, number];
  /** Age blocks per face partition (coarser than blocks). */
  blocksPerFacePartition: number;
  /** The blocks whose face partitions a query searches (narrower than the scan: a face needs no wide net). */
  faceBlocks(query: Q): readonly [number, number];
  candidateEmbedding(candidate: C): Float32Array | null;
  queryEmbedding(query: Q): Float32Array | null;
  /** Cheap numeric weight of a pair, for ranking broad name keys. */
  quickWeight(query: Q, candidate: C): number;
  /** The day a candidate is sorted by in its scan block, and its scan columns (see ScanBlock). */
  scanDay(candidate: C): number;
  scanColumns(candidate: C): readonly number[];
  /** The days a query's candidates can fall on (blocking, not scoring: a generous window). */
  scanDays(query: Q): readonly [number, number];
  /** A weigher for this query over scan columns: an approximation of the pair's weight without name and face. */
  scanWeigher(query: Q): (block: ScanBlock, index: number) => number;
}

export interface CandidateLimits {
  /** Candidates kept from the block scan, best quick weight first. */
  scanKeep: number;
  /** Candidates kept from specific name keys when a common name brings more, best quick weight first. */
  nameKeyKeep: number;
  /** Candidates kept from broad name keys (masked syllable, familiar-form cores). */
  broadKeyKeep: number;
  /** Nearest faces asked for, over all searched partitions. */
  faceNeighbours: number;
}

export const DEFAULT_CANDIDATE_LIMITS: CandidateLimits = { scanKeep: 80, nameKeyKeep: 200, broadKeyKeep: 100, faceNeighbours: 40 };

const GENDER_INDEX: Record<GenderCode, number> = { MALE: 0, FEMALE: 1 };
const blockKey = (gender: GenderCode, block: number) => GENDER_INDEX[gender] * 10_000 + block;
const isBroadKey = (key: string) => key.startsWith("M:") || key.startsWith("N:") || key.startsWith("C:") || key.startsWith("S:");

export interface CandidateRows {
  rows: number[];
  /** Bit set of CandidateSource per row, parallel to rows. */
  sources: number[];
}

export class CandidatePool<C extends { id: string }, Q> {
  readonly profiles: C[] = [];
  private active = new Uint8Array(1024);
  private activeCount = 0;
  private readonly rowOfId = new Map<string, number>();
  private readonly postings = new Map<string, GrowableIntList>();
  private readonly weakBlocks = new Map<number, ScanBlock>();
  private readonly allBlocks = new Map<number, ScanBlock>();
  private readonly faces: FaceNeighbourIndex;
  private readonly stamps = new QueryStamps();
  /** Where a row stands in this query's candidate list (valid where stamped). */
  private positions = new Int32Array(1024);

  constructor(
    private readonly strategy: CandidatePoolStrategy<C, Q>,
    readonly limits: CandidateLimits = DEFAULT_CANDIDATE_LIMITS,
    faceOptions?: FaceNeighbourOptions,
  ) {
    this.faces = new FaceNeighbourIndex(faceOptions);
  }

  /** Candidates that can still be proposed. */
  get size(): number {
    return this.activeCount;
  }

  get faceCount(): number {
    return this.faces.size;
  }

  has(id: string): boolean {
    const row = this.rowOfId.get(id);
    return row !== undefined && this.active[row] === 1;
  }

  rowOf(id: string): number {
    return this.rowOfId.get(id)!;
  }

  get(id: string): C | undefined {
    const row = this.rowOfId.get(id);
    return row === undefined ? undefined : this.profiles[row];
  }

  add(candidate: C): void {
    if (this.rowOfId.has(candidate.id)) {
      this.reactivate(candidate.id);
      return;
    }
    const row = this.profiles.length;
    this.profiles.push(candidate);
    this.rowOfId.set(candidate.id, row);
    this.ensureCapacity(row + 1);
    this.active[row] = 1;
    this.activeCount += 1;
    const s = this.strategy;
    const names = s.candidateNames(candidate);
    for (const name of names) {
      for (const key of candidateKeys(name, { fullNameCores: s.fullNameCores })) this.listFor(this.postings, key).push(row);
    }
    const idNumber = s.candidateIdNumber(candidate);
    if (idNumber) this.listFor(this.postings, "I:" + idNumber).push(row);
    const gender = s.candidateGender(candidate);
    const block = s.ageBlock(candidate);
    const day = s.scanDay(candidate);
    const columns = s.scanColumns(candidate);
    this.blockFor(this.allBlocks, blockKey(gender, block)).add(row, day, columns);
    // Only the nameless are out of reach of every name key.
    if (names.length === 0) this.blockFor(this.weakBlocks, blockKey(gender, block)).add(row, day, columns);
    const embedding = s.candidateEmbedding(candidate);
    if (embedding) this.faces.add(this.facePartition(gender, block), row, embedding);
  }

  /** Inserts queued face vectors in batches (bulk loads call this once at the end). */
  flush(): void {
    this.faces.flush();
  }

  /** flush() a slice at a time, yielding to the event loop between slices (FaceNeighbourIndex.flushInSlices). */
  flushInSlices(): Promise<void> {
    return this.faces.flushInSlices();
  }

  /** No longer proposed (identified, found, closed); stays in the statistics. */
  retire(id: string): void {
    const row = this.rowOfId.get(id);
    if (row === undefined || this.active[row] === 0) return;
    this.active[row] = 0;
    this.activeCount -= 1;
  }

  private reactivate(id: string): void {
    const row = this.rowOfId.get(id)!;
    if (this.active[row] === 1) return;
    this.active[row] = 1;
    this.activeCount += 1;
  }

  private ensureCapacity(size: number): void {
    if (size <= this.active.length) return;
    const bigger = new Uint8Array(Math.max(size, this.active.length * 2));
    bigger.set(this.active);
    this.active = bigger;
  }

  private listFor<K>(map: Map<K, GrowableIntList>, key: K): GrowableIntList {
    let list = map.get(key);
    if (!list) {
      list = new GrowableIntList();
      map.set(key, list);
    }
    return list;
  }

  /** Rows of the lists, all of them if within `keep`, else the best `keep` by quick weight. */
  private ranked(query: Q, lists: readonly Int32Array[], keep: number, usable: (row: number) => boolean): number[] {
    const rows = new Set<number>();
    for (const values of lists) for (let i = 0; i < values.length; i++) if (usable(values[i])) rows.add(values[i]);
    if (rows.size <= keep) return [...rows];
    const top = new TopScores(keep);
    for (const row of rows) top.offer(row, this.strategy.quickWeight(query, this.profiles[row]));
    return top.sortedRows();
  }

  private blockFor(map: Map<number, ScanBlock>, key: number): ScanBlock {
    let block = map.get(key);
    if (!block) {
      block = new ScanBlock();
      map.set(key, block);
    }
    return block;
  }

  private facePartition(gender: GenderCode, block: number): string {
    return `${gender}:${Math.floor(block / this.strategy.blocksPerFacePartition)}`;
  }

  /** Each source can be left out (the fit of m reads the name-key pairs, then the face pairs, alone). */
  candidates(query: Q, { names: withNames = true, faces: withFaces = true, scan: withScan = true }: { names?: boolean; faces?: boolean; scan?: boolean } = {}): CandidateRows {
    const s = this.strategy;
    this.stamps.next(this.profiles.length);
    const gender = s.queryGender(query);
    const rows: number[] = [];
    const sources: number[] = [];
    if (this.positions.length < this.profiles.length) this.positions = new Int32Array(this.profiles.length * 2);
    const positions = this.positions;
    const take = (row: number, source: CandidateSource) => {
      if (this.stamps.mark(row)) {
        positions[row] = rows.length;
        rows.push(row);
        sources.push(SOURCE_BIT[source]);
      } else {
        sources[positions[row]] |= SOURCE_BIT[source];
      }
    };
    const usable = (row: number) => this.active[row] === 1 && s.candidateGender(this.profiles[row]) === gender;

    // 1. Names: specific keys in full, broad keys ranked by the numeric windows.
    const names = withNames ? s.queryNames(query) : [];
    const specificLists: Int32Array[] = [];
    const broadLists: Int32Array[] = [];
    for (const name of names) {
      for (const key of queryKeys(name, { fullNameCores: s.fullNameCores })) {
        const list = this.postings.get(key);
        if (list) (isBroadKey(key) ? broadLists : specificLists).push(list.values);
      }
    }
    // A common name (王伟) brings hundreds through its specific keys: those are ranked too.
    for (const row of this.ranked(query, specificLists, this.limits.nameKeyKeep, usable)) take(row, "NAME");
    for (const row of this.ranked(query, broadLists, this.limits.broadKeyKeep, usable)) take(row, "NAME");
    const idNumber = s.queryIdNumber(query);
    const sameNumber = idNumber && withNames ? this.postings.get("I:" + idNumber) : undefined;
    if (sameNumber) for (const row of sameNumber.values) if (usable(row)) take(row, "NAME");

    // 2. Faces, in the partitions of the query's plausible age blocks.
    const [firstBlock, lastBlock] = s.ageBlocks(query);
    const embedding = s.queryEmbedding(query);
    if (embedding && withFaces) {
      const partitions = new Set<string>();
      const [firstFaceBlock, lastFaceBlock] = s.faceBlocks(query);
      for (let b = firstFaceBlock; b <= lastFaceBlock; b++) partitions.add(this.facePartition(gender, b));
      for (const neighbour of this.faces.search(embedding, [...partitions], this.limits.faceNeighbours)) {
        if (usable(neighbour.key)) take(neighbour.key, "FACE");
      }
    }

    if (!withScan) return { rows, sources };
    // 3. Block scan: every candidate when the query has no usable name, else only the weak-named.
    const blocks = names.every(isWeakQueryName) ? this.allBlocks : this.weakBlocks;
    const scan = new TopScores(this.limits.scanKeep);
    const weigh = s.scanWeigher(query);
    const [firstDay, lastDay] = s.scanDays(query);
    for (let b = firstBlock; b <= lastBlock; b++) {
      const block = blocks.get(blockKey(gender, b));
      if (!block) continue;
      const [from, to] = block.window(firstDay, lastDay);
      const rows = block.rows;
      for (let i = from; i < to; i++) {
        const row = rows[i];
        if (this.active[row] === 0) continue;
        const weight = weigh(block, i);
        if (weight > scan.floor) scan.offer(row, weight);
      }
    }
    for (const row of scan.sortedRows()) take(row, "DEMOGRAPHIC");
    return { rows, sources };
  }
}
