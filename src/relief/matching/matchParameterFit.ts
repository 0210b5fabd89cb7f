import { AGE_LEVELS, ageMasses } from "./ageWindow";
import type { AttributeComparison } from "./attributeComparison";
import { conditionGroups } from "./conditionComparison";
import { featureM } from "./featureComparison";
import { HEIGHT_LEVELS, heightMasses } from "./heightWindow";
import { FEATURE_LEVEL_GROUPS, FEATURE_LEVELS, NAME_LEVELS, type FeatureLevel, type MatchParameters, type NameLevel } from "./matchParameters";

// m probabilities fitted on the node's own candidate pairs instead of hand-set priors. u stays
// measured per pair (term frequencies, histograms); only m is fitted. Geography is fitted per
// distance band only with the other province's pairs in the sample (FamilySearchEngine
// fitParameters with a peer): a node alone sees only the true pairs found in its own province,
// and fitted there it learns "found nearby" from a sample that excludes the cross-border finds.
//
// EM as Splink runs it, in sessions (see below), each over the pairs one candidate source
// proposed, restricted to those the session's anchors — the attributes it does not fit, with the
// prior odds — already give at least anchorLogOdds (−6 bits, one in 65). EM then iterates over
// those pairs only: E — each pair's posterior from the anchors and the current m; M — each level's
// m, the posterior-weighted share of pairs at that level, smoothed toward the prior and floored.
// Iterating over every name-key pair instead (no anchor restriction) was tried first and drifted
// (100k records: m of "found long before" rose from 0.005 to 0.11 and "face different" to 0.34 as
// the thousands of name-alike non-matches fed back into the m that raised them; recall@10 of
// nameless reports fell from 0.72 to 0.62). No labels are read.

export const FITTABLE_ATTRIBUTES = ["NAME", "AGE", "HEIGHT", "TIME", "GEOGRAPHY", "DIALECT", "PLACE_NAMES", "FEATURES", "CONDITION", "FACE"] as const;
export type FittedAttribute = (typeof FITTABLE_ATTRIBUTES)[number];

/**
 * The two sessions, as Splink runs them: pairs the name keys proposed fix the name's m and fit
 * the rest; pairs the face index proposed (nearest photos, whatever the names) fit the name's m,
 * anchored on everything else as the first session left it.
 */
export const NAME_KEY_SESSION: readonly FittedAttribute[] = ["AGE", "HEIGHT", "TIME", "GEOGRAPHY", "DIALECT", "PLACE_NAMES", "FEATURES", "CONDITION", "FACE"];
export const FACE_SESSION: readonly FittedAttribute[] = ["NAME"];

/** Level names of each fitted attribute, in the order its m is stored in the parameters. */
export function levelNames(parameters: MatchParameters): Record<FittedAttribute, readonly string[]> {
  return {
    NAME: NAME_LEVELS,
    AGE: AGE_LEVELS,
    HEIGHT: HEIGHT_LEVELS,
    TIME: parameters.time.levels.map(([name]) => name),
    GEOGRAPHY: parameters.geography.levels.map(([name]) => name),
    DIALECT: ["SAME", "SAME_GROUP", "SAME_FAMILY", "DIFFERENT"],
    PLACE_NAMES: ["COUNTY_NAMED", "CITY_NAMED", "NOT_NAMED"],
    FEATURES: FEATURE_LEVELS,
    // The conditions the data note, as the fit's starting point lists them (see conditionPrior).
    CONDITION: Object.keys(parameters.condition.levelM ?? {}),
    FACE: parameters.face.levels.map(([name]) => name),
  };
}

/** m per level as the parameters give it now. */
function currentM(parameters: MatchParameters): Record<FittedAttribute, number[]> {
  return {
    NAME: normalised(NAME_LEVELS.map((level) => parameters.name[level])),
    AGE: [...ageMasses(parameters)],
    HEIGHT: [...heightMasses(parameters)],
    TIME: parameters.time.levels.map(([, , m]) => m),
    GEOGRAPHY: parameters.geography.levelM ? [...parameters.geography.levelM] : geographyPriorM(parameters),
    DIALECT: [parameters.dialect.SAME, parameters.dialect.SAME_GROUP, parameters.dialect.SAME_FAMILY, parameters.dialect.DIFFERENT],
    PLACE_NAMES: [parameters.placeNames.COUNTY_NAMED, parameters.placeNames.CITY_NAMED, parameters.placeNames.NOT_NAMED],
    FEATURES: normalisedWithin(FEATURE_LEVEL_GROUPS, FEATURE_LEVELS.map((level) => featureM(parameters, level))),
    CONDITION: Object.values(parameters.condition.levelM ?? {}),
    FACE: parameters.face.levels.map(([, , m]) => m),
  };
}

/**
 * The geography prior as one m per band, whatever the report's area: the nearby kernel, and for
 * the share found anywhere an even spread over the bands (the per-area u the engine mixes in is
 * not known here; the fit replaces this within an iteration, it only starts EM and smooths it).
 */
function geographyPriorM(parameters: MatchParameters): number[] {
  const { levels, localShare } = parameters.geography;
  const kernel = normalised(levels.map(([, , k]) => k));
  return kernel.map((k) => localShare * k + (1 - localShare) / levels.length);
}

const normalised = (values: readonly number[]): number[] => {
  const sum = values.reduce((s, x) => s + x, 0);
  return values.map((x) => x / sum);
};

/**
 * Attributes whose m is a distribution within groups of levels, not over all of them: a record's
 * condition is weighed within its apparent-age group (see conditionComparison).
 */
function levelGroups(parameters: MatchParameters): Partial<Record<FittedAttribute, number[]>> {
  return { CONDITION: conditionGroups(levelNames(parameters).CONDITION), FEATURES: [...FEATURE_LEVEL_GROUPS] };
}

/** Values normalised to sum to one within each group (groups[i] is value i's group), or overall without groups. */
function normalisedWithin(groups: readonly number[] | undefined, values: readonly number[]): number[] {
  if (!groups) return normalised(values);
  const sums = new Map<number, number>();
  values.forEach((x, i) => sums.set(groups[i], (sums.get(groups[i]) ?? 0) + x));
  return values.map((x, i) => x / sums.get(groups[i])!);
}

export interface FitOptions {
  /** A pair enters the fit when the anchors alone give it at least these log2 odds. */
  anchorLogOdds: number;
  iterations: number;
  /** Pseudo-pairs of the prior per attribute (Dirichlet): a level seen rarely keeps near its prior. */
  priorPairs: number;
  /** No level's fitted m falls below this share of its prior m: every window stays soft. */
  floorOfPrior: number;
  /** Fit only with at least this much anchored match mass (else the priors stand). */
  minimumMatchMass: number;
}

export const DEFAULT_FIT_OPTIONS: FitOptions = { anchorLogOdds: -6, iterations: 15, priorPairs: 20, floorOfPrior: 0.1, minimumMatchMass: 50 };

/** One candidate pair as the fit sees it: the anchors' weight with the prior odds, and the fitted attributes' levels. */
export interface FitPair {
  anchorWeight: number;
  levels: Int8Array;
  u: Float64Array;
}

export interface ParameterFit {
  parameters: MatchParameters;
  /** Pairs that passed the anchor restriction. */
  pairs: number;
  /** Posterior match mass over the pairs (the expected number of true pairs among them). */
  matchMass: number;
  /** Fitted m per attribute and level name. */
  m: Record<string, Record<string, number>>;
}

/** Turns a scored pair's comparisons into a FitPair of a session (levels −1 where an attribute was not compared). */
export function fitPairOf(comparisons: readonly AttributeComparison[], priorWeight: number, parameters: MatchParameters, session: readonly FittedAttribute[]): FitPair {
  const names = levelNames(parameters);
  const levels = new Int8Array(session.length).fill(-1);
  const u = new Float64Array(session.length);
  let anchorWeight = priorWeight;
  for (const c of comparisons) {
    const a = session.indexOf(c.attribute as FittedAttribute);
    if (a < 0) {
      anchorWeight += c.weight;
      continue;
    }
    levels[a] = names[session[a]].indexOf(c.fitLevel ?? c.level);
    u[a] = c.u;
  }
  return { anchorWeight, levels, u };
}

/**
 * Each level's m as the anchor-posterior-weighted share of anchored pairs at that level, smoothed
 * toward the prior and floored at a share of it. Null when the anchored pairs carry too little
 * match mass to say more than the priors.
 */
export function fitMatchParameters(
  pairs: readonly FitPair[],
  parameters: MatchParameters,
  session: readonly FittedAttribute[],
  options: FitOptions = DEFAULT_FIT_OPTIONS,
): ParameterFit | null {
  const prior = currentM(parameters);
  const groupsOf = levelGroups(parameters);
  const anchored = pairs.filter((p) => p.anchorWeight >= options.anchorLogOdds);
  const m = session.map((a) => [...prior[a]]);
  const minimumU = parameters.minimumU;
  const posterior = new Float64Array(anchored.length);
  let matchMass = 0;
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    // E: each anchored pair's match posterior from the anchors and the current m (u fixed).
    matchMass = 0;
    anchored.forEach((pair, i) => {
      let weight = pair.anchorWeight;
      for (let a = 0; a < session.length; a++) {
        const level = pair.levels[a];
        if (level >= 0) weight += Math.log2(m[a][level] / Math.max(pair.u[a], minimumU));
      }
      posterior[i] = 1 / (1 + 2 ** -weight);
      matchMass += posterior[i];
    });
    if (matchMass < options.minimumMatchMass) return null;
    // M: each level's m, the posterior-weighted share of pairs at it, smoothed and floored.
    for (let a = 0; a < session.length; a++) {
      const priorM = prior[session[a]];
      const mass = new Float64Array(priorM.length);
      anchored.forEach((pair, i) => {
        if (pair.levels[a] >= 0) mass[pair.levels[a]] += posterior[i];
      });
      const total = mass.reduce((s, x) => s + x, 0);
      const groups = groupsOf[session[a]];
      // Within groups each group's counts are smoothed by its own pseudo-pairs: m is P(level | group, match).
      const smoothed = groups
        ? normalisedWithin(groups, priorM.map((p, l) => mass[l] + options.priorPairs * p))
        : priorM.map((p, l) => (mass[l] + options.priorPairs * p) / (total + options.priorPairs));
      m[a] = normalisedWithin(groups, priorM.map((p, l) => Math.max(smoothed[l], options.floorOfPrior * p)));
    }
  }
  const fitted = Object.fromEntries(session.map((a, i) => [a, m[i]])) as Record<FittedAttribute, number[]>;
  const names = levelNames(parameters);
  return {
    parameters: withFittedM(parameters, fitted),
    pairs: anchored.length,
    matchMass,
    m: Object.fromEntries(session.map((a) => [a, Object.fromEntries(names[a].map((n, l) => [n, Math.round(fitted[a][l] * 10_000) / 10_000]))])),
  };
}

/** The parameters with the fitted attributes' m replaced; the others are left exactly as they were. */
function withFittedM(parameters: MatchParameters, m: Partial<Record<FittedAttribute, number[]>>): MatchParameters {
  const out: MatchParameters = { ...parameters };
  if (m.NAME) out.name = Object.fromEntries(NAME_LEVELS.map((level, i) => [level, m.NAME![i]])) as Record<NameLevel, number>;
  if (m.AGE) out.age = { ...parameters.age, levelM: m.AGE };
  if (m.HEIGHT) out.height = { ...parameters.height, levelM: m.HEIGHT };
  if (m.GEOGRAPHY) out.geography = { ...parameters.geography, levelM: m.GEOGRAPHY };
  if (m.TIME) out.time = { levels: parameters.time.levels.map(([name, upper], i) => [name, upper, m.TIME![i]] as const) };
  if (m.DIALECT) {
    const [SAME, SAME_GROUP, SAME_FAMILY, DIFFERENT] = m.DIALECT;
    out.dialect = { SAME, SAME_GROUP, SAME_FAMILY, DIFFERENT };
  }
  if (m.PLACE_NAMES) {
    const [COUNTY_NAMED, CITY_NAMED, NOT_NAMED] = m.PLACE_NAMES;
    out.placeNames = { COUNTY_NAMED, CITY_NAMED, NOT_NAMED };
  }
  if (m.FEATURES) out.features = { ...parameters.features, levelM: Object.fromEntries(FEATURE_LEVELS.map((level, i) => [level, m.FEATURES![i]])) as Record<FeatureLevel, number> };
  if (m.CONDITION) {
    const names = Object.keys(parameters.condition.levelM ?? {});
    out.condition = { levelM: Object.fromEntries(names.map((name, i) => [name, m.CONDITION![i]])) };
  }
  if (m.FACE) out.face = { levels: parameters.face.levels.map(([name, lowest], i) => [name, lowest, m.FACE![i]] as const) };
  return out;
}
