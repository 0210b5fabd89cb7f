// Small builders for eligibility tests: a household is written the way an officer describes it.
import { GraphQLError } from "graphql";
import type { EligibilityMember, EligibilityRequest, Program, EligibilityAssessment, ProgramOutcome } from "../../src/standards";

export const adult = (birthDate = "1985-03-10", extra: Partial<EligibilityMember> = {}): EligibilityMember => ({ birthDate, ...extra });

export function household(overrides: Partial<EligibilityRequest> & Pick<EligibilityRequest, "areaCode" | "on">): EligibilityRequest {
  return { residence: "URBAN", members: [adult()], incomes: [], ...overrides };
}

export function outcomeOf(assessment: EligibilityAssessment, program: Program): ProgramOutcome {
  const found = assessment.outcomes.find((o) => o.program === program);
  if (!found) throw new Error(`no ${program} outcome`);
  return found;
}

/** Runs `act`, expecting a BAD_USER_INPUT naming `field`. */
export function expectBadUserInput(act: () => unknown, field: string): void {
  let caught: unknown;
  try {
    act();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(GraphQLError);
  expect((caught as GraphQLError).extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
}
