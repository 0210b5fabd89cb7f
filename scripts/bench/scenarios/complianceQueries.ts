// S4 (issue 8): compliance queries over a large audit log (10 million entries; 1 million with
// --quick), generated once and cached (auditLogCache.ts). A compliance officer (AUDIT_REVIEW)
// pages through one officer's accesses — `accessLog(filter: {officer}, first: 100, after)`, about
// 5,000 entries per officer at 10M — on one gateway node whose database holds that log:
//   first page        no cursor
//   page near the end the cursor of the officer's 101st-oldest entry: the last 100 entries
//   raw SQL           the same two pages with the service's SQL through better-sqlite3 behind
//                     node:http (accessLogSql.ts): HTTP to HTTP, both at concurrency 1
// then S1 on that same node (its database holds the bench's households too), alone and while a
// compliance officer's queries run beside it on one connection: the log's readers must not starve
// the node's operational traffic (better-sqlite3 runs each query on the event loop).
import Database from "better-sqlite3";
import { officerId, OFFICERS } from "../auditLogGenerator";
import type { CachedAuditLog } from "../dataset/auditLogCache";
import { ratioRow, type ResultRow } from "../harness/benchReport";
import { RejectedRun, type BodyCheck, type LoadTarget } from "../harness/loadRun";
import { measureInRotation } from "../harness/rotation";
import type { ServerChild } from "../harness/serverChild";
import { encodeCursor } from "../../../src/pagination";
import { HOUSEHOLD_LOOKUP, lookupCheck, requestBody } from "./householdQueries";
import { officerHeaders, type ScenarioContext } from "./scenarioContext";

const PAGE = 100;
const OFFICERS_QUERIED = 32;
const S1_CONNECTIONS = 16;
const S1_LOOKUP_IDS = 256;
const END_PAGE_LIMIT = 1.2;
const P50_LIMIT = 1.5;
const P99_LIMIT = 2;
const BESIDE_LIMIT = 0.7;

export const ACCESS_LOG = `query ComplianceAccessLog($filter: AccessLogFilter!, $first: Int, $after: String) {
  accessLog(filter: $filter, first: $first, after: $after) {
    edges {
      cursor
      node {
        id region writerId sequence entryHash recordedAt requestId officer agency officerRegion roles forwardedBy purpose caseRef
        operationName operationHash fieldsRequested fieldsDenied { path policyId reasonCode } fieldsMasked { path policyId reasonCode }
        subjectHmacs resultCount outcome errorCode errorDetail latencyMs peerHops { region peerRequestId receipt outcome }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface AccessLogPage {
  edges?: { cursor: string; node: { id: string | number; officer?: string; principalSub?: string } }[];
  pageInfo?: { hasNextPage: boolean; endCursor: string | null };
}

const pageOf = (body: { data?: unknown }) => (body.data as { accessLog?: AccessLogPage } | undefined)?.accessLog;

/** A full page of one generated officer's entries; the end page is the officer's last. */
function pageCheck(last: boolean): BodyCheck {
  return (body) => {
    const page = pageOf(body);
    if (page?.edges?.length !== PAGE) return `expected ${PAGE} entries, got ${page?.edges?.length ?? "none"}`;
    const officers = new Set(page.edges.map((e) => e.node.officer ?? e.node.principalSub));
    if (officers.size !== 1 || !/-officer-\d{4}$/.test([...officers][0] ?? "")) return `entries of ${[...officers].join(", ")} in one officer's page`;
    if (page.pageInfo?.hasNextPage === last) return `hasNextPage ${page.pageInfo?.hasNextPage} on the ${last ? "last" : "first"} page`;
    return undefined;
  };
}

/** Spread of the officers queried over all generated ones (deterministic). */
const officerQueried = (i: number) => officerId(Math.floor((i * OFFICERS) / OFFICERS_QUERIED));

/** The cursor after which exactly the officer's oldest PAGE entries remain (found with OFFSET, outside the timed calls). */
function endCursors(file: string, officers: string[]): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const count = db.prepare(`SELECT COUNT(*) FROM "AuditEntry" WHERE "principalSub" = ?`).pluck();
    const at = db.prepare(`SELECT "recordedAt", "id" FROM "AuditEntry" WHERE "principalSub" = ? ORDER BY "recordedAt" DESC, "id" DESC LIMIT 1 OFFSET ?`);
    return officers.map((officer) => {
      const n = Number(count.get(officer));
      if (n < 2 * PAGE + 1) throw new RejectedRun(`officer ${officer} has only ${n} entries: the log is too small for S4`);
      const row = at.get(officer, n - PAGE - 1) as { recordedAt: string; id: number };
      return encodeCursor([new Date(row.recordedAt).toISOString(), row.id]);
    });
  } finally {
    db.close();
  }
}

/** The gateway and the raw SQL must return the same entries, or the ratio compares different work. */
async function assertSamePages(gateway: LoadTarget, raw: LoadTarget): Promise<void> {
  for (const body of gateway.bodies.slice(0, 4)) {
    const [a, b] = await Promise.all(
      [gateway, raw].map(async (t) => pageOf((await (await fetch(`${t.url}/graphql`, { method: "POST", headers: t.headers, body })).json()) as { data?: unknown })),
    );
    const ids = (p?: AccessLogPage) => JSON.stringify({ ids: p?.edges?.map((e) => String(e.node.id)), end: p?.pageInfo });
    if (ids(a) !== ids(b)) throw new RejectedRun(`raw SQL returns other entries than the gateway: ${ids(b).slice(0, 200)} vs ${ids(a).slice(0, 200)}`);
  }
}

export async function measureComplianceQueries(ctx: ScenarioContext, auditLog: CachedAuditLog): Promise<ResultRow[]> {
  const { workspace, log } = ctx;
  const entries = auditLog.entries.toLocaleString("en");
  const servers = workspace.scenarioServers();
  const start = servers.start;
  try {
    // The node with the audit plugin off answers the same pages without committing (and fsyncing)
    // an entry for each: what that durable commit adds to a compliance query, as its own figure.
    const [node, raw, unaudited] = await Promise.all([
      start(workspace.startGateway({ name: "FULL (audit log node)", database: auditLog.database })),
      start(workspace.startBaseline("raw SQL", "access-log-sql", undefined, auditLog.database)),
      start(workspace.startGateway({ name: "FULL, audit off (audit log node)", database: auditLog.database, withoutAudit: true })),
    ]);
    log(`  started a gateway node and the raw-SQL server over the ${entries}-entry log`);
    const headers = { ...officerHeaders(await workspace.token("compliance_officer", "bench-compliance-officer")), "x-purpose": "AUDIT_REVIEW" };
    const officers = Array.from({ length: OFFICERS_QUERIED }, (_, i) => officerQueried(i));
    const cursors = endCursors(auditLog.database.file, officers);
    const firstBodies = officers.map((officer) => requestBody(ACCESS_LOG, { filter: { officer }, first: PAGE }));
    const endBodies = officers.map((officer, i) => requestBody(ACCESS_LOG, { filter: { officer }, first: PAGE, after: cursors[i] }));
    const target = (label: string, server: ServerChild, bodies: string[], last: boolean): LoadTarget => ({
      label,
      url: server.url,
      headers,
      bodies,
      check: pageCheck(last),
      serverCpuSeconds: server.cpuSeconds,
    });
    const pages = [
      target("GraphQL, first page", node, firstBodies, false),
      target("GraphQL, page near the end", node, endBodies, true),
      target("raw SQL, first page", raw, firstBodies, false),
      target("raw SQL, page near the end", raw, endBodies, true),
      target("GraphQL, audit off, first page", unaudited, firstBodies, false),
    ];
    await assertSamePages(pages[0]!, pages[2]!);
    await assertSamePages(pages[1]!, pages[3]!);

    log(`  S4 accessLog by officer, ${PAGE} per page, ${entries} entries, 1 connection: first page and the officer's last page, GraphQL and raw SQL`);
    const paged = await measureInRotation(pages, { connections: 1, sampleEvery: 10 }, ctx.profile, log);

    const s1Headers = officerHeaders(await workspace.token("verification_officer", "bench-officer"));
    const s1Bodies = auditLog.database.verificationIds.slice(0, S1_LOOKUP_IDS).map((id) => requestBody(HOUSEHOLD_LOOKUP, { id }));
    const s1 = (label: string): LoadTarget => ({ label, url: node.url, headers: s1Headers, bodies: s1Bodies, check: lookupCheck({ masked: false, accountRefMasked: true }), serverCpuSeconds: node.cpuSeconds });
    const compliance: LoadTarget = { ...pages[0]!, label: "compliance queries", bodies: firstBodies.flatMap((b, i) => [b, endBodies[i]!]), check: (body) => (pageOf(body)?.edges?.length === PAGE ? undefined : "not a full page") };
    log(`  S1 on the same node, ${S1_CONNECTIONS} connections: alone, and with the compliance officer's queries beside it (1 connection)`);
    const beside = await measureInRotation([s1("S1 alone"), { ...s1("S1 beside S4"), alongside: { target: compliance, connections: 1 } }], { connections: S1_CONNECTIONS }, ctx.profile, log);

    const logNote = `${entries} entries${ctx.quick ? " (--quick; the full run uses 10,000,000)" : ""}, ~${Math.round(auditLog.entries / OFFICERS).toLocaleString("en")} per officer, ${OFFICERS_QUERIED} officers`;
    const rawNote = "raw SQL = the service's SQL through a better-sqlite3 prepared statement behind node:http, rows as SQL returns them; both over HTTP at 1 connection; same entries checked";
    return [
      ratioRow("S4 compliance query: page near the end vs first page (GraphQL accessLog by officer, 100 per page)", paged["GraphQL, page near the end"]!, paged["GraphQL, first page"]!, "p50", END_PAGE_LIMIT, `${logNote}; end page = the officer's oldest 100 entries by keyset cursor; 1 connection`),
      ratioRow("S4 compliance query: GraphQL vs raw SQL, first page, p50", paged["GraphQL, first page"]!, paged["raw SQL, first page"]!, "p50", P50_LIMIT, rawNote),
      ratioRow("S4 compliance query: GraphQL vs raw SQL, first page, p99", paged["GraphQL, first page"]!, paged["raw SQL, first page"]!, "p99", P99_LIMIT, rawNote),
      ratioRow("S4 reference: raw SQL, page near the end vs first page", paged["raw SQL, page near the end"]!, paged["raw SQL, first page"]!, "p50", null, "1 connection"),
      ratioRow("S4 reference: GraphQL vs GraphQL with the audit plugin off, first page, p50 (what committing the compliance query's own audit entry, synchronous=FULL, adds)", paged["GraphQL, first page"]!, paged["GraphQL, audit off, first page"]!, "p50", null, "1 connection"),
      ratioRow("S4 reference: GraphQL with the audit plugin off vs raw SQL, first page, p50", paged["GraphQL, audit off, first page"]!, paged["raw SQL, first page"]!, "p50", null, rawNote),
      ratioRow("S4 beside S1: S1 throughput while compliance queries run vs S1 alone, same node", beside["S1 beside S4"]!, beside["S1 alone"]!, "rps", BESIDE_LIMIT, `S1 at ${S1_CONNECTIONS} connections; compliance officer on 1 connection, first and end pages in turn, ${beside["S1 beside S4"]!.median.alongsideRps?.toFixed(1) ?? "?"} pages/s answered beside S1; the node's database holds the ${entries}-entry log and the households`),
      {
        scenario: "S4 audit log: generation (better-sqlite3 prepared statements, 50,000 per transaction, hash chains and signed checkpoints, indexes built after)",
        measured: {
          label: "generator",
          value: `${entries} entries in ${auditLog.generationSeconds.toFixed(0)} s (${auditLog.entriesPerSecond.toFixed(0)} entries/s)`,
        },
        target: "—",
        pass: null,
        note: auditLog.reused ? `reused from the cache (generated ${auditLog.generatedOn.slice(0, 16).replace("T", " ")} UTC)` : "generated by this run (cold cache), before its time bound started",
      },
    ];
  } finally {
    await servers.stopAll();
  }
}
