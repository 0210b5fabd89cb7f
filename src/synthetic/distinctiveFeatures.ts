import type { SeededRandom } from "./seededRandom";

// Distinctive features as normalised tokens (what a 寻亲 notice lists under 体貌特征), joined with
// "|" in the features column: kind[:detail[:place]], lower-case, hyphenated.

const SIDES_AND_PLACES = ["left-cheek", "right-cheek", "forehead", "chin", "neck", "left-arm", "right-arm", "left-hand", "right-hand", "abdomen"];
const TATTOO_MOTIFS = ["dragon", "tiger", "phoenix", "characters", "flower", "eagle", "guanyin"];
const TATTOO_PLACES = ["left-arm", "right-arm", "chest", "back", "left-hand", "right-hand"];
const MOLE_PLACES = ["chin", "left-cheek", "right-cheek", "forehead", "nose", "neck", "upper-lip"];
const FINGERS = ["left-index", "left-thumb", "left-middle", "right-index", "right-thumb", "right-middle", "right-little"];
const TEETH = ["front", "upper-left", "upper-right", "lower"];
const DISABILITIES = ["hearing", "speech", "visual", "mobility"];

/** Every token the generator can produce, by family, for matchers that want to validate input. */
export const FEATURE_VOCABULARY = {
  scar: SIDES_AND_PLACES.map((p) => `scar:${p}`),
  tattoo: TATTOO_MOTIFS.flatMap((m) => TATTOO_PLACES.map((p) => `tattoo:${m}:${p}`)),
  mole: MOLE_PLACES.map((p) => `mole:${p}`),
  missingFinger: FINGERS.map((f) => `missing-finger:${f}`),
  missingTeeth: TEETH.map((t) => `missing-teeth:${t}`),
  disability: DISABILITIES.map((d) => `disability:${d}`),
  limp: ["limp:left", "limp:right"],
  birthmark: SIDES_AND_PLACES.map((p) => `birthmark:${p}`),
} as const;

type FeatureFamily = keyof typeof FEATURE_VOCABULARY;

/** How often a person carries each family of feature (a rough guess at what notices list). */
const FAMILY_PREVALENCE: ReadonlyArray<readonly [FeatureFamily, number]> = [
  ["scar", 0.22],
  ["mole", 0.18],
  ["missingTeeth", 0.12],
  ["tattoo", 0.07],
  ["birthmark", 0.05],
  ["missingFinger", 0.03],
  ["limp", 0.04],
  ["disability", 0.05],
];

const ALL_TOKENS: readonly string[] = Object.values(FEATURE_VOCABULARY).flat();

/** A person's true features (0–3 tokens, usually 0–1), plus `extra` tokens their condition implies. */
export function drawTrueFeatures(random: SeededRandom, extra: readonly string[] = []): string[] {
  const features = [...extra];
  for (const [family, prevalence] of FAMILY_PREVALENCE) {
    if (features.length >= 3) break;
    if (random.chance(prevalence)) {
      const token = random.pick(FEATURE_VOCABULARY[family]);
      if (!features.includes(token)) features.push(token);
    }
  }
  return features;
}

/**
 * What an observer writes down: each true feature is seen with probability `seen`, and with
 * probability `spurious` one feature is noted that the person does not have.
 */
export function observeFeatures(truth: readonly string[], random: SeededRandom, seen: number, spurious: number): string[] {
  const observed = truth.filter(() => random.chance(seen));
  if (random.chance(spurious)) {
    const token = random.pick(ALL_TOKENS);
    if (!observed.includes(token)) observed.push(token);
  }
  return observed;
}

export const joinFeatures = (features: readonly string[]): string => features.join("|");
