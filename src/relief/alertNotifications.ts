import { Resolver, Root, Subscription } from "type-graphql";
import { EventChannel } from "../context";
import type { AlertEvents } from "./matchAlertService";
import { MatchAlert } from "./matchAlertTypes";

// Notifications of match alerts, without polling: every alert raised at this node (by its own
// matching or as the other province's node raised it) and every step an officer takes on one
// (here, or at the other node and mirrored here). GraphQL subscriptions (over Server-Sent
// Events, src/server/subscriptionRoute.ts) and agency webhooks (src/server/webhookDispatcher.ts)
// read them; what each carries is filtered by the policy for the subscriber, and each delivery
// is audited.

export type AlertEventKind = "raised" | "decided";

export class AlertNotifications extends EventChannel<AlertEventKind, MatchAlert> implements AlertEvents {
  raised(alert: MatchAlert): void {
    this.emit("raised", alert);
  }

  decided(alert: MatchAlert): void {
    this.emit("decided", alert);
  }
}

/** The key every node's alert channel is attached under (one channel per node, see EventChannel.attachTo). */
export const ALERT_CHANNEL = Symbol("relief.alerts");

@Resolver(() => MatchAlert)
export class AlertSubscriptionResolver {
  @Subscription(() => MatchAlert, {
    description: "Each match alert raised at this node from now on — by its own matching or by the other province's node for a row held here (新预警通知).",
    subscribe: ({ context }) => EventChannel.streamIn<AlertEventKind, MatchAlert>(context, ALERT_CHANNEL, "raised"),
  })
  matchAlertRaised(@Root() alert: MatchAlert): MatchAlert {
    return alert;
  }

  @Subscription(() => MatchAlert, {
    description: "Each step taken on a match alert of this node from now on — reviewed, confirmed, rejected, here or at the other province's node (预警处理通知).",
    subscribe: ({ context }) => EventChannel.streamIn<AlertEventKind, MatchAlert>(context, ALERT_CHANNEL, "decided"),
  })
  matchAlertDecided(@Root() alert: MatchAlert): MatchAlert {
    return alert;
  }
}
