import { v7 as uuidv7 } from "uuid";
import type { AuditAppender } from "../audit";
import type { Region } from "../config";
import type { DomainModule, PeerExchange, PeerOutbox } from "../context";
import type { PrismaClient } from "../db";
import { DueDeliveryLoop } from "../dueDelivery";
import { PeerUnavailable, type PeerClient } from "./peerClient";

// The durable outbox of node-to-node messages (PeerOutboxEntry). A domain writes an entry in the
// same transaction as the row it is about (a relief record, a report, an alert decision), so
// the message exists exactly when the row does; this loop sends it to the peer's exchange route
// and hands the peer's answer back to the domain. An entry that cannot be sent (peer down, slow,
// refusing) is tried again after 1 s, 2 s, 4 s … up to maxBackoffMs, across restarts: it stays in
// the table until delivered. Nothing is lost; nothing is doubled because the entry's id travels
// as the idempotency key and both ends' handling is idempotent (see PeerExchange).
//
// Principal: a background message has no officer behind it, so it never carries an on-behalf-of
// service token. It travels under a node token (mintNodeToken) with the scope exchange:<module>,
// which the peer accepts only on its exchange route, for that module; no GraphQL answer can be
// read with it. Both ends write an audit entry naming the sending node as principal, the entry's
// id as case reference and the subjects the message touched.

const FIRST_RETRY_MS = 1_000;
/** An entry claimed by a sender is left alone by others for this long beyond the peer's timeout. */
const LEASE_MARGIN_MS = 5_000;
const BATCH = 50;

export interface PeerOutboxEvents {
  delivered(region: Region, module: string, kind: string): void;
  failed(region: Region, module: string, kind: string, reason: string, attempts: number): void;
}

export interface PeerOutboxOptions {
  prisma: PrismaClient;
  node: Region;
  /** This node's issuer: the principal of the audit entries it writes for its own messages. */
  nodeIssuer: string;
  peers: ReadonlyMap<Region, PeerClient>;
  /** The modules, looked up when a message is delivered (they are built after the outbox). */
  modules: () => readonly DomainModule[];
  audit: AuditAppender;
  pollIntervalMs: number;
  maxBackoffMs: number;
  events: PeerOutboxEvents;
}

export interface PeerOutboxLoop extends PeerOutbox {
  /** For /readyz: pending entries per peer and the oldest one's age. */
  state(region: Region): Promise<string>;
  /** For /metrics: entries waiting for a peer, and how long the oldest has waited. */
  pending(region: Region): Promise<{ count: number; oldestSeconds: number }>;
  /** Stops the loop and waits (bounded) for sends in flight. */
  stop(): Promise<void>;
}

type OutboxRow = Awaited<ReturnType<PrismaClient["peerOutboxEntry"]["findUniqueOrThrow"]>>;

export function startPeerOutbox(options: PeerOutboxOptions): PeerOutboxLoop {
  const { prisma } = options;

  const handlerOf = (module: string): PeerExchange | undefined => options.modules().find((m) => m.name === module)?.peerExchange;
  const leaseMs = (region: Region) => (options.peers.get(region)?.peer.timeoutMs ?? 3_000) + LEASE_MARGIN_MS;
  const backoffMs = (attempts: number) => {
    const base = Math.min(options.maxBackoffMs, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
    // ±20 % so the entries of one outage do not all retry in the same instant.
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };

  /** Takes the entry for this sender if it is due and nobody else holds it (an update, so two processes cannot both win). */
  async function claim(row: OutboxRow): Promise<boolean> {
    const now = new Date();
    const { count } = await prisma.peerOutboxEntry.updateMany({
      where: { id: row.id, deliveredAt: null, nextAttemptAt: { lte: now } },
      data: { nextAttemptAt: new Date(now.getTime() + leaseMs(row.peerRegion)) },
    });
    return count === 1;
  }

  async function send(row: OutboxRow): Promise<boolean> {
    const client = options.peers.get(row.peerRegion);
    const handler = handlerOf(row.module);
    try {
      if (!client) throw new PeerUnavailable(`no peer configured for ${row.peerRegion}`);
      if (!handler) throw new PeerUnavailable(`no module ${row.module} to apply the answer`);
      const payload: unknown = JSON.parse(row.payload);
      const { answer, peerRequestId } = await client.exchange(row.module, { key: row.id, kind: row.kind, payload });
      const applied = await handler.delivered(row.kind, payload, answer, row.peerRegion);
      // On record before the entry counts as delivered: an entry whose audit failed is sent again
      // (the peer answers the same, and applying it again changes nothing).
      await options.audit.append({
        requestId: uuidv7(),
        node: options.node,
        principal: { sub: options.nodeIssuer, agency: options.nodeIssuer, region: options.node, roles: [] },
        purpose: applied.purpose,
        caseRef: row.id,
        operationName: `peer-exchange:${row.module}.${row.kind}`,
        subjects: applied.subjects,
        resultCount: applied.resultCount,
        outcome: "ALLOWED",
        peerHops: [{ region: row.peerRegion, peerRequestId, outcome: "OK" }],
      });
      await prisma.peerOutboxEntry.update({ where: { id: row.id }, data: { deliveredAt: new Date(), payload: "{}", attempts: { increment: 1 }, lastError: null } });
      options.events.delivered(row.peerRegion, row.module, row.kind);
      return true;
    } catch (error) {
      const reason = error instanceof PeerUnavailable ? error.reason : `not applied: ${(error as Error).name}`;
      const attempts = row.attempts + 1;
      await prisma.peerOutboxEntry
        .update({ where: { id: row.id }, data: { attempts, lastError: reason.slice(0, 200), nextAttemptAt: new Date(Date.now() + backoffMs(attempts)) } })
        .catch(() => undefined); // the lease runs out by itself and the entry is taken again
      options.events.failed(row.peerRegion, row.module, row.kind, reason, attempts);
      return false;
    }
  }

  // Due entries oldest first, one at a time, each claimed first against other processes.
  const loop = new DueDeliveryLoop<OutboxRow, boolean>({
    due: () => prisma.peerOutboxEntry.findMany({ where: { deliveredAt: null, nextAttemptAt: { lte: new Date() } }, orderBy: { createdAt: "asc" }, take: BATCH }),
    attempt: async (row) => ((await claim(row)) ? send(row) : false),
    pollIntervalMs: options.pollIntervalMs,
  });

  return {
    async deliverNow(entryIds, waitMs) {
      if (loop.stopped || entryIds.length === 0) return;
      // Tracked from the first read, so stop() waits for an attempt a filing has just started.
      const attempt = loop.track(
        (async () => {
          const rows = await prisma.peerOutboxEntry.findMany({ where: { id: { in: [...entryIds] }, deliveredAt: null } });
          if (!loop.stopped) await Promise.all(rows.map((row) => loop.deliver(row)));
        })()
          // The database is away: the entries are in the table and the loop takes them later.
          .catch(() => undefined),
      );
      if (waitMs > 0) await Promise.race([attempt, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    },
    async pending(region) {
      const [count, oldest] = await Promise.all([
        prisma.peerOutboxEntry.count({ where: { peerRegion: region, deliveredAt: null } }),
        prisma.peerOutboxEntry.findFirst({ where: { peerRegion: region, deliveredAt: null }, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
      ]);
      return { count, oldestSeconds: oldest ? (Date.now() - oldest.createdAt.getTime()) / 1000 : 0 };
    },
    async state(region) {
      const pending = await prisma.peerOutboxEntry.findFirst({ where: { peerRegion: region, deliveredAt: null }, orderBy: { createdAt: "asc" }, select: { createdAt: true, lastError: true } });
      if (!pending) return "empty";
      const count = await prisma.peerOutboxEntry.count({ where: { peerRegion: region, deliveredAt: null } });
      const age = Math.round((Date.now() - pending.createdAt.getTime()) / 1000);
      return `${count} pending, oldest ${age} s${pending.lastError ? ` (${pending.lastError})` : ""}`;
    },
    stop: () => loop.stop(),
  };
}
