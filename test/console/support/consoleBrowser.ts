import fs from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

// Functions passed to page.evaluate run in the browser; the gateway's tsconfig has no DOM library.
declare const document: any;

// Debian's chromium package (apt-get install -y chromium); never a browser download.
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const chromiumAvailable = (): boolean => fs.existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** One GraphQL call the page made, with what it sent and the request id the node answered with. */
export interface ConsoleCall {
  origin: string;
  operationName: string | undefined;
  purpose: string | undefined;
  caseRef: string | undefined;
  requestId: string | undefined;
  status: number;
}

export interface WatchedContext {
  context: BrowserContext;
  /** Every URL any page of the context asked for, of any kind. */
  requests: string[];
  calls: ConsoleCall[];
}

/** A 1366×768 context that records every request and each /graphql call's headers and request id. */
export async function watchedContext(browser: Browser): Promise<WatchedContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: "zh-CN" });
  // A shared, busy machine: generous waits, which cost nothing when the page is quick.
  context.setDefaultTimeout(60_000);
  const requests: string[] = [];
  const calls: ConsoleCall[] = [];
  context.on("request", (request) => void requests.push(request.url()));
  context.on("response", (response) => {
    const request = response.request();
    if (request.method() !== "POST" || !request.url().endsWith("/graphql")) return;
    const headers = request.headers();
    let operationName: string | undefined;
    try {
      operationName = (request.postDataJSON() as { operationName?: string }).operationName;
    } catch {
      operationName = undefined;
    }
    calls.push({
      origin: new URL(request.url()).origin,
      operationName,
      purpose: headers["x-purpose"],
      caseRef: headers["x-case-ref"],
      requestId: response.headers()["x-request-id"],
      status: response.status(),
    });
  });
  return { context, requests, calls };
}

export async function signInAsDev(page: Page, consoleUrl: string, role: string, region: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.selectOption("#dev-role", role);
  await page.selectOption("#dev-region", region);
  await page.click("#dev-sign-in button[type=submit]");
  await page.waitForSelector('[data-testid="principal"]');
}

export async function openCase(page: Page, purpose: string, caseRef: string): Promise<void> {
  await page.selectOption("#case-purpose", purpose);
  await page.fill("#case-ref", caseRef);
  await page.click("#case-form button[type=submit]");
  await page.waitForSelector('[data-testid="working-case"]');
}

/** Form controls on the page without an accessible label (a <label for>, aria-label or aria-labelledby). */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea")]
      .filter((el: any) => {
        const control = el;
        if (control.type === "hidden") return false;
        const labelled = (control.labels?.length ?? 0) > 0 || control.getAttribute("aria-label") || control.getAttribute("aria-labelledby");
        return !labelled;
      })
      .map((el: any) => el.outerHTML.slice(0, 120)),
  );
}

/** Waits for a selector; on a timeout, the error says what the page showed in its error list. */
export async function shown(page: Page, selector: string, timeout = 60_000): Promise<void> {
  try {
    await page.waitForSelector(selector, { timeout });
  } catch (error) {
    const onScreen = await page.locator('[data-testid="errors"]').allTextContents();
    throw new Error(`${selector} not shown; errors on screen: ${JSON.stringify(onScreen)} (${(error as Error).message.split("\n")[0]})`, { cause: error });
  }
}
