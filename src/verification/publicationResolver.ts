import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../context";
import { PublishHouseholdVerificationInput, PublishVerificationResult } from "./publicationTypes";
import type { PublicationService } from "./publicationService";

@Resolver(() => PublishVerificationResult)
export class PublicationResolver {
  constructor(private readonly service: PublicationService) {}

  @Mutation(() => PublishVerificationResult, {
    description:
      "A verification centre's system publishes a result for its own province (核对结果报送). Idempotent per externalRef: the same content again changes nothing; different content adds a version that supersedes the last.",
  })
  async publishHouseholdVerification(@Arg("input", () => PublishHouseholdVerificationInput) input: PublishHouseholdVerificationInput, @Ctx() context: RequestContext): Promise<PublishVerificationResult> {
    return (await this.service.publish(input, context)) as PublishVerificationResult;
  }

  @Mutation(() => PublishVerificationResult, { description: "The centre withdraws its current result under a report number (核对结果撤回); the version stays readable, marked withdrawn." })
  async withdrawHouseholdVerification(
    @Arg("externalRef", () => String, { description: "The centre's report number." }) externalRef: string,
    @Arg("reason", () => String, { description: "Why, 1–500 characters." }) reason: string,
    @Ctx() context: RequestContext,
  ): Promise<PublishVerificationResult> {
    return (await this.service.withdraw(externalRef, reason, context)) as PublishVerificationResult;
  }
}
