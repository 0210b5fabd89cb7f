import { noteSubject } from "../context";
import { parseIdentityNumber as validateIdentityNumber, type IdentityNumberResult } from "./identityNumber";

/**
 * The gateway's parseIdentityNumber: a request that names a person by a valid number touches
 * them, found or not, so the open request's subject capture records it
 * (src/context/subjectCapture.ts); outside a request it notes nothing. Kept apart from the
 * validation itself because the console bundles ./identityNumber.ts for its forms, and a browser
 * has no request capture (nor node:async_hooks, which the capture is built on).
 */
export function parseIdentityNumber(raw: string, today?: Date): IdentityNumberResult {
  const result = validateIdentityNumber(raw, today);
  if (result.ok) noteSubject(result.value);
  return result;
}
