import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { devIssuerKeyName, ensureSigningKey, mintDevToken, nodeKeyName } from "../../../src/auth";
import { loadConfig, nodeIssuerFor, otherRegion, REGIONS, type Region } from "../../../src/config";
import { applyMigrations, createPrismaClient, type PrismaClient } from "../../../src/db";
import { missingPersonFacts } from "../../../src/relief";
import { startGatewayNode, type GatewayNode } from "../../../src/server";
import { seedDemoData, seedFamilySearchSides, type SeedProgress } from "../../../src/synthetic";
import { percentile } from "./benchmarkMetrics";

// What a filing pays for cross-border matching, end to end: both provinces' real gateway nodes
// on loopback — Chongqing's in this process, Sichuan's in a process of its own (src/main.ts, as
// deployed) — each on its own SQLite database seeded with `perSide` relief records of its own
// province. The same kind of report is filed through
// `fileMissingPersonReport` at the Chongqing node with its peer configured (its filing writes the
// outbox row in its transaction and starts the first attempt in the background: a node token,
// the HTTP hop, the Sichuan node's match, its alert rows and audit entry, the answer's alerts
// raised and audited at Chongqing) and with no peer (the home half only), in alternating rounds
// so both see the same load on a shared machine. The difference of the two distributions' p50
// and p95 is what cross-border matching adds to a filing. A report is the heavier direction (the
// peer searches its records; a record's peer searches the open reports).
//
// Since the filing no longer waits for the peer (PEER_FIRST_ATTEMPT_WAIT_MS 0), the peer's half
// is measured on its own: from the filing's answer to its outbox entry marked delivered at
// Chongqing (the peer's alerts stored, audited). The next filing waits for that, so no filing is
// timed while the previous one's exchange still runs.
//
// The seeded databases are kept under .bench-cache/ (git-ignored), keyed by seed and size, so a
// later run at the same size only copies them; filings go to the copies. Seeding generates the
// data set once for both provinces and writes it as one JSON parameter per statement
// (seedFamilySearchSides).

const CACHE_VERSION = 2;
const FILE = `mutation File($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { missingPersonReport { id } alerts { id } } }`;
/** Filings per round; rounds alternate peer on / peer off. */
const ROUND = 25;
const WARMUP_FILINGS = 20;
/** How long the peer's answer is waited for after a filing before it counts as not arrived. */
const ARRIVAL_DEADLINE_MS = 30_000;

export interface FilingCostFigures {
  recordsPerSide: number;
  filingsEach: number;
  onP50Ms: number;
  onP95Ms: number;
  offP50Ms: number;
  offP95Ms: number;
  addedP50Ms: number;
  addedP95Ms: number;
  /** CPU of this process (the Chongqing nodes) per filing: the wall figures carry the shared machine's load. */
  onCpuP50Ms: number;
  onCpuP95Ms: number;
  offCpuP50Ms: number;
  offCpuP95Ms: number;
  /** From the filing's answer to the peer's alerts stored at home (its outbox entry delivered). */
  arrivalP50Ms: number;
  arrivalP95Ms: number;
  /** Filings whose peer answer had not arrived within ARRIVAL_DEADLINE_MS. */
  notArrived: number;
  /** CPU of this process from the filing's start until the peer's answer was applied (Chongqing's side of the background exchange included). */
  onWithExchangeCpuP50Ms: number;
  onWithExchangeCpuP95Ms: number;
  /** Alerts the peer raised for the Chongqing reports filed. */
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
  const databases = {} as Record<Region, PrismaClient>;
  try {
    for (const region of REGIONS) {
      const url = `file:${path.join(dir, `${region.toLowerCase()}.db`)}`;
      await applyMigrations(url);
      databases[region] = createPrismaClient(url);
      // Reference data only (divisions, the province's agencies).
      await seedDemoData(databases[region], { region, households: 0, relief: 0, reports: 0, seed });
    }
    // `relief` counts both provinces' records; each node keeps those of its own stations (about half).
    log(`  seeding both provinces: ${2 * perSide} relief records generated once, each written to its province's database…`);
    const written = await seedFamilySearchSides(databases, { relief: 2 * perSide, reports, seed, progress: seedProgressLines(log) });
    log(`  seeded ${REGIONS.map((r) => `${r} ${written[r]}`).join(", ")} relief records in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    for (const prisma of Object.values(databases)) await prisma.$disconnect();
  }
  fs.writeFileSync(path.join(dir, "complete"), new Date().toISOString());
  return { dir, seconds: (performance.now() - started) / 1000, cached: false };
}

/** A line per 10 % of the seeding, through the benchmark's log. */
function seedProgressLines(log: (line: string) => void): SeedProgress {
  let total = 0;
  let done = 0;
  let shown = 0;
  const started = performance.now();
  return {
    start: (_label, n) => void (total = n),
    advance(by) {
      done += by;
      const tenth = Math.floor((10 * done) / Math.max(1, total));
      if (tenth > shown) {
        shown = tenth;
        const seconds = (performance.now() - started) / 1000;
        log(`    ${done} of ${total} rows (${Math.round(done / seconds)} rows/s)`);
      }
    },
    stop: () => undefined,
  };
}

interface BenchNodes {
  cq: GatewayNode;
  /** Chongqing's database, as its node reads it (where its outbox entries are marked delivered). */
  cqPrisma: PrismaClient;
  cqWithoutPeer: GatewayNode;
  close(): Promise<void>;
}

const NODE_FLAGS = ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning"];
const PEER_READY_TIMEOUT_MS = 30 * 60_000;

/**
 * The Chongqing nodes in this process (the filings are timed against them) and the Sichuan node
 * in a process of its own, as the other province's node is deployed: its match, alert writes and
 * audit run on their own event loop, not between the steps of the filing being timed.
 */
async function startNodes(work: string, keysDir: string, log: (line: string) => void): Promise<BenchNodes> {
  const envFor = (region: Region, port: number, peerUrl: string | null, database: string): Record<string, string> => {
    const other = otherRegion(region);
    return {
      GATEWAY_ENV: "development",
      REGION: region,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: work,
      DATABASE_URL: `file:${path.join(work, database)}`,
      KEYS_DIR: keysDir,
      LOG_LEVEL: "silent",
      SEED_IF_EMPTY: "false",
      AUDIT_SUBJECT_KEY: "assist-gateway-bench-audit-subject-key-synthetic-data-only",
      BUDGET_OFFICER_PERSONS_PER_HOUR: "1000000000",
      BUDGET_AGENCY_PERSONS_PER_HOUR: "1000000000",
      AGENCY_JURISDICTIONS: BENCH_AGENCY_JURISDICTIONS,
      PEERS: JSON.stringify(
        peerUrl ? [{ region: other, url: peerUrl, issuer: nodeIssuerFor(other), jwksFile: path.join(keysDir, `${nodeKeyName(other)}.jwks.json`), timeoutMs: 5000 }] : [],
      ),
    };
  };
  const prismas: PrismaClient[] = [];
  const startHere = async (env: Record<string, string>): Promise<{ node: GatewayNode; prisma: PrismaClient }> => {
    const prisma = createPrismaClient(env.DATABASE_URL);
    prismas.push(prisma);
    return { node: await startGatewayNode(loadConfig(env), { prisma }), prisma };
  };
  const [cqPort, scPort] = [await freePort(), await freePort()];
  const scUrl = `http://127.0.0.1:${scPort}`;
  // src/main.ts of this build (dist/src/main.js), as a province's node is started.
  const sichuan = spawn(process.execPath, [...NODE_FLAGS, path.resolve(__dirname, "../../../src/main.js")], {
    env: { ...process.env, ...envFor("SICHUAN", scPort, `http://127.0.0.1:${cqPort}`, "sichuan.db") },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => sichuan.once("exit", () => resolve()));
  try {
    await waitReady(scUrl, exited);
    log(`  the Sichuan node is up with its engine loaded (pid ${sichuan.pid})`);
    const cq = await startHere(envFor("CHONGQING", cqPort, scUrl, "chongqing.db"));
    // The same province's node without a peer, on a copy of its database (its own engine and writes).
    const alone = await startHere(envFor("CHONGQING", 0, null, "chongqing-alone.db"));
    // Both load their engines in the background, in this process: traffic waits until /readyz
    // says they are loaded, as a load balancer's would. Filed earlier, the first filing's audit
    // entry waited past its 5 s bound behind the other node's engine load (AUDIT_UNAVAILABLE).
    for (const node of [cq.node, alone.node]) await waitReady(node.url, new Promise<void>(() => undefined));
    log(`  both Chongqing nodes are up with their engines loaded`);
    return {
      cq: cq.node,
      cqPrisma: cq.prisma,
      cqWithoutPeer: alone.node,
      async close() {
        for (const node of [alone.node, cq.node]) await node.close();
        for (const prisma of prismas) await prisma.$disconnect();
        sichuan.kill("SIGTERM");
        await exited;
      },
    };
  } catch (error) {
    sichuan.kill("SIGTERM");
    throw error;
  }
}

/** Until the node answers /readyz with its family-search engine loaded, or it exits. */
async function waitReady(url: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + PEER_READY_TIMEOUT_MS;
  while (Date.now() < deadline && !gone) {
    try {
      const res = await fetch(`${url}/readyz`);
      const body = (await res.json()) as { checks?: Record<string, string> };
      if (res.ok && body.checks?.["warm-up:relief"] === "ready") return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(gone ? `the node at ${url} exited before it was ready` : `the node at ${url} not ready after ${PEER_READY_TIMEOUT_MS / 1000} s`);
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

/**
 * When the newest report's message to the peer was delivered (the peer's answer applied: its
 * alerts stored and audited here), polled every 2 ms; undefined if not within the deadline.
 */
async function peerAnswerArrived(prisma: PrismaClient): Promise<Date | undefined> {
  const deadline = Date.now() + ARRIVAL_DEADLINE_MS;
  const entry = await prisma.peerOutboxEntry.findFirst({ where: { kind: "matchReport" }, orderBy: { createdAt: "desc" }, select: { id: true } });
  if (!entry) return undefined;
  while (Date.now() < deadline) {
    const { deliveredAt } = await prisma.peerOutboxEntry.findUniqueOrThrow({ where: { id: entry.id }, select: { deliveredAt: true } });
    if (deliveredAt) return deliveredAt;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return undefined;
}

async function fileReport(url: string, token: string, input: Record<string, unknown>): Promise<{ ms: number; cpuMs: number; alerts: number; answeredAt: number }> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "x-purpose": "FAMILY_SEARCH", "x-case-ref": "XQ-2026-0001" },
    body: JSON.stringify({ query: FILE, variables: { input } }),
  });
  const body = (await res.json()) as { data?: { fileMissingPersonReport: { alerts: unknown[] } }; errors?: { message: string }[] };
  const ms = performance.now() - started;
  const answeredAt = Date.now();
  const cpu = process.cpuUsage(cpuStarted);
  if (body.errors) throw new Error(`fileMissingPersonReport failed: ${body.errors[0].message}`);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, alerts: body.data!.fileMissingPersonReport.alerts.length, answeredAt };
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
    // Each measured report is filed twice, at the node with its peer and at the one without (each
    // over its own copy of the database), so the run needs one report per filing pair.
    const needed = filings + WARMUP_FILINGS;
    const inputs = await reportInputs(`file:${path.join(work, "chongqing.db")}`, needed);
    if (inputs.length < needed) throw new Error(`only ${inputs.length} Chongqing reports seeded, ${needed} needed`);
    log(`  starting both nodes (Sichuan in its own process) and a Chongqing node without a peer (${recordsPerSide} records per side; engines load from the databases)…`);
    const nodes = await startNodes(work, keysDir, log);
    try {
      const token = await mintDevToken({ keysDir, region: "CHONGQING", roles: ["relief_officer"], agency: "CQ-AG-00000001", sub: "bench-officer", ttl: "3h" });
      // Warm-up on both (first filings build each node's engine from its database and tier up V8).
      for (const input of inputs.slice(0, WARMUP_FILINGS)) {
        await fileReport(nodes.cq.url, token, input);
        await peerAnswerArrived(nodes.cqPrisma);
        await fileReport(nodes.cqWithoutPeer.url, token, input);
      }
      const on: number[] = [];
      const off: number[] = [];
      const onCpu: number[] = [];
      const offCpu: number[] = [];
      const arrival: number[] = [];
      const onWithExchangeCpu: number[] = [];
      let notArrived = 0;
      const measured = inputs.slice(WARMUP_FILINGS);
      log(`  filing ${filings} reports with the peer and ${filings} without (load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")})…`);
      for (let i = 0; i < filings; i += ROUND) {
        // Each report is filed once with the peer and once without, so both sides see the same reports.
        const round = measured.slice(i, Math.min(i + ROUND, filings));
        for (const input of round) {
          const cpuStarted = process.cpuUsage();
          const filed = await fileReport(nodes.cq.url, token, input);
          on.push(filed.ms);
          onCpu.push(filed.cpuMs);
          // The peer's half, in the background since the filing answered: until its alerts are stored here.
          const deliveredAt = await peerAnswerArrived(nodes.cqPrisma);
          if (!deliveredAt) notArrived += 1;
          else {
            arrival.push(Math.max(0, deliveredAt.getTime() - filed.answeredAt));
            const cpu = process.cpuUsage(cpuStarted);
            onWithExchangeCpu.push((cpu.user + cpu.system) / 1000);
          }
        }
        for (const input of round) {
          const filed = await fileReport(nodes.cqWithoutPeer.url, token, input);
          off.push(filed.ms);
          offCpu.push(filed.cpuMs);
        }
      }
      // Cross-border alerts: the Sichuan node's alerts raised for Chongqing reports.
      const withCrossBorderAlerts = await crossBorderAlertCount(path.join(work, "sichuan.db"));
      for (const list of [on, off, onCpu, offCpu, arrival, onWithExchangeCpu]) list.sort((a, b) => a - b);
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
        arrivalP50Ms: arrival.length > 0 ? p(arrival, 50) : Number.NaN,
        arrivalP95Ms: arrival.length > 0 ? p(arrival, 95) : Number.NaN,
        notArrived,
        onWithExchangeCpuP50Ms: onWithExchangeCpu.length > 0 ? p(onWithExchangeCpu, 50) : Number.NaN,
        onWithExchangeCpuP95Ms: onWithExchangeCpu.length > 0 ? p(onWithExchangeCpu, 95) : Number.NaN,
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
