import crypto from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import type { KeyLike } from "jose";
import type { AuditAppender } from "../audit";
import { signCompactJws } from "../auth";
import type { Region, WebhookTarget } from "../config";
import { isPurpose, isRole, type DomainModule } from "../context";
import { applyMask, type PolicyEngine, type PolicySubject } from "../policy";

// Signed webhooks for agency systems: each event a module publishes (see
// DomainModule.notifications) is POSTed to every webhook that asked for it, as JSON, with a
// JWS signed by this node's key in the `x-assist-signature` header (verification: see
// docs/family-search-across-border.md). What a delivery carries is decided by the policies for
// the webhook's roles and purpose, like any answer: the event's operation rule
// (Subscription.<event>) must allow it, and each field is released, masked or left out as for an
// officer with those roles. Every attempt is audited before it is sent (no entry, no send). A
// delivery that fails (an answer other than 2xx, a timeout, no connection) is tried again after
// 1 s, 2 s, 4 s … (at most 60 s apart) up to the webhook's maxAttempts, with the same delivery id,
// so a receiver can drop a repeat. Retries are held in memory: a node that stops gives up the
// ones pending (logged), which the receiver can make good by reading matchAlerts.

export const WEBHOOK_SIGNATURE_HEADER = "x-assist-signature";
export const WEBHOOK_JWS_TYPE = "assist-gateway-webhook";
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;

export interface WebhookEvents {
  delivered(webhook: string, event: string, attempts: number): void;
  failed(webhook: string, event: string, reason: string, attempts: number, willRetry: boolean): void;
  refused(webhook: string, event: string, reason: string): void;
}

export interface WebhookDispatcher {
  stop(): void;
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

export function startWebhookDispatcher(options: {
  webhooks: readonly WebhookTarget[];
  modules: readonly DomainModule[];
  policy: PolicyEngine;
  audit: AuditAppender;
  node: Region;
  signing: { key: { privateKey: KeyLike; kid: string }; issuer: string };
  events: WebhookEvents;
}): WebhookDispatcher {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const unsubscribe: (() => void)[] = [];

  for (const webhook of options.webhooks) {
    const purpose = isPurpose(webhook.purpose) ? webhook.purpose : undefined;
    const principal = { sub: `webhook:${webhook.id}`, agency: webhook.agency, region: options.node, roles: webhook.roles.filter(isRole) };
    // The webhook is registered by this node's operators for an agency of this province.
    const subject: PolicySubject = { roles: principal.roles, purpose, hasCaseRef: true, regionRelation: "same" };
    for (const module of options.modules) {
      const source = module.notifications;
      if (!source) continue;
      for (const event of webhook.events.filter((e) => source.events.includes(e))) {
        unsubscribe.push(source.listen(event, (item) => void prepare(webhook, principal, subject, event, source.type, item)));
      }
    }
  }

  async function prepare(webhook: WebhookTarget, principal: { sub: string; agency: string; region: Region; roles: readonly never[] | readonly string[] }, subject: PolicySubject, event: string, type: string, item: Record<string, unknown>): Promise<void> {
    const delivery = uuidv7();
    const verdict = options.policy.decider.decideOperation(`Subscription.${event}`, subject);
    if (verdict.effect !== "allow") {
      const reason = verdict.effect === "purpose-required" ? "PURPOSE_REQUIRED" : verdict.reasonCode;
      await options.audit
        .append({ requestId: delivery, node: options.node, principal: principal as never, purpose: subject.purpose, caseRef: delivery, operationName: `webhook:${event}`, outcome: "DENIED", errorCode: reason })
        .catch(() => undefined);
      options.events.refused(webhook.id, event, reason);
      return;
    }
    const body = JSON.stringify({ delivery, event, node: options.node, occurredAt: new Date().toISOString(), data: { [event]: releasedFields(item, type, options.policy, subject) } });
    void attempt(webhook, principal, subject, event, delivery, body, 1);
  }

  async function attempt(webhook: WebhookTarget, principal: object, subject: PolicySubject, event: string, delivery: string, body: string, attempts: number): Promise<void> {
    if (stopped) return;
    let reason: string | undefined;
    try {
      // On record before it leaves: an attempt whose entry cannot be committed is not made.
      await options.audit.append({ requestId: uuidv7(), node: options.node, principal: principal as never, purpose: subject.purpose, caseRef: delivery, operationName: `webhook:${event}`, resultCount: 1, outcome: "ALLOWED" });
      const sha256 = crypto.createHash("sha256").update(body).digest("base64url");
      const signature = signCompactJws(
        { kid: options.signing.key.kid, typ: WEBHOOK_JWS_TYPE },
        { iss: options.signing.issuer, aud: webhook.url, delivery, event, attempt: attempts, sha256, iat: Math.floor(Date.now() / 1000) },
        options.signing.key.privateKey,
      );
      const res = await fetch(webhook.url, {
        method: "POST",
        headers: { "content-type": "application/json", [WEBHOOK_SIGNATURE_HEADER]: signature, "x-assist-delivery": delivery },
        body,
        signal: AbortSignal.timeout(webhook.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return options.events.delivered(webhook.id, event, attempts);
      reason = `HTTP ${res.status}`;
    } catch (error) {
      reason = (error as Error).name === "AuditUnavailableError" ? "audit unavailable" : (error as Error).name === "TimeoutError" ? "timed out" : "connection failed";
    }
    const willRetry = attempts < webhook.maxAttempts && !stopped;
    options.events.failed(webhook.id, event, reason, attempts, willRetry);
    if (!willRetry) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void attempt(webhook, principal, subject, event, delivery, body, attempts + 1);
    }, Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempts - 1)));
    timer.unref();
    timers.add(timer);
  }

  return {
    stop() {
      stopped = true;
      for (const off of unsubscribe) off();
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
