import { Resolver, Root, Subscription } from "type-graphql";
import { EventChannel } from "../context";
import { CrossRegionVerificationRequest } from "./verificationRequestTypes";

// Incoming 协查 requests without polling: each request the other province's node delivers here
// is an event for subscriptions (src/server/subscriptionRoute.ts) and webhooks
// (src/server/webhookDispatcher.ts), filtered by the policy for the subscriber and audited.

export type VerificationRequestEventKind = "received";
export class VerificationRequestNotifications extends EventChannel<VerificationRequestEventKind, Record<string, unknown>> {}
export const VERIFICATION_REQUEST_CHANNEL = Symbol("verification.requests");

@Resolver(() => CrossRegionVerificationRequest)
export class VerificationRequestSubscriptionResolver {
  @Subscription(() => CrossRegionVerificationRequest, {
    description: "Each cross-province verification request the other province's node delivers here from now on (协查请求通知).",
    subscribe: ({ context }) => EventChannel.streamIn<VerificationRequestEventKind, Record<string, unknown>>(context, VERIFICATION_REQUEST_CHANNEL, "received"),
  })
  verificationRequestReceived(@Root() request: Record<string, unknown>): CrossRegionVerificationRequest {
    // The person the request is about is noted by the event stream (EventChannel.stream) for this event's audit entry.
    return request as unknown as CrossRegionVerificationRequest;
  }
}
