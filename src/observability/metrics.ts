import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * Latency buckets in seconds. They reach well past the longest a request may wait on the peer
 * (PEER_TIMEOUT_MS, 3 s by default, at most 60 s), so a forward that runs into its timeout lands
 * in a bucket of its own instead of +Inf.
 */
export const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** What the audit writer reports on demand (AuditChainWriter.stats(), isHealthy()). */
export interface AuditWriterGauges {
  queued(): number;
  healthy(): boolean;
}

/** A peer's circuit breaker state, read at scrape time (PeerClient.state()). */
/** The durable outbox of node-to-node messages, per peer (src/peers/peerOutbox.ts). */
export interface PeerOutboxGauges {
  peer: string;
  pending(): Promise<{ count: number; oldestSeconds: number }>;
}

/** Durable webhook deliveries per webhook (src/server/webhookDispatcher.ts). */
export type WebhookBacklog = () => Promise<{ webhook: string; pending: number; dead: number }[]>;

export interface PeerCircuit {
  peer: string;
  state(): "closed" | "open" | "half-open";
}

export type PeerForwardOutcome = "ok" | "refused" | "unavailable";

export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<"operation" | "outcome">;
  duration: Histogram<"operation" | "outcome">;
  executions: Counter<"engine">;
  /** Requests the HTTP layer refused before Apollo saw them (401, 405, 413, 415, …). */
  refusals: Counter<"route" | "status" | "code">;
  auditCommitDuration: Histogram;
  auditEntriesPerCommit: Histogram;
  auditCommitFailures: Counter;
  peerForwardDuration: Histogram<"peer" | "outcome">;
  /** Reads the audit writer's queue and health at every scrape. */
  watchAuditWriter(writer: AuditWriterGauges): void;
  /** Reads each peer's breaker state at every scrape. */
  watchPeerCircuits(circuits: PeerCircuit[]): void;
  /** Reads each peer's outbox (entries waiting, oldest age) at every scrape. */
  watchPeerOutboxes(outboxes: PeerOutboxGauges[]): void;
  /** Webhook delivery attempts by outcome: delivered, failed (will retry), dead (given up). */
  webhookAttempts: Counter<"webhook" | "outcome">;
  /** Reads the webhook deliveries waiting and given up at every scrape. */
  watchWebhookDeliveries(backlog: WebhookBacklog): void;
}

const CIRCUIT_STATES = ["closed", "open", "half-open"] as const;

/** One registry per node (not prom-client's global), so tests can run nodes side by side. */
export function createGatewayMetrics(region: string): GatewayMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ node: region });
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let auditWriter: AuditWriterGauges | undefined;
  let circuits: PeerCircuit[] = [];
  let outboxes: PeerOutboxGauges[] = [];
  let webhookBacklog: WebhookBacklog = async () => [];

  new Gauge({
    name: "gateway_audit_queue_depth",
    help: "Audit entries waiting for their commit",
    registers,
    collect() {
      if (auditWriter) this.set(auditWriter.queued());
    },
  });
  new Gauge({
    name: "gateway_audit_writer_healthy",
    help: "1 while the audit writer commits, 0 after a failed commit until one succeeds again (answers are withheld meanwhile)",
    registers,
    collect() {
      if (auditWriter) this.set(auditWriter.healthy() ? 1 : 0);
    },
  });
  // One read of the outbox table per peer and scrape, shared by the two gauges below.
  const outboxReadings = () => Promise.all(outboxes.map(async (outbox) => ({ peer: outbox.peer, ...(await outbox.pending()) })));
  new Gauge({
    name: "gateway_peer_outbox_depth",
    help: "Node-to-node messages (continuous cross-border matching, decisions) waiting in the durable outbox for a peer",
    labelNames: ["peer"] as const,
    registers,
    async collect() {
      for (const reading of await outboxReadings()) this.set({ peer: reading.peer }, reading.count);
    },
  });
  new Gauge({
    name: "gateway_peer_outbox_oldest_seconds",
    help: "Age of the oldest message waiting in the outbox for a peer (0 when none waits)",
    labelNames: ["peer"] as const,
    registers,
    async collect() {
      for (const reading of await outboxReadings()) this.set({ peer: reading.peer }, reading.oldestSeconds);
    },
  });
  new Gauge({
    name: "gateway_webhook_deliveries",
    help: "Webhook deliveries kept in the database by state: pending (waiting for an attempt) and dead (given up, kept for the operators)",
    labelNames: ["webhook", "state"] as const,
    registers,
    async collect() {
      this.reset();
      // A database away leaves the gauge empty for this scrape rather than failing /metrics.
      for (const row of await webhookBacklog().catch(() => [])) {
        this.set({ webhook: row.webhook, state: "pending" }, row.pending);
        this.set({ webhook: row.webhook, state: "dead" }, row.dead);
      }
    },
  });
  new Gauge({
    name: "gateway_peer_circuit_state",
    help: "Circuit breaker of the forward to a peer: 1 for the state it is in (closed, open, half-open), 0 for the others",
    labelNames: ["peer", "state"] as const,
    registers,
    collect() {
      for (const circuit of circuits) {
        const current = circuit.state();
        for (const state of CIRCUIT_STATES) this.set({ peer: circuit.peer, state }, state === current ? 1 : 0);
      }
    },
  });

  return {
    registry,
    requests: new Counter({
      name: "gateway_graphql_requests_total",
      help: "GraphQL operations by root fields and the outcome the caller got (ok, or the sorted error codes; AUDIT_UNAVAILABLE = answer withheld)",
      labelNames: ["operation", "outcome"] as const,
      registers,
    }),
    duration: new Histogram({
      name: "gateway_graphql_request_duration_seconds",
      help: "GraphQL operation latency by root fields and outcome, up to the audit commit",
      labelNames: ["operation", "outcome"] as const,
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    }),
    refusals: new Counter({
      name: "gateway_http_refusals_total",
      help: "Requests refused by the HTTP layer before GraphQL ran, by route, status and code",
      labelNames: ["route", "status", "code"] as const,
      registers,
    }),
    auditCommitDuration: new Histogram({
      name: "gateway_audit_commit_duration_seconds",
      help: "Time of one committed audit transaction (a batch of entries and/or a signed checkpoint)",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    auditEntriesPerCommit: new Histogram({
      name: "gateway_audit_entries_per_commit",
      help: "Entries written by one committed audit transaction (group commit)",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    }),
    auditCommitFailures: new Counter({
      name: "gateway_audit_commit_failures_total",
      help: "Audit transactions that did not commit (every answer waiting on them was withheld)",
      registers,
    }),
    peerForwardDuration: new Histogram({
      name: "gateway_peer_forward_duration_seconds",
      help: "Forwards to a peer node by outcome (ok, refused: the peer said no, unavailable: down, slow or circuit open)",
      labelNames: ["peer", "outcome"] as const,
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    }),
    executions: new Counter({
      name: "gateway_graphql_executions_total",
      help: "Executed operations by engine: jit (compiled plan) or graphql-js (fallback, or EXECUTION_ENGINE=graphql-js)",
      labelNames: ["engine"] as const,
      registers,
    }),
    watchAuditWriter(writer) {
      auditWriter = writer;
    },
    watchPeerCircuits(watched) {
      circuits = watched;
    },
    watchPeerOutboxes(watched) {
      outboxes = watched;
    },
    webhookAttempts: new Counter({
      name: "gateway_webhook_attempts_total",
      help: "Webhook delivery attempts by outcome: delivered, failed (tried again later), dead (given up after the webhook's maxAttempts)",
      labelNames: ["webhook", "outcome"] as const,
      registers,
    }),
    watchWebhookDeliveries(backlog) {
      webhookBacklog = backlog;
    },
  };
}
