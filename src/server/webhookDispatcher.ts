import crypto from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import type { KeyLike } from "jose";
import type { AuditAppender } from "../audit";
import { signCompactJws } from "../auth";
import type { Region, WebhookTarget } from "../config";
import { isPurpose, isRole, type DomainModule } from "../context";
import type { PrismaClient } from "../db";
import { DueDeliveryLoop } from "../dueDelivery";
import { applyMask, rowScopeFor, type JurisdictionDirectory, type PolicyEngine, type PolicySubject } from "../policy";

// Signed webhooks for agency systems: each event a module publishes (see
// DomainModule.notifications) is POSTed to every webhook that asked for it, as JSON, with a
// JWS signed by this node's key in the `x-assist-signature` header (verification: see
// docs/family-search-across-border.md). What a delivery carries is decided by the policies for
// the webhook's roles and purpose, like any answer: the event's operation rule
// (Subscription.<event>) must allow it, and each field is released, masked or left out as for an
// officer with those roles. Every attempt is audited before it is sent (no entry, no send).
//
// Deliveries are durable (WebhookDelivery), like the peer outbox: the policy-filtered body is
// written once, and a delivery that fails (an answer other than 2xx, a timeout, no connection)
// is tried again after 1 s, 2 s, 4 s … (±20 %, at most maxBackoffMs apart) by a loop that reads
// the table, across restarts, with the same delivery id so a receiver can drop a repeat. After
// the webhook's maxAttempts it is given up (DEAD: kept with its body for the operators, counted
// in /metrics). A delivery whose receiver answered but whose DELIVERED mark was lost (the node
// stopped in between) is sent again: at least once, deduplicated by the id.

export const WEBHOOK_SIGNATURE_HEADER = "x-assist-signature";
export const WEBHOOK_JWS_TYPE = "assist-gateway-webhook";
const FIRST_RETRY_MS = 1_000;
/** A delivery claimed by a sender is left alone by others for this long beyond the webhook's timeout. */
const LEASE_MARGIN_MS = 5_000;
const BATCH = 50;

export interface WebhookEvents {
  delivered(webhook: string, event: string, attempts: number): void;
  failed(webhook: string, event: string, reason: string, attempts: number, willRetry: boolean): void;
  refused(webhook: string, event: string, reason: string): void;
}

export interface WebhookDispatcher {
  /** For /metrics: deliveries per webhook waiting (PENDING) and given up (DEAD). */
  backlog(): Promise<{ webhook: string; pending: number; dead: number }[]>;
  /** Stops the loop and waits (bounded) for sends in flight. */
  stop(): Promise<void>;
}

type DeliveryRow = Awaited<ReturnType<PrismaClient["webhookDelivery"]["findUniqueOrThrow"]>>;

interface WebhookPrincipal {
  sub: string;
  agency: string;
  region: Region;
  roles: string[];
}

/** The event's object as the webhook's principal may see it: scalar fields only, each by the policy. */
function releasedFields(item: Record<string, unknown>, type: string, policy: PolicyEngine, subject: PolicySubject): Record<string, unknown> {
  const released: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(item)) {
    if (typeof value === "function" || (value !== null && typeof value === "object" && !(value instanceof Date))) continue;
    const verdict = policy.decider.decideField(type, field, subject);
    const shown = value instanceof Date ? value.toISOString() : value;
    if (verdict === "public" || verdict.effect === "allow") released[field] = shown;
    else if (verdict.effect === "mask") released[field] = applyMask(shown, verdict.mask);
  }
  return released;
}

type Notifications = NonNullable<DomainModule["notifications"]>;

export function startWebhookDispatcher(options: {
  prisma: PrismaClient;
  webhooks: readonly WebhookTarget[];
  modules: readonly DomainModule[];
  policy: PolicyEngine;
  /** Where the webhook's agency's jurisdiction comes from (the same directory as /graphql's policy stage). */
  jurisdictions: JurisdictionDirectory;
  audit: AuditAppender;
  node: Region;
  signing: { key: { privateKey: KeyLike; kid: string }; issuer: string };
  /** How often the loop looks for deliveries due. */
  pollIntervalMs: number;
  /** Longest wait between two attempts (the backoff doubles from 1 s up to this). */
  maxBackoffMs: number;
  events: WebhookEvents;
}): WebhookDispatcher {
  const { prisma } = options;
  const unsubscribe: (() => void)[] = [];

  const webhooks = new Map(options.webhooks.map((webhook) => [webhook.id, webhook]));
  const principalOf = (webhook: WebhookTarget): WebhookPrincipal => ({ sub: `webhook:${webhook.id}`, agency: webhook.agency, region: options.node, roles: webhook.roles.filter(isRole) });
  // The webhook is registered by this node's operators for an agency of this province.
  const subjectOf = (webhook: WebhookTarget): PolicySubject => ({ roles: principalOf(webhook).roles as PolicySubject["roles"], purpose: isPurpose(webhook.purpose) ? webhook.purpose : undefined, hasCaseRef: true, regionRelation: "same" });
  const backoffMs = (attempts: number) => {
    const base = Math.min(options.maxBackoffMs, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
    // ±20 % so the deliveries of one outage do not all retry in the same instant.
    return Math.round(base * (0.8 + Math.random() * 0.4));
  };

  for (const webhook of options.webhooks) {
    for (const module of options.modules) {
      const source = module.notifications;
      if (!source) continue;
      for (const event of webhook.events.filter((e) => source.events.includes(e))) {
        unsubscribe.push(source.listen(event, (item) => void prepare(webhook, event, source, item)));
      }
    }
  }

  /**
   * Whether the event's object is the webhook's to receive under the row rules, as for a subscriber
   * (src/relief/alertNotifications.ts): "outside" (not theirs, dropped unrecorded), or a refusal
   * when the agency has no rule or no jurisdiction on record (closed by default, audited).
   */
  async function rowAccess(webhook: WebhookTarget, subject: PolicySubject, source: Notifications, item: Record<string, unknown>): Promise<"inside" | "outside" | "NO_ROW_RULE" | "NO_JURISDICTION"> {
    if (!source.rows) return "inside";
    const rules = options.policy.decider.rowRulesFor(source.rows.entity, subject);
    if (rules.length === 0) return "NO_ROW_RULE";
    const jurisdiction = await options.jurisdictions.jurisdictionOf(webhook.agency);
    if (!jurisdiction) return "NO_JURISDICTION";
    return (await source.rows.isWithin(item, rowScopeFor(source.rows.entity, rules, jurisdiction).where)) ? "inside" : "outside";
  }

  /** The policy's decision, then the body written once as a PENDING delivery, then the first attempt. */
  async function prepare(webhook: WebhookTarget, event: string, source: Notifications, item: Record<string, unknown>): Promise<void> {
    const delivery = uuidv7();
    const principal = principalOf(webhook);
    const subject = subjectOf(webhook);
    const verdict = options.policy.decider.decideOperation(`Subscription.${event}`, subject);
    const rows = verdict.effect === "allow" ? await rowAccess(webhook, subject, source, item).catch(() => "unchecked" as const) : "inside";
    if (rows === "outside") return;
    if (rows === "unchecked") {
      // The database is away: nothing is sent unchecked, and the event is lost to this webhook as
      // when its delivery cannot be stored (below) — not recorded as a refusal it was not.
      options.events.failed(webhook.id, event, "row rule not checked", 0, false);
      return;
    }
    if (verdict.effect !== "allow" || rows !== "inside") {
      const reason = verdict.effect === "purpose-required" ? "PURPOSE_REQUIRED" : verdict.effect !== "allow" ? verdict.reasonCode : rows;
      await options.audit
        .append({ requestId: delivery, node: options.node, principal: principal as never, purpose: subject.purpose, caseRef: delivery, operationName: `webhook:${event}`, outcome: "DENIED", errorCode: reason })
        .catch(() => undefined);
      options.events.refused(webhook.id, event, reason);
      return;
    }
    const body = JSON.stringify({ delivery, event, node: options.node, occurredAt: new Date().toISOString(), data: { [event]: releasedFields(item, source.type, options.policy, subject) } });
    try {
      const row = await prisma.webhookDelivery.create({ data: { id: delivery, webhookId: webhook.id, event, body } });
      if (!loop.stopped) await loop.deliver(row);
    } catch {
      // The database is away: the event is lost to this webhook (logged); matchAlerts still holds it.
      options.events.failed(webhook.id, event, "not stored", 0, false);
    }
  }

  /** Takes the delivery for this sender if it is due and nobody else holds it (an update, so two processes cannot both win). */
  async function claim(row: DeliveryRow, webhook: WebhookTarget): Promise<boolean> {
    const now = new Date();
    const { count } = await prisma.webhookDelivery.updateMany({
      where: { id: row.id, status: "PENDING", nextAttemptAt: { lte: now } },
      data: { nextAttemptAt: new Date(now.getTime() + webhook.timeoutMs + LEASE_MARGIN_MS) },
    });
    return count === 1;
  }

  async function attempt(row: DeliveryRow, webhook: WebhookTarget): Promise<void> {
    const attempts = row.attempts + 1;
    const subject = subjectOf(webhook);
    let reason: string | undefined;
    try {
      // On record before it leaves: an attempt whose entry cannot be committed is not made.
      await options.audit.append({ requestId: uuidv7(), node: options.node, principal: principalOf(webhook) as never, purpose: subject.purpose, caseRef: row.id, operationName: `webhook:${row.event}`, resultCount: 1, outcome: "ALLOWED" });
      const sha256 = crypto.createHash("sha256").update(row.body).digest("base64url");
      const signature = signCompactJws(
        { kid: options.signing.key.kid, typ: WEBHOOK_JWS_TYPE },
        { iss: options.signing.issuer, aud: webhook.url, delivery: row.id, event: row.event, attempt: attempts, sha256, iat: Math.floor(Date.now() / 1000) },
        options.signing.key.privateKey,
      );
      const res = await fetch(webhook.url, {
        method: "POST",
        headers: { "content-type": "application/json", [WEBHOOK_SIGNATURE_HEADER]: signature, "x-assist-delivery": row.id },
        body: row.body,
        signal: AbortSignal.timeout(webhook.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        // The body is personal data the receiver now holds: not kept twice.
        await prisma.webhookDelivery.update({ where: { id: row.id }, data: { status: "DELIVERED", deliveredAt: new Date(), body: "{}", attempts, lastError: null } });
        return options.events.delivered(webhook.id, row.event, attempts);
      }
      reason = `HTTP ${res.status}`;
    } catch (error) {
      reason = (error as Error).name === "AuditUnavailableError" ? "audit unavailable" : (error as Error).name === "TimeoutError" ? "timed out" : "connection failed";
    }
    const willRetry = attempts < webhook.maxAttempts;
    await prisma.webhookDelivery
      .update({ where: { id: row.id }, data: { attempts, lastError: reason, ...(willRetry ? { nextAttemptAt: new Date(Date.now() + backoffMs(attempts)) } : { status: "DEAD" }) } })
      .catch(() => undefined); // the lease runs out by itself and the delivery is taken again
    options.events.failed(webhook.id, row.event, reason, attempts, willRetry);
  }

  // Due deliveries oldest first, one at a time, each claimed first against other processes. No
  // loop without webhooks: nothing can be owed (a delivery of a webhook since removed stays as it was).
  const loop = new DueDeliveryLoop<DeliveryRow, void>({
    due: () => prisma.webhookDelivery.findMany({ where: { status: "PENDING", nextAttemptAt: { lte: new Date() } }, orderBy: { createdAt: "asc" }, take: BATCH }),
    attempt: async (row) => {
      try {
        const webhook = webhooks.get(row.webhookId);
        if (!webhook) {
          // Removed from WEBHOOKS since: nobody to send it to.
          await prisma.webhookDelivery.updateMany({ where: { id: row.id, status: "PENDING" }, data: { status: "DEAD", lastError: "webhook no longer configured" } });
          return;
        }
        if (await claim(row, webhook)) await attempt(row, webhook);
      } catch {
        // The database is away: the delivery is still PENDING and a later tick takes it.
      }
    },
    pollIntervalMs: options.pollIntervalMs,
    poll: options.webhooks.length > 0,
  });

  return {
    async backlog() {
      const counts = await prisma.webhookDelivery.groupBy({ by: ["webhookId", "status"], where: { status: { in: ["PENDING", "DEAD"] } }, _count: { _all: true } });
      const ids = new Set([...webhooks.keys(), ...counts.map((c) => c.webhookId)]);
      const of = (id: string, status: "PENDING" | "DEAD") => counts.find((c) => c.webhookId === id && c.status === status)?._count._all ?? 0;
      return [...ids].sort().map((id) => ({ webhook: id, pending: of(id, "PENDING"), dead: of(id, "DEAD") }));
    },
    async stop() {
      for (const off of unsubscribe) off();
      await loop.stop();
    },
  };
}
