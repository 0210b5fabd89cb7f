import { Ctx, Resolver, Root, Subscription } from "type-graphql";
import { EventChannel, type RequestContext } from "../context";
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
  verificationRequestReceived(@Root() request: Record<string, unknown>, @Ctx() context: RequestContext): CrossRegionVerificationRequest {
    // The person the request is about, for the audit entry of this event.
    if (typeof request.subjectIdNumber === "string") context.touchedSubjects.add(request.subjectIdNumber);
    return request as unknown as CrossRegionVerificationRequest;
  }
}
