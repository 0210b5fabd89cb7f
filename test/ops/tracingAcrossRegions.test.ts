// OpenTelemetry over two real nodes on loopback, spans collected by the SDK's InMemorySpanExporter
// (in a child process that runs both nodes: see support/tracedNodes.js for why): a query in
// Chongqing that Sichuan also answers is one trace (the forward carries `traceparent`), its spans
// cover HTTP, the GraphQL operation and Prisma on both sides, and no attribute holds the identity
// number the caller asked about, nor a name from the answer.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { SpanKind } from "@opentelemetry/api";
import { ensureSigningKey, nodeKeyName } from "../../src/auth";
import type { Region } from "../../src/config";
import { createPrismaClient } from "../../src/db";
import { FIXTURE_PEOPLE, insertVerificationFixtures } from "../fixtures/verificationFixtures";
import { insertSichuanRecordOfLiuFang } from "../fixtures/crossRegionFixtures";
import { postGraphql } from "../support/graphqlClient";
import { createTestDatabase, type TestDatabase } from "../support/testDatabase";
import { freePort, officerToken, tempKeysDir } from "../support/testNode";

const CASE = { purpose: "MLG_REVIEW", caseRef: "CQ-MLG-2025-0042" };
const BY_ID_NUMBER = `query($n: String!, $r: [Region!]) { verificationsByIdNumber(idNumber: $n, regions: $r) { id region conclusion household { members { name idNumber } } } }`;

interface SpanRecord {
  name: string;
  kind: SpanKind;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, unknown>;
  events: { name: string; attributes?: Record<string, unknown> }[];
  resource: Record<string, unknown>;
}

/** Every string a span carries: its name, attribute keys and values, events, resource. */
function textsOf(span: SpanRecord): string[] {
  const values = (attributes: Record<string, unknown> = {}) => Object.entries(attributes).flatMap(([k, v]) => [k, JSON.stringify(v)]);
  return [span.name, ...values(span.attributes), ...span.events.flatMap((e) => [e.name, ...values(e.attributes)]), ...values(span.resource)];
}

const portOf = (span: SpanRecord) => Number(span.attributes["net.host.port"] ?? span.attributes["server.port"]);

function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off("message", onMessage);
      resolve(message as T);
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`traced nodes exited (${code}) before sending ${key}`)));
  });
}

describe("tracing across both provinces (InMemorySpanExporter)", () => {
  let child: ChildProcess;
  let urls: Record<Region, string>;
  let ports: Record<Region, number>;
  let keysDir: string;
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    keysDir = tempKeysDir();
    ports = { CHONGQING: await freePort(), SICHUAN: await freePort() };
    await ensureSigningKey(keysDir, nodeKeyName("CHONGQING"));
    await ensureSigningKey(keysDir, nodeKeyName("SICHUAN"));
    const envFor = async (region: Region, fixtures: (p: ReturnType<typeof createPrismaClient>) => Promise<void>) => {
      const database = await createTestDatabase();
      databases.push(database);
      const prisma = createPrismaClient(database.url);
      await fixtures(prisma);
      await prisma.$disconnect();
      const other: Region = region === "CHONGQING" ? "SICHUAN" : "CHONGQING";
      return {
        GATEWAY_ENV: "test",
        REGION: region,
        HOST: "127.0.0.1",
        PORT: String(ports[region]),
        DATABASE_URL: database.url,
        DATA_DIR: keysDir,
        KEYS_DIR: keysDir,
        LOG_LEVEL: "silent",
        PEERS: JSON.stringify([
          { region: other, url: `http://127.0.0.1:${ports[other]}`, issuer: `urn:assist-gateway:node:${other.toLowerCase()}`, jwksFile: path.join(keysDir, `${other.toLowerCase()}-node.jwks.json`) },
        ]),
        // Tracing on, as an operator turns it on; the child exports to memory instead.
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      };
    };
    const nodes = [{ env: await envFor("CHONGQING", (p) => insertVerificationFixtures(p, "CHONGQING", 1)) }, { env: await envFor("SICHUAN", insertSichuanRecordOfLiuFang) }];
    child = fork(path.join(__dirname, "support/tracedNodes.js"), [], {
      execArgv: ["--experimental-wasm-modules", "--disable-warning=ExperimentalWarning"],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const ready = nextMessage<{ urls: string[] }>(child, "ready");
    child.send({ nodes });
    const started = await ready;
    urls = { CHONGQING: started.urls[0], SICHUAN: started.urls[1] };
  }, 60_000);

  afterAll(async () => {
    if (child?.connected) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ stop: true });
      await exited;
    }
    for (const database of databases) await database.drop();
  });

  it("is one trace from the Chongqing caller through the Sichuan node, with HTTP, GraphQL and Prisma spans, and no identity number", async () => {
    const token = await officerToken(keysDir, "CHONGQING", ["verification_officer"]);
    const res = await postGraphql(urls.CHONGQING, BY_ID_NUMBER, { token, ...CASE, variables: { n: FIXTURE_PEOPLE.liuFang, r: ["CHONGQING", "SICHUAN"] } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.verificationsByIdNumber.map((v: { region: string }) => v.region)).toEqual(["CHONGQING", "SICHUAN"]);
    expect(JSON.stringify(res.body)).toContain("刘"); // the answer does hold a name: it must stay out of the spans

    const collected = nextMessage<{ spans: SpanRecord[] }>(child, "spans");
    child.send({ spans: true });
    const { spans } = await collected;
    const servers = spans.filter((s) => s.kind === SpanKind.SERVER && s.attributes["http.target"] === "/graphql");
    const home = servers.find((s) => portOf(s) === ports.CHONGQING);
    const peer = servers.find((s) => portOf(s) === ports.SICHUAN);
    expect(home).toBeDefined();
    expect(peer).toBeDefined();
    // One trace: Sichuan's request span is the child of Chongqing's outgoing forward.
    expect(peer!.traceId).toBe(home!.traceId);
    const trace = spans.filter((s) => s.traceId === home!.traceId);
    const forward = trace.find((s) => s.spanId === peer!.parentSpanId);
    expect(forward).toMatchObject({ kind: SpanKind.CLIENT });

    // GraphQL operations on both nodes, and Prisma's spans under the trace.
    const operations = trace.filter((s) => s.name === "graphql query:verificationsByIdNumber");
    expect(operations.map((s) => s.attributes["gateway.node"]).sort()).toEqual(["CHONGQING", "SICHUAN"]);
    expect(operations.every((s) => s.attributes["gateway.outcome"] === "ok")).toBe(true);
    expect(trace.filter((s) => s.name === "prisma:client:operation").length).toBeGreaterThanOrEqual(2);
    expect(trace.some((s) => s.name === "prisma:client:db_query")).toBe(true);

    // Nothing personal in any span: not the identity number asked about (nor its birth-date
    // digits), not a name from either province's answer.
    const texts = spans.flatMap(textsOf);
    expect(texts.length).toBeGreaterThan(50);
    for (const secret of [FIXTURE_PEOPLE.liuFang, FIXTURE_PEOPLE.liuFang.slice(6, 14), "刘芳", "张伟"]) {
      expect(texts.filter((t) => t.includes(secret))).toEqual([]);
    }
  });
});
