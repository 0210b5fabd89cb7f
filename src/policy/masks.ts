import type { MaskSpec } from "./policyModel";

// Masks turn a released value into a less identifying one. They are applied by the policy
// engine to the response, never by resolvers, and each is total: any input gives an output of
// the same JSON type (or null), so a mask can never throw mid-response.

/** `500112199001011234` → `500112********1234`: area kept (jurisdiction), birth date and sequence hidden. */
export function maskIdentityNumber(value: string): string {
  if (value.length <= 10) return "*".repeat(value.length);
  return `${value.slice(0, 6)}${"*".repeat(value.length - 10)}${value.slice(-4)}`;
}

/** `张小明` → `张*明`, `张明` → `张*`, `欧阳小明` → `欧**明`: first character kept, and the last when three or more. */
export function maskName(value: string): string {
  const chars = [...value];
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** `1968-04-12` → `1968-04`. */
export function maskDateToMonth(value: string): string {
  return value.slice(0, 7);
}

/** `1968-04-12` → `1968`. */
export function maskDateToYear(value: string): string {
  return value.slice(0, 4);
}

/** Rounds an amount down to its band: 123,456 fen with a 50,000 band → 100,000. */
export function maskAmountToBand(value: number, band: number): number {
  return Math.floor(value / band) * band;
}

/** `重庆市渝中区解放碑街道1号` → `重庆市渝中区****`: the district (jurisdiction) stays, the street goes. */
export function maskAddress(value: string): string {
  const district = value.match(/^.{0,12}?[区县旗]/u)?.[0] ?? [...value].slice(0, 3).join("");
  return `${district}****`;
}

/** `6228480012345678` → `****5678`. */
export function maskAccountRef(value: string): string {
  return `****${value.replace(/\*/g, "").slice(-4)}`;
}

export function applyMask(value: unknown, mask: MaskSpec): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => applyMask(v, mask));
  switch (mask.kind) {
    case "idNumber":
      return maskIdentityNumber(String(value));
    case "name":
      return maskName(String(value));
    case "month":
      return maskDateToMonth(String(value));
    case "year":
      return maskDateToYear(String(value));
    case "amountBand":
      return typeof value === "number" ? maskAmountToBand(value, mask.band ?? 1) : null;
    case "accountRef":
      return maskAccountRef(String(value));
    case "address":
      return maskAddress(String(value));
  }
}
