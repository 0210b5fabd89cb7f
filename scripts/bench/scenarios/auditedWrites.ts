// S3 (issue 8): audited writes. Relief officers file missing-person reports at concurrency 64
// through a node with the audit plugin and through the code-only benchmarkBaselineWithoutAudit
// node, on the same database; then the audit log is counted against the reports: every report the
// audited node wrote (each one a 2xx answer — any other status rejects the run) must have its
// audit entry. SQLITE_BUSY would surface as an error body or a 5xx, which also rejects the run.
import Database from "better-sqlite3";
import { ratioRow, type ResultRow } from "../harness/benchReport";
import type { BodyCheck, LoadTarget } from "../harness/loadRun";
import { measureInRotation } from "../harness/rotation";
import { requestBody } from "./householdQueries";
import { officerHeaders, type ScenarioContext } from "./scenarioContext";

const CONNECTIONS = 64;
const REPORTS = 256;
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵"];
const GIVEN = ["小明", "建国", "秀兰", "志强", "桂英", "海燕", "国华", "玉兰"];
/** Operation names tell the two nodes' writes apart in the shared database. */
const AUDITED = "FileReportAudited";
const UNAUDITED = "FileReportUnaudited";

const fileReport = (operation: string) => `mutation ${operation}($input: MissingPersonInput!) {
  fileMissingPersonReport(input: $input) { missingPersonReport { id region name gender birthYear lastSeenOn } alerts { id } }
}`;

/** A report per index, its name marked with the node it goes to. */
function reportBodies(operation: string, marker: string): string[] {
  return Array.from({ length: REPORTS }, (_, i) =>
    requestBody(fileReport(operation), {
      input: {
        agencyId: "CQ-AG-00000001",
        name: `${marker}${SURNAMES[i % SURNAMES.length]}${GIVEN[(i >> 3) % GIVEN.length]}`,
        gender: i % 2 ? "FEMALE" : "MALE",
        birthYear: 1950 + (i % 60),
        heightCm: 150 + (i % 35),
        homeAreaCode: ["500103", "500106", "500112", "510104"][i % 4],
        lastSeenAreaCode: "500103",
        lastSeenOn: `2025-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
      },
    }),
  );
}

const filed: BodyCheck = (body) =>
  (body.data as { fileMissingPersonReport?: { missingPersonReport?: { id?: string } } } | undefined)?.fileMissingPersonReport?.missingPersonReport?.id
    ? undefined
    : "no filed report in the answer";

export async function measureAuditedWrites(ctx: ScenarioContext): Promise<ResultRow[]> {
  const { workspace, log } = ctx;
  const [audited, unaudited] = await Promise.all([
    workspace.startGateway({ name: "FULL (audited)" }),
    workspace.startGateway({ name: "FULL, audit off", withoutAudit: true }),
  ]);
  log("  started FULL with and without the audit plugin");
  try {
    const headers = { ...officerHeaders(await workspace.token("relief_officer", "bench-relief-officer")), "x-purpose": "FAMILY_SEARCH" };
    const target = (label: string, server: typeof audited, bodies: string[]): LoadTarget => ({ label, url: server.url, headers, bodies, check: filed, serverCpuSeconds: server.cpuSeconds });
    log(`  S3 audited writes (fileMissingPersonReport), ${CONNECTIONS} connections`);
    const measured = await measureInRotation(
      [target("FULL (audited)", audited, reportBodies(AUDITED, "甲")), target("FULL, audit off", unaudited, reportBodies(UNAUDITED, "乙"))],
      { connections: CONNECTIONS },
      ctx.profile,
      log,
    );
    const db = new Database(workspace.database.file, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const reports = count(`SELECT count(*) AS n FROM "MissingPersonReport" WHERE name LIKE '甲%'`);
    const entries = count(`SELECT count(*) AS n FROM "AuditEntry" WHERE operationName = '${AUDITED}'`);
    const unauditedEntries = count(`SELECT count(*) AS n FROM "AuditEntry" WHERE operationName = '${UNAUDITED}'`);
    db.close();
    const [a, b] = [measured["FULL (audited)"]!, measured["FULL, audit off"]!];
    return [
      ratioRow("S3 audited writes: throughput", a, b, "rps", 0.9, `${CONNECTIONS} connections`),
      ratioRow("S3 audited writes: p99", a, b, "p99", 1.25, `${CONNECTIONS} connections`),
      {
        scenario: "S3 audited writes: audit entries = reports written (2xx answers)",
        measured: { label: "FULL (audited)", value: `${entries} entries / ${reports} reports` },
        target: "equal; none from the unaudited node",
        pass: entries === reports && reports > 0 && unauditedEntries === 0,
        note: `${unauditedEntries} entries from the unaudited node`,
      },
    ];
  } finally {
    await Promise.all([workspace.stopServer(audited), workspace.stopServer(unaudited)]);
  }
}
