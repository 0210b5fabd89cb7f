// Preloaded into the importer by `npm run bench:import` (node --require): when the process exits it
// writes its own CPU time (user + system, all threads: getrusage), peak RSS (ru_maxrss) and the bytes
// it caused to be written to the disk (/proc/self/io write_bytes, Linux) to the file named by
// BENCH_IMPORT_USAGE_FILE. Exact, where sampling /proc from outside misses the last
// interval before exit. The importer itself knows nothing of it.
import fs from "node:fs";

const target = process.env.BENCH_IMPORT_USAGE_FILE;
if (target) {
  process.on("exit", () => {
    const cpu = process.cpuUsage();
    const usage = process.resourceUsage();
    fs.writeFileSync(target, JSON.stringify({ userSeconds: cpu.user / 1e6, systemSeconds: cpu.system / 1e6, maxRssKb: usage.maxRSS, diskWriteBytes: diskWriteBytes() }));
  });
}

/** Bytes this process sent to the block layer (its WAL, database and checkpoint writes), or null off Linux. */
function diskWriteBytes(): number | null {
  try {
    const io = /^write_bytes: (\d+)$/m.exec(fs.readFileSync("/proc/self/io", "utf8"));
    return io ? Number(io[1]) : null;
  } catch {
    return null;
  }
}
