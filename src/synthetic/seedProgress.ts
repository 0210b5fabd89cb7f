import cliProgress from "cli-progress";

/** Where a long seeding run reports how far it got. */
export interface SeedProgress {
  start(label: string, total: number): void;
  advance(by: number): void;
  stop(): void;
}

export const silentProgress: SeedProgress = { start: () => undefined, advance: () => undefined, stop: () => undefined };

/**
 * A cli-progress bar when `stream` is a terminal; otherwise (CI logs, pipes) one plain line each
 * time another ~10 % is done, so logs stay readable.
 */
export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): SeedProgress {
  return stream.isTTY ? barProgress(stream) : lineProgress(stream);
}

function barProgress(stream: NodeJS.WriteStream): SeedProgress {
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(label, total) {
      bar = new cliProgress.SingleBar(
        { stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} (eta {eta_formatted})`, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    advance: (by) => bar?.increment(by),
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

function lineProgress(stream: NodeJS.WriteStream): SeedProgress {
  let label = "";
  let total = 0;
  let done = 0;
  let nextTenth = 1;
  let startedAt = 0;
  return {
    start(newLabel, newTotal) {
      label = newLabel;
      total = newTotal;
      done = 0;
      nextTenth = 1;
      startedAt = Date.now();
    },
    advance(by) {
      done += by;
      if (total <= 0) return;
      const tenth = Math.min(10, Math.floor((done * 10) / total));
      if (tenth < nextTenth) return;
      nextTenth = tenth + 1;
      stream.write(`${label}: ${tenth * 10}% (${done}/${total}, ${((Date.now() - startedAt) / 1000).toFixed(1)} s)\n`);
    },
    stop: () => undefined,
  };
}
