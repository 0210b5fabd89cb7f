import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { JumpableRandomGenerator } from "pure-rand/types/JumpableRandomGenerator";
import { uniformInt } from "pure-rand/distribution/uniformInt";

/**
 * Independent random streams of one seed. Each part of the synthetic data draws from its own
 * stream, so seeding only Sichuan's households gives exactly the rows that seeding both would,
 * and adding a field to the family-search persons does not shift every household.
 * The numbers are the jump counts from the seed's generator (xoroshiro128+ jumps 2^64 steps).
 */
export const RANDOM_STREAMS = {
  familySearch: 1,
  householdsCHONGQING: 2,
  householdsSICHUAN: 3,
} as const;
export type RandomStream = keyof typeof RANDOM_STREAMS;

const TWO_POW_32 = 4294967296;

/**
 * A seeded source of random choices (pure-rand's xoroshiro128+; never Math.random), with the
 * few distributions the generators need.
 */
export class SeededRandom {
  private spareNormal: number | undefined;

  private constructor(private readonly rng: JumpableRandomGenerator) {}

  static stream(seed: number, stream: RandomStream): SeededRandom {
    const rng = xoroshiro128plus(seed | 0);
    for (let i = 0; i < RANDOM_STREAMS[stream]; i++) rng.jump();
    return new SeededRandom(rng);
  }

  /**
   * Uniform in (0, 1) from one 32-bit draw. pure-rand's uniformFloat64 spends two draws for 53
   * bits; 32 bits are plenty for synthetic data and the face embeddings alone need hundreds of
   * millions of normals at the 1M-record scale. Never exactly 0, so log() is safe.
   */
  float(): number {
    return ((this.rng.next() >>> 0) + 0.5) / TWO_POW_32;
  }

  /** Integer in [from, to], both included (unbiased, pure-rand's uniformInt). */
  int(from: number, to: number): number {
    return uniformInt(this.rng, from, to);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Standard normal (Marsaglia's polar method, both values used; no trigonometry). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const scale = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * scale;
    return u * scale;
  }

  /** exp(N(mu, sigma)): waiting times with a long right tail. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** One value of a small table of [value, share] pairs, in proportion to the shares. */
  share<T>(table: ReadonlyArray<readonly [T, number]>): T {
    let target = this.float() * table.reduce((sum, [, share]) => sum + share, 0);
    for (const [value, share] of table) {
      target -= share;
      if (target < 0) return value;
    }
    return table[table.length - 1][0];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/**
 * Draws items in proportion to their weights in O(log n): cumulative sums searched by bisection.
 * Built once per table (surnames, areas), used millions of times.
 */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(private readonly items: readonly T[], weightOf: (item: T) => number) {
    if (items.length === 0) throw new Error("WeightedTable needs at least one item");
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    items.forEach((item, i) => {
      const weight = weightOf(item);
      if (!(weight >= 0)) throw new Error(`negative or missing weight for item ${i}`);
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new Error("WeightedTable weights sum to zero");
    this.total = sum;
  }

  draw(random: SeededRandom): T {
    const target = random.float() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return this.items[low];
  }
}
