// `npm run bench:audit` — the audit log's figures, printed:
//  1. sustained entries/s through the chain writer alone, one at a time vs concurrency 32
//     (ratio in the same run), for each insert path (thread, raw, prisma);
//  2. entries/s through a whole gateway node at concurrency 32, audit plugin on vs off in
//     rotating rounds (issue 4's >= 0.85x);
//  3. compliance queries over a generated log of 10 million entries (officer / subject / time
//     filters, first page and a page near the end): p95 latency.
import path from "node:path";
import { Command } from "commander";
import { generateAuditLog } from "./auditLogGenerator";
import { measureQueryLatency } from "./auditQueryLatency";
import { AUDITED_READ_TARGET, measureAuditedGateway } from "./auditedGatewayThroughput";
import { measureWriterThroughput } from "./auditWriterThroughput";

async function main(): Promise<void> {
  const program = new Command()
    .description("Audit log benchmark: writer throughput and compliance-query latency")
    .option("--writer-seconds <n>", "seconds per writer measurement", "5")
    .option("--skip-writer", "skip the writer throughput measurement")
    .option("--gateway-rounds <n>", "rotating rounds of the gateway audit on/off measurement", "5")
    .option("--gateway-seconds <n>", "seconds per gateway round", "6")
    .option("--gateway-warmup <n>", "seconds of warm-up per node before the gateway rounds", "3")
    .option("--skip-gateway", "skip the gateway audit on/off measurement")
    .option("--entries <n>", "entries in the generated log", "10000000")
    .option("--log-file <file>", "generated log (reused when it holds --entries entries)", "data/bench/audit-log.db")
    .option("--query-runs <n>", "timed runs per query", "200")
    .option("--skip-queries", "skip the generated log and query latency")
    .parse();
  const options = program.opts<{
    writerSeconds: string;
    skipWriter?: boolean;
    gatewayRounds: string;
    gatewaySeconds: string;
    gatewayWarmup: string;
    skipGateway?: boolean;
    entries: string;
    logFile: string;
    queryRuns: string;
    skipQueries?: boolean;
  }>();

  if (!options.skipWriter) {
    console.log("== audit writer throughput (SQLite, WAL, synchronous=FULL; one fsync per committed batch)");
    for (const insertPath of ["thread", "raw", "prisma"] as const) {
      const f = await measureWriterThroughput(insertPath, Number(options.writerSeconds));
      console.log(
        `insert path ${f.insertPath.padEnd(6)}: one at a time ${f.sequentialPerSecond.toFixed(0)} entries/s; ` +
          `concurrency ${f.concurrency} ${f.concurrentPerSecond.toFixed(0)} entries/s ` +
          `(ratio ${(f.concurrentPerSecond / f.sequentialPerSecond).toFixed(2)}×; ` +
          `${(f.entriesConcurrent / Math.max(1, f.batchesConcurrent)).toFixed(1)} entries per transaction; ` +
          `event loop busy ${(100 * f.eventLoopUtilizationConcurrent).toFixed(0)}% of the concurrent run)`,
      );
    }
  }

  if (!options.skipGateway) {
    console.log(`== audit through the gateway: S1 household lookups, audit plugin on vs off, rotating rounds (target on >= ${AUDITED_READ_TARGET}x off)`);
    const profile = { repetitions: Number(options.gatewayRounds), seconds: Number(options.gatewaySeconds), warmupSeconds: Number(options.gatewayWarmup) };
    const g = await measureAuditedGateway(profile, (line) => console.log(line));
    const perCpu = g.ratioPerCpuSecond ? ` (${g.ratioPerCpuSecond.toFixed(2)}x per server CPU-s)` : "";
    console.log(
      `gateway, concurrency ${g.connections}: audited ${g.audited.median.rps.toFixed(0)} entries/s (= answers/s; p50 ${g.audited.median.p50Ms.toFixed(1)} ms, p99 ${g.audited.median.p99Ms.toFixed(1)} ms) ` +
        `vs audit off ${g.unaudited.median.rps.toFixed(0)} rps (p50 ${g.unaudited.median.p50Ms.toFixed(1)} ms, p99 ${g.unaudited.median.p99Ms.toFixed(1)} ms): ` +
        `${g.ratio.toFixed(2)}x${perCpu}, ${g.ratio >= AUDITED_READ_TARGET ? "pass" : "MISSED"}`,
    );
    console.log(`  audit entries written for the lookups: ${g.entries}, answers in the measured rounds: ${g.answers} (entries also cover warm-up and checks)`);
  }

  if (!options.skipQueries) {
    const entries = Number(options.entries);
    const file = path.resolve(options.logFile);
    console.log(`== generated log: ${entries} entries in ${file}`);
    let lastShown = 0;
    const log = await generateAuditLog(file, entries, (done) => {
      if (done - lastShown >= 1_000_000 || done === entries) {
        lastShown = done;
        console.log(`  generated ${done} entries`);
      }
    });
    console.log(log.reused ? "  (reused: the file already holds that many entries)" : `  generated in ${log.seconds.toFixed(0)} s (${(entries / log.seconds).toFixed(0)} entries/s)`);
    const { figures, plans } = await measureQueryLatency(file, Number(options.queryRuns));
    console.log("== compliance query latency (ms, through AuditReviewService over Prisma; target p95 <= 100)");
    for (const f of figures) {
      console.log(`${f.query.padEnd(48)} p50 ${f.p50.toFixed(2).padStart(8)}  p95 ${f.p95.toFixed(2).padStart(8)}  max ${f.max.toFixed(2).padStart(8)}  (${f.runs} runs)`);
    }
    console.log("== SQLite query plans");
    for (const plan of plans) console.log(`  ${plan}`);
  }
}

main().catch((error: Error) => {
  console.error(`bench:audit failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
