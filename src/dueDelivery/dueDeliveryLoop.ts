// The loop behind every durable delivery of this gateway: the peer outbox (node-to-node messages,
// src/peers) and the webhook deliveries (src/server). Both keep what they owe in a table; this
// loop takes the rows due, delivers them in order, one at a time, and looks again after the poll
// interval — and survives a database that is away for a while (the rows are still there on the
// next tick). A row is delivered at most once at a time in this process, whether the loop or a
// caller that wants it sent now asked first; stopping waits (bounded) for what is in flight, so
// the audit log and the database are not closed under a send.

export interface DueDeliveryOptions<Row extends { id: string }, Result> {
  /** The rows due now, in the order they must go (at most a batch: the next tick takes the rest). */
  due: () => Promise<readonly Row[]>;
  /** One attempt at one row: claim it, send it, record the outcome. */
  attempt: (row: Row) => Promise<Result>;
  /** How long after one tick the next looks for rows due. */
  pollIntervalMs: number;
  /** False: no loop (nothing can be owed), deliver() still works. Default true. */
  poll?: boolean;
}

/** How long stop() waits for deliveries in flight. */
const STOP_WAIT_MS = 5_000;

export class DueDeliveryLoop<Row extends { id: string }, Result> {
  readonly #inFlight = new Map<string, Promise<Result>>();
  /** Other work that must finish before the store closes (a lookup ahead of deliver()). */
  readonly #tracked = new Set<Promise<unknown>>();
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DueDeliveryOptions<Row, Result>) {
    if (options.poll ?? true) this.#schedule(0);
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /** One attempt at the row now, unless one is already running here (then that one's outcome). */
  deliver(row: Row): Promise<Result> {
    const running = this.#inFlight.get(row.id);
    if (running) return running;
    const attempt = this.options.attempt(row).finally(() => this.#inFlight.delete(row.id));
    this.#inFlight.set(row.id, attempt);
    return attempt;
  }

  /** Work stop() waits for as for a delivery (it must not outlive the store); returns it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#tracked.add(work);
    const forget = () => void this.#tracked.delete(work);
    void work.then(forget, forget);
    return work;
  }

  /** No more ticks; waits (bounded) for deliveries and tracked work in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await Promise.race([Promise.allSettled([...this.#tracked, ...this.#inFlight.values()]), new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
  }

  async #tick(): Promise<void> {
    try {
      // In order, one at a time: a later row may depend on an earlier one (a decision on an alert follows the message that raised it).
      for (const row of await this.options.due()) {
        if (this.#stopped) return;
        await this.deliver(row);
      }
    } catch {
      // The database is away: the next tick tries again (the rows are still there).
    } finally {
      if (!this.#stopped) this.#schedule(this.options.pollIntervalMs);
    }
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => void this.#tick(), ms);
    this.#timer.unref();
  }
}
