import type { RequestContext } from "../context";

/** Tells the audit log whose identity numbers this operation returned (hashed there, never stored raw). */
export function reportSubjects(context: RequestContext, items: Iterable<{ idNumber: string | null } | null | undefined>): void {
  for (const item of items) {
    if (item?.idNumber) context.touchedSubjects.add(item.idNumber);
  }
}
