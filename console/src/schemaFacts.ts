// Read from schema/schema.graphql when the console is built (console/vite.config.mts).
declare const __SCHEMA_FACTS__: {
  purposes: string[];
  versions: { field: string; columns: string[] } | null;
};

export const SCHEMA_FACTS = __SCHEMA_FACTS__;

export const REGIONS = ["CHONGQING", "SICHUAN"] as const;
export const ROLES = ["verification_officer", "assistance_caseworker", "relief_officer", "police_liaison", "compliance_officer"] as const;

/**
 * Purposes offered first to each role, as the policies grant them (policies/*.yaml). A
 * convenience only: the picker offers every purpose of the schema, and the gateway decides.
 */
export const PURPOSES_BY_ROLE: Record<string, string[]> = {
  verification_officer: ["MLG_REVIEW", "HARDSHIP_REVIEW", "TEMP_ASSISTANCE"],
  assistance_caseworker: ["MLG_REVIEW", "HARDSHIP_REVIEW", "TEMP_ASSISTANCE"],
  relief_officer: ["FAMILY_SEARCH", "RELIEF_CASEWORK"],
  police_liaison: ["FAMILY_SEARCH"],
  compliance_officer: ["AUDIT_REVIEW"],
};

export const otherRegion = (region: string) => (region === "CHONGQING" ? "SICHUAN" : "CHONGQING");
