// The Fellegi–Sunter parameters of family search, in one place.
//
// m (the probability of a comparison level among TRUE matches) comes from what is known about how
// relief records go wrong — staff write a name as heard, misjudge age by about eight years pulling
// toward the middle, measure height within a few centimetres, and a person drifts away from where
// they were lost. u (the probability of the level among NON-matches) is never set here: it is
// measured from the data each time (term frequencies, histograms of ages, heights, dates and
// areas), so a rare surname agreeing weighs more than 李 or 王, and an age match in a crowded age
// band less than in a sparse one.

export const NAME_LEVELS = [
  "EXACT",
  "SAME_PINYIN",
  "SAME_PINYIN_TONELESS",
  "DIALECT_MERGER",
  "POLYPHONE_READING",
  "PINYIN_EDIT",
  "GIVEN_NAME_ONLY",
  "NICKNAME",
  "INITIALS",
  "SURNAME_ONLY",
  "DISAGREE",
] as const;
export type NameLevel = (typeof NAME_LEVELS)[number];

/**
 * The first six levels are for a report that lists features (m sums to one over them), the last
 * two for one that lists none: what the record lists then says something too, since families
 * name the marks a person has and stations note most of them.
 */
export const FEATURE_LEVELS = ["SHARED_1", "SHARED_2", "SHARED_3", "SHARED_KIND", "NONE_SHARED", "RECORD_LISTS_NONE", "REPORT_LISTS_NONE", "NEITHER_LISTS"] as const;
/** Which of the two groups above each level belongs to (the report lists features: 0; it lists none: 1). */
export const FEATURE_LEVEL_GROUPS: readonly number[] = [0, 0, 0, 0, 0, 0, 1, 1];
export type FeatureLevel = (typeof FEATURE_LEVELS)[number];

export interface MatchParameters {
  /** Prior share of reports that have their person among the candidates at all. */
  matchRate: number;
  name: Record<NameLevel, number>;
  age: {
    /** Apparent age = true + pull·(pivot − true) + N(0, sigma): people pull guesses toward the middle. */
    pull: number;
    pivot: number;
    sigma: number;
    /** Level edges in multiples of sigma. */
    bands: readonly number[];
    /** m per level when fitted from the data (see matchParameterFit); else the gaussian band masses. */
    levelM?: readonly number[];
  };
  height: {
    /** Measurement and reporting error, cm (one sigma). */
    sigma: number;
    /** Extra uncertainty per cm of expected growth (children grow at different rates). */
    growthSpread: number;
    bands: readonly number[];
    /** m per level when fitted from the data; else the gaussian band masses. */
    levelM?: readonly number[];
  };
  time: {
    /** [upper bound in days of found − last seen, m]; ordered; the last bound is +Infinity. */
    levels: readonly (readonly [string, number, number])[];
  };
  geography: {
    /**
     * [name, upper distance km, share of the nearby kernel]; SAME_COUNTY is the same division.
     * m of a level is localShare · kernel + (1 − localShare) · u: a person is found near where they
     * were lost, or anywhere at all — then no likelier in one place than anybody else.
     */
    levels: readonly (readonly [string, number, number])[];
    localShare: number;
    /**
     * m per distance band when fitted from the data (see matchParameterFit): replaces the kernel
     * mix, which assumes a person is found either near where they were lost or anywhere at all,
     * and so cannot follow a population that drifts a province away more often than that.
     */
    levelM?: readonly number[];
  };
  dialect: { SAME: number; SAME_GROUP: number; SAME_FAMILY: number; DIFFERENT: number };
  placeNames: { COUNTY_NAMED: number; CITY_NAMED: number; NOT_NAMED: number };
  features: {
    /** Probability a true feature is recorded on both sides. */
    sharedToken: number;
    /** Probability the two sides name only the same kind of feature (a scar, but not where). */
    sharedCategory: number;
    /** Probability both sides list features and none overlaps. */
    noneShared: number;
    /** Probability the record lists no feature when the report lists some (the station noted none of them). */
    recordListsNone: number;
    /** Probability the record lists features when the report lists none (a mark the family did not mention, or a wrong one). */
    reportListsNone: number;
    /** At most this many shared tokens count (they are not independent). */
    maxCounted: number;
    /** m per level when fitted from the data: replaces the three shares above. */
    levelM?: Readonly<Record<FeatureLevel, number>>;
  };
  /**
   * The record's noted condition (mental state / intellect) has no counterpart in a report, but
   * the people families report missing (the confused elderly, the intellectually disabled) are
   * not the people stations mostly take in: m per condition is the share among true matches,
   * fitted from the data only (see matchParameterFit). Without a fit m = u and it weighs nothing.
   */
  condition: { levelM?: Readonly<Record<string, number>> };
  face: {
    /** [name, lowest cosine similarity, m]; ordered from the strongest level. */
    levels: readonly (readonly [string, number, number])[];
  };
  /** P(identity numbers equal | same person), when both sides have one (typos aside). */
  identityNumber: { SAME: number };
  /** Floor for every measured u, so an unseen value cannot weigh without limit. */
  minimumU: number;
}

/**
 * Time levels with m from a log-normal delay: [FOUND_LONG_BEFORE ≤ −31, FOUND_SHORTLY_BEFORE ≤ −1,
 * then the given upper bounds in days]. A share `uniformTail` of people is spread evenly over ten
 * years instead (LATER gets a tenth of a decade's share).
 */
export function logNormalDelayLevels(
  bounds: readonly (readonly [string, number])[],
  delay: { medianDays: number; sigma: number; foundLongBefore: number; foundShortlyBefore: number; uniformTail: number },
): [string, number, number][] {
  const cdf = (days: number) => (days < 0 ? 0 : normalCdf((Math.log(days + 0.5) - Math.log(delay.medianDays)) / delay.sigma));
  const DECADE = 3652;
  let lower = -1;
  const raw = bounds.map(([name, upper]) => {
    const logNormal = upper === Infinity ? 1 - cdf(lower) : cdf(upper) - cdf(lower);
    const uniform = upper === Infinity ? 0.1 : (Math.min(upper, DECADE) - Math.max(lower, -1)) / DECADE;
    lower = upper;
    return [name, upper, (1 - delay.uniformTail) * logNormal + delay.uniformTail * uniform] as [string, number, number];
  });
  const after = 1 - delay.foundLongBefore - delay.foundShortlyBefore;
  const total = raw.reduce((sum, [, , m]) => sum + m, 0);
  return [
    ["FOUND_LONG_BEFORE", -31, delay.foundLongBefore],
    ["FOUND_SHORTLY_BEFORE", -1, delay.foundShortlyBefore],
    ...raw.map(([name, upper, m]): [string, number, number] => [name, upper, (after * m) / total]),
  ];
}

export const DEFAULT_MATCH_PARAMETERS: MatchParameters = {
  matchRate: 0.5,
  // Relief registers: about half the names given are written right; partial names (the given
  // name alone, 张娃) and familiar forms (小明, 明娃) make up a fifth.
  name: {
    EXACT: 0.45,
    SAME_PINYIN: 0.05,
    SAME_PINYIN_TONELESS: 0.06,
    DIALECT_MERGER: 0.07,
    POLYPHONE_READING: 0.03,
    PINYIN_EDIT: 0.04,
    GIVEN_NAME_ONLY: 0.07,
    NICKNAME: 0.09,
    INITIALS: 0.01,
    SURNAME_ONLY: 0.05,
    DISAGREE: 0.08,
  },
  age: { pull: 0.25, pivot: 45, sigma: 6, bands: [0.5, 1, 2, 3] },
  // A station measures within ~3 cm and a family remembers within ~2 cm: √(3² + 2²) ≈ 3.6.
  height: { sigma: 3.6, growthSpread: 0.25, bands: [1, 2, 3] },
  // Delays from last seen to found are log-normal with a median of a month; a last contact
  // reported a few days late is the usual way a person is "found before" they went missing; a few
  // wander for years (a uniform tail keeps long delays possible, never a veto).
  time: {
    levels: logNormalDelayLevels(
      [
        ["WITHIN_3_DAYS", 3],
        ["WITHIN_A_WEEK", 7],
        ["WITHIN_TWO_WEEKS", 14],
        ["WITHIN_A_MONTH", 30],
        ["WITHIN_TWO_MONTHS", 61],
        ["WITHIN_THREE_MONTHS", 91],
        ["WITHIN_HALF_A_YEAR", 182],
        ["WITHIN_A_YEAR", 365],
        ["WITHIN_TWO_YEARS", 730],
        ["WITHIN_TEN_YEARS", 3652],
        ["LATER", Infinity],
      ],
      { medianDays: 30, sigma: 1, foundLongBefore: 0.005, foundShortlyBefore: 0.02, uniformTail: 0.03 },
    ),
  },
  geography: {
    levels: [
      ["SAME_COUNTY", 0, 0.55],
      ["WITHIN_50_KM", 50, 0.2],
      ["WITHIN_150_KM", 150, 0.13],
      ["WITHIN_350_KM", 350, 0.08],
      ["FARTHER", Infinity, 0.04],
    ],
    localShare: 0.5,
  },
  // Stations note the right accent about four times in five when they note one.
  dialect: { SAME: 0.75, SAME_GROUP: 0.08, SAME_FAMILY: 0.07, DIFFERENT: 0.1 },
  // A place a confused person names is most often home.
  placeNames: { COUNTY_NAMED: 0.6, CITY_NAMED: 0.15, NOT_NAMED: 0.25 },
  // A station notes most marks a family names; when the family names none, the person mostly has none.
  features: { sharedToken: 0.6, sharedCategory: 0.15, noneShared: 0.25, recordListsNone: 0.25, reportListsNone: 0.25, maxCounted: 3 },
  face: {
    levels: [
      // Two photos of one person under a usable face model: cosine mostly 0.75–0.95.
      ["VERY_SIMILAR", 0.9, 0.3],
      ["SIMILAR", 0.8, 0.5],
      ["SOMEWHAT_SIMILAR", 0.7, 0.15],
      ["WEAKLY_SIMILAR", 0.55, 0.03],
      ["UNLIKE", 0.4, 0.01],
      ["DIFFERENT", -Infinity, 0.01],
    ],
  },
  condition: {},
  identityNumber: { SAME: 0.995 },
  minimumU: 1e-7,
};

/** Fellegi–Sunter weight of a level in bits. */
export function bits(m: number, u: number, minimumU: number): number {
  return Math.log2(Math.max(m, 1e-12) / Math.max(u, minimumU));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf), for m of the gaussian windows. */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * u of a gaussian-window level: the share of the population inside that level's ring around the
 * expected value (|x − expected| between the previous band and this one, in sigmas), or outside
 * the last band for the last level; never below `floor`.
 */
export function bandRingShare(
  level: number,
  bands: readonly number[],
  expected: number,
  sigma: number,
  shareBetween: (lo: number, hi: number) => number,
  floor: number,
): number {
  const within = (k: number) => (k < 0 ? 0 : shareBetween(expected - bands[k] * sigma, expected + bands[k] * sigma));
  const share = level >= bands.length ? 1 - within(bands.length - 1) : within(level) - within(level - 1);
  return Math.max(share, floor);
}

/** m of each band of |z| for a gaussian error: P(|z| ≤ b1), P(b1 < |z| ≤ b2), …, P(|z| > last). */
export function gaussianBandMasses(bands: readonly number[]): number[] {
  const masses: number[] = [];
  let previous = 0;
  for (const band of bands) {
    const inside = 2 * normalCdf(band) - 1;
    masses.push(inside - previous);
    previous = inside;
  }
  masses.push(1 - previous);
  return masses;
}
