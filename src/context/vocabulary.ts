// The words of the API contract (docs/DESIGN.md) that every domain shares.

export const ROLES = [
  "verification_officer",
  "assistance_caseworker",
  "relief_officer",
  "police_liaison",
  "compliance_officer",
  // 核对中心: a verification centre's system (machine to machine) publishing its province's results.
  "verification_centre",
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export const PURPOSES = [
  "MLG_REVIEW",
  "HARDSHIP_REVIEW",
  "TEMP_ASSISTANCE",
  "FAMILY_SEARCH",
  "RELIEF_CASEWORK",
  "AUDIT_REVIEW",
  "STANDARDS",
  // Added for the work the 2020 民政部/财政部 low-income notice and 专项救助 plans name (see
  // docs/authorization.md): one code per kind of special assistance, because each is run by a
  // different department with different data needs, and X-Purpose names one purpose per access.
  "LOW_INCOME_MONITORING",
  "SPECIAL_AID_MEDICAL",
  "SPECIAL_AID_EDUCATION",
  "SPECIAL_AID_HOUSING",
  "SPECIAL_AID_EMPLOYMENT",
  "EXPENDITURE_HARDSHIP",
  // A verification centre publishing results (核对结果报送).
  "VERIFICATION_PUBLISH",
] as const;
export type Purpose = (typeof PURPOSES)[number];

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === "string" && (PURPOSES as readonly string[]).includes(value);
}
