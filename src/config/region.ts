/** The two provinces (one municipality, one province) whose nodes make up the gateway. */
export const REGIONS = ["CHONGQING", "SICHUAN"] as const;
export type Region = (typeof REGIONS)[number];

export function isRegion(value: unknown): value is Region {
  return typeof value === "string" && (REGIONS as readonly string[]).includes(value);
}

export function otherRegion(region: Region): Region {
  return region === "CHONGQING" ? "SICHUAN" : "CHONGQING";
}

/** Short tag used in ids and file names. */
export function regionTag(region: Region): "CQ" | "SC" {
  return region === "CHONGQING" ? "CQ" : "SC";
}
