import { Resolver, Root, Subscription } from "type-graphql";
import { EventChannel, rowScopeOf, type RequestContext } from "../context";
import type { AlertEvents } from "./matchAlertService";
import { MatchAlert } from "./matchAlertTypes";

// Notifications of match alerts, without polling: every alert raised at this node (by its own
// matching or as the other province's node raised it) and every step an officer takes on one
// (here, or at the other node and mirrored here). GraphQL subscriptions (over Server-Sent
// Events, src/server/subscriptionRoute.ts) and agency webhooks (src/server/webhookDispatcher.ts)
// read them; what each carries is filtered by the policy for the subscriber, and each delivery
// is audited. A subscriber receives only the alerts of their jurisdiction: the row rule of the
// alert queue (policies/relief.yaml, entity MatchAlert, the `_or` of both sides' areas) decides
// each event, with the same condition the matchAlerts query ANDs in.

export type AlertEventKind = "raised" | "decided";

export class AlertNotifications extends EventChannel<AlertEventKind, MatchAlert> implements AlertEvents {
  /** `isWithin`: whether an alert lies inside a row rule's condition (MatchAlertService.isWithin). */
  constructor(readonly isWithin: (alertId: string, where: Record<string, unknown>) => Promise<boolean>) {
    super();
  }

  raised(alert: MatchAlert): void {
    this.emit("raised", alert);
  }

  decided(alert: MatchAlert): void {
    this.emit("decided", alert);
  }
}

/** The key every node's alert channel is attached under (one channel per node, see EventChannel.attachTo). */
export const ALERT_CHANNEL = Symbol("relief.alerts");

/**
 * A subscriber's alerts of one kind: those inside their row scope for MatchAlert (set by the
 * subscription route from the policies, as /graphql's policy stage sets it; none set: refused,
 * NO_ROW_RULE). type-graphql calls `subscribe` without the resolver, so the channel comes from the context.
 */
function alertsInScope(context: unknown, kind: AlertEventKind): AsyncIterable<MatchAlert> {
  const scope = rowScopeOf(context as RequestContext, "MatchAlert");
  const channel = (context as RequestContext).perRequest?.get(ALERT_CHANNEL) as AlertNotifications | undefined;
  if (!channel) return (async function* () {})();
  return channel.stream(kind, (alert) => channel.isWithin(alert.id, scope.where));
}

@Resolver(() => MatchAlert)
export class AlertSubscriptionResolver {
  @Subscription(() => MatchAlert, {
    description: "Each match alert raised at this node from now on — by its own matching or by the other province's node for a row held here (新预警通知).",
    subscribe: ({ context }) => alertsInScope(context, "raised"),
  })
  matchAlertRaised(@Root() alert: MatchAlert): MatchAlert {
    return alert;
  }

  @Subscription(() => MatchAlert, {
    description: "Each step taken on a match alert of this node from now on — reviewed, confirmed, rejected, here or at the other province's node (预警处理通知).",
    subscribe: ({ context }) => alertsInScope(context, "decided"),
  })
  matchAlertDecided(@Root() alert: MatchAlert): MatchAlert {
    return alert;
  }
}
