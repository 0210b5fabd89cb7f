// `npm run bench:audit` — the audit log's figures, printed:
//  1. sustained entries/s through the chain writer alone, one at a time vs concurrency 32
//     (ratio in the same run), for both insert paths;
//  2. compliance queries over a generated log of 10 million entries (officer / subject / time
//     filters, first page and a page near the end): p95 latency.
import { Command } from "commander";
import { measureWriterThroughput } from "./auditWriterThroughput";

async function main(): Promise<void> {
  const program = new Command()
    .description("Audit log benchmark: writer throughput and compliance-query latency")
    .option("--writer-seconds <n>", "seconds per writer measurement", "5")
    .option("--skip-writer", "skip the writer throughput measurement")
    .parse();
  const options = program.opts<{ writerSeconds: string; skipWriter?: boolean }>();

  if (!options.skipWriter) {
    console.log("== audit writer throughput (SQLite, WAL, synchronous=FULL; one fsync per committed batch)");
    for (const insertPath of ["raw", "prisma"] as const) {
      const f = await measureWriterThroughput(insertPath, Number(options.writerSeconds));
      console.log(
        `insert path ${f.insertPath.padEnd(6)}: one at a time ${f.sequentialPerSecond.toFixed(0)} entries/s; ` +
          `concurrency ${f.concurrency} ${f.concurrentPerSecond.toFixed(0)} entries/s ` +
          `(ratio ${(f.concurrentPerSecond / f.sequentialPerSecond).toFixed(2)}×; ` +
          `${(f.entriesConcurrent / Math.max(1, f.batchesConcurrent)).toFixed(1)} entries per transaction)`,
      );
    }
  }
}

main().catch((error: Error) => {
  console.error(`bench:audit failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
