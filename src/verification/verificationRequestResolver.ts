import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../context";
import {
  CrossRegionVerificationRequest,
  IncomingVerificationRequestInput,
  VerificationRequestInput,
  VerificationOutcomeInput,
  VerificationRequestStateEnum,
  type VerificationRequestState,
} from "./verificationRequestTypes";
import type { VerificationRequestService } from "./verificationRequestService";

@Resolver(() => CrossRegionVerificationRequest)
export class VerificationRequestResolver {
  constructor(private readonly service: VerificationRequestService) {}

  @Mutation(() => CrossRegionVerificationRequest, { description: "Ask the other province to verify a household member registered there (跨省协查). Stored at both nodes, or at neither." })
  requestVerification(@Arg("input", () => VerificationRequestInput) input: VerificationRequestInput, @Ctx() context: RequestContext) {
    return this.service.request(input, context);
  }

  @Mutation(() => CrossRegionVerificationRequest, { description: "Peer use only: the requesting node delivers a request to this node." })
  acceptVerificationRequest(@Arg("input", () => IncomingVerificationRequestInput) input: IncomingVerificationRequestInput, @Ctx() context: RequestContext) {
    return this.service.accept(input, context);
  }

  @Mutation(() => CrossRegionVerificationRequest, { description: "Peer use only: the target province's node reports that a request it received was completed." })
  recordVerificationOutcome(@Arg("input", () => VerificationOutcomeInput) input: VerificationOutcomeInput, @Ctx() context: RequestContext) {
    return this.service.recordOutcome(input, context);
  }

  @Mutation(() => CrossRegionVerificationRequest, { description: "The target province's verification officer moves a request forward: IN_PROGRESS, COMPLETED (with the result) or DECLINED (with a reason)." })
  updateVerificationRequest(
    @Arg("id", () => ID) id: string,
    @Arg("state", () => VerificationRequestStateEnum) state: VerificationRequestState,
    @Ctx() context: RequestContext,
    @Arg("resultVerificationId", () => ID, { nullable: true, description: "Required for COMPLETED." }) resultVerificationId?: string | null,
    @Arg("declineReason", () => String, { nullable: true, description: "Required for DECLINED." }) declineReason?: string | null,
  ) {
    return this.service.update(id, { state, resultVerificationId, declineReason }, context);
  }

  @Query(() => CrossRegionVerificationRequest, { nullable: true, description: "One cross-province request; the requesting node refreshes its state from the target node." })
  verificationRequest(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext) {
    return this.service.get(id, context);
  }

  @Query(() => [CrossRegionVerificationRequest], { description: "Requests made by, or addressed to, your region (newest 100)." })
  verificationRequests(@Ctx() context: RequestContext, @Arg("state", () => VerificationRequestStateEnum, { nullable: true }) state?: VerificationRequestState | null) {
    return this.service.list(state, context);
  }
}
