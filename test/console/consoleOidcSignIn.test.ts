// Sign-in through a real OpenID Connect provider (oidc-provider in its own process): the console's
// authorization code flow with PKCE (oidc-client-ts) in headless Chromium, the access token then
// accepted by the gateway as a trusted issuer's token, and held in memory only — never in the
// address bar, localStorage or sessionStorage.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { freePort, startTestNode, type TestNode } from "../support/testNode";
import { CHROMIUM, chromiumAvailable, launchChromium } from "./support/consoleBrowser";

// Functions passed to page.evaluate run in the browser; the gateway's tsconfig has no DOM library.
declare const window: any;

if (!chromiumAvailable()) console.warn(`console OIDC sign-in test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

function startProvider(port: number, consoleOrigin: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, "support/oidcTestProvider.mjs"), String(port), consoleOrigin], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let errors = "";
    child.stderr!.on("data", (chunk) => (errors += chunk));
    child.stdout!.on("data", (chunk) => String(chunk).includes("ready") && resolve(child));
    child.on("exit", (code) => reject(new Error(`OIDC provider exited (${code}): ${errors}`)));
  });
}

describeInBrowser("console sign-in with OpenID Connect (authorization code + PKCE)", () => {
  let provider: ChildProcess;
  let node: TestNode;
  let browser: Browser;
  let issuer: string;

  beforeAll(async () => {
    const [providerPort, gatewayPort] = [await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${providerPort}`;
    provider = await startProvider(providerPort, `http://127.0.0.1:${gatewayPort}`);
    node = await startTestNode({
      env: {
        GATEWAY_ENV: "test",
        PORT: String(gatewayPort),
        TRUSTED_ISSUERS: JSON.stringify([{ issuer, region: "CHONGQING", jwksUrl: `${issuer}/jwks` }]),
        CONSOLE_OIDC_ISSUER: issuer,
        CONSOLE_OIDC_CLIENT_ID: "assist-console",
      },
      // The agency the provider's tokens name is in the node's agency registry, as a deployment
      // imports it (npm run import -- --kind agencies); an unregistered agency is UNAUTHENTICATED.
      fixtures: async (prisma) =>
        void (await prisma.agency.create({ data: { id: "CQ-AG-00000001", code: "CQ-HDZX", name: "重庆市社会救助家庭经济状况核对中心", region: "CHONGQING", kind: "VERIFICATION_CENTRE", areaCode: "500000" } })),
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await node?.stop();
    provider?.kill();
  });

  it("signs an officer in through the provider; the gateway accepts the token; no token is kept outside memory", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const urls: string[] = [];
    page.on("framenavigated", (frame) => void (frame === page.mainFrame() && urls.push(frame.url())));
    await page.goto(`${node.node.url}/console/`);
    expect(await page.locator("#dev-sign-in").count()).toBe(0);
    await page.click("text=前往统一身份认证");
    await page.waitForURL(`${issuer}/**`);
    // oidc-provider's development login and consent forms.
    await page.fill('input[name="login"]', "cq-officer-oidc-1");
    await page.fill('input[name="password"]', "any");
    await page.click('button[type="submit"]');
    // Then its consent form, unless the redirect back to the console comes first.
    for (let step = 0; step < 3; step++) {
      await page.waitForSelector('[data-testid="principal"], form button[type="submit"]', { timeout: 60_000 });
      if ((await page.locator('[data-testid="principal"]').count()) > 0) break;
      await page.click('form button[type="submit"]');
    }
    await page.waitForSelector('[data-testid="principal"]');
    const principal = await page.textContent('[data-testid="principal"]');
    expect(principal).toContain("cq-officer-oidc-1");
    expect(principal).toContain("CQ-AG-00000001");
    expect(principal).toContain("核对员");

    // The code went through the address bar (that is the flow); the tokens never did, and the code is gone.
    expect(urls.some((u) => u.includes("code="))).toBe(true);
    expect(urls.every((u) => !/access_token|id_token/.test(u))).toBe(true);
    expect(page.url()).toBe(`${node.node.url}/console/`);
    const stored = await page.evaluate(() => ({
      local: Object.keys(window.localStorage).map((k: string) => `${k}=${window.localStorage.getItem(k)}`),
      session: Object.keys(window.sessionStorage).map((k: string) => `${k}=${window.sessionStorage.getItem(k)}`),
    }));
    expect(stored.local).toEqual([]);
    expect(stored.session.filter((entry: string) => /eyJ/.test(entry))).toEqual([]);
    await context.close();
  }, 90_000);
});
