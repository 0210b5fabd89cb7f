// Issue 4's gateway figures: audit entries per second through a whole node at concurrency 32
// (every answer is one entry), and its throughput with the audit plugin on vs off in the same run
// (rotating rounds, medians; target on ≥ 0.85× off). The request is S1's household lookup; after
// the rounds the audited node's entries for it are counted against the answers it gave.
import Database from "better-sqlite3";
import { pinLoadGenerator } from "./harness/cpuPinning";
import { BenchWorkspace } from "./harness/benchWorkspace";
import { measureInRotation, type MeasuredTarget, type RepetitionProfile } from "./harness/rotation";
import type { LoadTarget } from "./harness/loadRun";
import { HOUSEHOLD_LOOKUP, lookupCheck, requestBody } from "./scenarios/householdQueries";
import { officerHeaders } from "./scenarios/scenarioContext";

const CONNECTIONS = 32;
const HOUSEHOLDS = 1_200;
const LOOKUP_IDS = 200;
export const AUDITED_READ_TARGET = 0.85;

export interface AuditedGatewayFigures {
  connections: number;
  audited: MeasuredTarget;
  unaudited: MeasuredTarget;
  /** Audited rps ÷ unaudited rps (medians), and the same per server CPU-second. */
  ratio: number;
  ratioPerCpuSecond?: number;
  /** Entries the audited node wrote for the lookup, and the 2xx answers it gave. */
  entries: number;
  answers: number;
}

export async function measureAuditedGateway(profile: RepetitionProfile, log: (line: string) => void): Promise<AuditedGatewayFigures> {
  const workspace = await BenchWorkspace.create(HOUSEHOLDS, pinLoadGenerator());
  try {
    const [audited, unaudited] = await Promise.all([
      workspace.startGateway({ name: "FULL (audited)" }),
      workspace.startGateway({ name: "FULL, audit off", withoutAudit: true }),
    ]);
    const headers = officerHeaders(await workspace.token("verification_officer", "bench-officer"));
    const bodies = workspace.database.verificationIds.slice(0, LOOKUP_IDS).map((id) => requestBody(HOUSEHOLD_LOOKUP, { id }));
    const check = lookupCheck({ masked: false, accountRefMasked: true });
    const target = (label: string, server: typeof audited): LoadTarget => ({ label, url: server.url, headers, bodies, check, serverCpuSeconds: server.cpuSeconds });
    const measured = await measureInRotation([target("FULL (audited)", audited), target("FULL, audit off", unaudited)], { connections: CONNECTIONS }, profile, log);
    const [a, b] = [measured["FULL (audited)"]!, measured["FULL, audit off"]!];
    const answers = a.runs.reduce((sum, r) => sum + r.responses, 0);
    const db = new Database(workspace.database.file, { readonly: true });
    const entries = (db.prepare(`SELECT count(*) AS n FROM "AuditEntry" WHERE "operationName" = 'HouseholdLookup' AND "outcome" IN ('ALLOWED', 'MASKED')`).get() as { n: number }).n;
    db.close();
    const perCpu = a.median.rpsPerCpuSecond && b.median.rpsPerCpuSecond ? a.median.rpsPerCpuSecond / b.median.rpsPerCpuSecond : undefined;
    return { connections: CONNECTIONS, audited: a, unaudited: b, ratio: a.median.rps / b.median.rps, ratioPerCpuSecond: perCpu, entries, answers };
  } finally {
    await workspace.close();
  }
}
