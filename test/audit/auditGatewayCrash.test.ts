// Crash test of the whole gateway (issue 4): a real node process (dist/src/main.js) over a real
// database answers concurrent officers over HTTP on loopback and is killed with SIGKILL at a
// random moment after answers start to flow, TRIALS times on the same database, so each restart
// opens a new chain that witnesses the killed one's head. Afterwards every answer a client
// received in full has exactly one audit entry, written by the process that answered, and the
// whole log verifies. Black-box over HTTP on purpose: whichever audit writer the node runs, an
// answer that left before its entry was durable shows up here as a received answer without one.
// Runs over SQLite (a file copied from the migrated template), or PostgreSQL with
// TEST_DATABASE=postgresql, through test/support/testDatabase like the other suites.
// (auditCrash.test.ts is the same experiment one level down, on the chain writer alone.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseAuditSource, SubjectPseudonymizer, verifyAuditLog } from "../../src/audit";
import { ensureSigningKey, mintDevToken, nodeKeyName, publicJwksPath, readPublicJwks } from "../../src/auth";
import type { Role } from "../../src/context";
import { createPrismaClient } from "../../src/db";
import { composeIdentityNumber } from "../../src/identity";
import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { postGraphql, type GraphqlResponse } from "../support/graphqlClient";
import { createTestDatabase, usingPostgres } from "../support/testDatabase";
import { assertGatewayBuilt, killGatewayProcessesStillRunning, startGatewayProcess, type GatewayProcess } from "./support/gatewayProcess";

/**
 * Kills are random, so a node that answers before committing is caught per trial, not for sure.
 * Measured with such nodes built on purpose: one that appends after the answer left was caught in
 * 9 trials of 10 on SQLite; one that starts the append but does not await it, in 10 of 10 on
 * PostgreSQL but only 1 to 5 of 10 on SQLite, whose driver runs the commit synchronously on the
 * node's main thread, so it mostly finishes before the socket write. Hence at least 10 trials.
 */
const TRIALS = 10;
/** Concurrent clients, each sending one request after the other over keep-alive connections. */
const CLIENTS = 24;
/** Timed kills come this long (uniformly at random) after a trial's first complete answer. */
const KILL_WINDOW_MS = { min: 150, max: 1200 };
/** Kills on an answer come the instant the client has read this many (chosen at random) in full. */
const KILL_ON_ANSWER = { min: 10, max: 100 };
/** Bounds: a trial whose node never answers is killed anyway; no client loops for ever. */
const TRIAL_DEADLINE_MS = 15_000;
const MAX_REQUESTS_PER_CLIENT = 2_000;
const TEST_TIMEOUT_MS = 90_000;
const SUBJECT_KEY = "crash-test-subject-key-0123456789abcdef";
const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2026-0042" };

/** One kind of access the clients mix, and what its audit entry must say. */
interface AccessKind {
  name: string;
  role?: Role;
  query: string;
  variables?: (n: number) => Record<string, unknown>;
  purpose?: string;
  caseRef?: string;
  status: number;
  outcome: "ALLOWED" | "MASKED" | "DENIED" | "UNAUTHENTICATED";
  /** Whether the answer releases data (a 200 body with non-null data). */
  releasesData: boolean;
  /** The identity number whose pseudonym the entry must carry, when the answer released a person. */
  subject?: (n: number) => string;
  /** A write: the report the answer confirms must be in the database. */
  confirmsReport?: boolean;
}

/** Well-formed, but signed by no one: refused by the HTTP layer before GraphQL, and audited there. */
const FORGED_TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJub2JvZHkifQ.AAAA";
/** Synthetic identity numbers of the persons reported missing (one per request index). */
const missingPersonId = (n: number) => composeIdentityNumber("500103", "1990-06-15", n % 2 ? "MALE" : "FEMALE", (n % 400) + 1);

const ACCESS_KINDS: AccessKind[] = [
  {
    name: "officer reads a verification (full detail, own region)",
    role: "verification_officer",
    query: `query OfficerReadsVerification { householdVerification(id: "CQ-HV-00000001") { id conclusion perCapitaIncomeFen household { members { idNumber } } } }`,
    ...CASE,
    status: 200,
    outcome: "ALLOWED",
    releasesData: true,
    subject: () => FIXTURE_PEOPLE.zhangWei,
  },
  {
    name: "caseworker looks a person up (identity numbers masked)",
    role: "assistance_caseworker",
    query: `query CaseworkerLooksUp($n: String!) { verificationsByIdNumber(idNumber: $n, regions: [CHONGQING]) { id conclusion household { members { idNumber } } } }`,
    variables: () => ({ n: FIXTURE_PEOPLE.zhangWei }),
    ...CASE,
    status: 200,
    outcome: "MASKED",
    releasesData: true,
    subject: () => FIXTURE_PEOPLE.zhangWei,
  },
  {
    name: "caseworker without a purpose (refused, 403)",
    role: "assistance_caseworker",
    query: `query CaseworkerWithoutPurpose { householdVerification(id: "CQ-HV-00000002") { id conclusion } }`,
    status: 403,
    outcome: "DENIED",
    releasesData: false,
  },
  {
    name: "relief officer files a missing-person report (a write)",
    role: "relief_officer",
    query: `mutation ReliefOfficerFilesReport($input: MissingPersonInput!) { fileMissingPersonReport(input: $input) { missingPersonReport { id } } }`,
    variables: (n) => ({
      input: {
        agencyId: "CQ-AG-00000002",
        name: "测试走失者",
        gender: n % 2 ? "MALE" : "FEMALE",
        birthDate: "1990-06-15",
        idNumber: missingPersonId(n),
        homeAreaCode: "500103",
        lastSeenAreaCode: "500106",
        lastSeenOn: "2026-10-01",
      },
    }),
    purpose: "FAMILY_SEARCH",
    caseRef: "CQ-XQ-2026-0007",
    status: 200,
    outcome: "ALLOWED",
    releasesData: true,
    subject: missingPersonId,
    confirmsReport: true,
  },
  {
    name: "forged token (refused before GraphQL)",
    query: `query Forged { me { sub } }`,
    status: 401,
    outcome: "UNAUTHENTICATED",
    releasesData: false,
  },
];

const SUB_OF: Partial<Record<Role, string>> = {
  verification_officer: "cq-crash-verifier",
  assistance_caseworker: "cq-crash-caseworker",
  relief_officer: "cq-crash-relief",
};

/** An answer the client read to its last byte before the node died. */
interface ReceivedAnswer {
  trial: number;
  pid: number;
  requestId: string;
  n: number;
  kind: AccessKind;
  status: number;
  echoedRequestId: string | null;
  releasedData: boolean;
  /** extensions.code of the answer's errors, in order. */
  errorCodes: string[];
  reportId?: string;
}

/**
 * Where a trial's kill lands, alternating. A random time catches the node anywhere (mid-commit,
 * mid-checkpoint, mid-write of a report); the instant the client has an answer in full is when
 * an answer sent ahead of its commit is most likely still uncommitted.
 */
type KillPlan = { after: "time"; ms: number } | { after: "answer"; nth: number };

const randomIn = (range: { min: number; max: number }) => range.min + Math.floor(Math.random() * (range.max - range.min + 1));
const killPlanFor = (trial: number): KillPlan =>
  trial % 2 === 1 ? { after: "time", ms: randomIn(KILL_WINDOW_MS) } : { after: "answer", nth: randomIn(KILL_ON_ANSWER) };
const describePlan = (plan: KillPlan) => (plan.after === "time" ? `${plan.ms} ms` : `answer #${plan.nth}`);

interface Trial {
  pid: number;
  answers: ReceivedAnswer[];
  plan: KillPlan;
  /** From spawn to listening (migrations checked, standards seeded, writer opened). */
  startupMs: number;
  /** Requests that failed before the kill: the node refused or dropped them while alive. */
  failuresBeforeKill: string[];
}

async function runTrial(trial: number, env: Record<string, string>, tokens: Map<Role, string>): Promise<Trial> {
  const spawnedAt = Date.now();
  const gateway: GatewayProcess = await startGatewayProcess(env);
  const startupMs = Date.now() - spawnedAt;
  const plan = killPlanFor(trial);
  const answers: ReceivedAnswer[] = [];
  const failuresBeforeKill: string[] = [];
  let killedAt: number | undefined;
  let gone = false;
  const kill = () => {
    killedAt ??= Date.now();
    gateway.kill();
  };
  const deadline = setTimeout(kill, TRIAL_DEADLINE_MS);
  let killTimer: NodeJS.Timeout | undefined;
  const exited = gateway.exited.then((how) => ((gone = true), how));

  const client = async (c: number) => {
    for (let n = 0; n < MAX_REQUESTS_PER_CLIENT && !gone; n++) {
      const requestId = `crash-t${trial}-c${c}-${n}`;
      const kind = ACCESS_KINDS[(c + n) % ACCESS_KINDS.length];
      let res: GraphqlResponse;
      try {
        res = await postGraphql(gateway.url, kind.query, {
          token: kind.role ? tokens.get(kind.role) : FORGED_TOKEN,
          variables: kind.variables?.(n),
          purpose: kind.purpose,
          caseRef: kind.caseRef,
          headers: { "x-request-id": requestId },
        });
      } catch (error) {
        // Cut off or refused by the kill: never received, so it proves nothing either way.
        if (killedAt === undefined) failuresBeforeKill.push(`${requestId}: ${(error as Error).message}`);
        continue;
      }
      const data = res.body.data as Record<string, any> | null | undefined;
      answers.push({
        trial,
        pid: gateway.pid,
        requestId,
        n,
        kind,
        status: res.status,
        echoedRequestId: res.headers.get("x-request-id"),
        releasedData: data != null,
        errorCodes: (res.body.errors ?? []).map((e) => String(e.extensions?.code)),
        reportId: data?.fileMissingPersonReport?.missingPersonReport?.id,
      });
      if (plan.after === "time") killTimer ??= setTimeout(kill, plan.ms);
      else if (answers.length >= plan.nth) kill();
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const { signal } = await exited;
  clearTimeout(deadline);
  clearTimeout(killTimer);
  if (signal !== "SIGKILL" || killedAt === undefined) throw new Error(`trial ${trial}: the gateway ended by itself (signal ${signal})`);
  return { pid: gateway.pid, answers, plan, startupMs, failuresBeforeKill };
}

interface StoredEntry {
  requestId: string;
  writerId: string;
  outcome: string;
  principalSub: string | null;
  errorCode: string | null;
  subjectHmacs: string;
}

/**
 * An answer that is itself an internal failure (the node could not do what was asked, for a
 * reason of its own) is still an access, and its entry must say FAILED with the same code; the
 * checks that assume success do not apply to it. The summary counts such answers, and each kind
 * must still succeed at least once, so a node failing everything does not pass.
 */
const failedInternally = (answer: ReceivedAnswer) => answer.errorCodes.includes("INTERNAL_SERVER_ERROR");

/** What is wrong with one received answer and its entries, in words; empty when all is right. */
function problemsOf(answer: ReceivedAnswer, entries: StoredEntry[] | undefined, pseudonyms: SubjectPseudonymizer, storedReports: Set<string>): string[] {
  const { kind, requestId } = answer;
  const problems: string[] = [];
  const at = `${requestId} (${kind.name}${answer.errorCodes.length ? `, answered ${answer.errorCodes.join("+")}` : ""})`;
  const failed = failedInternally(answer);
  if (answer.echoedRequestId !== requestId) problems.push(`${at}: answer names request ${answer.echoedRequestId}`);
  if (answer.status !== kind.status) problems.push(`${at}: HTTP ${answer.status}, expected ${kind.status}`);
  if (!failed && answer.releasedData !== kind.releasesData) problems.push(`${at}: ${answer.releasedData ? "released" : "did not release"} data`);
  if (!entries || entries.length === 0) return [...problems, `${at}: received by the client, but no audit entry`];
  if (entries.length > 1) problems.push(`${at}: ${entries.length} audit entries`);
  const [entry] = entries;
  // The writer id carries the pid: the entry was committed by the process that sent the answer.
  if (!entry.writerId.startsWith(`CQ-${answer.pid}-`)) problems.push(`${at}: entry written by ${entry.writerId}, answered by pid ${answer.pid}`);
  const sub = kind.role ? SUB_OF[kind.role] : null;
  if (entry.principalSub !== sub) problems.push(`${at}: principal ${entry.principalSub}, expected ${sub}`);
  if (failed) {
    if (entry.outcome !== "FAILED" || entry.errorCode !== "INTERNAL_SERVER_ERROR") problems.push(`${at}: entry says ${entry.outcome}/${entry.errorCode}`);
    return problems;
  }
  if (entry.outcome !== kind.outcome) problems.push(`${at}: outcome ${entry.outcome}, expected ${kind.outcome}`);
  if (kind.subject && !(JSON.parse(entry.subjectHmacs) as string[]).includes(pseudonyms.hmacOf(kind.subject(answer.n)))) {
    problems.push(`${at}: entry does not name the person whose data was released`);
  }
  if (kind.confirmsReport && !(answer.reportId && storedReports.has(answer.reportId))) {
    problems.push(`${at}: the report ${answer.reportId} the answer confirmed is not stored`);
  }
  return problems;
}

describe(`crash: the gateway process is SIGKILLed under concurrent load (${usingPostgres ? "PostgreSQL" : "SQLite"})`, () => {
  // Fail at once with the command to run, not thirty seconds later with a spawn error.
  beforeAll(() => assertGatewayBuilt());
  afterAll(() => killGatewayProcessesStillRunning());

  it(
    `every answer received has exactly one entry and the log verifies, across ${TRIALS} kills`,
    async () => {
      const started = Date.now();
      const database = await createTestDatabase();
      const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-crash-keys-"));
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assist-gateway-crash-data-"));
      try {
        const seeding = createPrismaClient(database.url);
        await insertVerificationFixtures(seeding, "CHONGQING", 3);
        await seeding.$disconnect();
        // The node key exists before the first start, so every trial's node signs with the key
        // the verifier is given below (the node would otherwise create it on first start).
        await ensureSigningKey(keysDir, nodeKeyName("CHONGQING"));
        const tokens = new Map<Role, string>();
        for (const [role, sub] of Object.entries(SUB_OF) as Array<[Role, string]>) {
          tokens.set(role, await mintDevToken({ keysDir, region: "CHONGQING", roles: [role], agency: "CQ-AG-00000001", sub, ttl: "10m" }));
        }
        const env = {
          GATEWAY_ENV: "test",
          REGION: "CHONGQING",
          HOST: "127.0.0.1",
          PORT: "0",
          DATABASE_URL: database.url,
          DATA_DIR: dataDir,
          KEYS_DIR: keysDir,
          // No peer: nothing is forwarded to a node at the default port that some other test may run.
          PEERS: "[]",
          AUDIT_SUBJECT_KEY: SUBJECT_KEY,
          // Small checkpoint intervals, so kills also land around periodic checkpoint commits.
          AUDIT_CHECKPOINT_ENTRIES: "50",
          AUDIT_CHECKPOINT_SECONDS: "1",
          // info: the "listening" line carries the URL of PORT=0 (log lines name officers and codes, never subjects).
          LOG_LEVEL: "info",
        };

        const trials: Trial[] = [];
        for (let i = 1; i <= TRIALS; i++) trials.push(await runTrial(i, env, tokens));

        const prisma = createPrismaClient(database.url);
        try {
          const rows = (await prisma.auditEntry.findMany({
            select: { requestId: true, writerId: true, outcome: true, principalSub: true, errorCode: true, subjectHmacs: true },
          })) as StoredEntry[];
          const byRequest = new Map<string, StoredEntry[]>();
          for (const row of rows) byRequest.set(row.requestId, [...(byRequest.get(row.requestId) ?? []), row]);
          const answers = trials.flatMap((t) => t.answers);
          const reportIds = answers.flatMap((a) => (a.reportId ? [a.reportId] : []));
          const storedReports = new Set(
            (await prisma.missingPersonReport.findMany({ where: { id: { in: reportIds } }, select: { id: true } })).map((r) => r.id),
          );
          const pseudonyms = new SubjectPseudonymizer(SUBJECT_KEY);

          for (const [i, trial] of trials.entries()) {
            expect({ trial: i + 1, failuresBeforeKill: trial.failuresBeforeKill.slice(0, 5) }).toEqual({ trial: i + 1, failuresBeforeKill: [] });
            expect({ trial: i + 1, answered: trial.answers.length > 0 }).toEqual({ trial: i + 1, answered: true });
          }
          // Any request id twice — received or not — means an entry was written twice.
          const duplicated = [...byRequest].filter(([, list]) => list.length > 1).map(([id]) => id);
          expect(duplicated).toEqual([]);
          const problems = answers.flatMap((a) => problemsOf(a, byRequest.get(a.requestId), pseudonyms, storedReports));
          const trialsWithProblems = [...new Set(problems.map((p) => p.match(/^crash-t(\d+)-/)?.[1]))].join(", ");
          expect(problems.length ? [`${problems.length} problems, in trials ${trialsWithProblems}; the first:`, ...problems.slice(0, 20)] : []).toEqual([]);
          const kindsNeverAnsweredAsExpected = ACCESS_KINDS.filter((kind) => !answers.some((a) => a.kind === kind && !failedInternally(a))).map((k) => k.name);
          expect(kindsNeverAnsweredAsExpected).toEqual([]);

          const publicKeys = readPublicJwks(publicJwksPath(keysDir, nodeKeyName("CHONGQING")));
          const report = await verifyAuditLog(new DatabaseAuditSource(prisma), { publicKeys });
          expect(report.firstBreak).toBeNull();
          expect(report.ok).toBe(true);
          expect(report.writers).toHaveLength(TRIALS);
          // Every killed chain but the last was witnessed by the next start's genesis checkpoint.
          const sealed = report.writers.filter((w) => w.unsealedEntries === 0).length;
          expect(sealed).toBeGreaterThanOrEqual(TRIALS - 1);

          const withData = answers.filter((a) => a.releasedData).length;
          const internalFailures = answers.filter(failedInternally).length;
          console.log(
            `gateway crash test (${usingPostgres ? "postgresql" : "sqlite"}): ${TRIALS} kills (after ${trials.map((t) => describePlan(t.plan)).join(", ")}) ` +
              `(answers per trial ${trials.map((t) => t.answers.length).join("/")}); ` +
              `${answers.length} answers received (${withData} with data, ${reportIds.length} reports filed, ${internalFailures} internal failures audited as FAILED), each with exactly one entry; ` +
              `${report.entriesChecked} entries in ${report.writers.length} chains verified (${sealed} sealed); ` +
              `start-up ${Math.round(trials.reduce((sum, t) => sum + t.startupMs, 0) / TRIALS)} ms on average, ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
          );
        } finally {
          await prisma.$disconnect();
        }
      } finally {
        await database.drop();
        fs.rmSync(keysDir, { recursive: true, force: true });
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    TEST_TIMEOUT_MS,
  );
});
