// `npm run bench [-- --quick | --soak]` — the gateway against its baselines, side by side, in one
// run (issue 8). Starts everything it measures itself (loopback only, child processes pinned to
// core 0, autocannon in this process on core 1), bounded in time, and writes a Markdown table and
// a JSON file under bench/results/. Every figure is a ratio against a baseline measured in the
// same run (rotating rounds, medians of ≥ 3), because these shared 2-core machines are noisy.
import "reflect-metadata";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { signedMs, writeReport, type BenchReport, type ResultRow } from "./harness/benchReport";
import { BenchWorkspace } from "./harness/benchWorkspace";
import { pinLoadGenerator } from "./harness/cpuPinning";
import { stopActiveLoad } from "./harness/loadRun";
import type { RepetitionProfile } from "./harness/rotation";
import { killAllServerChildren } from "./harness/serverChild";
import { measureAuditedWrites } from "./scenarios/auditedWrites";
import { measureCrossRegionForward } from "./scenarios/crossRegionForward";
import { measureFamilySearchResult } from "./scenarios/familySearchResult";
import { measureHouseholdLookup } from "./scenarios/householdLookup";
import { measurePolicyCost } from "./scenarios/policyCost";
import type { ScenarioContext } from "./scenarios/scenarioContext";
import { soakHouseholdLookup } from "./scenarios/soak";

const PROFILES: Record<"quick" | "full", RepetitionProfile> = {
  quick: { repetitions: 3, seconds: 1.5, warmupSeconds: 1.5 },
  full: { repetitions: 5, seconds: 7, warmupSeconds: 4 },
};
/** Households in the bench database: more than the 1,000-row page. */
const HOUSEHOLDS = 1_200;
/** A run that outlives this is stopped (quick < 3 min, full < 15, soak 10 + set-up). */
const DEADLINE_MINUTES = { quick: 3, full: 15, soak: 13 };

/** The scenarios of a quick or full run, in the order they run. */
const SCENARIOS: Record<string, (ctx: ScenarioContext) => Promise<ResultRow[]>> = {
  policy: measurePolicyCost,
  s1: async (ctx) => (await measureHouseholdLookup(ctx)).rows,
  s2: measureFamilySearchResult,
  s3: measureAuditedWrites,
  s5: measureCrossRegionForward,
};

const MISSING = [
  "S2 family-search result (50 candidates × ~10 fields, masks; policy on ≥ 0.95× off, FULL ≥ 0.50× B-sql): family search reached main at the end of this work; its masks apply only to the other province's records (a search forwarded to the peer), so S2 needs two nodes seeded with relief records and reports, and a B-sql equivalent of candidate generation",
  "S4 compliance queries over 10M audit entries (page near the end ≤ 1.2× first page; GraphQL p50 ≤ 1.5×, p99 ≤ 2× raw SQL; S1 beside S4 ≥ 0.7× S1 alone): the compliance queries reached the node's schema at the end of this work; `npm run bench:audit` measures them through the service, without HTTP",
];

const NOTES = [
  "Ratios compare medians of rotating rounds (A B, B A, …) measured in this one run; each run is rejected on any non-2xx response, connection error, timeout, or a sampled body with GraphQL `errors` or without the expected (masked or full) data, and is checked with plain requests before and after.",
  "FULL = the real gateway (HTTP, JWT, limits, policy, the audit log committed before each answer, type-graphql, DataLoaders, Prisma 7 over better-sqlite3) as built by `startGatewayNode`; policy off = the code-only `benchmarkBaselineWithoutPolicy` node on the same database. FULL-mem = the same node with the verification tables answered from memory. B-sql / B-apollo = Apollo Server 5 + graphql-js resolvers over better-sqlite3 / memory; B-http = node:http returning FULL's own bodies.",
  "Latencies are measured per response by the bench (autocannon's own histogram rounds to whole milliseconds). At a fixed rate autocannon paces each connection per second, so the p99 comparison is FULL and B-sql under the very same pacing.",
  "Throughput ratios also appear per server CPU-second (2xx responses ÷ CPU time the server process used during the run, from /proc): on a shared machine a pinned server gets whatever share of its core the neighbours leave, and this figure does not depend on that share. Pass/fail uses the wall-clock ratio, as issue 8 states its targets.",
  "The bench raises the enumeration budget (distinct persons per officer per hour) on its nodes: a load generator is one officer touching thousands of persons.",
];

async function main(): Promise<void> {
  const options = new Command()
    .option("--quick", "a developer's check: 3 rounds of 1.5 s (under 3 minutes)")
    .option("--soak", "S1 on one node for 10 minutes, reporting RSS growth")
    .option("--only <scenarios>", `while developing: only these scenarios (comma-separated: ${Object.keys(SCENARIOS).join(", ")}); prints, writes no results`)
    .parse()
    .opts<{ quick?: boolean; soak?: boolean; only?: string }>();
  const only = options.only?.split(",").map((s) => s.trim());
  const unknown = only?.filter((s) => !(s in SCENARIOS));
  if (unknown?.length) throw new Error(`unknown scenario(s) ${unknown.join(", ")}`);
  const mode = options.soak ? "soak" : options.quick ? "quick" : "full";
  const startedAt = Date.now();
  const deadline = setTimeout(() => {
    console.error(`bench: over its ${DEADLINE_MINUTES[mode]}-minute bound, stopping`);
    shutdown(2);
  }, DEADLINE_MINUTES[mode] * 60_000);
  deadline.unref();

  const cpu = pinLoadGenerator();
  const log = (line: string) => console.log(`${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)} s ${line}`);
  log(`bench (${mode}): ${cpu.description}`);
  const workspace = await BenchWorkspace.create(HOUSEHOLDS, cpu);
  cleanup = () => workspace.close();
  log(`database: ${HOUSEHOLDS} households in ${workspace.database.file}`);

  const ctx: ScenarioContext = { workspace, profile: PROFILES[mode === "quick" ? "quick" : "full"], quick: mode === "quick", log };
  const rows: ResultRow[] = [];
  if (mode === "soak") {
    rows.push(...(await soakHouseholdLookup(ctx)));
  } else {
    for (const [name, measure] of Object.entries(SCENARIOS)) if (!only || only.includes(name)) rows.push(...(await measure(ctx)));
  }

  const command = mode === "full" ? "npm run bench" : `npm run bench -- --${mode}`;
  const report: BenchReport = {
    title: mode === "soak" ? "Soak" : `Bench (${mode})`,
    date: new Date().toISOString().slice(0, 10),
    mode,
    command,
    machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model.trim() ?? "unknown", node: process.version, pinning: cpu.description },
    durationSeconds: (Date.now() - startedAt) / 1000,
    rows,
    notes: NOTES,
    missing: mode === "soak" ? [] : MISSING,
  };
  if (only) {
    for (const row of rows) log(`  ${row.pass === null ? "info  " : row.pass ? "pass  " : "MISSED"} ${row.scenario}: ${JSON.stringify({ ratio: row.ratio, cpuRatio: row.cpuRatio, value: row.measured.value })}`);
    await workspace.close();
    cleanup = undefined;
    return;
  }
  const written = writeReport(report, path.resolve(__dirname, "../../../bench/results"), mode === "soak" ? "soak" : `bench-${mode}`);
  log(`\nwritten: ${path.relative(process.cwd(), written.markdown)}, ${path.relative(process.cwd(), written.json)}`);
  for (const row of rows) {
    const figure = row.ratio !== undefined ? `${row.ratio.toFixed(2)}× ${row.ratioOf}` : row.differenceMs !== undefined ? `p50 ${signedMs(row.differenceMs)}` : row.measured.value;
    log(`  ${row.pass === null ? "info  " : row.pass ? "pass  " : "MISSED"} ${row.scenario}: ${figure} (target ${row.target})${row.note ? `, ${row.note}` : ""}`);
  }
  await workspace.close();
  cleanup = undefined;
}

let cleanup: (() => Promise<void>) | undefined;
let stopping = false;

function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  stopActiveLoad();
  const done = () => {
    killAllServerChildren();
    process.exit(code);
  };
  if (!cleanup) return done();
  setTimeout(done, 10_000).unref();
  cleanup().then(done, done);
}

process.once("SIGINT", () => shutdown(130));
process.once("SIGTERM", () => shutdown(143));
process.on("exit", killAllServerChildren);

main().catch((error: Error) => {
  console.error(`bench failed: ${error.message}`);
  shutdown(1);
});
