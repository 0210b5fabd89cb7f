// The words of the API contract (DESIGN.md) that every domain shares.

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
  // A verification centre publishing results (核对结果报送).
  "VERIFICATION_PUBLISH",
] as const;
export type Purpose = (typeof PURPOSES)[number];

export function isPurpose(value: unknown): value is Purpose {
  return typeof value === "string" && (PURPOSES as readonly string[]).includes(value);
}
