import type { Region } from "../config";
import type { DomainModule, PeerStatistics } from "../context";
import type { PeerClient } from "./peerClient";

// The background exchange of aggregate figures between the two provinces' nodes (see
// DomainModule.peerStatistics): each node reads the other's for every module that has some, as
// soon as it starts and then every interval, under a node token (no officer, no GraphQL). A read
// that fails is tried again after 1 s, 2 s, 4 s … up to the interval; the last figures received
// stay in use meanwhile. Counts carry no person, so no audit entry is written for them.

export const PEER_STATISTICS_PATH = "/peer/statistics/";
export const statisticsScope = (module: string): string => `statistics:${module}`;

const FIRST_RETRY_MS = 1_000;

export interface PeerStatisticsEvents {
  received(region: Region, module: string, summary: string): void;
  failed(region: Region, module: string, reason: string): void;
}

export interface PeerStatisticsExchange {
  /** One line per module for /readyz: what was last received from `region`, and when. */
  state(region: Region): string;
  stop(): void;
}

interface ExchangeLoop {
  region: Region;
  module: string;
  state: string;
  timer?: NodeJS.Timeout;
}

export function startPeerStatisticsExchange(options: {
  modules: readonly DomainModule[];
  peers: ReadonlyMap<Region, PeerClient>;
  intervalMs: number;
  events: PeerStatisticsEvents;
}): PeerStatisticsExchange {
  const loops: ExchangeLoop[] = [];
  let stopped = false;
  for (const [region, client] of options.peers) {
    for (const module of options.modules) {
      if (!module.peerStatistics) continue;
      const loop: ExchangeLoop = { region, module: module.name, state: "not yet received" };
      loops.push(loop);
      void exchange(loop, client, module.peerStatistics, 0);
    }
  }

  async function exchange(loop: ExchangeLoop, client: PeerClient, statistics: PeerStatistics, failures: number): Promise<void> {
    let next = options.intervalMs;
    try {
      const summary = statistics.accept(await client.fetchStatistics(loop.module));
      loop.state = `${summary} as of ${new Date().toISOString()}`;
      options.events.received(loop.region, loop.module, summary);
      failures = 0;
    } catch (error) {
      failures += 1;
      next = Math.min(options.intervalMs, FIRST_RETRY_MS * 2 ** (failures - 1));
      const reason = (error as Error).message;
      loop.state = loop.state.startsWith("not yet") ? `not yet received (${reason})` : loop.state;
      options.events.failed(loop.region, loop.module, reason);
    }
    if (stopped) return;
    loop.timer = setTimeout(() => void exchange(loop, client, statistics, failures), next);
    loop.timer.unref();
  }

  return {
    state: (region) =>
      loops
        .filter((l) => l.region === region)
        .map((l) => `${l.module}: ${l.state}`)
        .join("; "),
    stop() {
      stopped = true;
      for (const loop of loops) clearTimeout(loop.timer);
    },
  };
}
