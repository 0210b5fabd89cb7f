// The production layout, tested: each province runs two gateway processes (the compiled entry,
// dist/src/main.js, as a deployment runs it) over one PostgreSQL database, a load balancer's
// worth of traffic goes through both, and then
// - each process wrote its own audit chain, and every chain verifies and is sealed;
// - family-search records, reports, alerts and confirmations made through one process are seen
//   through the other (its in-memory index catches up from the database);
// - a 协查 (cross-region verification request) moved by one process reads correctly through the other.
// PostgreSQL only (TEST_DATABASE=postgresql): SQLite is one process's embedded file.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { DatabaseAuditSource, verifyAuditLog } from "../../src/audit";
import { devIssuerKeyName, ensureSigningKey, nodeKeyName, readPublicJwks } from "../../src/auth";
import type { Region } from "../../src/config";
import { createPrismaClient, type PrismaClient } from "../../src/db";
import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { insertAgency } from "../relief/support/reliefTestDatabase";
import { earlierReliefCase } from "../fixtures/reliefFixtures";
import { killGatewayProcessesStillRunning, startGatewayProcess, type GatewayProcess } from "../audit/support/gatewayProcess";
import { postGraphql, type GraphqlCall } from "../support/graphqlClient";
import { createTestDatabase, POSTGRES_ADMIN_URL, usingPostgres, type TestDatabase } from "../support/testDatabase";
import { officerToken } from "../support/testNode";

/** Why this suite does not run here, or undefined when it does. */
function skipReason(): string | undefined {
  if (!usingPostgres) return "PostgreSQL not selected (run with TEST_DATABASE=postgresql)";
  // Synchronous, since jest decides what to skip before any hook runs.
  const probe = spawnSync(
    process.execPath,
    ["-e", `const { Client } = require("pg"); const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 }); c.connect().then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });`, POSTGRES_ADMIN_URL],
    { encoding: "utf8", timeout: 10_000 },
  );
  return probe.status === 0 ? undefined : `PostgreSQL not reachable at ${POSTGRES_ADMIN_URL.replace(/\/\/[^@]*@/, "//")}: ${probe.stderr.trim()}`;
}

const reason = skipReason();
if (reason) console.warn(`scale-out test skipped: ${reason}`);
const describeOnPostgres = reason ? describe.skip : describe;

const VERIFY = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };
const FAMILY = { purpose: "FAMILY_SEARCH", caseRef: "CQ-FS-2025-0007" };
const RECORD = `mutation($input: ReliefCaseInput!) { recordReliefCase(input: $input) { reliefRecord { id } alerts { id } } }`;
const FILE = `mutation($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { missingPersonReport { id } alerts { id status reliefRecordId } } }`;
const SEARCH = `query($report: MissingPersonInput!) { familySearch(report: $report, regions: [CHONGQING]) { reliefRecord { id } } }`;
const FOR_RECORD = `query($id: ID!) { familySearchForRecord(reliefRecordId: $id) { missingPersonReport { id } } }`;
const REVIEW = `mutation($id: ID!, $decision: MatchAlertDecision!) { reviewMatchAlert(id: $id, decision: $decision) { id status } }`;
const ALERTS = `{ matchAlerts(first: 50) { edges { node { id status } } } }`;
const REQUEST = `mutation($input: VerificationRequestInput!) { requestVerification(input: $input) { id state } }`;
const UPDATE = `mutation($id: ID!, $state: VerificationRequestState!, $result: ID) { updateVerificationRequest(id: $id, state: $state, resultVerificationId: $result) { id state resultVerificationId handledBy } }`;
const READ = `query($id: ID!) { verificationRequest(id: $id) { id state resultVerificationId handledBy } }`;


interface Province {
  region: Region;
  database: TestDatabase;
  prisma: PrismaClient;
  processes: GatewayProcess[];
}

/** Free loopback ports, held open together while they are chosen so no two are the same. */
async function distinctFreePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Retries `read` until `done` holds (another process catches up within its 1-s interval). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describeOnPostgres("scale-out: two gateway processes per province over one PostgreSQL database each", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-scale-"));
  const keysDir = path.join(dataDir, "keys");
  const provinces = {} as Record<Region, Province>;
  const url = (region: Region, i: number) => provinces[region].processes[i].url;
  const send = async (region: Region, i: number, query: string, call: GraphqlCall) => {
    const res = await postGraphql(url(region, i), query, call);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!;
  };

  beforeAll(async () => {
    // Keys are deployment configuration shared by a province's processes, made before they start.
    for (const region of ["CHONGQING", "SICHUAN"] as const) {
      await ensureSigningKey(keysDir, nodeKeyName(region));
      await ensureSigningKey(keysDir, devIssuerKeyName(region));
    }
    const [a, b, c, d] = await distinctFreePorts(4);
    const ports = { CHONGQING: [a, b], SICHUAN: [c, d] };
    for (const region of ["CHONGQING", "SICHUAN"] as const) {
      const database = await createTestDatabase();
      const prisma = createPrismaClient(database.url);
      await insertVerificationFixtures(prisma, region, 2);
      if (region === "CHONGQING") {
        await insertAgency(prisma, "CQ-POLICE-1", "CHONGQING", "POLICE", "500106");
        // A station's worth of earlier cases, so the matcher weighs agreement against a population.
        await prisma.reliefRecord.createMany({ data: Array.from({ length: 60 }, (_, i) => earlierReliefCase(i + 1, "CQ-AG-00000002")) });
      }
      provinces[region] = { region, database, prisma, processes: [] };
    }
    const start = (region: Region, i: number) => {
      const other: Region = region === "CHONGQING" ? "SICHUAN" : "CHONGQING";
      return startGatewayProcess({
        GATEWAY_ENV: "development",
        REGION: region,
        HOST: "127.0.0.1",
        PORT: String(ports[region][i]),
        DATABASE_URL: provinces[region].database.url,
        DATA_DIR: dataDir,
        KEYS_DIR: keysDir,
        // The same subject key for every process of a province, or their audit HMACs would differ.
        AUDIT_SUBJECT_KEY: `${region.toLowerCase()}-audit-subject-key-for-the-scale-out-test`,
        // Process i of one province forwards to process i of the other (a load balancer's choice).
        PEERS: JSON.stringify([
          { region: other, url: `http://127.0.0.1:${ports[other][i]}`, issuer: `urn:assist-gateway:node:${other.toLowerCase()}`, jwksFile: path.join(keysDir, `${other.toLowerCase()}-node.jwks.json`) },
        ]),
        LOG_LEVEL: "info",
      }, 100_000);
    };
    // Both processes of a province start at once, as a deployment rolls them out.
    const started = await Promise.all([start("CHONGQING", 0), start("CHONGQING", 1), start("SICHUAN", 0), start("SICHUAN", 1)]);
    provinces.CHONGQING.processes = started.slice(0, 2);
    provinces.SICHUAN.processes = started.slice(2);
  }, 150_000);

  afterAll(async () => {
    killGatewayProcessesStillRunning();
    for (const province of Object.values(provinces)) {
      await province.prisma.$disconnect();
      await province.database.drop();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves load through both processes of each province", async () => {
    const cq = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
    const sc = await officerToken(keysDir, "SICHUAN", ["verification_officer"], { sub: "sc-officer-1" });
    const calls = Array.from({ length: 40 }, (_, n) => {
      const region: Region = n % 4 < 2 ? "CHONGQING" : "SICHUAN";
      const id = `${region === "CHONGQING" ? "CQ" : "SC"}-HV-0000000${1 + (n % 2)}`;
      return postGraphql(url(region, n % 2), `{ householdVerification(id: "${id}") { id conclusion } }`, { token: region === "CHONGQING" ? cq : sc, ...VERIFY, caseRef: `${region === "CHONGQING" ? "CQ" : "SC"}-MLG-2025-0042` });
    });
    const answers = await Promise.all(calls);
    expect(answers.filter((a) => a.status !== 200 || a.body.errors)).toEqual([]);
  });

  it("family search: what one process registers, files and confirms, the other sees", async () => {
    const officer = await officerToken(keysDir, "CHONGQING", ["relief_officer"]);
    const call = { token: officer, ...FAMILY };
    const described = { name: "欧阳春晓", gender: "FEMALE", birthDate: "1958-09-09", heightCm: 155, lastSeenOn: "2025-04-20", lastSeenAreaCode: "500106", homeAreaCode: "500106" };
    // Process B loads its index first, so it must catch up on what A does next.
    await send("CHONGQING", 1, SEARCH, { ...call, variables: { report: described } });

    const recorded = await send("CHONGQING", 0, RECORD, {
      ...call,
      variables: { input: { stationId: "CQ-AG-00000002", reportedName: "欧阳春晓", gender: "FEMALE", apparentAgeMin: 58, apparentAgeMax: 68, heightCm: 156, foundOn: "2025-04-25", foundAreaCode: "500106" } },
    });
    const recordId = recorded.recordReliefCase.reliefRecord.id as string;
    const searched = await eventually(
      () => send("CHONGQING", 1, SEARCH, { ...call, variables: { report: described } }),
      (data) => data.familySearch.some((c: { reliefRecord: { id: string } }) => c.reliefRecord.id === recordId),
    );
    expect(searched.familySearch[0].reliefRecord.id).toBe(recordId);

    // The family's report is filed through B: B's index raises the alert against A's record.
    const filed = await send("CHONGQING", 1, FILE, { ...call, variables: { input: { ...described, agencyId: "CQ-POLICE-1" } } });
    const [alert] = filed.fileMissingPersonReport.alerts;
    expect(alert).toMatchObject({ reliefRecordId: recordId, status: "NEW" });
    const reportId = filed.fileMissingPersonReport.missingPersonReport.id as string;

    // A reviews, B confirms; A then lists the alert as confirmed.
    expect((await send("CHONGQING", 0, REVIEW, { ...call, variables: { id: alert.id, decision: "REVIEWED" } })).reviewMatchAlert.status).toBe("REVIEWED");
    expect((await send("CHONGQING", 1, REVIEW, { ...call, variables: { id: alert.id, decision: "CONFIRMED" } })).reviewMatchAlert.status).toBe("CONFIRMED");
    const listed = await send("CHONGQING", 0, ALERTS, call);
    expect(listed.matchAlerts.edges.map((e: { node: { id: string; status: string } }) => e.node)).toContainEqual({ id: alert.id, status: "CONFIRMED" });

    // A never saw the confirmation happen; it stops proposing the pair all the same.
    const after = await eventually(
      () => send("CHONGQING", 0, SEARCH, { ...call, variables: { report: described } }),
      (data) => !data.familySearch.some((c: { reliefRecord: { id: string } }) => c.reliefRecord.id === recordId),
    );
    expect(after.familySearch.map((c: { reliefRecord: { id: string } }) => c.reliefRecord.id)).not.toContain(recordId);
    const reverse = await send("CHONGQING", 0, FOR_RECORD, { ...call, variables: { id: recordId } });
    expect(reverse.familySearchForRecord.map((c: { missingPersonReport: { id: string } }) => c.missingPersonReport.id)).not.toContain(reportId);
  });

  it("协查: a request moved by one process reads correctly through the other", async () => {
    const caseworker = await officerToken(keysDir, "CHONGQING", ["assistance_caseworker"]);
    const verifier = await officerToken(keysDir, "SICHUAN", ["verification_officer"], { sub: "sc-verifier-7" });
    const asked = await send("CHONGQING", 0, REQUEST, {
      token: caseworker,
      ...VERIFY,
      variables: { input: { idNumber: FIXTURE_PEOPLE.chenJing, targetRegion: "SICHUAN", program: "MLG", reason: "申请人户籍在成都，需核对其家庭经济状况" } },
    });
    const id = asked.requestVerification.id as string;
    expect(asked.requestVerification.state).toBe("REQUESTED");

    // Sichuan's process B starts it, process A completes it.
    expect((await send("SICHUAN", 1, UPDATE, { token: verifier, ...VERIFY, variables: { id, state: "IN_PROGRESS" } })).updateVerificationRequest.state).toBe("IN_PROGRESS");
    const done = await send("SICHUAN", 0, UPDATE, { token: verifier, ...VERIFY, variables: { id, state: "COMPLETED", result: "SC-HV-00000001" } });
    expect(done.updateVerificationRequest).toMatchObject({ state: "COMPLETED", resultVerificationId: "SC-HV-00000001", handledBy: "sc-verifier-7" });

    // Read through the other process on each side.
    const expected = { id, state: "COMPLETED", resultVerificationId: "SC-HV-00000001", handledBy: "sc-verifier-7" };
    expect((await send("SICHUAN", 1, READ, { token: verifier, ...VERIFY, variables: { id } })).verificationRequest).toEqual(expected);
    expect((await send("CHONGQING", 1, READ, { token: caseworker, ...VERIFY, variables: { id } })).verificationRequest).toEqual(expected);
  });

  it("each process wrote its own audit chain; after SIGTERM every chain verifies and is sealed", async () => {
    for (const province of Object.values(provinces)) {
      for (const gateway of province.processes) gateway.terminate();
      for (const gateway of province.processes) expect(await gateway.exited).toEqual({ code: 0, signal: null });
      const report = await verifyAuditLog(new DatabaseAuditSource(province.prisma), {
        publicKeys: readPublicJwks(path.join(keysDir, `${province.region.toLowerCase()}-node.jwks.json`)),
      });
      expect(report.firstBreak).toBeNull();
      expect(report.ok).toBe(true);
      expect(report.unsealedEntries).toBe(0);
      // One chain per process (writer id = region tag, pid, random id), each holding entries.
      const writers = await province.prisma.auditEntry.groupBy({ by: ["writerId"], _count: { _all: true } });
      const pids = new Set(writers.map((w) => Number(w.writerId.split("-")[1])));
      expect(pids).toEqual(new Set(province.processes.map((p) => p.pid)));
      expect(writers.every((w) => w._count._all > 0)).toBe(true);
      const finals = await province.prisma.auditCheckpoint.count({ where: { kind: "FINAL" } });
      expect(finals).toBe(2);
    }
  }, 60_000);
});
