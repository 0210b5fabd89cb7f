import { regionTag, type Region } from "../config";

// Ids of this domain's rows: region tag, kind, eight-digit sequence (CQ-RR-00000001). The tag
// tells any node (and the peer layer) which province holds the row.

export type ReliefIdKind = "RR" | "MP" | "MA" | "DC";

const SEQUENCE_DIGITS = 8;

export function reliefIdPrefix(region: Region, kind: ReliefIdKind): string {
  return `${regionTag(region)}-${kind}-`;
}

/** The id after `latest` (the greatest id with this prefix, or null for the first). */
export function nextReliefId(region: Region, kind: ReliefIdKind, latest: string | null): string {
  const prefix = reliefIdPrefix(region, kind);
  const current = latest ? Number(latest.slice(prefix.length)) : 0;
  return prefix + String((Number.isFinite(current) ? current : 0) + 1).padStart(SEQUENCE_DIGITS, "0");
}

/** A unique-constraint violation (another process took the id first): retry with the next one. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "P2002";
}

const ID_ATTEMPTS = 8;

/** What a table needs for its ids to be allocated here (a Prisma model delegate has it). */
export interface ReliefIdTable {
  findFirst(args: { where: { id: { startsWith: string } }; orderBy: { id: "desc" }; select: { id: true } }): PromiseLike<{ id: string } | null>;
}

/**
 * Inserts rows under the next id of one prefix (CQ-MP-…), as its only allocator in this process.
 *
 * The id is the greatest stored one plus one, taken right before the insert. Concurrent requests
 * of one process take turns (reading the same greatest id they would otherwise all collide —
 * seen on PostgreSQL's pooled connections: five concurrent filings exhausted five retries);
 * another process sharing the database can still take an id first, so a unique violation is
 * retried after a short random pause, so two processes do not collide again at once.
 */
export class ReliefIdSequence {
  #tail: Promise<unknown> = Promise.resolve();
  readonly prefix: string;

  constructor(
    private readonly region: Region,
    private readonly kind: ReliefIdKind,
    private readonly table: ReliefIdTable,
  ) {
    this.prefix = reliefIdPrefix(region, kind);
  }

  /** Runs `create` with the next free id; resolves to what it returned. */
  insert<T>(create: (id: string) => Promise<T>): Promise<T> {
    const turn = this.#tail.then(() => this.#insertWithRetry(create));
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  async #insertWithRetry<T>(create: (id: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const latest = await this.table.findFirst({ where: { id: { startsWith: this.prefix } }, orderBy: { id: "desc" }, select: { id: true } });
      const id = nextReliefId(this.region, this.kind, latest?.id ?? null);
      try {
        return await create(id);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= ID_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt));
      }
    }
  }
}
