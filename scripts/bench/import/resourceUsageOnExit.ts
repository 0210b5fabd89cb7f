// Preloaded into the importer by `npm run bench:import` (node --require): when the process exits it
// writes its own CPU time (user + system, all threads: getrusage) and peak RSS (ru_maxrss) to the
// file named by BENCH_IMPORT_USAGE_FILE. Exact, where sampling /proc from outside misses the last
// interval before exit. The importer itself knows nothing of it.
import fs from "node:fs";

const target = process.env.BENCH_IMPORT_USAGE_FILE;
if (target) {
  process.on("exit", () => {
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ userSeconds: cpu.user / 1e6, systemSeconds: cpu.system / 1e6, maxRssKb: usage.maxRSS }));
  });
}
