import { GrowableIntList, QueryStamps, TopScores } from "./candidateSelection";
import type { ParsedName } from "./chineseName";
import { FaceNeighbourIndex, type FaceNeighbourOptions } from "./faceNeighbourIndex";
import type { GenderCode } from "./matchProfile";
import { candidateKeys, isWeakQueryName, queryKeys } from "./nameBlockingKeys";

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
  queryNames(query: Q): readonly ParsedName[];
  candidateGender(candidate: C): GenderCode;
  queryGender(query: Q): GenderCode;
  /** The block a candidate sits in (an age band). */
  ageBlock(candidate: C): number;
  /** The blocks a query's person could sit in, inclusive. */
  ageBlocks(query: Q): readonly [number, number];
  /** Age blocks per face partition (coarser than blocks). */
  blocksPerFacePartition: number;
  candidateEmbedding(candidate: C): Float32Array | null;
  queryEmbedding(query: Q): Float32Array | null;
  /** Cheap numeric weight of a pair, for ranking scans and broad keys. */
  quickWeight(query: Q, candidate: C): number;
}

export interface CandidateLimits {
  /** Candidates kept from the block scan, best quick weight first. */
  scanKeep: number;
  /** Candidates kept from broad name keys (masked syllable, familiar-form cores). */
  broadKeyKeep: number;
  /** Nearest faces asked for, over all searched partitions. */
  faceNeighbours: number;
}

export const DEFAULT_CANDIDATE_LIMITS: CandidateLimits = { scanKeep: 200, broadKeyKeep: 300, faceNeighbours: 40 };

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
  private readonly weakBlocks = new Map<number, GrowableIntList>();
  private readonly allBlocks = new Map<number, GrowableIntList>();
  private readonly faces: FaceNeighbourIndex;
  private readonly stamps = new QueryStamps();

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
    const gender = s.candidateGender(candidate);
    const block = s.ageBlock(candidate);
    this.listFor(this.allBlocks, blockKey(gender, block)).push(row);
    // Only the nameless are out of reach of every name key.
    if (names.length === 0) this.listFor(this.weakBlocks, blockKey(gender, block)).push(row);
    const embedding = s.candidateEmbedding(candidate);
    if (embedding) this.faces.add(this.facePartition(gender, block), row, embedding);
  }

  /** Inserts queued face vectors in batches (bulk loads call this once at the end). */
  flush(): void {
    this.faces.flush();
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

  private facePartition(gender: GenderCode, block: number): string {
    return `${gender}:${Math.floor(block / this.strategy.blocksPerFacePartition)}`;
  }

  candidates(query: Q): CandidateRows {
    const s = this.strategy;
    this.stamps.next(this.profiles.length);
    const gender = s.queryGender(query);
    const rows: number[] = [];
    const sources: number[] = [];
    const positionOf = new Map<number, number>();
    const take = (row: number, source: CandidateSource) => {
      if (this.stamps.mark(row)) {
        positionOf.set(row, rows.length);
        rows.push(row);
        sources.push(SOURCE_BIT[source]);
      } else {
        const at = positionOf.get(row);
        if (at !== undefined) sources[at] |= SOURCE_BIT[source];
      }
    };
    const usable = (row: number) => this.active[row] === 1 && s.candidateGender(this.profiles[row]) === gender;

    // 1. Names: specific keys in full, broad keys ranked by the numeric windows.
    const names = s.queryNames(query);
    const broad = new TopScores(this.limits.broadKeyKeep);
    const broadSeen = new Set<number>();
    for (const name of names) {
      for (const key of queryKeys(name, { fullNameCores: s.fullNameCores })) {
        const list = this.postings.get(key);
        if (!list) continue;
        const values = list.values;
        if (isBroadKey(key)) {
          for (let i = 0; i < values.length; i++) {
            const row = values[i];
            if (!usable(row) || broadSeen.has(row)) continue;
            broadSeen.add(row);
            broad.offer(row, s.quickWeight(query, this.profiles[row]));
          }
        } else {
          for (let i = 0; i < values.length; i++) if (usable(values[i])) take(values[i], "NAME");
        }
      }
    }
    for (const row of broad.sortedRows()) take(row, "NAME");

    // 2. Faces, in the partitions of the query's plausible age blocks.
    const [firstBlock, lastBlock] = s.ageBlocks(query);
    const embedding = s.queryEmbedding(query);
    if (embedding) {
      const partitions = new Set<string>();
      for (let b = firstBlock; b <= lastBlock; b++) partitions.add(this.facePartition(gender, b));
      for (const neighbour of this.faces.search(embedding, [...partitions], this.limits.faceNeighbours)) {
        if (usable(neighbour.key)) take(neighbour.key, "FACE");
      }
    }

    // 3. Block scan: every candidate when the query has no usable name, else only the weak-named.
    const blocks = names.every(isWeakQueryName) ? this.allBlocks : this.weakBlocks;
    const scan = new TopScores(this.limits.scanKeep);
    for (let b = firstBlock; b <= lastBlock; b++) {
      const list = blocks.get(blockKey(gender, b));
      if (!list) continue;
      const values = list.values;
      for (let i = 0; i < values.length; i++) {
        const row = values[i];
        if (this.active[row] === 0) continue;
        const weight = s.quickWeight(query, this.profiles[row]);
        if (weight > scan.floor) scan.offer(row, weight);
      }
    }
    for (const row of scan.sortedRows()) take(row, "DEMOGRAPHIC");
    return { rows, sources };
  }
}
