import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { IncomeSourceEnum, ResidenceEnum, type IncomeSource, type Residence } from "../context";
import { CrossRegionVerificationRequest } from "./verificationRequestTypes";
import { AssetKindEnum, VerificationConclusionEnum, VerificationProgramEnum } from "./verificationTypes";
import { EXPENDITURE_KINDS, HOUSEHOLD_RELATIONS, VERIFICATION_DATA_SOURCES } from "./publicationRules";

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const HouseholdRelationEnum = asEnum(HOUSEHOLD_RELATIONS);
registerEnumType(HouseholdRelationEnum, {
  name: "HouseholdRelation",
  description: "Relation to the head of household (与户主关系): HEAD 户主, SPOUSE 配偶, CHILD 子女, PARENT 父母, GRANDCHILD 孙子女, SIBLING 兄弟姐妹, OTHER 其他.",
});

export const VerificationDataSourceEnum = asEnum(VERIFICATION_DATA_SOURCES);
registerEnumType(VerificationDataSourceEnum, {
  name: "VerificationDataSource",
  description:
    "Where a verified figure came from (核对数据来源): TAX 税务, SOCIAL_INSURANCE 社会保险, HOUSING_FUND 住房公积金, REAL_ESTATE 不动产, VEHICLE 车辆, VESSEL 船舶, BANK 银行, SECURITIES 证券, INTERNET_FINANCE 互联网金融, BUSINESS_REGISTRATION 市场主体登记.",
});

export const ExpenditureKindEnum = asEnum(EXPENDITURE_KINDS);
registerEnumType(ExpenditureKindEnum, {
  name: "ExpenditureKind",
  description: "A rigid expenditure (刚性支出) counted for 支出型困难: MEDICAL 医疗, EDUCATION 教育, DISABILITY 残疾康复.",
});

export const PublicationOutcomeEnum = { CREATED: "CREATED", UNCHANGED: "UNCHANGED", NEW_VERSION: "NEW_VERSION", WITHDRAWN: "WITHDRAWN" } as const;
registerEnumType(PublicationOutcomeEnum, {
  name: "PublicationOutcome",
  description:
    "What a publication did: CREATED (first version), UNCHANGED (same content under the same externalRef: nothing written), NEW_VERSION (different content: a new version superseding the last), WITHDRAWN (the current version was withdrawn).",
});

@InputType({ description: "A member of the published household (家庭成员)." })
export class PublishedMemberInput {
  @Field({ description: "Resident identity number (公民身份号码), validated (GB 11643)." })
  idNumber!: string;

  @Field({ description: "Full name (姓名), 1–50 characters." })
  name!: string;

  @Field({ description: "Date of birth, YYYY-MM-DD (出生日期); a real date between 1900 and today." })
  birthDate!: string;

  @Field(() => HouseholdRelationEnum, { description: "Relation to the head of household (与户主关系)." })
  relation!: keyof typeof HouseholdRelationEnum;

  @Field(() => Int, { nullable: true, description: "Disability grade 1–4 (残疾等级), if any." })
  disabilityGrade?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Has a serious illness (重病)." })
  seriousIllness?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "In school or preschool (在校学生)." })
  student?: boolean | null;
}

@InputType({ description: "The verified household as registered (户籍家庭)." })
export class PublishedHouseholdInput {
  @Field({ description: "GB/T 2260 code of the registration area (户籍所在地); must be a known area of this node's province." })
  areaCode!: string;

  @Field(() => ResidenceEnum, { description: "Urban or rural registration (城乡类别)." })
  residence!: Residence;

  @Field(() => String, { nullable: true, description: "Registered address (户籍地址), up to 200 characters." })
  address?: string | null;

  @Field(() => [PublishedMemberInput], { description: "Members (共同生活家庭成员): at least one, each identity number once." })
  members!: PublishedMemberInput[];
}

@InputType({ description: "A monthly income of one member from one source (收入项目)." })
export class PublishedIncomeInput {
  @Field({ description: "Identity number of the member it belongs to (one of household.members)." })
  memberIdNumber!: string;

  @Field(() => IncomeSourceEnum, { description: "Kind of income (收入来源)." })
  source!: IncomeSource;

  @Field(() => VerificationDataSourceEnum, { description: "The system the figure came from (数据来源)." })
  dataSource!: keyof typeof VerificationDataSourceEnum;

  @Field(() => Int, { description: "Monthly amount in fen (月收入, 分), ≥ 0." })
  monthlyAmountFen!: number;
}

@InputType({ description: "An asset found by verification (财产项目)." })
export class PublishedAssetInput {
  @Field(() => String, { nullable: true, description: "Identity number of the member it belongs to, if attributed." })
  memberIdNumber?: string | null;

  @Field(() => AssetKindEnum, { description: "Kind of asset (财产类别), incl. INTERNET_FINANCE and VESSEL." })
  kind!: keyof typeof AssetKindEnum;

  @Field(() => Int, { description: "Value in fen (价值, 分), ≥ 0." })
  valueFen!: number;

  @Field({ description: "Bank, insurer or registry that reported it (报送机构)." })
  institution!: string;

  @Field(() => String, { nullable: true, description: "Masked account or certificate reference as received (账户/证书号)." })
  accountRef?: string | null;
}

@InputType({ description: "A rigid expenditure (刚性支出) of one member." })
export class PublishedExpenditureInput {
  @Field({ description: "Identity number of the member it belongs to." })
  memberIdNumber!: string;

  @Field(() => ExpenditureKindEnum, { description: "Medical, education or disability (医疗/教育/残疾)." })
  kind!: keyof typeof ExpenditureKindEnum;

  @Field(() => Int, { description: "Monthly amount in fen (月支出, 分), ≥ 0; an annual figure divided by 12." })
  monthlyAmountFen!: number;
}

@InputType({ description: "A verification centre's result for one household (核对结果报送)." })
export class PublishHouseholdVerificationInput {
  @Field({ description: "The centre's report number (核对报告编号), 1–64 characters: the key of idempotent republication." })
  externalRef!: string;

  @Field(() => VerificationProgramEnum, { description: "Programme the verification served (救助项目)." })
  program!: keyof typeof VerificationProgramEnum;

  @Field(() => VerificationConclusionEnum, { description: "Conclusion (核对结论)." })
  conclusion!: keyof typeof VerificationConclusionEnum;

  @Field({ description: "Date the verification was requested, YYYY-MM-DD (申请日期)." })
  requestedOn!: string;

  @Field({ description: "When the verification was completed, RFC 3339 (核对完成时间); not in the future." })
  verifiedAt!: string;

  @Field(() => String, { nullable: true, description: "Date the household is due for its periodic re-check, YYYY-MM-DD; default by programme (see docs/data-import.md)." })
  reviewDueOn?: string | null;

  @Field(() => Int, { description: "The per-person monthly standard the conclusion was measured against, in fen (保障标准)." })
  standardFen!: number;

  @Field(() => ID, { nullable: true, description: "A cross-province request (协查) addressed to this province that this result answers; it is completed at both nodes." })
  answersRequest?: string | null;

  @Field(() => PublishedHouseholdInput, { description: "The household (被核对家庭)." })
  household!: PublishedHouseholdInput;

  @Field(() => [PublishedIncomeInput], { nullable: true, description: "Incomes per member and source." })
  incomes?: PublishedIncomeInput[] | null;

  @Field(() => [PublishedAssetInput], { nullable: true, description: "Assets by kind." })
  assets?: PublishedAssetInput[] | null;

  @Field(() => [PublishedExpenditureInput], { nullable: true, description: "Rigid expenditures (医疗/教育/残疾)." })
  expenditures?: PublishedExpenditureInput[] | null;
}

@ObjectType({ simpleResolvers: true, description: "What a publication did (报送结果)." })
export class PublishVerificationResult {
  @Field(() => PublicationOutcomeEnum, { description: "CREATED, UNCHANGED or NEW_VERSION." })
  outcome!: keyof typeof PublicationOutcomeEnum;

  @Field(() => ID, { description: "Id of the current version of the result." })
  verificationId!: string;

  @Field({ description: "The report number (externalRef)." })
  externalRef!: string;

  @Field(() => Int, { description: "Version number of the current version (1, 2, …)." })
  version!: number;

  @Field(() => ID, { nullable: true, description: "The version this publication superseded (NEW_VERSION only)." })
  supersededId!: string | null;

  @Field(() => CrossRegionVerificationRequest, { nullable: true, description: "The 协查 request this result completed, if answersRequest was given." })
  answeredRequest!: CrossRegionVerificationRequest | null;

}
