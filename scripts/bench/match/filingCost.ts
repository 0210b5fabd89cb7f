import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { devIssuerKeyName, ensureSigningKey, mintDevToken, nodeKeyName } from "../../../src/auth";
import { loadConfig, nodeIssuerFor, otherRegion, REGIONS, type Region } from "../../../src/config";
import { applyMigrations, createPrismaClient, type PrismaClient } from "../../../src/db";
import { missingPersonFacts } from "../../../src/relief";
import { startGatewayNode, type GatewayNode } from "../../../src/server";
import { seedDemoData } from "../../../src/synthetic";
import { percentile } from "./benchmarkMetrics";

// What a filing pays for cross-border matching, end to end: both provinces' real gateway nodes
// in this process on loopback, each on its own SQLite database seeded with `perSide` relief
// records of its own province. The same kind of report is filed through
// `fileMissingPersonReport` at the Chongqing node with its peer configured (its filing writes the
// outbox row in its transaction, sends it over HTTP with a node token, the Sichuan node matches it
// against its records and raises and audits its alerts, and the answer's alerts are raised at
// Chongqing within the filing's first attempt) and with no peer (the home half only), in
// alternating rounds so both see the same load on a shared machine. The difference of the two
// distributions' p50 and p95 is what cross-border matching adds to a filing. A report is the
// heavier direction (the peer searches its records; a record's peer searches the open reports).
//
// The seeded databases are kept under .bench-cache/ (git-ignored), keyed by seed and size, so a
// later run at the same size only copies them; filings go to the copies.

const CACHE_VERSION = 1;
const FILE = `mutation File($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { missingPersonReport { id } alerts { id } } }`;
/** Filings per round; rounds alternate peer on / peer off. */
const ROUND = 25;
const WARMUP_FILINGS = 20;

export interface FilingCostFigures {
  recordsPerSide: number;
  filingsEach: number;
  onP50Ms: number;
  onP95Ms: number;
  offP50Ms: number;
  offP95Ms: number;
  addedP50Ms: number;
  addedP95Ms: number;
  /** CPU of this process (both nodes) per filing: the wall figures carry the shared machine's load. */
  onCpuP50Ms: number;
  onCpuP95Ms: number;
  offCpuP50Ms: number;
  offCpuP95Ms: number;
  /** Filings (peer on) whose answer carried an alert raised at the peer. */
  withCrossBorderAlerts: number;
  seedSeconds: number;
  seededFromCache: boolean;
}

const BENCH_AGENCY_JURISDICTIONS = JSON.stringify({ "CQ-AG-00000001": "500000", "SC-AG-00000001": "510000" });

/** Both provinces' databases with `perSide` relief records each, seeded once into the cache. */
async function cachedDatabases(seed: number, perSide: number, reports: number, log: (line: string) => void): Promise<{ dir: string; seconds: number; cached: boolean }> {
  const dir = path.resolve(".bench-cache", `match-filing-v${CACHE_VERSION}-${seed}-${perSide}-${reports}`);
  if (fs.existsSync(path.join(dir, "complete"))) return { dir, seconds: 0, cached: true };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  // Seeded one after the other: the machine's cores are shared, and each seeding is already CPU-bound.
  for (const region of REGIONS) {
    const url = `file:${path.join(dir, `${region.toLowerCase()}.db`)}`;
    await applyMigrations(url);
    const prisma = createPrismaClient(url);
    try {
      log(`  seeding ${region}: ${perSide} relief records of its own (of ${2 * perSide} generated)…`);
      // `relief` counts both provinces' records; a node keeps those of its own stations (about half).
      await seedDemoData(prisma, { region, households: 0, relief: 2 * perSide, reports, seed });
    } finally {
      await prisma.$disconnect();
    }
  }
  fs.writeFileSync(path.join(dir, "complete"), new Date().toISOString());
  return { dir, seconds: (performance.now() - started) / 1000, cached: false };
}

interface BenchNodes {
  cq: GatewayNode;
  cqWithoutPeer: GatewayNode;
  sc: GatewayNode;
  close(): Promise<void>;
}

async function startNodes(work: string, keysDir: string): Promise<BenchNodes> {
  const ports = { CHONGQING: 0, SICHUAN: 0 };
  const prismas: PrismaClient[] = [];
  const start = async (region: Region, peerUrl: string | null, database: string): Promise<GatewayNode> => {
    const other = otherRegion(region);
    const url = `file:${path.join(work, database)}`;
    const config = loadConfig({
      GATEWAY_ENV: "development",
      REGION: region,
      HOST: "127.0.0.1",
      PORT: String(ports[region]),
      DATA_DIR: work,
      DATABASE_URL: url,
      KEYS_DIR: keysDir,
      LOG_LEVEL: "silent",
      AUDIT_SUBJECT_KEY: "assist-gateway-bench-audit-subject-key-synthetic-data-only",
      BUDGET_OFFICER_PERSONS_PER_HOUR: "1000000000",
      BUDGET_AGENCY_PERSONS_PER_HOUR: "1000000000",
      AGENCY_JURISDICTIONS: BENCH_AGENCY_JURISDICTIONS,
      PEERS: JSON.stringify(
        peerUrl ? [{ region: other, url: peerUrl, issuer: nodeIssuerFor(other), jwksFile: path.join(keysDir, `${nodeKeyName(other)}.jwks.json`), timeoutMs: 5000 }] : [],
      ),
    });
    const prisma = createPrismaClient(url);
    prismas.push(prisma);
    return startGatewayNode(config, { prisma });
  };
  // Sichuan first, its peer being the Chongqing node that will listen on a port fixed now.
  const cqPort = await freePort();
  ports.CHONGQING = cqPort;
  const sc = await start("SICHUAN", `http://127.0.0.1:${cqPort}`, "sichuan.db");
  const cq = await start("CHONGQING", sc.url, "chongqing.db");
  // The same province's node without a peer, on a copy of its database (its own engine and writes).
  ports.CHONGQING = 0;
  const cqWithoutPeer = await start("CHONGQING", null, "chongqing-alone.db");
  return {
    cq,
    cqWithoutPeer,
    sc,
    async close() {
      for (const node of [cqWithoutPeer, cq, sc]) await node.close();
      for (const prisma of prismas) await prisma.$disconnect();
    },
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** The seeded Chongqing reports, as a family would file them again (the filing's input). */
async function reportInputs(databaseUrl: string, count: number): Promise<Record<string, unknown>[]> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const rows = await prisma.missingPersonReport.findMany({ where: { region: "CHONGQING" }, orderBy: { id: "asc" }, take: count });
    return rows.map((row) => {
      const facts = missingPersonFacts(row);
      return {
        name: facts.name,
        aliases: [...facts.aliases],
        gender: facts.gender,
        birthDate: facts.birthDate,
        birthYear: facts.birthDate ? null : facts.birthYear,
        heightCm: facts.heightCm,
        features: [...facts.features],
        dialect: facts.dialect,
        homeAreaCode: facts.homeAreaCode,
        lastSeenOn: facts.lastSeenOn,
        lastSeenAreaCode: facts.lastSeenAreaCode,
        faceEmbedding: facts.faceEmbedding ? Array.from(facts.faceEmbedding) : null,
        agencyId: row.agencyId,
      };
    });
  } finally {
    await prisma.$disconnect();
  }
}

async function fileReport(url: string, token: string, input: Record<string, unknown>): Promise<{ ms: number; cpuMs: number; alerts: number }> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "FAMILY_SEARCH", "x-case-ref": "XQ-2026-0001" },
    body: JSON.stringify({ query: FILE, variables: { input } }),
  });
  const body = (await res.json()) as { data?: { fileMissingPersonReport: { alerts: unknown[] } }; errors?: { message: string }[] };
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  if (body.errors) throw new Error(`fileMissingPersonReport failed: ${body.errors[0].message}`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, alerts: body.data!.fileMissingPersonReport.alerts.length };
}

export async function measureFilingCost(options: { seed: number; recordsPerSide: number; filings: number; log: (line: string) => void }): Promise<FilingCostFigures> {
  const { seed, recordsPerSide, filings, log } = options;
  const reports = Math.max(2 * (2 * filings + WARMUP_FILINGS), 400);
  const cache = await cachedDatabases(seed, recordsPerSide, reports, log);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "family-filing-bench-"));
  try {
    fs.copyFileSync(path.join(cache.dir, "chongqing.db"), path.join(work, "chongqing.db"));
    fs.copyFileSync(path.join(cache.dir, "chongqing.db"), path.join(work, "chongqing-alone.db"));
    fs.copyFileSync(path.join(cache.dir, "sichuan.db"), path.join(work, "sichuan.db"));
    const keysDir = path.join(work, "keys");
    for (const region of REGIONS) {
      await ensureSigningKey(keysDir, devIssuerKeyName(region));
      await ensureSigningKey(keysDir, nodeKeyName(region));
    }
    const inputs = await reportInputs(`file:${path.join(work, "chongqing.db")}`, 2 * filings + WARMUP_FILINGS);
    if (inputs.length < 2 * filings + WARMUP_FILINGS) throw new Error(`only ${inputs.length} Chongqing reports seeded`);
    log(`  starting both nodes and a Chongqing node without a peer (${recordsPerSide} records per side; engines load from the databases)…`);
    const nodes = await startNodes(work, keysDir);
    try {
      const token = await mintDevToken({ keysDir, region: "CHONGQING", roles: ["relief_officer"], agency: "CQ-AG-00000001", sub: "bench-officer", ttl: "3h" });
      // Warm-up on both (first filings build each node's engine from its database and tier up V8).
      for (const input of inputs.slice(0, WARMUP_FILINGS)) {
        await fileReport(nodes.cq.url, token, input);
        await fileReport(nodes.cqWithoutPeer.url, token, input);
      }
      const on: number[] = [];
      const off: number[] = [];
      const onCpu: number[] = [];
      const offCpu: number[] = [];
      const measured = inputs.slice(WARMUP_FILINGS);
      for (let i = 0; i < filings; i += ROUND) {
        // Each report is filed once with the peer and once without, so both sides see the same reports.
        const round = measured.slice(i, Math.min(i + ROUND, filings));
        for (const input of round) {
          const filed = await fileReport(nodes.cq.url, token, input);
          on.push(filed.ms);
          onCpu.push(filed.cpuMs);
        }
        for (const input of round) {
          const filed = await fileReport(nodes.cqWithoutPeer.url, token, input);
          off.push(filed.ms);
          offCpu.push(filed.cpuMs);
        }
      }
      // Cross-border alerts: the Sichuan node's alerts raised for Chongqing reports.
      const withCrossBorderAlerts = await crossBorderAlertCount(path.join(work, "sichuan.db"));
      for (const list of [on, off, onCpu, offCpu]) list.sort((a, b) => a - b);
      const p = (list: number[], q: number) => percentile(list, q);
      return {
        recordsPerSide,
        filingsEach: on.length,
        onP50Ms: p(on, 50),
        onP95Ms: p(on, 95),
        offP50Ms: p(off, 50),
        offP95Ms: p(off, 95),
        addedP50Ms: p(on, 50) - p(off, 50),
        addedP95Ms: p(on, 95) - p(off, 95),
        onCpuP50Ms: p(onCpu, 50),
        onCpuP95Ms: p(onCpu, 95),
        offCpuP50Ms: p(offCpu, 50),
        offCpuP95Ms: p(offCpu, 95),
        withCrossBorderAlerts,
        seedSeconds: cache.seconds,
        seededFromCache: cache.cached,
      };
    } finally {
      await nodes.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function crossBorderAlertCount(sichuanDb: string): Promise<number> {
  const prisma = createPrismaClient(`file:${sichuanDb}`);
  try {
    return await prisma.matchAlert.count({ where: { missingReportId: { startsWith: "CQ-" } } });
  } finally {
    await prisma.$disconnect();
  }
}
