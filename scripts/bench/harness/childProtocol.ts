// The two sides of the bench's contract with the servers it starts (gateway nodes and baselines):
// a child announces itself with one stdout line, and stops on SIGTERM/SIGINT or as soon as the
// bench's end of its stdin closes — a bench killed outright leaves no server behind.

export const READY_PREFIX = "BENCH_READY ";

export interface ReadyAnnouncement {
  url: string;
}

export function announceReady(url: string): void {
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ url } satisfies ReadyAnnouncement)}\n`);
}

export function parseAnnouncement(line: string): ReadyAnnouncement | undefined {
  if (!line.startsWith(READY_PREFIX)) return undefined;
  return JSON.parse(line.slice(READY_PREFIX.length)) as ReadyAnnouncement;
}

const HARD_STOP_MS = 5_000;

export function stopWithParent(close: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), HARD_STOP_MS).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  process.stdin.on("end", stop);
  process.stdin.on("error", stop);
  process.stdin.resume();
}
