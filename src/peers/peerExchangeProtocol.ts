import { z } from "zod";

// The wire shape of node-to-node messages (the durable outbox, see peerOutbox): POSTed to
// /peer/exchange/<module> under a node token whose scope is exchange:<module>; the answer is
// { answer } as the receiving module gave it.

export const PEER_EXCHANGE_PATH = "/peer/exchange/";
export const exchangeScope = (module: string): string => `exchange:${module}`;

export const outboxMessageSchema = z.object({
  /** The idempotency key: the outbox entry's id, the same on every attempt. */
  key: z.string().min(8).max(64),
  kind: z.string().min(1).max(64),
  payload: z.unknown(),
});

export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
