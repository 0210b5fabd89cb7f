import fs from "node:fs";
import readline from "node:readline";
import { parse as parseCsv } from "csv-parse";
import { parse as parseCsvLine } from "csv-parse/sync";
import { ImportFileError, StrictUtf8Decoder, type FileFacts, type FileFormat } from "./importFile";
import type { ImportKind, RecordProblem } from "./importKinds";

/** One record as read: its line (the first of its rows), or why the line could not be read. */
export type ReadRecord =
  | { line: number; memberLines?: number[]; raw: Record<string, unknown> }
  | { line: number; unreadable: RecordProblem };

/** The CSV header, checked before anything is written. */
export function checkHeader(kind: ImportKind<unknown>, format: FileFormat, facts: FileFacts): void {
  if (format === "jsonl") {
    if (!facts.firstLine.trimStart().startsWith("{")) {
      throw new ImportFileError("第 1 行不是 JSON 对象：.jsonl 文件每行须为一个 JSON 对象（是否把 CSV 文件命名成了 .jsonl？）", "line 1 is not a JSON object: each line of a .jsonl file is one JSON object (a CSV file named .jsonl?)");
    }
    return;
  }
  let header: string[];
  try {
    header = (parseCsvLine(facts.firstLine, { bom: true }) as string[][])[0].map((c) => c.trim());
  } catch {
    throw new ImportFileError("第 1 行（表头）不是有效的 CSV", "line 1 (the header) is not valid CSV");
  }
  const missing = kind.requiredColumns.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !kind.columns.includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [missing.length ? `missing ${missing.join(", ")}` : "", unknown.length ? `unknown ${unknown.join(", ")}` : ""].filter(Boolean).join("; ");
    throw new ImportFileError(
      `表头不符合 ${kind.name} 格式（${missing.length ? `缺少 ${missing.join("、")}` : ""}${unknown.length ? ` 多余 ${unknown.join("、")}` : ""}）；应为：${kind.columns.join(",")}`,
      `wrong header for ${kind.name} (${parts}); expected columns: ${kind.columns.join(",")}`,
    );
  }
}

/** A last line without a newline that is not a whole record: the file was cut off. */
export function checkLastLine(kind: ImportKind<unknown>, format: FileFormat, facts: FileFacts): void {
  if (facts.endsWithNewline || facts.lines === 1) return;
  const truncated = () =>
    new ImportFileError(
      `最后一行（第 ${facts.lines} 行）不完整：文件可能被截断，请重新导出完整文件`,
      `the last line (line ${facts.lines}) is truncated: the file was cut off; export it again`,
    );
  if (format === "jsonl") {
    try {
      JSON.parse(facts.lastLine);
    } catch {
      throw truncated();
    }
    return;
  }
  try {
    const header = (parseCsvLine(facts.firstLine, { bom: true }) as string[][])[0];
    const row = (parseCsvLine(facts.lastLine, { relax_column_count: true }) as string[][])[0] ?? [];
    if (row.length < header.length) throw truncated();
  } catch (error) {
    throw error instanceof ImportFileError ? error : truncated();
  }
}

function decodedStream(file: string) {
  const decoder = new StrictUtf8Decoder();
  return fs.createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(decoder);
}

async function* jsonlRecords(file: string): AsyncGenerator<ReadRecord> {
  const lines = readline.createInterface({ input: decodedStream(file), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line, unreadable: { field: "(line)", reason: "not valid JSON", reasonZh: "不是有效的 JSON" } };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      yield { line, unreadable: { field: "(line)", reason: "not a JSON object", reasonZh: "不是 JSON 对象" } };
      continue;
    }
    yield { line, raw: value as Record<string, unknown> };
  }
}

async function* csvRecords(file: string, kind: ImportKind<unknown>): AsyncGenerator<ReadRecord> {
  const parser = decodedStream(file).pipe(parseCsv({ bom: true, columns: (h: string[]) => h.map((c) => c.trim()), relax_column_count: true, skip_empty_lines: true, info: true, trim: false }));
  let group: Array<Record<string, string | undefined>> = [];
  let groupLines: number[] = [];
  const flush = (): ReadRecord | undefined => {
    if (group.length === 0) return undefined;
    const record: ReadRecord = { line: groupLines[0], memberLines: groupLines, raw: kind.fromCsv(group) };
    group = [];
    groupLines = [];
    return record;
  };
  for await (const item of parser) {
    const { record, info } = item as { record: Record<string, string | undefined>; info: { lines: number } };
    const line = info.lines;
    if (kind.groupBy && group.length > 0 && record[kind.groupBy] !== group[0][kind.groupBy]) {
      const done = flush();
      if (done) yield done;
    }
    group.push(record);
    groupLines.push(line);
    if (!kind.groupBy) {
      const done = flush();
      if (done) yield done;
    }
  }
  const last = flush();
  if (last) yield last;
}

export function readRecords(file: string, format: FileFormat, kind: ImportKind<unknown>): AsyncGenerator<ReadRecord> {
  return format === "jsonl" ? jsonlRecords(file) : csvRecords(file, kind);
}
