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
}
