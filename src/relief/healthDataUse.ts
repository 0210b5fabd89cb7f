import type { RequestContext } from "../context";
import type { HealthDataUse } from "./matching/matchScorer";

/** The relief record's health fields a record's condition is made of (policies/relief.yaml: sensitive:health). */
const CONDITION_FIELDS = ["mentalState", "intellect"] as const;

/**
 * A search weighs a record's noted condition only for a caller the policy lets read both fields
 * (the province's own relief officers): health data stays with those allowed it, and no score or
 * weight a cross-region caller sees is derived from it. Match alerts, read in both provinces, never do.
 */
export function healthDataUseFor(context: RequestContext): HealthDataUse {
  return CONDITION_FIELDS.every((field) => context.mayRead?.("ReliefRecord", field) === true) ? "WITH_HEALTH" : "WITHOUT_HEALTH";
}
