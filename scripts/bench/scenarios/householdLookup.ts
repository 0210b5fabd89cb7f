// S1 (issue 8): an authorized household lookup (~2 KB; a verification officer of the same region,
// accountRef masked) through the real gateway and its baselines, side by side in rotating rounds:
//   FULL       the gateway on the embedded database (Prisma)
//   FULL-mem   the gateway with verification rows served from memory (inMemoryVerificationStore.ts)
//   B-sql      Apollo Server 5 + graphql-js resolvers calling better-sqlite3
//   B-apollo   the same over the rows in memory
//   B-http     node:http returning the gateway's own bodies
//   FULL, audit off  the code-only benchmarkBaselineWithoutAudit node: what the audit log costs a read
//   FULL-heap  FULL with V8's old space capped (HEAP_CAP_FLAG): what the peak RSS is made of
// then FULL and B-sql again at one fixed rate for p99, and FULL's peak RSS.
import { ratioRow, type ResultRow } from "../harness/benchReport";
import { RejectedRun, type LoadTarget } from "../harness/loadRun";
import { measureInRotation } from "../harness/rotation";
import type { ServerChild } from "../harness/serverChild";
import { HOUSEHOLD_LOOKUP, lookupCheck, requestBody } from "./householdQueries";
import { officerHeaders, type ScenarioContext } from "./scenarioContext";

const LOOKUP_IDS = 256;
const CONNECTIONS = 16;
/** The fixed rate for the p99 comparison, as a share of FULL's median throughput. */
const FIXED_RATE_SHARE = 0.5;
const PEAK_RSS_LIMIT_MB = 300;
/**
 * Left alone, V8 lets the old space grow with garbage long before it collects (a node's heap
 * reaches ~130 MB used under S1 and falls to ~35 MB after a full GC). The capped node shows what
 * a deployment flag would do to the peak and to throughput.
 */
const HEAP_CAP_FLAG = "--max-old-space-size=160";

async function capturedBodies(url: string, headers: Record<string, string>, bodies: string[], ids: string[]): Promise<Record<string, string>> {
  const captured: Record<string, string> = {};
  for (let i = 0; i < ids.length; i++) {
    const res = await fetch(`${url}/graphql`, { method: "POST", headers, body: bodies[i] });
    if (!res.ok) throw new RejectedRun(`capturing bodies for B-http: HTTP ${res.status}`);
    captured[ids[i]!] = await res.text();
  }
  return captured;
}

/** The in-memory node must answer exactly what the Prisma node answers, or its figures mean nothing. */
async function assertSameAnswers(a: ServerChild, b: ServerChild, headers: Record<string, string>, bodies: string[]): Promise<void> {
  for (const body of bodies.slice(0, 8)) {
    const [x, y] = await Promise.all([a, b].map(async (s) => (await fetch(`${s.url}/graphql`, { method: "POST", headers, body })).text()));
    if (x !== y) throw new RejectedRun(`${b.name} answers differently from ${a.name}: ${x.slice(0, 200)} vs ${y!.slice(0, 200)}`);
  }
}

export interface HouseholdLookupResult {
  rows: ResultRow[];
  /** FULL's median throughput, for scenarios that compare against S1 alone. */
  fullRps: number;
}

export async function measureHouseholdLookup(ctx: ScenarioContext): Promise<HouseholdLookupResult> {
  const { workspace, log } = ctx;
  const ids = workspace.database.verificationIds.slice(0, LOOKUP_IDS);
  const bodies = ids.map((id) => requestBody(HOUSEHOLD_LOOKUP, { id }));
  const headers = officerHeaders(await workspace.token("verification_officer", "bench-officer"));
  const servers = workspace.scenarioServers();
  const start = servers.start;
  try {
    // The heap-capped node only in the full run: --quick keeps to its three minutes.
    const [full, fullMem, fullUnaudited, bSql, bApollo, fullHeap] = await Promise.all([
      start(workspace.startGateway({ name: "FULL" })),
      start(workspace.startGateway({ name: "FULL-mem", inMemoryVerification: true })),
      start(workspace.startGateway({ name: "FULL, audit off", withoutAudit: true })),
      start(workspace.startBaseline("B-sql", "sql")),
      start(workspace.startBaseline("B-apollo", "apollo")),
      ctx.quick ? undefined : start(workspace.startGateway({ name: "FULL-heap", nodeFlags: [HEAP_CAP_FLAG] })),
    ]);
    log(`  started FULL, FULL-mem, FULL (audit off), B-sql, B-apollo${fullHeap ? ", FULL-heap" : ""}`);
    await assertSameAnswers(full, fullMem, headers, bodies);
    const bHttp = await start(workspace.startBaseline("B-http", "http", await capturedBodies(full.url, headers, bodies, ids)));

    const gateway = lookupCheck({ masked: false, accountRefMasked: true });
    const plain = lookupCheck({ masked: false, accountRefMasked: false });
    const target = (server: ServerChild, check: LoadTarget["check"]): LoadTarget => ({ label: server.name, url: server.url, headers, bodies, check, serverCpuSeconds: server.cpuSeconds });
    const targets = [target(full, gateway), target(fullMem, gateway), target(fullUnaudited, gateway), target(bSql, plain), target(bApollo, plain), target(bHttp, gateway), ...(fullHeap ? [target(fullHeap, gateway)] : [])];

    log(`  S1 household lookup, ${CONNECTIONS} connections, as fast as each answers`);
    const open = await measureInRotation(targets, { connections: CONNECTIONS }, ctx.profile, log);
    const rate = Math.max(10, Math.round(open.FULL!.median.rps * FIXED_RATE_SHARE));
    log(`  S1 household lookup at a fixed ${rate} rps (${FIXED_RATE_SHARE * 100}% of FULL's throughput), 8 connections`);
    const byLabel = (label: string) => targets.find((t) => t.label === label)!;
    const fixed = await measureInRotation([byLabel("FULL"), byLabel("B-sql")], { connections: 8, overallRate: rate }, ctx.profile, log, { warmUp: false });
    const memory = full.memory();
    const cappedMemory = fullHeap?.memory();

    const rows: ResultRow[] = [
      ratioRow("S1 household lookup: FULL (Prisma) vs B-sql", open.FULL!, open["B-sql"]!, "rps", 0.7),
      ratioRow(`S1 household lookup: p99 at equal fixed rate`, fixed.FULL!, fixed["B-sql"]!, "p99", 1.5, `${rate} rps`),
      ratioRow("S1 household lookup: FULL with in-memory repository vs B-apollo", open["FULL-mem"]!, open["B-apollo"]!, "rps", 0.85),
      ratioRow("S1 audit cost on reads: FULL vs FULL with the audit plugin off (the audit issue's read target)", open.FULL!, open["FULL, audit off"]!, "rps", 0.85),
      ratioRow("S1 reference: FULL vs B-http (same bodies)", open.FULL!, open["B-http"]!, "rps", null),
      ratioRow("S1 reference: B-sql vs B-apollo (cost of the SQL)", open["B-sql"]!, open["B-apollo"]!, "rps", null),
      {
        scenario: "Memory: peak RSS of the FULL node after S1",
        measured: { label: "FULL", value: memory ? `${memory.peakRssMb.toFixed(0)} MB` : "n/a" },
        target: `< ${PEAK_RSS_LIMIT_MB} MB`,
        // V8 lets garbage pile up for as long as the load lasts: --quick's 1-s rounds end before
        // the peak a longer load reaches, so only the full run judges this row.
        pass: memory && !ctx.quick ? memory.peakRssMb < PEAK_RSS_LIMIT_MB : null,
        note: !memory ? "no /proc" : ctx.quick ? "VmHWM; not judged in --quick (rounds too short to reach the peak; see the full run)" : "VmHWM",
      },
    ];
    if (fullHeap) {
      rows.push({
        ...ratioRow(`Memory: FULL with ${HEAP_CAP_FLAG}, peak RSS after the same S1 rounds`, open["FULL-heap"]!, open.FULL!, "rps", null, "throughput vs FULL"),
        measured: { label: "FULL-heap", value: cappedMemory ? `${cappedMemory.peakRssMb.toFixed(0)} MB` : "n/a", figures: open["FULL-heap"]!.median },
      });
    }
    return { rows, fullRps: open.FULL!.median.rps };
  } finally {
    await servers.stopAll();
  }
}
