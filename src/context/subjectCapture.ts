import { AsyncLocalStorage } from "node:async_hooks";

// Who a request touched, for its audit entry, captured where persons are read rather than
// reported by each resolver. The HTTP layer opens a capture around a request's execution
// (capturingSubjects); the places persons come from note them into whichever capture is open:
//   - src/db (subjectCaptureExtension.ts): every row the Prisma client returns — a model query,
//     a nested include, a raw query — and its identity numbers;
//   - src/identity (parseIdentityNumber, identityNumberInRequest.ts): a number a request names and that validates, found or
//     not (a look-up of a number no one holds still tells the audit, and the enumeration budget,
//     that it was asked);
//   - EventChannel.stream: the rows an event hands a subscriber.
// Rows a query filtered out never reach the client, so they are never noted. Reads on nobody's
// behalf (a search index loading every record) run outside any capture (readingForNoOne).

/** Columns whose value is a person's identity number: the same names in every model and raw row. */
export const SUBJECT_FIELDS: readonly string[] = ["idNumber", "subjectIdNumber"];

const open = new AsyncLocalStorage<Set<string>>();

/** Runs one request's work with a capture open: whatever it reads of persons lands in `into`. */
export function capturingSubjects<T>(into: Set<string>, run: () => T): T {
  return open.run(into, run);
}

/** Runs work done for no request (a cache or an index filling itself): it touches no one. */
export function readingForNoOne<T>(run: () => T): T {
  return open.exit(run);
}

/** Notes one person in the open capture, if any. */
export function noteSubject(idNumber: string): void {
  open.getStore()?.add(idNumber);
}

/** Notes the persons in rows (objects, arrays, nested relations) handed to the open capture, if any. */
export function noteSubjectsIn(value: unknown): void {
  const into = open.getStore();
  if (into) collect(value, into, 0);
}

// Relations nest a few levels (verification → household → members); deeper is never a row.
const MAX_DEPTH = 6;

function collect(value: unknown, into: Set<string>, depth: number): void {
  if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into, depth + 1);
    return;
  }
  // Rows are plain objects; Dates, byte arrays (face embeddings) and Decimals hold no one.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return;
  for (const key in value) {
    const field = (value as Record<string, unknown>)[key];
    if (typeof field === "string") {
      if (field.length > 0 && SUBJECT_FIELDS.includes(key)) into.add(field);
    } else if (field !== null && typeof field === "object") {
      collect(field, into, depth + 1);
    }
  }
}
