// When a household is next due for its periodic re-check (核查/复核), if the publishing centre
// did not say. The centre's own reviewDueOn always wins; these are only the defaults.
//
// Source of each default (see docs/facts/standards.md):
// - MLG, household with a seriously ill or disabled member: yearly — fact, 重庆市城乡居民最低生活
//   保障条例 (2016) Art 26 (✅). Applied to Sichuan as a configuration default (no Sichuan text read).
// - MLG, other households: every six months — fact, same Art 26 ("stable households"); the monthly
//   and quarterly re-checks Art 26 asks for households with idle working-age members need facts the
//   centre has and we do not, so the centre must send reviewDueOn for them.
// - SPECIAL_HARDSHIP and LOW_INCOME: yearly — configuration default, not a fact (no source found).
// - TEMP_ASSISTANCE: none — a one-off payment has no periodic re-check (configuration default).
// Change a default here (with its source) — it is configuration, read by every node alike.

export type ReviewCategory = "MLG" | "MLG_HEALTH" | "SPECIAL_HARDSHIP" | "LOW_INCOME" | "TEMP_ASSISTANCE";

export const DEFAULT_REVIEW_INTERVAL_MONTHS: Record<ReviewCategory, number | null> = {
  MLG: 6,
  MLG_HEALTH: 12,
  SPECIAL_HARDSHIP: 12,
  LOW_INCOME: 12,
  TEMP_ASSISTANCE: null,
};

/** Where each default comes from, for the documentation and for `explain`-style answers. */
export const REVIEW_INTERVAL_SOURCES: Record<ReviewCategory, string> = {
  MLG: "重庆市城乡居民最低生活保障条例 (2016) Art 26: stable households every six months (Chongqing fact; configuration default for Sichuan)",
  MLG_HEALTH: "重庆市城乡居民最低生活保障条例 (2016) Art 26: households with a seriously ill or disabled member yearly (Chongqing fact; configuration default for Sichuan)",
  SPECIAL_HARDSHIP: "configuration default (no published interval found)",
  LOW_INCOME: "configuration default (no published interval found)",
  TEMP_ASSISTANCE: "configuration default: one-off assistance, no periodic re-check",
};

export function reviewIntervalMonths(category: ReviewCategory): number | null {
  return DEFAULT_REVIEW_INTERVAL_MONTHS[category];
}

export function reviewCategoryOf(program: string, members: ReadonlyArray<{ disabilityGrade: number | null; seriousIllness: boolean }>): ReviewCategory {
  if (program === "MLG") return members.some((m) => m.disabilityGrade !== null || m.seriousIllness) ? "MLG_HEALTH" : "MLG";
  return program as ReviewCategory;
}

/** completedOn + the category's interval, clamped to the month's last day (2025-08-31 + 6 → 2026-02-28). */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

export function defaultReviewDueOn(program: string, completedOn: string, members: ReadonlyArray<{ disabilityGrade: number | null; seriousIllness: boolean }>): string | null {
  const months = reviewIntervalMonths(reviewCategoryOf(program, members));
  return months === null ? null : addMonths(completedOn, months);
}

export type ReviewStatus = "NOT_SCHEDULED" | "SCHEDULED" | "DUE";

/** DUE once the due date has been reached (China Standard Time), in every answer that carries it. */
export function reviewStatusOf(reviewDueOn: string | null, today: string): ReviewStatus {
  if (!reviewDueOn) return "NOT_SCHEDULED";
  return reviewDueOn <= today ? "DUE" : "SCHEDULED";
}
