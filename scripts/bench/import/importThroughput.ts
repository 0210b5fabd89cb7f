// `npm run bench:import [-- --members N] [--postgres-url URL] [--skip-postgres] [--skip-sqlite] [--batch-size N]
//   [--importer-flags "--cpu-prof --cpu-prof-dir=DIR"]`
// Generates a households file of N members (default 1,000,000), imports it with `npm run import`
// (the compiled CLI, in a child process) into a fresh SQLite database, and into a fresh PostgreSQL
// database when one answers. Prints, per database: members per second (wall clock), the importer's
// CPU seconds per 100,000 members (user + system, all its threads: the figure to compare on a
// shared machine, where wall time depends on the neighbours), its peak RSS, its RSS sampled along
// the run (flat, or growing with the file?) and the load average before and after.
// Targets (issue 19): ≥ 20,000 members/s on SQLite, ≥ 5,000/s on PostgreSQL, peak RSS < 300 MB.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { Client } from "pg";
import { applyMigrations } from "../../../src/db";
import { DEFAULT_BATCH_SIZE } from "../../../src/dataImport";
import { composeIdentityNumber } from "../../../src/identity";

const ROOT = path.resolve(__dirname, "../../../..");
/**
 * The importer's node flags, as `npm run import` passes them: a 128 MB JS heap — without the cap V8
 * lets a streaming process's heap grow for a long time before collecting (430 MB RSS at 100,000
 * members, measured); with it the heap is collected as it goes — and Prisma's query-compiler WASM
 * kept on V8's baseline tier: the importer compiles a handful of queries per batch, so the
 * optimising tier's compile memory (tens of MB of native memory) bought nothing (peak RSS 269–274
 * against 317–332 MB at 1,000-record batches, 1M members, 2026-12-08).
 */
const IMPORTER_NODE_FLAGS = ["--max-old-space-size=128", "--liftoff-only"];
const CLI = path.join(ROOT, "dist/scripts/import.js");
/** Writes the importer's own CPU time and peak RSS when it exits (see the file). */
const USAGE_PRELOAD = path.join(__dirname, "resourceUsageOnExit.js");
/** RSS samples printed per run, evenly spaced over it. */
const RSS_POINTS = 10;
const TARGETS = { sqlite: 20_000, postgresql: 5_000, rssMb: 300 };
/** Chongqing areas the synthetic households are registered in. */
const AREAS = ["500101", "500103", "500106", "500107", "500113", "500117"];
const RELATIONS = ["HEAD", "SPOUSE", "CHILD", "PARENT"];

/** 1–4 members per household (2.5 on average); identity numbers unique by (day, sequence). */
async function writeHouseholds(file: string, members: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const day0 = Date.UTC(1940, 0, 1);
  let written = 0;
  let households = 0;
  while (written < members) {
    const size = Math.min(1 + (households % 4), members - written);
    const list = [];
    for (let m = 0; m < size; m++, written++) {
      const birthDate = new Date(day0 + (written % 25_000) * 86_400_000).toISOString().slice(0, 10);
      const gender = m % 2 === 0 ? "MALE" : "FEMALE";
      const idNumber = composeIdentityNumber(AREAS[households % AREAS.length], birthDate, gender, Math.floor(written / 25_000) * 2 + (gender === "MALE" ? 1 : 0));
      list.push({ idNumber, name: `测试${written}`, birthDate, relation: RELATIONS[m] });
    }
    const line = `${JSON.stringify({ areaCode: AREAS[households % AREAS.length], residence: households % 3 ? "URBAN" : "RURAL", members: list })}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    households++;
  }
  await new Promise<void>((resolve) => out.end(resolve));
  return households;
}

interface RunResult {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** Bytes the importer caused to be written to the disk (null where /proc/self/io is missing). */
  diskWriteBytes: number | null;
  /** VmRSS every 200 ms, in MB. */
  rssMb: number[];
  loadBefore: number[];
  loadAfter: number[];
  summary: string;
}

interface UsageOnExit {
  userSeconds: number;
  systemSeconds: number;
  maxRssKb: number;
  diskWriteBytes: number | null;
}

/** Runs the importer, samples its RSS along the way, and reads its CPU time and peak RSS at exit. */
function runImporter(file: string, databaseUrl: string, dir: string, batchSize: number, extraFlags: string[]): Promise<RunResult> {
  const usageFile = path.join(dir, `usage-${Date.now()}.json`);
  const loadBefore = os.loadavg();
  const started = Date.now();
  const child = spawn(process.execPath, [...IMPORTER_NODE_FLAGS, ...extraFlags, "--require", USAGE_PRELOAD, CLI, "--kind", "households", "--file", file, "--database-url", databaseUrl, "--region", "CHONGQING", "--operator", "bench", "--batch-size", String(batchSize)], {
    env: { ...process.env, KEYS_DIR: path.join(dir, "keys"), DATA_DIR: dir, GATEWAY_ENV: "development", LOG_LEVEL: "silent", BENCH_IMPORT_USAGE_FILE: usageFile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const rssMb: number[] = [];
  const sample = () => {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (rss) rssMb.push(Number(rss[1]) / 1024);
    } catch {
      // The process has gone (or this is not Linux): the exit report still gives the peak.
    }
  };
  const timer = setInterval(sample, 200);
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += String(chunk)));
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      clearInterval(timer);
      const seconds = (Date.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`importer exited with ${code}: ${stdout.trim()}`));
      const usage = JSON.parse(fs.readFileSync(usageFile, "utf8")) as UsageOnExit;
      resolve({
        seconds,
        cpuSeconds: usage.userSeconds + usage.systemSeconds,
        peakRssMb: usage.maxRssKb / 1024,
        diskWriteBytes: usage.diskWriteBytes,
        rssMb,
        loadBefore,
        loadAfter: os.loadavg(),
        summary: stdout.trim().split("\n")[0],
      });
    });
  });
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withPostgresDatabase<T>(adminUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_import_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

const loadText = (load: number[]) => load.map((l) => l.toFixed(2)).join(" ");

/** Up to RSS_POINTS samples, evenly spaced over the run. */
function rssAlongTheRun(samples: number[]): string {
  if (samples.length === 0) return "no samples";
  const points = Math.min(RSS_POINTS, samples.length);
  const picked = Array.from({ length: points }, (_, i) => samples[Math.round((i * (samples.length - 1)) / Math.max(1, points - 1))]);
  return picked.map((mb) => mb.toFixed(0)).join(" → ") + " MB";
}

/** What the run wrote to the disk, in all and per member: on SQLite every audit commit's fsync flushes the WAL. */
function diskWritten(result: RunResult, members: number): string {
  if (result.diskWriteBytes === null) return "written: not known (no /proc/self/io)";
  const mb = result.diskWriteBytes / 1e6;
  return `written ${Math.round(mb).toLocaleString("en")} MB = ${((result.diskWriteBytes / members) / 1000).toFixed(1)} kB per member, ${(mb / result.seconds).toFixed(0)} MB/s over the run`;
}

function report(label: string, members: number, result: RunResult, target: number): void {
  const rate = members / result.seconds;
  const cpuPer100k = (result.cpuSeconds * 100_000) / members;
  const met = (ok: boolean) => (ok ? "met" : "MISSED");
  console.log(
    [
      `${label.padEnd(10)} ${members.toLocaleString("en")} members in ${result.seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString("en")} members/s (target ≥ ${target.toLocaleString("en")}: ${met(rate >= target)})`,
      `           CPU ${result.cpuSeconds.toFixed(1)} s = ${cpuPer100k.toFixed(2)} CPU-s per 100,000 members (importer process, all threads; ${Math.round(members / result.cpuSeconds).toLocaleString("en")} members per CPU-second)`,
      `           peak RSS ${result.peakRssMb.toFixed(0)} MB (target < ${TARGETS.rssMb}: ${met(result.peakRssMb < TARGETS.rssMb)}); RSS along the run ${rssAlongTheRun(result.rssMb)}`,
      `           disk ${diskWritten(result, members)}`,
      `           load average before ${loadText(result.loadBefore)}, after ${loadText(result.loadAfter)}`,
      `           ${result.summary}`,
    ].join("\n"),
  );
}

async function main(): Promise<void> {
  const opts = new Command()
    .option("--members <n>", "members in the generated file", (v) => Number.parseInt(v, 10), 1_000_000)
    .option("--batch-size <n>", "records per transaction", (v) => Number.parseInt(v, 10), DEFAULT_BATCH_SIZE)
    .option("--postgres-url <url>", "a server to create a throwaway database on", process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres")
    .option("--skip-postgres", "SQLite only", false)
    .option("--skip-sqlite", "PostgreSQL only", false)
    .option("--importer-flags <flags>", "extra node flags for the importer, space-separated (e.g. --cpu-prof --cpu-prof-dir=DIR)", "")
    .parse()
    .opts<{ members: number; batchSize: number; postgresUrl: string; skipPostgres: boolean; skipSqlite: boolean; importerFlags: string }>();
  const extraFlags = opts.importerFlags.split(" ").filter(Boolean);
  if (!fs.existsSync(CLI)) throw new Error("run npm run build first (dist/scripts/import.js is missing)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-bench-import-"));
  try {
    const file = path.join(dir, "households.jsonl");
    const households = await writeHouseholds(file, opts.members);
    console.log(`generated ${households.toLocaleString("en")} households, ${opts.members.toLocaleString("en")} members (${(fs.statSync(file).size / 1e6).toFixed(0)} MB); load average ${loadText(os.loadavg())}, ${os.cpus().length} CPUs`);

    if (!opts.skipSqlite) {
      const sqliteUrl = `file:${path.join(dir, "bench.db")}`;
      await applyMigrations(sqliteUrl);
      report("SQLite", opts.members, await runImporter(file, sqliteUrl, dir, opts.batchSize, extraFlags), TARGETS.sqlite);
    }

    if (opts.skipPostgres) return;
    if (!(await postgresAnswers(opts.postgresUrl))) {
      console.log(`PostgreSQL at ${new URL(opts.postgresUrl).host} does not answer: skipped`);
      return;
    }
    await withPostgresDatabase(opts.postgresUrl, async (url) => {
      await applyMigrations(url);
      report("PostgreSQL", opts.members, await runImporter(file, url, dir, opts.batchSize, extraFlags), TARGETS.postgresql);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`bench:import failed: ${error.message}`);
  process.exit(1);
});
