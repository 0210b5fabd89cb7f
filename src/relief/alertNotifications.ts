import { EventEmitter, on } from "node:events";
import { Resolver, Root, Subscription } from "type-graphql";
import type { RequestContext } from "../context";
import type { AlertEvents } from "./matchAlertService";
import { MatchAlert } from "./matchAlertTypes";

// Notifications of match alerts, without polling: every alert raised at this node (by its own
// matching or as the other province's node raised it) and every step an officer takes on one
// (here, or at the other node and mirrored here), as events in this process. GraphQL
// subscriptions (over Server-Sent Events, src/server/subscriptionRoute.ts) and agency webhooks
// (src/server/webhookDispatcher.ts) read them; what each carries is filtered by the policy for
// the subscriber, like any answer, and each delivery is audited.
//
// One process only: a deployment of several gateway processes over one database notifies the
// subscribers of the process that made (or received) the change. Node's EventEmitter with
// events.on() is the whole mechanism: an async iterator per subscriber, ended by its signal.

export type AlertEventKind = "raised" | "decided";

export class AlertNotifications implements AlertEvents {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    // One listener per open subscription; the default warning at 10 would fire on a busy console.
    this.emitter.setMaxListeners(0);
  }

  raised(alert: MatchAlert): void {
    this.emitter.emit("raised", alert);
  }

  decided(alert: MatchAlert): void {
    this.emitter.emit("decided", alert);
  }

  /** Listens for one kind of event (webhooks). */
  listen(kind: AlertEventKind, listener: (alert: MatchAlert) => void): () => void {
    this.emitter.on(kind, listener);
    return () => this.emitter.off(kind, listener);
  }

  /** The events of one kind from now on, until the consumer stops iterating (a subscription). */
  async *stream(kind: AlertEventKind): AsyncGenerator<MatchAlert> {
    const stop = new AbortController();
    try {
      for await (const [alert] of on(this.emitter, kind, { signal: stop.signal })) yield alert as MatchAlert;
    } finally {
      stop.abort();
    }
  }
}

/** Where a subscription's context holds this node's notifications (set by DomainModule.subscriptionContext). */
export const ALERT_NOTIFICATIONS = Symbol("relief.alertNotifications");

/**
 * The events a subscription reads. type-graphql calls `subscribe` without the resolver instance,
 * so the node's notifications travel in the subscription's context (two nodes can share a
 * process: tests, the embedded default), put there by the module for each subscription.
 */
function streamOf(context: unknown, kind: AlertEventKind): AsyncIterable<MatchAlert> {
  const notifications = (context as RequestContext).perRequest?.get(ALERT_NOTIFICATIONS) as AlertNotifications | undefined;
  return notifications ? notifications.stream(kind) : emptyStream();
}

@Resolver(() => MatchAlert)
export class AlertSubscriptionResolver {
  @Subscription(() => MatchAlert, {
    description: "Each match alert raised at this node from now on — by its own matching or by the other province's node for a row held here (新预警通知).",
    subscribe: ({ context }) => streamOf(context, "raised"),
  })
  matchAlertRaised(@Root() alert: MatchAlert): MatchAlert {
    return alert;
  }

  @Subscription(() => MatchAlert, {
    description: "Each step taken on a match alert of this node from now on — reviewed, confirmed, rejected, here or at the other province's node (预警处理通知).",
    subscribe: ({ context }) => streamOf(context, "decided"),
  })
  matchAlertDecided(@Root() alert: MatchAlert): MatchAlert {
    return alert;
  }
}

async function* emptyStream(): AsyncGenerator<never> {}
