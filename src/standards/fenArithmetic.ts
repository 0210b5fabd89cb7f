import type { Fraction } from "./eligibilityRules";

// Money is integer fen. Every division states its rounding, and the arithmetic string shows the
// operands in fen so an officer can redo it by hand. Integer-only (no floating point): amounts
// stay far below 2^53, so products of fen and small fractions are exact in JS numbers.

export type Rounding = "NONE" | "HALF_UP_FEN" | "HALF_UP_YUAN";

const FEN_PER_YUAN = 100;

/** numerator ÷ denominator for non-negative integers, rounded half up to the fen or the whole yuan. */
export function divideRounded(numerator: number, denominator: number, rounding: Exclude<Rounding, "NONE">): number {
  const unit = rounding === "HALF_UP_YUAN" ? FEN_PER_YUAN : 1;
  const scaled = denominator * unit;
  const quotient = Math.floor(numerator / scaled);
  const remainder = numerator - quotient * scaled;
  return (2 * remainder >= scaled ? quotient + 1 : quotient) * unit;
}

export function isExactDivision(numerator: number, denominator: number): boolean {
  return numerator % denominator === 0;
}

/** amount × n/d with the given rounding; "exact" when nothing was rounded away. */
export function applyFraction(amountFen: number, fraction: Fraction, rounding: Exclude<Rounding, "NONE">): { value: number; exact: boolean } {
  const product = amountFen * fraction.numerator;
  const value = divideRounded(product, fraction.denominator, rounding);
  return { value, exact: value * fraction.denominator === product };
}

/** `a ≥ n/d × b` without division: a·d ≥ n·b. */
export function atLeastFractionOf(amountFen: number, fraction: Fraction, baseFen: number): boolean {
  return amountFen * fraction.denominator >= fraction.numerator * baseFen;
}

export const ROUNDING_WORDS: Record<Rounding, string> = {
  NONE: "exact",
  HALF_UP_FEN: "rounded half up to the fen",
  HALF_UP_YUAN: "rounded half up to the whole yuan",
};

/** "150000 ÷ 3 = 50000 (exact)" or "100000 ÷ 3 = 33333 (rounded half up to the fen; 33333.33…)". */
export function describeDivision(numerator: number, denominator: number, result: number, rounding: Exclude<Rounding, "NONE">): string {
  const exact = result * denominator === numerator;
  return `${numerator} ÷ ${denominator} = ${result} (${exact ? "exact" : `${ROUNDING_WORDS[rounding]} from ${(numerator / denominator).toFixed(4)}`})`;
}

export const fraction = (f: Fraction) => `${f.numerator}/${f.denominator}`;
