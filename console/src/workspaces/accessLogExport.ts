// Export of the access log. The API has no export operation (the CLI `npm run audit:export` works
// on the database, not over the API), so the console builds the file in the page from the same
// accessLog pages an officer could read one by one: each page is an audited access like any other.
import type { AccessEntry } from "./AccessLog";

/** Bounded, so an export of an unfiltered log cannot run away: 500 pages of 20 entries. */
export const EXPORT_MAX_PAGES = 500;

export type PageWalk = (after: string | null) => Promise<{ entries: AccessEntry[]; next: string | null }>;

async function collect(walk: PageWalk): Promise<AccessEntry[]> {
  const all: AccessEntry[] = [];
  let after: string | null = null;
  for (let page = 0; page < EXPORT_MAX_PAGES; page++) {
    const { entries, next } = await walk(after);
    all.push(...entries);
    if (!next) break;
    after = next;
  }
  return all;
}

export const CSV_COLUMNS = [
  "recordedAt", "region", "id", "requestId", "writerId", "sequence", "officer", "agency", "officerRegion", "roles", "purpose", "caseRef",
  "operationName", "outcome", "errorCode", "resultCount", "latencyMs", "forwardedBy", "fieldsDenied", "fieldsMasked", "subjectHmacs", "entryHash",
] as const;

function cell(value: unknown): string {
  const text = value === null || value === undefined ? "" : Array.isArray(value) ? value.map((v) => (typeof v === "object" ? `${v.path}:${v.reasonCode}` : String(v))).join("|") : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a UTF-8 byte-order mark, so Excel opens the Chinese text correctly. */
export function toCsv(entries: AccessEntry[]): string {
  const rows = [CSV_COLUMNS.join(","), ...entries.map((e) => CSV_COLUMNS.map((c) => cell(e[c])).join(","))];
  return `\uFEFF${rows.join("\r\n")}\r\n`;
}

export function toJsonl(entries: AccessEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join("\n") + (entries.length ? "\n" : "");
}

function save(text: string, type: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, "-");

export async function downloadCsv(walk: PageWalk): Promise<void> {
  save(toCsv(await collect(walk)), "text/csv;charset=utf-8", `access-log-${stamp()}.csv`);
}

export async function downloadJsonl(walk: PageWalk): Promise<void> {
  save(toJsonl(await collect(walk)), "application/x-ndjson;charset=utf-8", `access-log-${stamp()}.jsonl`);
}
