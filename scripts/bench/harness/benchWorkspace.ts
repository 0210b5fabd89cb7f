// Everything one bench run needs and must clean up: a temp directory with the bench database and
// keys, officer tokens, and the servers it starts (gateway nodes and baselines), all on loopback.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { devIssuerKeyName, ensureSigningKey, mintDevToken, nodeKeyName } from "../../../src/auth";
import { nodeIssuerFor, REGIONS, type PeerNode, type Region } from "../../../src/config";
import type { Role } from "../../../src/context";
import { createBenchDatabase, type BenchDatabase } from "../dataset/benchHouseholds";
import type { CpuPlan } from "./cpuPinning";
import { startServerChild, type ServerChild } from "./serverChild";

/** Configuration keys of the gateway that the bench sets itself (a caller's own values are dropped). */
const GATEWAY_KEYS = [
  "GATEWAY_ENV", "REGION", "HOST", "PORT", "DATA_DIR", "DATABASE_URL", "KEYS_DIR", "TRUSTED_ISSUERS", "TOKEN_CACHE_SIZE", "LOG_LEVEL",
  "INTROSPECTION", "POLICY_DIR", "MAX_DEPTH", "MAX_ALIASES", "MAX_ROOT_FIELDS", "MAX_COST", "MAX_TOKENS", "MAX_DOCUMENT_BYTES",
  "TRUSTED_DOCUMENTS", "MAX_PAGE_SIZE", "BUDGET_OFFICER_PERSONS_PER_HOUR", "BUDGET_AGENCY_PERSONS_PER_HOUR",
  "PEERS", "PEER_TIMEOUT_MS", "SEED_IF_EMPTY", "AUDIT_SUBJECT_KEY", "AUDIT_CHECKPOINT_ENTRIES", "AUDIT_CHECKPOINT_SECONDS",
  "AGENCY_JURISDICTIONS", "CASE_REF_FORMATS",
];

/**
 * The bench officers' agency (the verification centre, tag-AG-00000001) answers for its whole
 * province: with the policy plugin on, every read carries the compiled row rule (province filter
 * in the query), and the answers stay row for row those of the node without policy.
 */
const BENCH_AGENCY_JURISDICTIONS = JSON.stringify({ "CQ-AG-00000001": "500000", "SC-AG-00000001": "510000" });

/**
 * The audit log's subject-pseudonym key for every bench node: given here, so nodes starting
 * together do not each create a dev secret in the shared keys directory. Not a secret: bench data
 * is synthetic and the directory is deleted after the run.
 */
const BENCH_AUDIT_SUBJECT_KEY = "assist-gateway-bench-audit-subject-key-synthetic-data-only";

export interface GatewayVariant {
  name: string;
  withoutPolicy?: boolean;
  withoutAudit?: boolean;
  inMemoryVerification?: boolean;
  /** Default CHONGQING (the bench's main database). */
  region?: Region;
  /** The other province's node, by URL; none unless given (a bench node never reaches a stray server). */
  peerUrl?: string;
  /** Extra flags for node itself. */
  nodeFlags?: string[];
  /** A database other than the region's bench database (S4's cached audit log). */
  database?: BenchDatabase;
}

export class BenchWorkspace {
  private readonly servers: ServerChild[] = [];
  private readonly databases = new Map<Region, Promise<BenchDatabase>>();

  private constructor(
    readonly dir: string,
    readonly database: BenchDatabase,
    private readonly cpu: CpuPlan,
    private readonly distDir: string,
    private readonly households: number,
  ) {}

  /**
   * Temp dir, the Chongqing database migrated and filled, and both provinces' signing keys (made
   * once here, so nodes starting together share them and trust each other's).
   */
  static async create(households: number, cpu: CpuPlan): Promise<BenchWorkspace> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-bench-"));
    const keysDir = path.join(dir, "keys");
    for (const region of REGIONS) {
      await ensureSigningKey(keysDir, devIssuerKeyName(region));
      await ensureSigningKey(keysDir, nodeKeyName(region));
    }
    const database = await createBenchDatabase(dir, households, "CHONGQING");
    const workspace = new BenchWorkspace(dir, database, cpu, path.resolve(__dirname, ".."), households);
    workspace.databases.set("CHONGQING", Promise.resolve(database));
    return workspace;
  }

  /** The database of `region` (the Sichuan one is made on first use). */
  databaseOf(region: Region): Promise<BenchDatabase> {
    let database = this.databases.get(region);
    if (!database) {
      database = createBenchDatabase(this.dir, this.households, region);
      this.databases.set(region, database);
    }
    return database;
  }

  get keysDir(): string {
    return path.join(this.dir, "keys");
  }

  /** An officer's token from the region's dev issuer (both provinces' nodes trust both issuers). */
  async token(role: Role, sub: string, region: Region = "CHONGQING"): Promise<string> {
    const agency = region === "CHONGQING" ? "CQ-AG-00000001" : "SC-AG-00000001";
    return mintDevToken({ keysDir: this.keysDir, region, roles: [role], agency, sub, ttl: "3h" });
  }

  /**
   * The gateway's environment for every node of the bench: the same database, keys and limits.
   * MAX_PAGE_SIZE and MAX_COST admit the 1,000-row page; the enumeration budget (distinct persons
   * per officer per hour) is raised because a load generator is one "officer" touching thousands.
   */
  private gatewayEnv(database: BenchDatabase, peerUrl?: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const key of GATEWAY_KEYS) delete env[key];
    const other: Region = database.region === "CHONGQING" ? "SICHUAN" : "CHONGQING";
    const peers: PeerNode[] = peerUrl
      ? [{ region: other, url: peerUrl, issuer: nodeIssuerFor(other), jwksFile: path.join(this.keysDir, `${nodeKeyName(other)}.jwks.json`), timeoutMs: 3000 }]
      : [];
    return {
      ...env,
      GATEWAY_ENV: "development",
      REGION: database.region,
      HOST: "127.0.0.1",
      PORT: "0",
      DATA_DIR: this.dir,
      DATABASE_URL: database.databaseUrl,
      PEERS: JSON.stringify(peers),
      AUDIT_SUBJECT_KEY: BENCH_AUDIT_SUBJECT_KEY,
      KEYS_DIR: this.keysDir,
      LOG_LEVEL: "silent",
      MAX_PAGE_SIZE: "1000",
      MAX_COST: "100000000",
      BUDGET_OFFICER_PERSONS_PER_HOUR: "1000000000",
      BUDGET_AGENCY_PERSONS_PER_HOUR: "1000000000",
      AGENCY_JURISDICTIONS: BENCH_AGENCY_JURISDICTIONS,
    };
  }

  /**
   * Gateways start one after another (each listening before the next starts): nodes starting
   * together over one SQLite file contend for its write lock while each registers the development
   * agencies and opens its audit chain, and one start timed out on it (2026-12-07). Measurement
   * begins once all are up, so the order costs only start-up time.
   */
  #gatewayStarts: Promise<unknown> = Promise.resolve();

  startGateway(variant: GatewayVariant): Promise<ServerChild> {
    const started = this.#gatewayStarts.then(() => this.#startGateway(variant));
    this.#gatewayStarts = started.catch(() => undefined);
    return started;
  }

  async #startGateway(variant: GatewayVariant): Promise<ServerChild> {
    const args = [
      ...(variant.withoutPolicy ? ["--without-policy"] : []),
      ...(variant.withoutAudit ? ["--without-audit"] : []),
      ...(variant.inMemoryVerification ? ["--in-memory-verification"] : []),
    ];
    const database = variant.database ?? (await this.databaseOf(variant.region ?? "CHONGQING"));
    return this.track(await startServerChild({ name: variant.name, script: path.join(this.distDir, "benchNode.js"), args, env: this.gatewayEnv(database, variant.peerUrl), nodeFlags: variant.nodeFlags }, this.cpu));
  }

  /** A baseline server (see baselineNode.ts) over `database` (default the Chongqing bench database). */
  async startBaseline(name: string, kind: "http" | "apollo" | "sql" | "family-sql" | "access-log-sql", bodies?: Record<string, string>, database: BenchDatabase = this.database): Promise<ServerChild> {
    const args = ["--kind", kind, "--database", database.file, "--region", database.region];
    if (bodies) {
      const file = path.join(this.dir, `${name}-bodies.json`);
      fs.writeFileSync(file, JSON.stringify(bodies));
      args.push("--bodies", file);
    }
    return this.track(await startServerChild({ name, script: path.join(this.distDir, "baselineNode.js"), args }, this.cpu));
  }

  private track(server: ServerChild): ServerChild {
    this.servers.push(server);
    return server;
  }

  /**
   * The servers one scenario starts, to stop together in its `finally` — also those that did
   * start when a sibling started in the same Promise.all failed.
   */
  scenarioServers(): { start(server: Promise<ServerChild>): Promise<ServerChild>; stopAll(): Promise<void> } {
    const started: ServerChild[] = [];
    return {
      start: async (server) => {
        const s = await server;
        started.push(s);
        return s;
      },
      stopAll: async () => {
        await Promise.all(started.map((s) => this.stopServer(s)));
      },
    };
  }

  async stopServer(server: ServerChild): Promise<void> {
    await server.stop();
    this.servers.splice(this.servers.indexOf(server), 1);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.servers.map((s) => s.stop()));
    this.servers.length = 0;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
