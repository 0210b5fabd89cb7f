import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { devIssuerFor, type GatewayConfig } from "../config";
import { consoleFileServer, consoleSecurityHeaders } from "./consoleFiles";
import { createDevSignInRoute } from "./devSignInRoute";

export const CONSOLE_PATH = "/console";
export const GRAPHIQL_PATH = "/graphiql";

/** What the page learns about its node before sign-in (GET /console/config.json): no data, no secrets. */
export interface ConsoleSettings {
  region: GatewayConfig["region"];
  env: GatewayConfig["env"];
  devSignIn: boolean;
  graphiql: boolean;
  oidc: { authority: string; clientId: string; scope: string } | null;
}

export interface ConsoleRoutes {
  /** Answers the request when the path is the console's (or, in development, GraphiQL's); false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
}

function notBuilt(res: ServerResponse): void {
  res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
  res.end("the console is not built: run `npm run build:console` (npm install runs it)");
}

/** Outside development the dev sign-in does not exist: the same answer as any unknown path. */
function notFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("not found");
}

/**
 * The console's routes: static files and their settings, nothing else. Every data call the page
 * makes goes to POST /graphql with the officer's own token, under the same policy and audit as
 * any client. The only other route, the dev sign-in, exists in development, and only while the
 * node trusts the development issuer whose tokens it mints: GATEWAY_ENV defaults to development, so
 * a deployment that configures its real issuers (TRUSTED_ISSUERS) but forgets GATEWAY_ENV still
 * offers no way to mint a token (closed by default).
 */
export function createConsoleRoutes(config: GatewayConfig): ConsoleRoutes {
  const development = config.env === "development";
  const mintsTrustedTokens = development && config.trustedIssuers.some((trusted) => trusted.issuer === devIssuerFor(config.region));
  const headers = consoleSecurityHeaders(config.console.oidc?.issuer);
  const files = consoleFileServer(config.console.distDir, headers);
  const devSignIn = mintsTrustedTokens ? createDevSignInRoute(config.keysDir) : undefined;
  const settings: ConsoleSettings = {
    region: config.region,
    env: config.env,
    devSignIn: mintsTrustedTokens,
    graphiql: development,
    oidc: config.console.oidc ? { authority: config.console.oidc.issuer, clientId: config.console.oidc.clientId, scope: config.console.oidc.scope } : null,
  };
  const graphiqlPage = path.join(config.console.distDir, "graphiql.html");

  return {
    async handle(req, res, pathname) {
      if (pathname === GRAPHIQL_PATH && development) {
        if (!fs.existsSync(graphiqlPage)) return notBuilt(res), true;
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache", ...headers });
        fs.createReadStream(graphiqlPage).pipe(res);
        return true;
      }
      if (pathname !== CONSOLE_PATH && !pathname.startsWith(`${CONSOLE_PATH}/`)) return false;
      const relative = pathname.slice(CONSOLE_PATH.length);
      if (relative === "/config.json") {
        const text = JSON.stringify(settings);
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers });
        res.end(text);
        return true;
      }
      if (relative === "/dev-token") {
        if (devSignIn) await devSignIn(req, res);
        else notFound(res);
        return true;
      }
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
        res.end("the console's files are read with GET");
        return true;
      }
      if (!files) return notBuilt(res), true;
      files(req, res, relative);
      return true;
    },
  };
}
