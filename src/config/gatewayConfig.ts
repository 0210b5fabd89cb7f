import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { areaLevelOf } from "../areas";
import { REGIONS, type Region } from "./region";

/** The directory holding package.json (src/config, or dist/src/config once compiled, sits below it). */
function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) dir = path.dirname(dir);
  return dir;
}

const DEFAULT_PORTS: Record<Region, number> = { CHONGQING: 4000, SICHUAN: 4001 };

/** Issuer identifier of a region's development identity provider (keys under data/keys). */
export function devIssuerFor(region: Region): string {
  return `urn:assist-gateway:dev-issuer:${region.toLowerCase()}`;
}

/** Issuer (and audience) identifier of a node itself: service tokens between nodes use these. */
export function nodeIssuerFor(region: Region): string {
  return `urn:assist-gateway:node:${region.toLowerCase()}`;
}

/** Audience every officer token must name. */
export const GATEWAY_AUDIENCE = "urn:assist-gateway";

export function embeddedDatabaseUrl(region: Region, dataDir = "data"): string {
  return `file:${path.join(dataDir, `${region.toLowerCase()}.db`)}`;
}

export function embeddedNodeDatabaseUrls(dataDir = "data"): string[] {
  return REGIONS.map((region) => embeddedDatabaseUrl(region, dataDir));
}

const trustedIssuerSchema = z
  .object({
    issuer: z.string().min(1),
    region: z.enum(REGIONS),
    jwksUrl: z.url().optional(),
    jwksFile: z.string().optional(),
  })
  .refine((v) => Boolean(v.jwksUrl) !== Boolean(v.jwksFile), { message: "give exactly one of jwksUrl or jwksFile" });

export type TrustedIssuer = z.infer<typeof trustedIssuerSchema>;

const peerSchema = z
  .object({
    region: z.enum(REGIONS),
    url: z.url(),
    issuer: z.string().min(1),
    jwksUrl: z.url().optional(),
    jwksFile: z.string().optional(),
    timeoutMs: z.number().int().positive().max(60_000).default(3000),
  })
  .refine((v) => Boolean(v.jwksUrl) !== Boolean(v.jwksFile), { message: "give exactly one of jwksUrl or jwksFile" });

/** The other province's node: where to forward, and how to check what it signs. */
export type PeerNode = z.infer<typeof peerSchema>;

/**
 * An agency system told of events by signed webhook (src/server/webhookDispatcher.ts). It is a
 * principal like an officer: its roles and purpose decide, through the policies, whether it may
 * receive an event at all and which fields each delivery carries.
 */
const webhookSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  url: z.url(),
  agency: z.string().min(1).max(128),
  roles: z.array(z.string().min(1)).min(1).max(8),
  purpose: z.string().min(1),
  events: z.array(z.string().min(1)).min(1),
  maxAttempts: z.number().int().min(1).max(20).default(8),
  timeoutMs: z.number().int().positive().max(60_000).default(5_000),
});

export type WebhookTarget = z.infer<typeof webhookSchema>;

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1");

const envSchema = z.object({
  GATEWAY_ENV: z.enum(["development", "test", "production"]).default("development"),
  REGION: z.enum(REGIONS).default("CHONGQING"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  DATA_DIR: z.string().default("data"),
  DATABASE_URL: z.string().optional(),
  KEYS_DIR: z.string().optional(),
  TRUSTED_ISSUERS: z.string().optional(),
  TOKEN_CACHE_SIZE: z.coerce.number().int().min(0).default(10_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  INTROSPECTION: booleanFlag.optional(),
  POLICY_DIR: z.string().optional(),
  MAX_DEPTH: z.coerce.number().int().positive().default(10),
  MAX_ALIASES: z.coerce.number().int().nonnegative().default(30),
  MAX_ROOT_FIELDS: z.coerce.number().int().positive().default(10),
  MAX_COST: z.coerce.number().int().positive().default(5000),
  MAX_TOKENS: z.coerce.number().int().positive().default(2000),
  MAX_DOCUMENT_BYTES: z.coerce.number().int().positive().default(32 * 1024),
  TRUSTED_DOCUMENTS: z.string().optional(),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(5000).default(100),
  PEERS: z.string().optional(),
  SEED_IF_EMPTY: booleanFlag.optional(),
  AUDIT_SUBJECT_KEY: z.string().min(32, "AUDIT_SUBJECT_KEY must be at least 32 characters").optional(),
  AUDIT_CHECKPOINT_ENTRIES: z.coerce.number().int().positive().default(1000),
  AUDIT_CHECKPOINT_SECONDS: z.coerce.number().int().positive().default(60),
  IMPORT_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  PEER_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(3000),
  PEER_STATISTICS_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(300_000),
  WEBHOOKS: z.string().optional(),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(1_000),
  WEBHOOK_MAX_BACKOFF_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  STATISTICS_MIN_CELL_COUNT: z.coerce.number().int().min(1).max(1000).default(5),
  PEER_OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(1_000),
  PEER_OUTBOX_MAX_BACKOFF_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  PEER_FIRST_ATTEMPT_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(0),
  BUDGET_OFFICER_PERSONS_PER_HOUR: z.coerce.number().int().positive().default(1000),
  BUDGET_AGENCY_PERSONS_PER_HOUR: z.coerce.number().int().positive().default(20000),
  EXECUTION_ENGINE: z.enum(["jit", "graphql-js"]).default("jit"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  SHUTDOWN_UNREADY_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default("assist-gateway"),
  CONSOLE_OIDC_ISSUER: z.url().optional(),
  CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CONSOLE_OIDC_SCOPE: z.string().min(1).default("openid"),
  CONSOLE_DIR: z.string().optional(),
  AGENCY_JURISDICTIONS: z.string().optional(),
  CASE_REF_FORMATS: z.string().optional(),
});

/** Every variable loadConfig reads (`.env.example` lists exactly these; a test holds it to that). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/**
 * The case/file number (X-Case-Ref) when a province configures none: 1–64 letters, digits and the
 * punctuation file numbers use (渝民发〔2023〕10号, CQ-MLG-2025-0042, CASE-1). Each province may
 * set a stricter pattern for its own officers' case numbers in CASE_REF_FORMATS.
 */
export const DEFAULT_CASE_REF_FORMAT = "^[\\p{L}\\p{N}\\-_/()（）〔〕.]{1,64}$";

const caseRefFormatsSchema = z.partialRecord(z.enum(REGIONS), z.string().min(1)).transform((formats, ctx) => {
  const compiled: Partial<Record<Region, RegExp>> = {};
  for (const [region, pattern] of Object.entries(formats) as [Region, string][]) {
    try {
      compiled[region] = new RegExp(pattern, "u");
    } catch (error) {
      ctx.addIssue({ code: "custom", path: [region], message: `not a regular expression: ${(error as Error).message}` });
    }
  }
  return compiled;
});

/** Agency id or code → GB/T 2260 code of its jurisdiction (a county, a prefecture xxxx00 or a province xx0000). */
const agencyJurisdictionsSchema = z.record(
  z.string().min(1).max(128),
  z.string().refine((code) => areaLevelOf(code) !== undefined, { message: "must be a county, prefecture (xxxx00) or province (xx0000) code of Chongqing or Sichuan" }),
);

function parseJsonSetting<T>(name: string, text: string, schema: z.ZodType<T>, shape = "a JSON object"): T {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`invalid configuration: ${name} must be ${shape}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid configuration: ${name}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data;
}

export interface GatewayConfig {
  env: "development" | "test" | "production";
  region: Region;
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string;
  keysDir: string;
  /** policies/*.yaml: field-level authorization, validated against the schema at start-up. */
  policyDir: string;
  audience: string;
  trustedIssuers: TrustedIssuer[];
  tokenCacheSize: number;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  introspection: boolean;
  limits: { maxDepth: number; maxAliases: number; maxRootFields: number; maxCost: number; maxTokens: number; maxDocumentBytes: number };
  /** Manifest of reviewed operations; when set, nothing else runs (PERSISTED_QUERY_REQUIRED). */
  trustedDocumentsFile?: string;
  /** This node's own issuer id (service tokens it signs) and audience (service tokens it accepts). */
  nodeIssuer: string;
  /** The other province's node(s); forwarded queries go there. */
  peers: PeerNode[];
  /** How often the nodes exchange aggregate figures (family-search record counts; see src/peers). */
  peerStatisticsIntervalMs: number;
  /** Agency systems told of events by signed webhook (WEBHOOKS, a JSON array). */
  webhooks: WebhookTarget[];
  /** How often durable webhook deliveries are looked at for one due (src/server/webhookDispatcher.ts). */
  webhookPollMs: number;
  /** Longest wait between two attempts at a webhook delivery (the backoff doubles from 1 s up to this). */
  webhookMaxBackoffMs: number;
  /** Published figures below this count are withheld (familySearchStatistics; see smallCellSuppression.ts). */
  statisticsMinCellCount: number;
  /** How often the outbox of node-to-node messages looks for entries due (src/peers/peerOutbox.ts). */
  peerOutboxPollMs: number;
  /** Longest wait between two attempts at an outbox entry (the backoff doubles from 1 s up to this). */
  peerOutboxMaxBackoffMs: number;
  /**
   * How long a filing waits for the peer's half of continuous matching before answering (0: it
   * does not wait; the first attempt runs in the background and the peer's alerts arrive later).
   */
  peerFirstAttemptWaitMs: number;
  /**
   * Key of the keyed HMAC that pseudonymises subjects in the audit log (configuration, never in
   * the database). Required in production; the embedded demo keeps one under data/keys.
   */
  auditSubjectKey?: string;
  auditCheckpointEvery: { entries: number; seconds: number };
  /**
   * `npm run import` only: how long one of its transactions may run (a batch's records, or the
   * audit entry written before the batch), and wait to start, before it is rolled back and the
   * import stops. The gateway's requests keep Prisma's 5 s and the audit writer's 5 s.
   */
  importTransactionTimeoutMs: number;
  /** Fill an empty database with synthetic demo data at start (the embedded demo; never production). */
  seedIfEmpty: boolean;
  /** Largest `first` a list query accepts. */
  maxPageSize: number;
  /** Distinct persons an officer / an agency may touch per hour (object-level rate limit). */
  enumerationBudget: { perOfficerPerHour: number; perAgencyPerHour: number };
  /**
   * Jurisdictions set by configuration (AGENCY_JURISDICTIONS), ahead of the agency registry: agency
   * id or code → area code. For agencies the registry does not hold yet, or whose level differs
   * from their seat (a provincial centre seated in a district).
   */
  agencyJurisdictions: Record<string, string>;
  /** X-Case-Ref pattern per province of the caller (CASE_REF_FORMATS); DEFAULT_CASE_REF_FORMAT otherwise. */
  caseRefFormats: Record<Region, RegExp>;
  /**
   * How an authorized operation runs: compiled once per (policy-shaped) document with graphql-jit,
   * or interpreted by graphql-js. Both give the same answers (test/execution); graphql-js is the
   * fallback for what graphql-jit cannot run, and the switch exists to compare the two.
   */
  executionEngine: "jit" | "graphql-js";
  /**
   * SIGTERM: /readyz turns 503 at once; the node keeps serving for `unreadyDelayMs` (the time a
   * load balancer takes to notice), then stops accepting connections and gives requests in
   * flight up to `graceMs` to finish before it closes what is left and seals its audit chain.
   */
  shutdown: { graceMs: number; unreadyDelayMs: number };
  /** OpenTelemetry traces, off unless an OTLP endpoint is configured (src/observability/tracing). */
  tracing?: { otlpEndpoint: string; serviceName: string };
  /** The console at /console (docs/console.md): where its built files are, and how officers sign in. */
  console: ConsoleConfig;
}

export interface ConsoleConfig {
  /** The Vite build of console/ (dist/console unless CONSOLE_DIR says otherwise). */
  distDir: string;
  /** The province's OpenID Connect provider (authorization code + PKCE); unset: no OIDC sign-in. */
  oidc?: { issuer: string; clientId: string; scope: string };
}

/** Trust both regions' development issuers, whose public keys `npm start` writes to data/keys. */
function defaultTrustedIssuers(keysDir: string): TrustedIssuer[] {
  return REGIONS.map((region) => ({
    issuer: devIssuerFor(region),
    region,
    jwksFile: path.join(keysDir, `${region.toLowerCase()}-issuer.jwks.json`),
  }));
}

/** The embedded default: the other region's node on this machine, its key file in the shared keys dir. */
function defaultPeers(region: Region, keysDir: string, host: string, timeoutMs: number): PeerNode[] {
  const other: Region = region === "CHONGQING" ? "SICHUAN" : "CHONGQING";
  return [
    {
      region: other,
      url: `http://${host}:${DEFAULT_PORTS[other]}`,
      issuer: nodeIssuerFor(other),
      jwksFile: path.join(keysDir, `${other.toLowerCase()}-node.jwks.json`),
      timeoutMs,
    },
  ];
}

function parsePeers(json: string): PeerNode[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("PEERS must be a JSON array of {region, url, issuer, jwksUrl|jwksFile, timeoutMs?}");
  }
  return z.array(peerSchema).parse(raw);
}

function parseTrustedIssuers(json: string): TrustedIssuer[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error("TRUSTED_ISSUERS must be a JSON array of {issuer, region, jwksUrl|jwksFile}");
  }
  return z.array(trustedIssuerSchema).min(1).parse(raw);
}

/**
 * Environment → typed configuration. Invalid settings stop start-up with the variable named;
 * nothing else in the code reads process.env.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  // An empty variable (PORT=) means "not set", never zero or "".
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.GATEWAY_ENV === "production" && !e.AUDIT_SUBJECT_KEY) throw new Error("invalid configuration: AUDIT_SUBJECT_KEY is required in production");
  if (Boolean(e.CONSOLE_OIDC_ISSUER) !== Boolean(e.CONSOLE_OIDC_CLIENT_ID)) {
    throw new Error("invalid configuration: give both CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID, or neither");
  }
  const keysDir = path.resolve(e.KEYS_DIR ?? path.join(e.DATA_DIR, "keys"));
  return {
    env: e.GATEWAY_ENV,
    region: e.REGION,
    host: e.HOST,
    port: e.PORT ?? DEFAULT_PORTS[e.REGION],
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? embeddedDatabaseUrl(e.REGION, e.DATA_DIR),
    keysDir,
    policyDir: path.resolve(e.POLICY_DIR ?? path.join(projectRoot(), "policies")),
    audience: GATEWAY_AUDIENCE,
    trustedIssuers: e.TRUSTED_ISSUERS ? parseTrustedIssuers(e.TRUSTED_ISSUERS) : defaultTrustedIssuers(keysDir),
    tokenCacheSize: e.TOKEN_CACHE_SIZE,
    logLevel: e.LOG_LEVEL,
    introspection: e.INTROSPECTION ?? e.GATEWAY_ENV !== "production",
    limits: {
      maxDepth: e.MAX_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxRootFields: e.MAX_ROOT_FIELDS,
      maxCost: e.MAX_COST,
      maxTokens: e.MAX_TOKENS,
      maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
    },
    trustedDocumentsFile: e.TRUSTED_DOCUMENTS ? path.resolve(e.TRUSTED_DOCUMENTS) : undefined,
    maxPageSize: e.MAX_PAGE_SIZE,
    seedIfEmpty: (e.SEED_IF_EMPTY ?? false) && e.GATEWAY_ENV !== "production",
    auditSubjectKey: e.AUDIT_SUBJECT_KEY,
    auditCheckpointEvery: { entries: e.AUDIT_CHECKPOINT_ENTRIES, seconds: e.AUDIT_CHECKPOINT_SECONDS },
    importTransactionTimeoutMs: e.IMPORT_TRANSACTION_TIMEOUT_MS,
    nodeIssuer: nodeIssuerFor(e.REGION),
    peers: e.PEERS ? parsePeers(e.PEERS) : defaultPeers(e.REGION, keysDir, e.HOST, e.PEER_TIMEOUT_MS),
    peerStatisticsIntervalMs: e.PEER_STATISTICS_INTERVAL_MS,
    webhooks: e.WEBHOOKS ? parseJsonSetting("WEBHOOKS", e.WEBHOOKS, z.array(webhookSchema), "a JSON array of {id, url, agency, roles, purpose, events}") : [],
    statisticsMinCellCount: e.STATISTICS_MIN_CELL_COUNT,
    webhookPollMs: e.WEBHOOK_POLL_MS,
    webhookMaxBackoffMs: e.WEBHOOK_MAX_BACKOFF_MS,
    peerOutboxPollMs: e.PEER_OUTBOX_POLL_MS,
    peerOutboxMaxBackoffMs: e.PEER_OUTBOX_MAX_BACKOFF_MS,
    peerFirstAttemptWaitMs: e.PEER_FIRST_ATTEMPT_WAIT_MS,
    enumerationBudget: { perOfficerPerHour: e.BUDGET_OFFICER_PERSONS_PER_HOUR, perAgencyPerHour: e.BUDGET_AGENCY_PERSONS_PER_HOUR },
    executionEngine: e.EXECUTION_ENGINE,
    shutdown: { graceMs: e.SHUTDOWN_GRACE_MS, unreadyDelayMs: e.SHUTDOWN_UNREADY_DELAY_MS },
    tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME } : undefined,
    console: {
      distDir: path.resolve(e.CONSOLE_DIR ?? path.join(projectRoot(), "dist", "console")),
      oidc:
        e.CONSOLE_OIDC_ISSUER && e.CONSOLE_OIDC_CLIENT_ID
          ? { issuer: e.CONSOLE_OIDC_ISSUER, clientId: e.CONSOLE_OIDC_CLIENT_ID, scope: e.CONSOLE_OIDC_SCOPE }
          : undefined,
    },
    agencyJurisdictions: e.AGENCY_JURISDICTIONS ? parseJsonSetting("AGENCY_JURISDICTIONS", e.AGENCY_JURISDICTIONS, agencyJurisdictionsSchema) : {},
    caseRefFormats: caseRefFormatsOf(e.CASE_REF_FORMATS),
  };
}

function caseRefFormatsOf(text: string | undefined): Record<Region, RegExp> {
  const configured = text ? parseJsonSetting("CASE_REF_FORMATS", text, caseRefFormatsSchema) : {};
  const fallback = new RegExp(DEFAULT_CASE_REF_FORMAT, "u");
  return { CHONGQING: configured.CHONGQING ?? fallback, SICHUAN: configured.SICHUAN ?? fallback };
}
