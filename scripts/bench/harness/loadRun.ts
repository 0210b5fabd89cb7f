// One bounded load run with autocannon's programmatic API, on loopback only, and the checks that
// make its figures worth reporting: every response 2xx (autocannon's non2xx, errors, timeouts),
// no GraphQL `errors` and the expected data in a sample of bodies during the run, and the same
// checks on plain fetches before and after it. A run that fails any check is rejected (throws).
import autocannon from "autocannon";

/** Returns what is wrong with a parsed 200 body, or undefined when it is what the scenario expects. */
export type BodyCheck = (body: { data?: unknown; errors?: unknown }) => string | undefined;

export interface LoadTarget {
  /** Short name in tables: FULL, B-sql, … */
  label: string;
  /** Base URL of a server on 127.0.0.1. */
  url: string;
  headers: Record<string, string>;
  /** Request bodies (JSON), sent in turn on every connection. */
  bodies: string[];
  check: BodyCheck;
  /** CPU seconds the server process has used so far, when it can be read (serverChild.cpuSeconds). */
  serverCpuSeconds?: () => number | undefined;
  /**
   * Another load kept running for the whole of each run of this target (S1 measured while S4's
   * compliance queries run): its responses are checked like the target's, its figures not kept.
   */
  alongside?: { target: LoadTarget; connections: number };
}

export interface LoadShape {
  connections: number;
  seconds: number;
  /** Requests per second over all connections; absent = as fast as the server answers. */
  overallRate?: number;
  /** Check one response body in this many (JSON parse on the load generator's core). */
  sampleEvery?: number;
}

export interface LoadFigures {
  /** 2xx responses per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  responses: number;
  /** Mean response body size, bytes. */
  meanBytes: number;
  /**
   * 2xx responses per CPU second of the server process: what one core's worth of the server
   * answers, whatever share of the core the shared machine's neighbours left it during the run.
   */
  rpsPerCpuSecond?: number;
  /** 2xx responses per second of the `alongside` load, when there was one. */
  alongsideRps?: number;
}

export class RejectedRun extends Error {}

const active = new Set<autocannon.Instance>();

/** Stops the runs in progress, if any (SIGINT). */
export function stopActiveLoad(): void {
  for (const instance of active) instance.stop();
}

function inspectBody(status: number, raw: string, check: BodyCheck): string | undefined {
  if (status < 200 || status > 299) return `HTTP ${status}: ${raw.slice(0, 300)}`;
  let body: { data?: unknown; errors?: unknown };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    return `body is not JSON: ${raw.slice(0, 120)}`;
  }
  if (body.errors !== undefined) return `GraphQL errors: ${JSON.stringify(body.errors).slice(0, 300)}`;
  return check(body);
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Sends each of the first `count` bodies once with a plain fetch and checks the answers. */
export async function verifyTarget(target: LoadTarget, count = 3): Promise<void> {
  for (const body of target.bodies.slice(0, count)) {
    const res = await fetch(`${target.url}/graphql`, { method: "POST", headers: target.headers, body });
    const problem = inspectBody(res.status, await res.text(), target.check);
    if (problem) throw new RejectedRun(`${target.label}: ${problem}`);
  }
}

/** Starts autocannon on `target`, sampling bodies; `finish` awaits the end of the run and lists what went wrong. */
function startLoad(target: LoadTarget, shape: LoadShape, onLatency?: (ms: number) => void) {
  const sampleEvery = shape.sampleEvery ?? 25;
  const problems: string[] = [];
  let seen = 0;
  // Without a callback autocannon returns its instance (for events and stop), which is also a
  // thenable of the result.
  const instance = autocannon({
    url: target.url,
    connections: shape.connections,
    duration: shape.seconds,
    ...(shape.overallRate ? { overallRate: shape.overallRate } : {}),
    timeout: 10,
    // autocannon looks at its stop timer only when it takes a sample (every second by default),
    // so a 1.5-s run went on to 2 s; sampling every 100 ms ends a run within 0.1 s of its length.
    // Figures do not use autocannon's per-sample histograms (rps = 2xx ÷ measured duration).
    sampleInt: 100,
    requests: target.bodies.map((body) => ({
      method: "POST" as const,
      path: "/graphql",
      headers: target.headers,
      body,
      onResponse: (status: number, raw: string) => {
        if (seen++ % sampleEvery !== 0 || problems.length >= 3) return;
        const problem = inspectBody(status, raw, target.check);
        if (problem) problems.push(problem);
      },
    })),
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  active.add(instance);
  if (onLatency) {
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) onLatency(responseTime);
    });
  }
  return {
    stop: () => instance.stop(),
    async finish(): Promise<{ result: autocannon.Result; failures: string[] }> {
      const result = await instance.then(
        (r) => (active.delete(instance), r),
        (error: unknown) => {
          active.delete(instance);
          throw error;
        },
      );
      const failures = [
        result.non2xx > 0 && `${result.non2xx} non-2xx responses (${JSON.stringify(result.statusCodeStats)})`,
        result.errors > 0 && `${result.errors} connection errors`,
        result.timeouts > 0 && `${result.timeouts} timeouts`,
        result["2xx"] === 0 && "no 2xx response",
        ...problems.map((p) => `sampled body: ${p}`),
      ].filter((f): f is string => typeof f === "string");
      return { result, failures };
    },
  };
}

export async function runLoad(target: LoadTarget, shape: LoadShape): Promise<LoadFigures> {
  for (const t of [target, target.alongside?.target]) {
    if (t && !/^http:\/\/127\.0\.0\.1:\d+$/.test(t.url)) throw new Error(`${t.label}: the bench drives loopback only, not ${t.url}`);
  }
  await verifyTarget(target, 1);
  // The side load starts first and is given a second more, so it covers the whole measured run.
  const side = target.alongside && startLoad(target.alongside.target, { connections: target.alongside.connections, seconds: shape.seconds + 1 });
  const latencies: number[] = [];
  const cpuBefore = target.serverCpuSeconds?.();
  const main = startLoad(target, shape, (ms) => latencies.push(ms));
  const { result, failures } = await main.finish();
  const cpuAfter = target.serverCpuSeconds?.();
  side?.stop();
  const sideRun = side && (await side.finish());
  const sideFailures = sideRun ? sideRun.failures.map((f) => `alongside ${target.alongside!.target.label}: ${f}`) : [];
  if (failures.length + sideFailures.length > 0) throw new RejectedRun(`${target.label}: run rejected — ${[...failures, ...sideFailures].join("; ")}`);
  await verifyTarget(target, 1);
  const cpuUsed = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;

  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: result["2xx"] / result.duration,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    responses: result["2xx"],
    meanBytes: result["2xx"] ? result.throughput.total / result["2xx"] : 0,
    ...(cpuUsed ? { rpsPerCpuSecond: result["2xx"] / cpuUsed } : {}),
    ...(sideRun ? { alongsideRps: sideRun.result["2xx"] / sideRun.result.duration } : {}),
  };
}
