// S4's database — a generated audit log of millions of entries (auditLogGenerator.ts: valid hash
// chains, signed checkpoints) plus the bench's households, so one node answers both the compliance
// queries and S1 — kept between runs in a gitignored cache directory, keyed by the generator's
// version, the entry count and the household count: the first run pays for generation, later
// runs reuse the file. A generation in progress lives in a `.partial` directory and becomes the
// cache entry only when complete, so an interrupted run never leaves a half-filled log behind.
//
// The file is used in place (a 10M-entry log is about 11 GB; copying it costs as much as a
// minute on these machines), so the nodes of a run append their own audit entries to it, in
// their own writer chains. The generated entries are never touched (the log is append-only), and
// the bench's queries filter on the generated officers, whose entries stay exactly as generated.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { AUDIT_LOG_GENERATOR_VERSION, generateAuditLog } from "../auditLogGenerator";
import { createBenchDatabase, type BenchDatabase } from "./benchHouseholds";

export interface CachedAuditLog {
  database: BenchDatabase;
  entries: number;
  /** False when this run generated the file. */
  reused: boolean;
  /** How long generating the file took (this run, or the run that made the cache entry), and its rate. */
  generationSeconds: number;
  entriesPerSecond: number;
  generatedOn: string;
}

interface Manifest {
  generatorVersion: number;
  entries: number;
  households: number;
  generationSeconds: number;
  generatedOn: string;
}

const REGION = "CHONGQING" as const;
const databaseFile = (dir: string) => path.join(dir, `${REGION.toLowerCase()}.db`);

function openedDatabase(dir: string): BenchDatabase {
  const file = databaseFile(dir);
  const db = new Database(file, { readonly: true });
  try {
    const verificationIds = db.prepare(`SELECT id FROM "HouseholdVerification" ORDER BY rowid`).pluck().all() as string[];
    return { databaseUrl: `file:${file}`, file, region: REGION, verificationIds };
  } finally {
    db.close();
  }
}

/** The cached log of `entries` entries with `households` households, generated first if absent. */
export async function cachedAuditLog(cacheDir: string, entries: number, households: number, log: (line: string) => void): Promise<CachedAuditLog> {
  const key = `audit-log-g${AUDIT_LOG_GENERATOR_VERSION}-${entries}-entries-${households}-households`;
  const dir = path.join(cacheDir, key);
  const manifestFile = path.join(dir, "manifest.json");
  if (fs.existsSync(manifestFile)) {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
    return { database: openedDatabase(dir), entries, reused: true, generationSeconds: manifest.generationSeconds, entriesPerSecond: entries / manifest.generationSeconds, generatedOn: manifest.generatedOn };
  }

  // Entries of the same size from an older generator are stale: they would only fill the disk.
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const name of fs.readdirSync(cacheDir)) {
    if (name.startsWith("audit-log-g") && name !== key && name.includes(`-${entries}-entries-`)) fs.rmSync(path.join(cacheDir, name), { recursive: true, force: true });
  }
  const partial = `${dir}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  const started = performance.now();
  let shown = 0;
  log(`  S4 audit log: not in the cache, generating ${entries.toLocaleString("en")} entries into ${partial}`);
  await generateAuditLog(databaseFile(partial), entries, (done) => {
    if (done - shown >= entries / 10 || done === entries) {
      shown = done;
      const seconds = (performance.now() - started) / 1000;
      log(`    ${done.toLocaleString("en")} entries in ${seconds.toFixed(0)} s (${(done / seconds).toFixed(0)} entries/s)`);
    }
  });
  // The migrations are applied already: this adds the households S1 reads on the same node.
  await createBenchDatabase(partial, households, REGION);
  const generationSeconds = (performance.now() - started) / 1000;
  const manifest: Manifest = { generatorVersion: AUDIT_LOG_GENERATOR_VERSION, entries, households, generationSeconds, generatedOn: new Date().toISOString() };
  fs.writeFileSync(path.join(partial, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  fs.renameSync(partial, dir);
  log(`  S4 audit log: generated in ${generationSeconds.toFixed(0)} s (${(entries / generationSeconds).toFixed(0)} entries/s, indexes included), cached as ${dir}`);
  return { database: openedDatabase(dir), entries, reused: false, generationSeconds, entriesPerSecond: entries / generationSeconds, generatedOn: manifest.generatedOn };
}
