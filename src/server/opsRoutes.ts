import type { ServerResponse } from "node:http";
import type { PublicJwks } from "../auth";
import type { GatewayMetrics } from "../observability";
import { sendJson } from "./httpExchange";

/** A dependency /readyz reports on. `critical` ones make the node unready when they fail. */
export interface ReadinessCheck {
  name: string;
  critical: boolean;
  /** Resolves to a short state ("ok", "open", …); rejects or returns false when unhealthy. */
  check(): Promise<string | boolean>;
}

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: ReadinessCheck): Promise<{ name: string; ok: boolean; state: string; critical: boolean }> {
  try {
    const state = await Promise.race([
      check.check(),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), CHECK_TIMEOUT_MS).unref()),
    ]);
    return { name: check.name, ok: state !== false, state: typeof state === "string" ? state : state ? "ok" : "failing", critical: check.critical };
  } catch (error) {
    return { name: check.name, ok: false, state: "failing", critical: check.critical };
  }
}

export function createOpsRoutes(options: {
  region: string;
  checks: ReadinessCheck[];
  metrics: GatewayMetrics;
  /** True once shutdown began: /readyz answers 503 without asking anything else. */
  draining: () => boolean;
  jwks: () => PublicJwks;
}) {
  return {
    healthz(res: ServerResponse) {
      sendJson(res, 200, { status: "ok", node: options.region });
    },
    async readyz(res: ServerResponse) {
      if (options.draining()) {
        sendJson(res, 503, { status: "draining", node: options.region, checks: {} });
        return;
      }
      const results = await Promise.all(options.checks.map(runCheck));
      const ready = results.every((r) => r.ok || !r.critical);
      sendJson(res, ready ? 200 : 503, {
        status: ready ? "ready" : "unready",
        node: options.region,
        checks: Object.fromEntries(results.map((r) => [r.name, r.state])),
      });
    },
    async metrics(res: ServerResponse) {
      const text = await options.metrics.registry.metrics();
      res.writeHead(200, { "content-type": options.metrics.registry.contentType });
      res.end(text);
    },
    jwks(res: ServerResponse) {
      sendJson(res, 200, options.jwks(), { "cache-control": "public, max-age=300" });
    },
  };
}
