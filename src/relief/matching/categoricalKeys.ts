// Dense numbers for the categorical values records carry (a dialect, the list of place names
// spoken, the list of features), so a query can keep the weight of each value it has met in a
// typed array instead of a string-keyed map. Few distinct values exist (hundreds to thousands),
// so one numbering per process is enough.

export class CategoricalKeys {
  private readonly numbers = new Map<string, number>();
  private readonly values: string[] = [];

  /** The number of a value, -1 for "none" (empty). */
  numberOf(value: string | null | undefined): number {
    if (!value) return -1;
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.numbers.size;
      this.numbers.set(value, n);
      this.values.push(value);
    }
    return n;
  }

  /** The value a number stands for (undefined for -1 or a number never given out). */
  valueOf(n: number): string | undefined {
    return this.values[n];
  }

  get size(): number {
    return this.numbers.size;
  }
}

/** Feature lists, remembering the kinds each list holds (most pairs share no kind: a cheap no). */
export class FeatureListKeys extends CategoricalKeys {
  private readonly kinds: (readonly string[])[] = [];

  numberOfList(tokens: readonly string[], kinds: readonly string[]): number {
    const n = this.numberOf(tokens.join("|"));
    if (n >= 0 && this.kinds[n] === undefined) this.kinds[n] = kinds;
    return n;
  }

  kindsOf(n: number): readonly string[] {
    return this.kinds[n] ?? [];
  }
}

export const DIALECT_KEYS = new CategoricalKeys();
export const PLACE_KEYS = new CategoricalKeys();
export const FEATURE_KEYS = new FeatureListKeys();
/** Recorded conditions, "mental state / intellect" (see conditionOf). */
export const CONDITION_KEYS = new CategoricalKeys();
