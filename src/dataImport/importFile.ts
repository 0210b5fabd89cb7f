import { createHash } from "node:crypto";
import fs from "node:fs";
import { Transform, type TransformCallback } from "node:stream";

// Reading an operator's file: a first pass that refuses a file we cannot read correctly before
// anything is written (not UTF-8, wrong header, truncated last line), and the decoding stream the
// second pass reads records through.

/** A file the importer refuses as a whole: a clear message for the operator, never a stack trace. */
export class ImportFileError extends Error {
  constructor(readonly messageZh: string, messageEn: string) {
    super(messageEn);
    this.name = "ImportFileError";
  }
}

export type FileFormat = "jsonl" | "csv";

export function formatOf(file: string): FileFormat {
  if (/\.jsonl$/i.test(file)) return "jsonl";
  if (/\.csv$/i.test(file)) return "csv";
  throw new ImportFileError(`不支持的文件类型：${file}（须为 .jsonl 或 .csv）`, `unsupported file type: ${file} (use .jsonl or .csv)`);
}

/**
 * Decodes UTF-8 strictly (TextDecoder with fatal: true): GBK bytes — the usual encoding of a file
 * saved by a Chinese Excel — are refused with the byte offset, instead of turning into U+FFFD.
 * A leading byte-order mark is dropped.
 */
export class StrictUtf8Decoder extends Transform {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  private offset = 0;
  private newlines = 0;

  constructor() {
    super({ decodeStrings: true, readableObjectMode: false, encoding: "utf8" });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.push(this.decoder.decode(chunk, { stream: true }));
    } catch {
      done(this.failureIn(chunk));
      return;
    }
    this.offset += chunk.length;
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) this.newlines++;
    done();
  }

  override _flush(done: TransformCallback): void {
    try {
      this.push(this.decoder.decode());
      done();
    } catch {
      done(notUtf8(this.offset, this.newlines + 1));
    }
  }

  /** Where in the chunk the first invalid byte is: the longest prefix a fresh decoder accepts. */
  private failureIn(chunk: Buffer): ImportFileError {
    let low = 0;
    let high = chunk.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(chunk.subarray(0, mid), { stream: true });
        low = mid;
      } catch {
        high = mid - 1;
      }
    }
    let line = this.newlines + 1;
    for (let i = chunk.indexOf(0x0a); i !== -1 && i < low; i = chunk.indexOf(0x0a, i + 1)) line++;
    return notUtf8(this.offset + low, line);
  }
}

function notUtf8(offset: number, line: number): ImportFileError {
  return new ImportFileError(
    `文件不是 UTF-8 编码（可能是 GBK），第 ${line} 行、第 ${offset} 字节处；请另存为 UTF-8 后重试`,
    `the file is not UTF-8 (GBK?): line ${line}, byte ${offset}; save it as UTF-8 and try again`,
  );
}

export interface FileFacts {
  sha256: string;
  bytes: number;
  /** Lines, counting a last line without a newline. */
  lines: number;
  firstLine: string;
  lastLine: string;
  endsWithNewline: boolean;
}

/** Pass one: the digest audit entries carry, line count for the progress bar, UTF-8 check. */
export async function inspectFile(file: string): Promise<FileFacts> {
  if (!fs.existsSync(file)) throw new ImportFileError(`找不到文件：${file}`, `no such file: ${file}`);
  const hash = createHash("sha256");
  const decoder = new StrictUtf8Decoder();
  let bytes = 0;
  let lines = 0;
  let firstLine: string | undefined;
  let current = "";
  let previous = "";
  const source = fs.createReadStream(file);
  source.on("data", (chunk) => {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  });
  for await (const text of source.pipe(decoder)) {
    const chunk = text as string;
    let start = 0;
    for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", start)) {
      const line = current + chunk.slice(start, i);
      if (firstLine === undefined) firstLine = line;
      previous = line;
      current = "";
      lines++;
      start = i + 1;
    }
    current += chunk.slice(start);
    if (current.length > 1_000_000) throw new ImportFileError("单行超过 1 MB", "a line longer than 1 MB");
  }
  const endsWithNewline = current.length === 0;
  if (!endsWithNewline) {
    lines++;
    firstLine ??= current;
  }
  if (lines === 0) throw new ImportFileError("文件为空", "the file is empty");
  const lastLine = endsWithNewline ? previous : current;
  return { sha256: hash.digest("hex"), bytes, lines, firstLine: (firstLine ?? "").replace(/\r$/, ""), lastLine: lastLine.replace(/\r$/, ""), endsWithNewline };
}
