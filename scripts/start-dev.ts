// `npm start` — the embedded demo: both provinces' nodes, each over its own SQLite file under
// data/, migrated and (when empty) seeded with synthetic data, then prints how to query them.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { REGIONS, loadConfig, type Region } from "../src/config";

const NODE_FLAGS = ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning"];
const READY_TIMEOUT_MS = 180_000;

function startNode(region: Region): ChildProcess {
  const child = spawn(process.execPath, [...NODE_FLAGS, path.join(__dirname, "../src/main.js")], {
    env: { ...process.env, REGION: region, PORT: "", SEED_IF_EMPTY: process.env.SEED_IF_EMPTY ?? "true" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  child.on("exit", (code) => {
    if (code !== 0 && code !== null) {
      console.error(`${region} node exited with code ${code}`);
      process.exit(code);
    }
  });
  return child;
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} not ready after ${READY_TIMEOUT_MS / 1000}s`);
}

function banner(urls: Record<Region, string>): string {
  const query = JSON.stringify({
    query: "{ me { sub roles region } householdVerifications(filter: {}, first: 2) { edges { node { id region conclusion perCapitaIncomeFen household { members { name idNumber } } } } } }",
  });
  return [
    "",
    "assist-gateway is up:",
    `  CHONGQING  ${urls.CHONGQING}/graphql`,
    `  SICHUAN    ${urls.SICHUAN}/graphql`,
    "",
    "Console (dev sign-in while GATEWAY_ENV=development; docs/console.md):",
    `  ${urls.CHONGQING}/console/   ${urls.SICHUAN}/console/`,
    "",
    "Mint a dev token (any role of docs/DESIGN.md; --region SICHUAN for the other side):",
    "  npm run -s token -- --role verification_officer --region CHONGQING",
    "",
    "First query (paste as is):",
    `  curl -s ${urls.CHONGQING}/graphql -H 'content-type: application/json' \\`,
    `    -H "Authorization: Bearer $(npm run -s token -- --role verification_officer --region CHONGQING)" \\`,
    "    -H 'X-Purpose: MLG_REVIEW' -H 'X-Case-Ref: DEMO-2025-0001' \\",
    `    -d '${query}'`,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const children = REGIONS.map(startNode);
  const stop = () => children.forEach((c) => c.kill("SIGTERM"));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const urls = Object.fromEntries(
    REGIONS.map((region) => {
      const config = loadConfig({ ...process.env, REGION: region, PORT: "" });
      return [region, `http://${config.host}:${config.port}`];
    }),
  ) as Record<Region, string>;
  await Promise.all(Object.values(urls).map(waitReady));
  console.log(banner(urls));
}

main().catch((error: Error) => {
  console.error(`start failed: ${error.message}`);
  process.exit(1);
});
