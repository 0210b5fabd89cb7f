// Where a gateway node's memory goes (docs/performance.md, "Memory"): one FULL node as the bench
// starts it (benchNode.js, NODE_ENV=production, the bench's 1,200-household database), its
// resident set by kind of mapping once ready, then S1's household lookup at 16 connections for
// --seconds, and the same again with the peak (VmHWM). Extra node flags after `--` go to the node,
// e.g. `-- --max-semi-space-size=8`; the node inherits this process's environment.
//   node --experimental-wasm-modules dist/scripts/bench/memoryFootprint.js [--seconds 20] [-- <node flags>]
import fs from "node:fs";
import { pinLoadGenerator } from "./harness/cpuPinning";
import { BenchWorkspace } from "./harness/benchWorkspace";
import { runLoad } from "./harness/loadRun";
import { HOUSEHOLD_LOOKUP, lookupCheck, requestBody } from "./scenarios/householdQueries";
import { officerHeaders } from "./scenarios/scenarioContext";

const HOUSEHOLDS = 1_200;
const CONNECTIONS = 16;

interface Footprint {
  rssMb: number;
  peakRssMb: number;
  threads: number;
  /** Resident MB by mapping: the node binary, shared libraries and addons by file, the rest by kind. */
  byMapping: Record<string, number>;
}

/** Groups /proc/PID/smaps by what is mapped: files by name, anonymous memory as one line. */
function footprintOf(pid: number): Footprint {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+)`, "m"))?.[1] ?? NaN);
  const byMapping: Record<string, number> = {};
  let current = "";
  for (const line of fs.readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) current = mappingKind(header[1]!);
    else if (line.startsWith("Rss:")) byMapping[current] = (byMapping[current] ?? 0) + Number(line.split(/\s+/)[1]) / 1024;
  }
  return { rssMb: kb("VmRSS") / 1024, peakRssMb: kb("VmHWM") / 1024, threads: kb("Threads"), byMapping };
}

function mappingKind(name: string): string {
  if (name === "") return "anonymous (V8 heaps, malloc arenas, WASM)";
  if (name.endsWith(".node")) return `addon ${name.split("/node_modules/")[1] ?? name}`;
  if (/\.so(\.|$)/.test(name)) return "shared libraries";
  if (name.startsWith("/") && name.includes("node")) return name === process.execPath ? "node binary" : name;
  return name;
}

function print(label: string, f: Footprint): void {
  console.log(`${label}: RSS ${f.rssMb.toFixed(0)} MB, peak ${f.peakRssMb.toFixed(0)} MB, ${f.threads} threads`);
  for (const [kind, mb] of Object.entries(f.byMapping).sort((a, b) => b[1] - a[1])) if (mb >= 0.5) console.log(`  ${mb.toFixed(1).padStart(7)} MB  ${kind}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const split = argv.indexOf("--");
  const own = split < 0 ? argv : argv.slice(0, split);
  const nodeFlags = split < 0 ? [] : argv.slice(split + 1);
  const seconds = Number(own[own.indexOf("--seconds") + 1]) || 20;
  const workspace = await BenchWorkspace.create(HOUSEHOLDS, pinLoadGenerator());
  try {
    const node = await workspace.startGateway({ name: "FULL", nodeFlags });
    print("ready, before the first request", footprintOf(node.pid));
    const headers = officerHeaders(await workspace.token("verification_officer", "bench-officer"));
    const bodies = workspace.database.verificationIds.slice(0, 200).map((id) => requestBody(HOUSEHOLD_LOOKUP, { id }));
    const figures = await runLoad(
      { label: "FULL", url: node.url, headers, bodies, check: lookupCheck({ masked: false, accountRefMasked: true }), serverCpuSeconds: node.cpuSeconds },
      { connections: CONNECTIONS, seconds },
    );
    print(`after ${seconds} s of S1 at ${CONNECTIONS} connections (${figures.rps.toFixed(0)} rps, ${figures.responses} answers)`, footprintOf(node.pid));
  } finally {
    await workspace.close();
  }
}

main().catch((error: Error) => {
  console.error(`memory footprint: ${error.message}`);
  process.exit(1);
});
