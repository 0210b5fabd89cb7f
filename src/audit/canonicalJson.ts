/**
 * RFC 8785 (JSON Canonicalization Scheme) for the values the audit log hashes and signs: plain
 * objects, arrays, strings, booleans, null and finite numbers. JCS is defined as ECMAScript's
 * JSON.stringify for primitives (string escaping, number formatting) with object members sorted
 * by their names' UTF-16 code units — which is what Array.prototype.sort does with strings — so
 * for this value domain it is these few lines, and any JCS library in any language reproduces
 * the bytes (no dependency needed; a verifier elsewhere implements the RFC, not this file).
 */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("JCS: numbers must be finite");
    if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      throw new Error(`JCS: cannot canonicalize a ${typeof value}`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(",")}]`;
  const members = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalize((value as Record<string, unknown>)[key])}`);
  return `{${members.join(",")}}`;
}
