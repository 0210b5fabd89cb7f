import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { mintDevToken } from "../auth";
import { REGIONS } from "../config";
import { ROLES } from "../context";

const DEV_TOKEN_TTL = "8h";
const MAX_BODY_BYTES = 4096;

const devSignInRequest = z.object({
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  region: z.enum(REGIONS),
  agency: z.string().regex(/^[A-Za-z0-9-]{1,40}$/).optional(),
  sub: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).optional(),
});

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/**
 * POST /console/dev-token — development only (the caller, src/console/consoleRoutes.ts, never
 * registers it otherwise). It mints exactly what `npm run token` mints, with src/auth's dev
 * minter and the region's dev issuer key: a token the gateway then verifies like any other.
 * JSON only, so a cross-site form cannot post to it without a CORS preflight, which it never grants.
 */
export function createDevSignInRoute(keysDir: string) {
  return async function handleDevSignIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") return sendJson(res, 405, { error: "use POST with a JSON body" });
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) return sendJson(res, 415, { error: "content-type must be application/json" });
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      return sendJson(res, 400, { error: "body is not JSON (at most 4 KB)" });
    }
    const parsed = devSignInRequest.safeParse(body);
    if (!parsed.success) return sendJson(res, 400, { error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
    const { roles, region, agency, sub } = parsed.data;
    const tag = region === "CHONGQING" ? "CQ" : "SC";
    const token = await mintDevToken({
      keysDir,
      region,
      roles,
      agency: agency ?? `${tag}-AG-DEMO`,
      sub: sub ?? `${tag.toLowerCase()}-officer-${roles[0]}`,
      ttl: DEV_TOKEN_TTL,
    });
    sendJson(res, 200, { token, tokenType: "Bearer" });
  };
}
