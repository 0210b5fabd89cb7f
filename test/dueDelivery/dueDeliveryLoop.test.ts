import { DueDeliveryLoop } from "../../src/dueDelivery";

// The loop behind the peer outbox and the webhook deliveries, on a table in memory: rows due are
// delivered in order, one at a time; a row is never sent twice at once; a store that fails is
// tried again on the next tick; stopping waits for what is in flight.

type Row = { id: string; dueAt: number; delivered?: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(done: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(5);
}

describe("DueDeliveryLoop", () => {
  const loops: DueDeliveryLoop<Row, unknown>[] = [];
  afterEach(async () => void (await Promise.all(loops.splice(0).map((l) => l.stop()))));
  const started = <R>(loop: DueDeliveryLoop<Row, R>) => (loops.push(loop as DueDeliveryLoop<Row, unknown>), loop);

  it("delivers the rows due in order, one at a time, and those that fall due later on a later tick", async () => {
    const table: Row[] = [{ id: "a", dueAt: 0 }, { id: "b", dueAt: 0 }, { id: "c", dueAt: Date.now() + 150 }];
    const sent: string[] = [];
    let running = 0;
    let overlapped = false;
    started(
      new DueDeliveryLoop<Row, void>({
        due: async () => table.filter((r) => !r.delivered && r.dueAt <= Date.now()),
        attempt: async (row) => {
          overlapped ||= ++running > 1;
          await sleep(20);
          row.delivered = true;
          sent.push(row.id);
          running -= 1;
        },
        pollIntervalMs: 30,
      }),
    );
    await until(() => sent.length === 3);
    expect(sent).toEqual(["a", "b", "c"]);
    expect(overlapped).toBe(false);
  });

  it("survives a store that is away: the next tick tries again, and a failed attempt does not stop the loop", async () => {
    let reads = 0;
    const table: Row[] = [{ id: "a", dueAt: 0 }, { id: "b", dueAt: 0 }];
    const sent: string[] = [];
    started(
      new DueDeliveryLoop<Row, void>({
        due: async () => {
          reads += 1;
          if (reads <= 2) throw new Error("database is away");
          return table.filter((r) => !r.delivered);
        },
        attempt: async (row) => {
          if (row.id === "a" && !sent.includes("a-failed")) {
            sent.push("a-failed");
            throw new Error("peer down");
          }
          row.delivered = true;
          sent.push(row.id);
        },
        pollIntervalMs: 10,
      }),
    );
    await until(() => table.every((r) => r.delivered));
    expect(reads).toBeGreaterThan(2);
    expect(sent).toEqual(["a-failed", "a", "b"]);
  });

  it("sends a row at most once at a time, whether the loop or a caller asked first", async () => {
    let attempts = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loop = started(new DueDeliveryLoop<Row, number>({ due: async () => [], attempt: async () => (await gate, ++attempts), pollIntervalMs: 1_000, poll: false }));
    const row = { id: "x", dueAt: 0 };
    const first = loop.deliver(row);
    const second = loop.deliver(row);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    expect(await loop.deliver(row)).toBe(2);
  });

  it("stop waits for deliveries and tracked work in flight, and no tick runs after it", async () => {
    let ticks = 0;
    const finished: string[] = [];
    const loop = new DueDeliveryLoop<Row, void>({
      due: async () => (ticks++, []),
      attempt: async (row) => (await sleep(100), void finished.push(row.id)),
      pollIntervalMs: 10,
    });
    await until(() => ticks > 0);
    const delivery = loop.deliver({ id: "in-flight", dueAt: 0 });
    void loop.track(sleep(80).then(() => finished.push("tracked")));
    await loop.stop();
    expect(finished.sort()).toEqual(["in-flight", "tracked"]);
    await delivery;
    const after = ticks;
    await sleep(50);
    expect(ticks).toBe(after);
    expect(loop.stopped).toBe(true);
  });
});
