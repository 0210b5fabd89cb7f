// `npm run bench:import [-- --members N] [--postgres-url URL] [--skip-postgres] [--batch-size N]`
// Generates a households file of N members (default 1,000,000), imports it with `npm run import`
// (the compiled CLI, in a child process) into a fresh SQLite database, and into a fresh PostgreSQL
// database when one answers; prints members per second and the importer's peak RSS (VmHWM).
// Targets (issue 19): ≥ 20,000 members/s on SQLite, ≥ 5,000/s on PostgreSQL, peak RSS < 300 MB.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { Client } from "pg";
import { applyMigrations } from "../../../src/db";
import { composeIdentityNumber } from "../../../src/identity";

const ROOT = path.resolve(__dirname, "../../../..");
/**
 * The importer's node flags, as `npm run import` passes them: a 128 MB JS heap. Without the cap V8
 * lets a streaming process's heap grow for a long time before collecting (430 MB RSS at 100,000
 * members, measured); with it the heap is collected as it goes and peak RSS stays under 300 MB.
 */
const IMPORTER_NODE_FLAGS = ["--max-old-space-size=128"];
const CLI = path.join(ROOT, "dist/scripts/import.js");
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
  peakRssMb: number;
  summary: string;
}

/** Runs the importer and samples its peak RSS (VmHWM, Linux) until it exits. */
function runImporter(file: string, databaseUrl: string, dir: string, batchSize: number): Promise<RunResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [...IMPORTER_NODE_FLAGS, CLI, "--kind", "households", "--file", file, "--database-url", databaseUrl, "--region", "CHONGQING", "--operator", "bench", "--batch-size", String(batchSize)], {
    env: { ...process.env, KEYS_DIR: path.join(dir, "keys"), DATA_DIR: dir, GATEWAY_ENV: "development", LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let peakKb = 0;
  const sample = () => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // The process has gone; the last sample stands.
    }
  };
  const timer = setInterval(sample, 200);
  let stdout = "";
  child.stdout.on("data", (chunk) => (stdout += String(chunk)));
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`importer exited with ${code}: ${stdout.trim()}`));
      resolve({ seconds: (Date.now() - started) / 1000, peakRssMb: peakKb / 1024, summary: stdout.trim().split("\n")[0] });
    });
    child.stdout.once("data", sample);
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

function report(label: string, members: number, result: RunResult, target: number): void {
  const rate = members / result.seconds;
  console.log(
    `${label.padEnd(10)} ${members.toLocaleString("en")} members in ${result.seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString("en")} members/s ` +
      `(target ≥ ${target.toLocaleString("en")}: ${rate >= target ? "met" : "MISSED"}); peak RSS ${result.peakRssMb.toFixed(0)} MB (target < ${TARGETS.rssMb}: ${result.peakRssMb < TARGETS.rssMb ? "met" : "MISSED"})\n           ${result.summary}`,
  );
}

async function main(): Promise<void> {
  const opts = new Command()
    .option("--members <n>", "members in the generated file", (v) => Number.parseInt(v, 10), 1_000_000)
    .option("--batch-size <n>", "records per transaction", (v) => Number.parseInt(v, 10), 500)
    .option("--postgres-url <url>", "a server to create a throwaway database on", process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres")
    .option("--skip-postgres", "SQLite only", false)
    .parse()
    .opts<{ members: number; batchSize: number; postgresUrl: string; skipPostgres: boolean }>();
  if (!fs.existsSync(CLI)) throw new Error("run npm run build first (dist/scripts/import.js is missing)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-bench-import-"));
  try {
    const file = path.join(dir, "households.jsonl");
    const households = await writeHouseholds(file, opts.members);
    console.log(`generated ${households.toLocaleString("en")} households, ${opts.members.toLocaleString("en")} members (${(fs.statSync(file).size / 1e6).toFixed(0)} MB); load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${os.cpus().length} CPUs`);

    const sqliteUrl = `file:${path.join(dir, "bench.db")}`;
    await applyMigrations(sqliteUrl);
    report("SQLite", opts.members, await runImporter(file, sqliteUrl, dir, opts.batchSize), TARGETS.sqlite);

    if (opts.skipPostgres) return;
    if (!(await postgresAnswers(opts.postgresUrl))) {
      console.log(`PostgreSQL at ${new URL(opts.postgresUrl).host} does not answer: skipped`);
      return;
    }
    await withPostgresDatabase(opts.postgresUrl, async (url) => {
      await applyMigrations(url);
      report("PostgreSQL", opts.members, await runImporter(file, url, dir, opts.batchSize), TARGETS.postgresql);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`bench:import failed: ${error.message}`);
  process.exit(1);
});
