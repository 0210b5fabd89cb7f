import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import type { Region } from "../config";
import { DateTimeScalar, RegionEnum } from "../context";
import { VerificationProgramEnum } from "./verificationTypes";

export const VerificationRequestStateEnum = { REQUESTED: "REQUESTED", IN_PROGRESS: "IN_PROGRESS", COMPLETED: "COMPLETED", DECLINED: "DECLINED" } as const;
export type VerificationRequestState = keyof typeof VerificationRequestStateEnum;
registerEnumType(VerificationRequestStateEnum, {
  name: "VerificationRequestState",
  description: "State of a cross-province verification request (协查状态): requested 已申请, in progress 核查中, completed 已完成, declined 已拒绝.",
});

@ObjectType({ simpleResolvers: true, description: "A cross-province verification request (跨省协查), held by both nodes under one id." })
export class CrossRegionVerificationRequest {
  @Field(() => ID, { description: "Request id; its prefix names the requesting region." })
  id!: string;

  @Field(() => RegionEnum, { description: "The region whose node holds this copy of the request." })
  region!: Region;

  @Field(() => RegionEnum, { description: "Region that asked (申请方)." })
  requestingRegion!: Region;

  @Field(() => RegionEnum, { description: "Region asked to verify (协查方)." })
  targetRegion!: Region;

  @Field(() => String, { nullable: true, description: "Identity number of the household member to verify. Personal data." })
  subjectIdNumber!: string | null;

  @Field(() => VerificationProgramEnum, { description: "Programme the verification serves." })
  program!: keyof typeof VerificationProgramEnum;

  @Field(() => String, { nullable: true, description: "Why the verification is needed (申请理由). Personal data." })
  reason!: string | null;

  @Field({ description: "Case reference of the requesting caseworker (案卷号)." })
  caseRef!: string;

  @Field({ description: "Officer who asked." })
  requesterSub!: string;

  @Field({ description: "Agency that asked." })
  requesterAgency!: string;

  @Field(() => VerificationRequestStateEnum, { description: "Where the request stands." })
  state!: VerificationRequestState;

  @Field(() => ID, { nullable: true, description: "The target region's verification result, once completed; read it with householdVerification(id) (cross-region policy applies)." })
  resultVerificationId!: string | null;

  @Field(() => String, { nullable: true, description: "Why the request was declined." })
  declineReason!: string | null;

  @Field(() => String, { nullable: true, description: "Verification officer of the target region who handled it." })
  handledBy!: string | null;

  @Field(() => DateTimeScalar, { description: "When the request was made." })
  createdAt!: Date;

  @Field(() => DateTimeScalar, { description: "When it last changed at this node." })
  updatedAt!: Date;
}

@InputType({ description: "Ask the other province to verify a household member registered there (跨省协查申请)." })
export class VerificationRequestInput {
  @Field({ description: "Resident identity number of the member (validated, GB 11643)." })
  idNumber!: string;

  @Field(() => RegionEnum, { description: "The other province, which holds the registration." })
  targetRegion!: Region;

  @Field(() => VerificationProgramEnum, { description: "Programme the verification serves." })
  program!: keyof typeof VerificationProgramEnum;

  @Field({ description: "Why it is needed, 1–500 characters." })
  reason!: string;
}

@InputType({ description: "A request delivered by the requesting province's node (peer use only)." })
export class IncomingVerificationRequestInput {
  @Field(() => ID, { description: "Id chosen by the requesting node." })
  id!: string;

  @Field({ description: "Identity number of the member to verify." })
  idNumber!: string;

  @Field(() => VerificationProgramEnum, { description: "Programme the verification serves." })
  program!: keyof typeof VerificationProgramEnum;

  @Field({ description: "Why it is needed." })
  reason!: string;
}

@InputType({ description: "The target province's node reports a completed request (peer use only)." })
export class VerificationOutcomeInput {
  @Field(() => ID, { description: "The request id." })
  id!: string;

  @Field(() => ID, { description: "The target province's result (read it with householdVerification(id))." })
  resultVerificationId!: string;

  @Field({ description: "Who completed it at the target province." })
  handledBy!: string;
}
