import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import sirv from "sirv";

/**
 * Security headers of every console response. The page may talk to this node only (and, when
 * configured, to the province's OpenID Connect provider): a script that tried to reach any other
 * host is refused by the browser, which is how "nothing loaded from outside the node" is held
 * beyond the build (docs/console.md). Styles allow 'unsafe-inline' for GraphiQL's editor, which
 * sets style attributes; no inline script is allowed anywhere.
 */
export function consoleSecurityHeaders(oidcIssuer?: string): Record<string, string> {
  const provider = oidcIssuer ? ` ${new URL(oidcIssuer).origin}` : "";
  return {
    "content-security-policy": [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      `connect-src 'self'${provider}`,
      `form-action 'self'${provider}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join("; "),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
  };
}

export type FileServer = (req: IncomingMessage, res: ServerResponse, relativePath: string) => void;

/**
 * Serves the Vite build (dist/console) with sirv: precompressed .gz files when the browser takes
 * gzip, hashed assets cached for a year, HTML revalidated, and index.html for any other path
 * under /console (the app routes in memory, never in the URL). sirv is used rather than a
 * hand-written file server for its path normalisation (no escape from the directory).
 */
export function consoleFileServer(distDir: string, headers: Record<string, string>): FileServer | undefined {
  if (!fs.existsSync(path.join(distDir, "index.html"))) return undefined;
  const serve = sirv(distDir, {
    dev: false,
    etag: true,
    gzip: true,
    single: "index.html",
    setHeaders(res, pathname) {
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.setHeader("cache-control", pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  return (req, res, relativePath) => {
    const query = (req.url ?? "").includes("?") ? (req.url ?? "").slice((req.url ?? "").indexOf("?")) : "";
    req.url = `${relativePath || "/"}${query}`;
    serve(req, res, () => {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8", ...headers });
      res.end("not found");
    });
  };
}
