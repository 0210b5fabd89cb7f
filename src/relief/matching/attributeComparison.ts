// One line of a candidate's explanation: which attribute, at what comparison level, with the
// Fellegi–Sunter weight that level earned (log2 m/u, in bits) and what agreed or differed.

export const MATCH_ATTRIBUTES = [
  "NAME",
  "IDENTITY_NUMBER",
  "GENDER",
  "AGE",
  "HEIGHT",
  "TIME",
  "GEOGRAPHY",
  "DIALECT",
  "PLACE_NAMES",
  "FEATURES",
  "CONDITION",
  "FACE",
] as const;
export type MatchAttribute = (typeof MATCH_ATTRIBUTES)[number];

export interface AttributeComparison {
  attribute: MatchAttribute;
  level: string;
  /** log2(m/u): positive when the level is more likely among true matches. */
  weight: number;
  m: number;
  u: number;
  /** How far apart the two sides are, in `unit` (years, cm, days, km, cosine); null for names and categories. */
  difference: number | null;
  unit: string | null;
  detail: string;
  /**
   * The level the fit of m counts this comparison under, when it may not be shown: a record's
   * condition is health data that stays with those allowed it, so the shown level is NOTED and
   * only unexplained comparisons (ranking, fitting, never displayed or stored) carry the value.
   */
  fitLevel?: string;
}
