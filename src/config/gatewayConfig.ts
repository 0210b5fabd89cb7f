import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
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
});

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
}

/** Trust both regions' development issuers, whose public keys `npm start` writes to data/keys. */
function defaultTrustedIssuers(keysDir: string): TrustedIssuer[] {
  return REGIONS.map((region) => ({
    issuer: devIssuerFor(region),
    region,
    jwksFile: path.join(keysDir, `${region.toLowerCase()}-issuer.jwks.json`),
  }));
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
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
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
  };
}
