// The console end to end in headless Chromium (Debian's package, driven by playwright-core):
// both provinces' nodes are started here, each role signs in through the dev sign-in and completes
// one real flow, and what is on screen is checked. Afterwards the audit log must hold an entry for
// every GraphQL call the console made, with the purpose and case reference it sent, and no request
// may have gone to any host but the node. Skipped, with the reason printed, without /usr/bin/chromium.
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { composeIdentityNumber } from "../../src/identity";
import { seedAssistanceStandards } from "../../src/standards";
import { insertSichuanRecordOfLiuFang } from "../fixtures/crossRegionFixtures";
import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql } from "../support/graphqlClient";
import { officerToken, startTwoNodes, type TwoNodes } from "../support/testNode";
import { chromiumAvailable, CHROMIUM, launchChromium, openCase, shown, signInAsDev, unlabelledControls, watchedContext, type WatchedContext } from "./support/consoleBrowser";
import { earlierReliefCase } from "../fixtures/reliefFixtures";

// Functions passed to page.evaluate run in the browser; the gateway's tsconfig has no DOM library.
declare const document: any;

const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS;
const FLOW_TIMEOUT = 240_000;
const ZHOU_ID = composeIdentityNumber("500103", "1958-05-01", "MALE", 31);
const RECORD_CASE = `mutation($input: ReliefCaseInput!) { recordReliefCase(input: $input) { reliefRecord { id } } }`;

/** Other people a Chongqing station took in, so that match weights come from a crowd, not from two records. */
/** A crowd of earlier cases at the Chongqing station, so a family search has a population to weigh. */
const crowdRecord = (n: number) => earlierReliefCase(n + 100, "CQ-AG-00000002");

if (!chromiumAvailable()) {
  console.warn(`console browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
}
const describeInBrowser = chromiumAvailable() ? describe : describe.skip;

describeInBrowser("the console in headless Chromium, against both nodes", () => {
  let nodes: TwoNodes;
  let browser: Browser;
  const watched: WatchedContext[] = [];
  let consoleUrl: string;

  async function newPage(): Promise<Page> {
    const w = await watchedContext(browser);
    watched.push(w);
    return w.context.newPage();
  }
  async function shot(page: Page, name: string): Promise<void> {
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  }

  beforeAll(async () => {
    if (!fs.existsSync("dist/console/index.html")) throw new Error("dist/console is not built: run `npm run build:console`");
    nodes = await startTwoNodes({
      env: { GATEWAY_ENV: "development" },
      fixtures: {
        CHONGQING: async (p) => {
          await insertVerificationFixtures(p, "CHONGQING", 3);
          await seedAssistanceStandards(p);
          await p.reliefRecord.createMany({ data: Array.from({ length: 60 }, (_, i) => crowdRecord(i + 1)) });
        },
        SICHUAN: async (p) => {
          await insertSichuanRecordOfLiuFang(p);
          await seedAssistanceStandards(p);
        },
      },
    });
    consoleUrl = `${nodes.cq.node.url}/console/`;
    // Relief records, registered through the API as a station would: one in each province.
    const sc = await postGraphql(nodes.sc.node.url, RECORD_CASE, {
      token: await officerToken(nodes.keysDir, "SICHUAN", ["relief_officer"]),
      purpose: "RELIEF_CASEWORK",
      caseRef: "CD-RS-2025-0042",
      variables: { input: { stationId: "SC-AG-00000002", reportedName: "周德明", gender: "MALE", apparentAgeMin: 60, apparentAgeMax: 70, heightCm: 165, foundOn: "2025-10-03", foundAreaCode: "510106", dialect: "chongqing", features: ["scar:left-cheek"] } },
    });
    expect(sc.body.errors).toBeUndefined();
    const cq = await postGraphql(nodes.cq.node.url, RECORD_CASE, {
      token: await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"]),
      purpose: "RELIEF_CASEWORK",
      caseRef: "CQ-RS-2025-0007",
      variables: { input: { stationId: "CQ-AG-00000002", reportedName: "周德明", idNumber: ZHOU_ID, gender: "MALE", apparentAgeMin: 62, apparentAgeMax: 72, heightCm: 166, foundOn: "2025-10-05", foundAreaCode: "500103", dialect: "chongqing", features: ["scar:left-cheek"] } },
    });
    expect(cq.body.errors).toBeUndefined();
    browser = await launchChromium();
  }, FLOW_TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await nodes?.stop();
  });

  it("核对: signed in and worked by keyboard alone, a lookup shows both provinces side by side, with masks, a labelled denial and each result's region", async () => {
    const page = await newPage();
    const started = Date.now();
    await page.goto(consoleUrl);
    await shown(page, "#dev-sign-in");
    expect(Date.now() - started).toBeLessThan(5000);
    await shot(page, "sign-in");
    expect(await unlabelledControls(page)).toEqual([]);

    // Keyboard only: Tab to a control, type, Enter. The defaults are a Chongqing verification officer.
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 40; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await page.keyboard.press("Tab");
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await tabTo("#dev-sign-in button[type=submit]");
    await page.keyboard.press("Enter");
    await shown(page, "#case-form");
    expect(await page.textContent('[data-testid="principal"]')).toContain("核对员");
    await tabTo("#case-ref");
    await page.keyboard.type("CQ-MLG-2025-0042");
    await page.keyboard.press("Enter");
    await shown(page, "#lookup-form");
    expect(await page.textContent('[data-testid="working-case"]')).toContain("CQ-MLG-2025-0042");

    // A wrong check character gets a field message before any request.
    await tabTo("#lookup-id-number");
    await page.keyboard.type(`${FIXTURE_PEOPLE.liuFang.slice(0, 17)}${FIXTURE_PEOPLE.liuFang.endsWith("1") ? "2" : "1"}`);
    await page.keyboard.press("Enter");
    expect(await page.textContent("#lookup-id-number-error")).toContain("校验位");
    await page.fill("#lookup-id-number", "");
    await page.focus("#lookup-id-number");
    await page.keyboard.type(FIXTURE_PEOPLE.liuFang);
    await page.keyboard.press("Enter");
    await shown(page, '[data-testid="column-SICHUAN"] [data-testid="verification-card"]');
    expect(await unlabelledControls(page)).toEqual([]);

    const cqCard = page.locator('[data-testid="column-CHONGQING"] [data-testid="verification-card"]');
    const scCard = page.locator('[data-testid="column-SICHUAN"] [data-testid="verification-card"]');
    expect(await cqCard.count()).toBeGreaterThan(0);
    // The cross-border result carries its region.
    expect(await scCard.first().getAttribute("data-region")).toBe("SICHUAN");
    expect(await scCard.first().locator('[data-testid="region-tag"]').textContent()).toBe("四川");
    // Sichuan's cross-region rule masks name and identity number: shown as masks.
    const masks = await scCard.first().locator('[data-testid="masked-value"]').allTextContents();
    expect(masks.some((m) => /^刘\*.*已脱敏$/.test(m.trim()) || m.includes("*"))).toBe(true);
    expect(masks.join(" ")).toContain(`${FIXTURE_PEOPLE.liuFang.slice(0, 6)}********`);
    // ... and does not release the address: labelled as denied, with the reason in words.
    const address = scCard.first().locator('[data-field="address"] [data-testid="denied-field"]');
    expect(await address.count()).toBe(1);
    expect(await address.getAttribute("data-reason")).toMatch(/^[A-Z_]+$/);
    expect(await address.textContent()).toContain("已拒绝");
    // Chongqing's own result is shown in full to its own officer.
    expect(await cqCard.first().locator('[data-testid="masked-value"]').count()).toBe(0);
    await shot(page, "verification-lookup");

    // The English switch translates labels and reason codes alike.
    await page.click("text=English");
    expect(await page.locator('[data-testid="column-SICHUAN"] h2').textContent()).toContain("Results held by Sichuan");
    expect(await address.textContent()).toContain("Denied");
    await shot(page, "verification-lookup-en");
    await page.click("text=中文");

    // Household detail of the Chongqing result.
    await cqCard.first().locator("button", { hasText: "查看详情" }).click();
    await shown(page, '[data-testid="household-detail"] [data-testid="verification-card"]');
    expect(await page.locator('[data-testid="household-detail"]').textContent()).toContain("收入明细");
    // The version history's column headers are in words, not field names.
    expect(await page.locator('[data-testid="version-history"] th[data-column="version"]').textContent()).toBe("版本");
    expect(await page.locator('[data-testid="version-history"] th[data-column="completedOn"]').textContent()).toBe("出具报告日期");

    // 协查: ask Sichuan to verify Chen Jing; the outbox shows it as requested.
    await page.click("#tab-requests");
    await page.fill("#request-id-number", FIXTURE_PEOPLE.chenJing);
    await page.fill("#request-reason", "申请人户籍在四川，需核对其在川收入");
    await page.click("#request-form button[type=submit]");
    await shown(page, '[data-testid="request-outbox"] tr[data-state="REQUESTED"]');
    expect(await unlabelledControls(page)).toEqual([]);
    await shot(page, "verification-requests");

    // Eligibility: every step with its source.
    await page.click("#tab-eligibility");
    await page.fill("#elig-compare", "510104");
    await page.click("#eligibility-form button[type=submit]");
    await shown(page, '[data-testid="assessment"][data-region="SICHUAN"]');
    expect(await page.locator('[data-testid="assessment"]').count()).toBe(2);
    expect(await page.locator('[data-testid="step-source"]').count()).toBeGreaterThan(0);
    expect(await unlabelledControls(page)).toEqual([]);
    await shot(page, "verification-eligibility");

    // Standards across the border.
    await page.click("#tab-standards");
    await page.click("#standards-form button[type=submit]");
    await shown(page, '[data-testid="standards-table"] [data-testid="region-tag"]');
    expect(await page.locator('[data-testid="standards-table"] [data-region="SICHUAN"]').count()).toBe(1);
    expect(await page.locator('[data-testid="standards-table"] [data-region="CHONGQING"]').count()).toBe(1);
    await shot(page, "verification-standards");
  }, FLOW_TIMEOUT);

  it("寻亲: field-level validation, a search of both provinces with weight bars, and a match alert confirmed that stays confirmed after a reload", async () => {
    const page = await newPage();
    await signInAsDev(page, consoleUrl, "relief_officer", "CHONGQING");
    await openCase(page, "FAMILY_SEARCH", "XQ-2025-0101");
    await shown(page, '[data-testid="relief-records"], #relief-filter');
    await page.click("#relief-filter button[type=submit]");
    await shown(page, '[data-testid="relief-records"] tbody tr');
    expect(await page.locator('[data-testid="relief-records"]').textContent()).toContain("周德明");

    await page.click("#tab-search");
    await page.click("#missing-person-form button[type=submit]");
    expect(await page.textContent("#mp-name-error")).toContain("必填");
    expect(await page.textContent("#mp-last-seen-area-error")).toContain("区划代码");
    await page.fill("#mp-name", "周德明");
    await page.fill("#mp-birth-date", "1958-05-01");
    await page.fill("#mp-height", "166");
    await page.fill("#mp-last-seen-on", "2025-09-28");
    await page.fill("#mp-last-seen-area", "500103");
    await page.fill("#mp-home-area", "500103");
    await page.fill("#mp-dialect", "chongqing");
    await page.fill("#mp-features", "scar:left-cheek");
    await page.fill("#mp-id-number", ZHOU_ID);
    await page.fill("#mp-agency", "CQ-AG-00000002");
    expect(await unlabelledControls(page)).toEqual([]);
    await page.click("#missing-person-form button[type=submit]");
    await shown(page, '[data-testid="candidate"][data-region="SICHUAN"]');
    const sichuan = page.locator('[data-testid="candidate"][data-region="SICHUAN"]').first();
    expect(await sichuan.locator('[data-testid="region-tag"]').textContent()).toBe("四川");
    expect(await sichuan.locator('[data-testid="weight-bars"] tbody tr').count()).toBeGreaterThan(2);
    expect(await sichuan.locator('[data-testid="candidate-summary"]').textContent()).toMatch(/面部照片/);
    await shot(page, "relief-search");

    await page.click("text=提交寻亲登记");
    await shown(page, '[data-testid="report-filed"]');
    expect(await page.textContent('[data-testid="report-filed"]')).toMatch(/产生 [1-9]\d* 条比对预警/);

    await page.click("#tab-alerts");
    const alert = page.locator('[data-testid="match-alert"][data-status="NEW"]').first();
    await alert.waitFor();
    const alertId = await alert.getAttribute("data-alert-id");
    const row = page.locator(`[data-testid="match-alert"][data-alert-id="${alertId}"]`);
    await row.locator("button", { hasText: "标记已查看" }).click();
    await shown(page, `[data-testid="match-alert"][data-alert-id="${alertId}"][data-status="REVIEWED"]`);
    await row.locator("input").fill("身份证号一致，家属已确认");
    await row.locator("button", { hasText: "确认为同一人" }).click();
    await shown(page, `[data-testid="match-alert"][data-alert-id="${alertId}"][data-status="CONFIRMED"]`);
    expect(await row.locator('[data-testid="alert-status"]').textContent()).toBe("已确认");
    await shot(page, "relief-alerts");

    // A reload forgets the token (memory only): sign in again and find the alert confirmed.
    await page.reload();
    await shown(page, "#dev-sign-in");
    await signInAsDev(page, consoleUrl, "relief_officer", "CHONGQING");
    await openCase(page, "FAMILY_SEARCH", "XQ-2025-0101");
    await page.click("#tab-alerts");
    await shown(page, `[data-testid="match-alert"][data-alert-id="${alertId}"]`);
    expect(await page.locator(`[data-testid="match-alert"][data-alert-id="${alertId}"]`).getAttribute("data-status")).toBe("CONFIRMED");
    expect(await page.locator(`[data-testid="match-alert"][data-alert-id="${alertId}"] [data-testid="alert-status"]`).textContent()).toBe("已确认");
  }, FLOW_TIMEOUT);

  it("寻亲 lifecycle: a case registered through the form (a field error shown and fixed, and one the server names), listed, a disposition step offered and refused as the graph says, a report filed, found in the report list and withdrawn, an overdue notice published", async () => {
    const page = await newPage();
    // The station itself (CQ-AG-00000002): only the station holding a record records its disposition.
    await page.goto(consoleUrl);
    await page.selectOption("#dev-role", "relief_officer");
    await page.selectOption("#dev-region", "CHONGQING");
    await page.fill("#dev-agency", "CQ-AG-00000002");
    await page.click("#dev-sign-in button[type=submit]");
    await shown(page, '[data-testid="principal"]');
    await openCase(page, "FAMILY_SEARCH", "XQ-2025-0202");
    const sentNow = () => watched[watched.length - 1].calls.length;

    // 救助登记: the station defaults to the officer's agency; a wrong check character is caught in the browser.
    await page.click("#tab-register");
    await shown(page, "#relief-case-form");
    expect(await page.inputValue("#rc-station")).toBe("CQ-AG-00000002");
    expect(await unlabelledControls(page)).toEqual([]);
    const wuId = composeIdentityNumber("500103", "1963-04-12", "MALE", 41);
    await page.fill("#rc-station", "CQ-AG-00000099");
    await page.fill("#rc-name", "吴建国");
    await page.fill("#rc-age-min", "58");
    await page.fill("#rc-age-max", "66");
    await page.fill("#rc-height", "171");
    await page.fill("#rc-found-on", "2025-11-20");
    await page.fill("#rc-found-area", "500103");
    await page.fill("#rc-features", "scar:right-hand");
    await page.fill("#rc-id-number", `${wuId.slice(0, 17)}${wuId.endsWith("1") ? "2" : "1"}`);
    const before = sentNow();
    await page.click("#relief-case-form button[type=submit]");
    expect(await page.textContent("#rc-id-number-error")).toContain("校验位");
    expect(await page.getAttribute("#rc-id-number", "aria-invalid")).toBe("true");
    expect(sentNow()).toBe(before); // nothing sent while a field is wrong
    // Fixed; now the server refuses the station (not a station of this province) and the form shows it at that field.
    await page.fill("#rc-id-number", wuId);
    await page.click("#relief-case-form button[type=submit]");
    await shown(page, "#rc-station-error");
    expect(await page.textContent("#rc-station-error")).toMatch(/输入有误.*CQ-AG-00000099/);
    expect(await page.locator("#rc-id-number-error").count()).toBe(0);
    await shot(page, "relief-register");
    // By keyboard: back to the station field, correct it, Enter submits.
    await page.fill("#rc-station", "");
    await page.focus("#rc-station");
    await page.keyboard.type("CQ-AG-00000002");
    await page.keyboard.press("Enter");
    await shown(page, '[data-testid="case-registered"]');
    const recordId = (await page.getAttribute('[data-testid="case-registered"]', "data-record-id"))!;
    expect(recordId).toMatch(/^CQ-RR-/);
    expect(await page.textContent('[data-testid="case-registered"]')).toContain(`已登记救助记录 ${recordId}`);

    // 救助记录: found in the list, and worked on: only the steps the disposition graph allows are offered.
    await page.click("#tab-records");
    await page.fill("#rr-area", "500103");
    await page.click("#relief-filter button[type=submit]");
    const listed = page.locator(`[data-testid="relief-record"][data-record-id="${recordId}"]`);
    await listed.waitFor();
    expect(await listed.textContent()).toContain("吴建国");
    expect(await listed.getAttribute("data-disposition")).toBe("IN_CARE");
    await listed.locator("button", { hasText: "办理" }).click();
    await shown(page, '[data-testid="record-life"] #disposition-form');
    const offered = async () => page.locator("#dp-step option").evaluateAll((options) => options.map((o) => o.getAttribute("value")));
    expect((await offered()).sort()).toEqual(["DECEASED", "LEFT_STATION", "RETURNED_HOME", "SETTLED_LOCALLY", "TRANSFERRED_TO_INSTITUTION", "TRANSFERRED_TO_STATION"]);
    expect(await unlabelledControls(page)).toEqual([]);
    await page.selectOption("#dp-step", "LEFT_STATION");
    await page.fill("#dp-note", "午后自行离站，未告知去向");
    await page.click("#disposition-form button[type=submit]");
    await shown(page, '[data-testid="record-life"][data-disposition="LEFT_STATION"] [data-testid="disposition-change"][data-to="LEFT_STATION"]');
    expect(await page.textContent('[data-testid="current-disposition"]')).toBe("自行离站");
    await shown(page, `[data-testid="relief-record"][data-record-id="${recordId}"][data-disposition="LEFT_STATION"]`);
    // From 自行离站 only readmission is offered.
    await page.waitForFunction(() => document.querySelectorAll("#dp-step option").length === 1);
    expect(await offered()).toEqual(["IN_CARE"]);
    await shot(page, "relief-record-life");
    // Someone else readmits the person meanwhile (through the API): the console's offer is stale,
    // and the gateway's refusal is shown at the step, in words.
    const readmitted = await postGraphql(nodes.cq.node.url, `mutation($input: ReliefDispositionInput!) { recordReliefDisposition(input: $input) { reliefRecord { disposition } } }`, {
      token: await officerToken(nodes.keysDir, "CHONGQING", ["relief_officer"], { agency: "CQ-AG-00000002" }),
      purpose: "RELIEF_CASEWORK",
      caseRef: "CQ-RS-2025-0009",
      variables: { input: { reliefRecordId: recordId, disposition: "IN_CARE", note: "民警送回" } },
    });
    expect(readmitted.body.errors).toBeUndefined();
    await page.click("#disposition-form button[type=submit]");
    await shown(page, "#dp-step-error");
    expect(await page.textContent("#dp-step-error")).toContain("当前去向不允许这一步");

    // 寻亲登记: filed through the form, found in the report list, then withdrawn by the agency that took it.
    await page.click("#tab-search");
    await page.fill("#mp-name", "郑秀兰");
    await page.selectOption("#mp-gender", "FEMALE");
    await page.fill("#mp-birth-year", "1949");
    await page.fill("#mp-last-seen-on", "2025-11-02");
    await page.fill("#mp-last-seen-area", "999999");
    await page.fill("#mp-home-area", "500106");
    await page.fill("#mp-agency", "CQ-AG-00000002");
    await page.click("text=提交寻亲登记");
    expect(await page.textContent("#mp-last-seen-area-error")).toContain("999999");
    await page.fill("#mp-last-seen-area", "500106");
    await page.click("text=提交寻亲登记");
    await shown(page, '[data-testid="report-filed"]');
    const reportId = /(CQ-MP-[\w-]+)/.exec((await page.textContent('[data-testid="report-filed"]'))!)![1];

    await page.click("#tab-reports");
    await shown(page, "#report-filter");
    expect(await unlabelledControls(page)).toEqual([]);
    await page.fill("#rl-area", "500106");
    await page.click("#report-filter button[type=submit]");
    const report = page.locator(`[data-testid="missing-person-report"][data-report-id="${reportId}"]`);
    await report.waitFor();
    expect(await report.getAttribute("data-status")).toBe("OPEN");
    expect(await report.textContent()).toContain("郑秀兰");
    expect(await report.locator('[data-testid="region-tag"]').textContent()).toBe("重庆");
    await report.locator("button", { hasText: "结案" }).click();
    await shown(page, "#close-report-form");
    await page.selectOption("#cr-outcome", "WITHDRAWN");
    await page.fill("#cr-note", "家属已自行找到，申请撤销");
    expect(await unlabelledControls(page)).toEqual([]);
    await shot(page, "relief-reports");
    await page.click("#close-report-form button[type=submit]");
    // Reloaded under the filter (open and closed alike): now withdrawn.
    await page.selectOption("#rl-status", "");
    await page.click("#report-filter button[type=submit]");
    await shown(page, `[data-testid="missing-person-report"][data-report-id="${reportId}"][data-status="CLOSED"]`);
    expect(await report.locator('[data-testid="report-status"]').textContent()).toBe("已撤销");

    // 寻亲公告超时: the crowd registered long ago without a notice; publishing one takes it off the list.
    await page.click("#tab-notices");
    const overdue = page.locator('[data-testid="overdue-notice"]');
    await overdue.first().waitFor();
    const first = (await overdue.first().getAttribute("data-record-id"))!;
    await overdue.first().locator("button").click();
    await page.fill("#nt-reference", "XQGG-2025-0101");
    await shot(page, "relief-notices");
    await page.click("#notice-publish-form button[type=submit]");
    await page.waitForFunction((id) => !document.querySelector(`[data-testid="overdue-notice"][data-record-id="${id}"]`) && document.querySelectorAll('[data-testid="overdue-notice"]').length > 0, first);
    const published = await nodes.cq.prisma.reliefRecord.findUnique({ where: { id: first } });
    expect(published!.noticeReference).toBe("XQGG-2025-0101");
  }, FLOW_TIMEOUT);

  it("寻亲 DNA: a police liaison records a sample request for a record and the laboratory's result, and is offered no disposition step", async () => {
    const page = await newPage();
    await signInAsDev(page, consoleUrl, "police_liaison", "CHONGQING");
    await openCase(page, "FAMILY_SEARCH", "GA-XQ-2025-0031");
    expect(await page.locator("#tab-register").count()).toBe(0); // registration is the station's
    await page.fill("#rr-area", "500106");
    await page.click("#relief-filter button[type=submit]");
    const row = page.locator('[data-testid="relief-record"]').first();
    await row.waitFor();
    const recordId = (await row.getAttribute("data-record-id"))!;
    await row.locator("button", { hasText: "办理" }).click();
    await shown(page, '[data-testid="record-life"] #dna-sample-form');
    expect(await page.locator("#disposition-form").count()).toBe(0);
    // A sample reference with a space is caught at its field before any request.
    await page.fill("#dna-lab", "重庆市公安局物证鉴定所");
    await page.fill("#dna-sample", "CQ DNA 0031");
    await page.click("#dna-sample-form button[type=submit]");
    expect(await page.textContent("#dna-sample-error")).toContain("字母、数字和连字符");
    await page.fill("#dna-sample", "CQ-DNA-2025-0031");
    await page.click("#dna-sample-form button[type=submit]");
    const requested = page.locator('[data-testid="dna-comparison"][data-status="REQUESTED"]');
    await requested.waitFor();
    expect(await requested.textContent()).toContain("CQ-DNA-2025-0031");
    await requested.locator("button", { hasText: "登记结果" }).click();
    await page.selectOption("#dna-result", "NO_MATCH");
    await page.fill("#dna-lab-ref", "JD-2025-1187");
    expect(await unlabelledControls(page)).toEqual([]);
    await page.click("#dna-result-form button[type=submit]");
    await shown(page, '[data-testid="dna-comparison"][data-status="NO_MATCH"]');
    expect(await page.locator('[data-testid="dna-comparison"][data-status="NO_MATCH"]').textContent()).toContain("未比中");
    await shot(page, "relief-dna");
    const stored = await nodes.cq.prisma.dnaComparison.findMany({ where: { reliefRecordId: recordId } });
    expect(stored.map((c) => ({ status: c.status, labReference: c.labReference }))).toEqual([{ status: "NO_MATCH", labReference: "JD-2025-1187" }]);
  }, FLOW_TIMEOUT);

  it("合规: the access log filtered by case and paged, a subject access report across both nodes, anomalies, integrity and a CSV export with a BOM", async () => {
    // Enough entries for more than one page of 20, whatever ran before.
    const someone = await officerToken(nodes.keysDir, "CHONGQING", ["assistance_caseworker"], { sub: "cq-caseworker-7" });
    for (let i = 0; i < 25; i++) await postGraphql(nodes.cq.node.url, "query Me { me { sub } }", { token: someone });
    const page = await newPage();
    await signInAsDev(page, consoleUrl, "compliance_officer", "CHONGQING");
    await openCase(page, "AUDIT_REVIEW", "AUD-2025-0001");
    await shown(page, '[data-testid="access-log"] [data-testid="log-entry"]');
    expect(await unlabelledControls(page)).toEqual([]);
    await page.fill("#log-case", "CQ-MLG-2025-0042");
    await page.click("#log-filter button[type=submit]");
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="log-entry"]')];
      return rows.length > 0 && rows.every((r) => r.getAttribute("data-case-ref") === "CQ-MLG-2025-0042");
    });
    const operations = await page.locator('[data-testid="log-entry"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-operation")));
    expect(operations).toContain("ConsoleHouseholdLookup");
    await page.locator('[data-testid="log-entry"] button').first().click();
    await shown(page, '[data-testid="entry-detail"]');
    await shot(page, "compliance-access-log");

    // Keyset paging: the unfiltered log has more than a page (20) by now.
    await page.click("#log-filter button:has-text('清空')");
    await shown(page, '[data-testid="next-page"]:not([disabled])');
    const firstPage = await page.locator('[data-testid="log-entry"] td:nth-child(1)').allTextContents();
    await page.click('[data-testid="next-page"]');
    await shown(page, "text=第 2 页");
    await page.waitForFunction((first) => {
      const now = [...document.querySelectorAll('[data-testid="log-entry"] td:nth-child(1)')].map((c) => c.textContent);
      return now.length > 0 && now.join("|") !== first;
    }, firstPage.join("|"));

    // Export: CSV with a byte-order mark, built from the API's pages.
    await page.click("text=上一页");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=导出 CSV")]);
    const csv = fs.readFileSync((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString("utf8").slice(1).split("\r\n")[0]).toMatch(/^recordedAt,region,id,requestId/);
    const [jsonl] = await Promise.all([page.waitForEvent("download"), page.click("text=导出 JSONL")]);
    const lines = fs.readFileSync((await jsonl.path())!, "utf8").trim().split("\n");
    expect(lines.length).toBeGreaterThan(20);
    expect(JSON.parse(lines[0])).toHaveProperty("requestId");

    // Subject access report: Liu Fang was looked up on both sides.
    await page.click("#tab-subject");
    await page.fill("#subject-id-number", FIXTURE_PEOPLE.liuFang);
    await page.click("#subject-form button[type=submit]");
    await shown(page, '[data-testid="access-log"] [data-testid="log-entry"]');
    const nodesSeen = await page.locator('[data-testid="log-entry"] [data-testid="region-tag"]').evaluateAll((tags) => [...new Set(tags.map((t) => t.getAttribute("data-region")))]);
    expect(nodesSeen.sort()).toEqual(["CHONGQING", "SICHUAN"]);
    await shot(page, "compliance-subject-report");

    await page.click("#tab-anomalies");
    await page.click("#anomaly-form button[type=submit]");
    await shown(page, '[data-testid="anomalies"]');

    await page.click("#tab-integrity");
    await page.click("#integrity-form button[type=submit]");
    await shown(page, '[data-testid="integrity-report"]');
    expect(await page.locator('[data-testid="integrity-report"] [data-ok]').getAttribute("data-ok")).toBe("true");
    expect(await unlabelledControls(page)).toEqual([]);
    await shot(page, "compliance-integrity");
  }, FLOW_TIMEOUT);

  it("GraphiQL at /graphiql (development) is bundled, pre-fills the auth, purpose and case headers, and runs a query", async () => {
    const page = await newPage();
    await page.goto(`${nodes.cq.node.url}/graphiql`);
    await page.selectOption("#graphiql-role", "verification_officer");
    await page.click("text=签发开发令牌 Mint dev token");
    await page.waitForSelector(".graphiql-execute-button");
    // GraphiQL 4 loads CodeMirror lazily and its run button does nothing until both the query and
    // the response editor exist (@graphiql/react execution.js: `if (!queryEditor || !responseEditor)
    // return`); on a loaded machine a click before then is silently dropped.
    await page.waitForFunction(() => (document.querySelector(".graphiql-query-editor .CodeMirror")?.textContent ?? "").includes("query Me") && document.querySelector(".result-window .CodeMirror") !== null);
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(() => (document.querySelector(".result-window")?.textContent ?? "").includes("cq-officer-verification_officer"));
    const sent = watched[watched.length - 1].calls.find((c) => c.operationName === "Me");
    expect(sent).toMatchObject({ purpose: "MLG_REVIEW", caseRef: "DEV-CASE-0001", status: 200 });
    await shot(page, "graphiql");
  }, FLOW_TIMEOUT);

  it("every console call is in the audit log with the purpose and case reference it sent, and no request left the node", async () => {
    const calls = watched.flatMap((w) => w.calls);
    expect(calls.length).toBeGreaterThan(20);
    for (const call of calls) {
      const prisma = call.origin === new URL(nodes.cq.node.url).origin ? nodes.cq.prisma : nodes.sc.prisma;
      expect(call.requestId).toBeDefined();
      const entry = await prisma.auditEntry.findFirst({ where: { requestId: call.requestId!, forwardedByNode: null } });
      expect({ call: call.operationName, found: Boolean(entry) }).toEqual({ call: call.operationName, found: true });
      expect({ call: call.operationName, operationName: entry!.operationName, purpose: entry!.purpose, caseRef: entry!.caseRef }).toEqual({
        call: call.operationName,
        operationName: call.operationName ?? null,
        purpose: call.purpose ?? null,
        caseRef: call.caseRef ?? null,
      });
    }
    // The personal-data calls all carried a case: none went out without purpose and case reference.
    const personal = calls.filter((c) => !["ConsoleMe", "ConsoleCompareStandards", "ConsoleCompareEligibility", "ConsoleAssessEligibility"].includes(c.operationName ?? ""));
    expect(personal.every((c) => c.purpose && c.caseRef)).toBe(true);
    const origins = new Set(watched.flatMap((w) => w.requests).map((url) => (url.startsWith("blob:") ? new URL(url.slice(5)).origin : new URL(url).origin)));
    expect([...origins]).toEqual([new URL(nodes.cq.node.url).origin]);
  });
});
