import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, DateTimeScalar, GenderEnum, IncomeSourceEnum, RegionEnum, ResidenceEnum, type Gender, type IncomeSource, type Residence } from "../context";
import type { Region } from "../config";
import { PageInfo } from "../pagination";

export const VerificationProgramEnum = { MLG: "MLG", SPECIAL_HARDSHIP: "SPECIAL_HARDSHIP", TEMP_ASSISTANCE: "TEMP_ASSISTANCE", LOW_INCOME: "LOW_INCOME" } as const;
registerEnumType(VerificationProgramEnum, {
  name: "VerificationProgram",
  description: "The assistance programme a verification served: 低保 (MLG), 特困 (SPECIAL_HARDSHIP), 临时救助 (TEMP_ASSISTANCE), 低收入 (LOW_INCOME).",
});

export const VerificationConclusionEnum = { ELIGIBLE: "ELIGIBLE", INELIGIBLE: "INELIGIBLE", NEEDS_REVIEW: "NEEDS_REVIEW" } as const;
registerEnumType(VerificationConclusionEnum, {
  name: "VerificationConclusion",
  description: "The verification centre's conclusion (核对结论): within the standard, above it, or flagged for a home re-check (预警复核).",
});

export const AssetKindEnum = {
  BANK_DEPOSIT: "BANK_DEPOSIT",
  SECURITIES: "SECURITIES",
  INSURANCE: "INSURANCE",
  REAL_ESTATE: "REAL_ESTATE",
  VEHICLE: "VEHICLE",
  BUSINESS_EQUITY: "BUSINESS_EQUITY",
  HOUSING_FUND: "HOUSING_FUND",
  INTERNET_FINANCE: "INTERNET_FINANCE",
  VESSEL: "VESSEL",
} as const;
registerEnumType(AssetKindEnum, { name: "AssetKind", description: "Kind of asset found by verification (财产类别)." });

@ObjectType({ simpleResolvers: true, description: "The agency that produced or holds a record (机构)." })
export class AgencyRef {
  @Field(() => ID, { description: "Agency id." })
  id!: string;

  @Field({ description: "Agency name (机构名称)." })
  name!: string;

  @Field(() => RegionEnum, { description: "Region the agency belongs to." })
  region!: Region;
}

@ObjectType({ simpleResolvers: true, description: "A member of a verified household (家庭成员)." })
export class HouseholdMember {
  @Field(() => ID, { description: "Member id." })
  id!: string;

  @Field(() => String, { nullable: true, description: "Full name (姓名). Personal data." })
  name!: string | null;

  @Field(() => String, { nullable: true, description: "Resident identity number (公民身份号码). Personal data." })
  idNumber!: string | null;

  @Field(() => GenderEnum, { nullable: true, description: "Gender (性别)." })
  gender!: Gender | null;

  @Field(() => DateScalar, { nullable: true, description: "Date of birth (出生日期). Personal data." })
  birthDate!: string | null;

  @Field(() => String, { nullable: true, description: "Relation to the head of household (与户主关系): HEAD, SPOUSE, CHILD, PARENT, …" })
  relation!: string | null;

  @Field(() => Int, { nullable: true, description: "Disability grade 1–4 (残疾等级). PIPL sensitive (health)." })
  disabilityGrade!: number | null;

  @Field(() => Boolean, { nullable: true, description: "Has a serious illness (重病). PIPL sensitive (health)." })
  seriousIllness!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "In school or preschool (在校学生)." })
  student!: boolean | null;
}

@ObjectType({ simpleResolvers: true, description: "A household as registered (户籍家庭)." })
export class Household {
  @Field(() => ID, { description: "Household id." })
  id!: string;

  @Field(() => RegionEnum, { description: "Region of household registration (户籍所在地), the data's home region." })
  region!: Region;

  @Field({ description: "GB/T 2260 code of the registration area." })
  areaCode!: string;

  @Field(() => ResidenceEnum, { nullable: true, description: "Urban or rural registration (城乡类别)." })
  residence!: Residence | null;

  @Field(() => String, { nullable: true, description: "Registered address (户籍地址). Personal data." })
  address!: string | null;

  @Field(() => [HouseholdMember], { nullable: true, description: "Members of the household (家庭成员)." })
  members?: HouseholdMember[] | null;
}

@ObjectType({ simpleResolvers: true, description: "A monthly income found by verification (收入项目)." })
export class IncomeItem {
  @Field(() => ID, { description: "Income item id." })
  id!: string;

  @Field(() => ID, { nullable: true, description: "The member the income belongs to, if attributed." })
  memberId!: string | null;

  @Field(() => IncomeSourceEnum, { nullable: true, description: "Source of the income (收入来源)." })
  source!: IncomeSource | null;

  @Field(() => Int, { nullable: true, description: "Monthly amount in fen (月收入, 分). Financial information." })
  monthlyAmountFen!: number | null;

  @Field(() => String, { nullable: true, description: "Data source the figure came from (数据来源: 税务, 社保, 公积金, declared …)." })
  dataSource!: string | null;
}

@ObjectType({ simpleResolvers: true, description: "An asset found by verification (财产项目)." })
export class AssetItem {
  @Field(() => ID, { description: "Asset item id." })
  id!: string;

  @Field(() => ID, { nullable: true, description: "The member the asset belongs to, if attributed." })
  memberId!: string | null;

  @Field(() => AssetKindEnum, { nullable: true, description: "Kind of asset (财产类别). PIPL sensitive (financial)." })
  kind!: keyof typeof AssetKindEnum | null;

  @Field(() => Int, { nullable: true, description: "Value in fen (价值, 分). PIPL sensitive (financial)." })
  valueFen!: number | null;

  @Field(() => String, { nullable: true, description: "Bank, insurer or registry that reported it (报送机构). PIPL sensitive (financial account)." })
  institution!: string | null;

  @Field(() => String, { nullable: true, description: "Account or certificate reference as received (账户/证书号). PIPL sensitive (financial account)." })
  accountRef!: string | null;
}

export const ReviewStatusEnum = { NOT_SCHEDULED: "NOT_SCHEDULED", SCHEDULED: "SCHEDULED", DUE: "DUE" } as const;
registerEnumType(ReviewStatusEnum, {
  name: "ReviewStatus",
  description: "Periodic re-check (定期核查) of a result: NOT_SCHEDULED (no due date), SCHEDULED (due later), DUE (its reviewDueOn has been reached, China Standard Time).",
});

@ObjectType({ simpleResolvers: true, description: "A rigid expenditure counted by verification (刚性支出)." })
export class ExpenditureItem {
  @Field(() => ID, { description: "Expenditure item id." })
  id!: string;

  @Field(() => ID, { nullable: true, description: "The member it belongs to, if attributed." })
  memberId!: string | null;

  @Field(() => String, { nullable: true, description: "MEDICAL, EDUCATION or DISABILITY (医疗/教育/残疾). PIPL sensitive (health)." })
  kind!: string | null;

  @Field(() => Int, { nullable: true, description: "Monthly amount in fen (月支出, 分). Financial information." })
  monthlyAmountFen!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "A household economic-status verification result (社会救助家庭经济状况核对结果)." })
export class HouseholdVerification {
  @Field(() => ID, { description: "Verification id; its prefix names the region that holds it (CQ- or SC-)." })
  id!: string;

  @Field(() => RegionEnum, { description: "Region whose verification centre produced the result." })
  region!: Region;

  @Field({ description: "GB/T 2260 code of the household's registration area." })
  areaCode!: string;

  @Field(() => VerificationProgramEnum, { description: "Programme the verification served (救助项目)." })
  program!: keyof typeof VerificationProgramEnum;

  @Field(() => VerificationConclusionEnum, { nullable: true, description: "Conclusion (核对结论)." })
  conclusion!: keyof typeof VerificationConclusionEnum | null;

  @Field(() => DateScalar, { description: "Date the verification was requested (申请日期)." })
  requestedOn!: string;

  @Field(() => DateScalar, { description: "Date the report was issued (出具报告日期)." })
  completedOn!: string;

  @Field({ description: "Report number (核对报告编号): the publishing centre's externalRef." })
  reportNumber!: string;

  @Field(() => Int, { description: "Version of the report under its number (1, 2, …); a republication with different content adds one." })
  version!: number;

  @Field(() => ID, { nullable: true, description: "The version that superseded this one, if any (the content of a version is never changed)." })
  supersededById!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the centre withdrew this result (撤回), if it did; its content stays readable." })
  withdrawnAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Why the centre withdrew it. Personal data (free text)." })
  withdrawalReason!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the centre completed the verification (核对完成时间)." })
  verifiedAt!: Date | null;

  @Field(() => DateScalar, { nullable: true, description: "When the household is due for its periodic re-check (复核到期日)." })
  reviewDueOn!: string | null;

  @Field(() => Int, { description: "Members counted in the household (共同生活家庭成员人数)." })
  memberCount!: number;

  @Field(() => Int, { nullable: true, description: "Total monthly income in fen (家庭月收入, 分). Financial information." })
  totalMonthlyIncomeFen!: number | null;

  @Field(() => Int, { nullable: true, description: "Per-capita monthly income in fen (人均月收入, 分)." })
  perCapitaIncomeFen!: number | null;

  @Field(() => Int, { nullable: true, description: "Total assets in fen (家庭财产总额, 分). PIPL sensitive (financial)." })
  totalAssetsFen!: number | null;

  @Field(() => Int, { description: "The per-person monthly standard the conclusion was measured against, in fen (保障标准)." })
  standardFen!: number;

  @Field(() => AgencyRef, { nullable: true, description: "The verification centre that issued the report (核对机构)." })
  agency?: AgencyRef | null;

  @Field(() => Household, { nullable: true, description: "The verified household (被核对家庭)." })
  household?: Household | null;

  @Field(() => [IncomeItem], { nullable: true, description: "Income items found (收入明细)." })
  incomes?: IncomeItem[] | null;

  @Field(() => [AssetItem], { nullable: true, description: "Asset items found (财产明细)." })
  assets?: AssetItem[] | null;

  @Field(() => [ExpenditureItem], { nullable: true, description: "Rigid expenditures counted (刚性支出明细)." })
  expenditures?: ExpenditureItem[] | null;

  /** Not a field: used by field resolvers. */
  householdId!: string;
  agencyId!: string;
}

@ObjectType({ simpleResolvers: true, description: "An edge in a verification connection." })
export class HouseholdVerificationEdge {
  @Field({ description: "Opaque cursor of this edge." })
  cursor!: string;

  @Field(() => HouseholdVerification, { description: "The verification." })
  node!: HouseholdVerification;
}

@ObjectType({ simpleResolvers: true, description: "A page of verification results (核对结果分页)." })
export class HouseholdVerificationConnection {
  @Field(() => [HouseholdVerificationEdge], { description: "Edges of this page." })
  edges!: HouseholdVerificationEdge[];

  @Field(() => PageInfo, { description: "Paging information." })
  pageInfo!: PageInfo;
}

export const VerificationChangeKindEnum = { NEW: "NEW", SUPERSEDED: "SUPERSEDED", WITHDRAWN: "WITHDRAWN" } as const;
registerEnumType(VerificationChangeKindEnum, {
  name: "VerificationChangeKind",
  description: "What happened to a result: NEW (a version published), SUPERSEDED (a later version replaced it), WITHDRAWN (the centre withdrew it).",
});

@ObjectType({ simpleResolvers: true, description: "One change to this node's verification results, in the order they happened (变更记录)." })
export class HouseholdVerificationChange {
  @Field(() => Int, { description: "Position in the feed (increasing)." })
  sequence!: number;

  @Field(() => VerificationChangeKindEnum, { description: "NEW, SUPERSEDED or WITHDRAWN." })
  kind!: keyof typeof VerificationChangeKindEnum;

  @Field(() => ID, { description: "The version the change is about." })
  verificationId!: string;

  @Field({ description: "Its report number (externalRef)." })
  reportNumber!: string;

  @Field(() => Int, { description: "Its version number." })
  version!: number;

  @Field(() => DateTimeScalar, { description: "When the change was recorded." })
  changedAt!: Date;

  @Field(() => HouseholdVerification, { nullable: true, description: "The version itself, under the caller's policy." })
  verification?: HouseholdVerification | null;
}

@ObjectType({ simpleResolvers: true, description: "An edge of the change feed." })
export class HouseholdVerificationChangeEdge {
  @Field({ description: "Opaque cursor of this edge." })
  cursor!: string;

  @Field(() => HouseholdVerificationChange, { description: "The change." })
  node!: HouseholdVerificationChange;
}

@ObjectType({ simpleResolvers: true, description: "A page of the change feed (核对结果变更)." })
export class HouseholdVerificationChangeConnection {
  @Field(() => [HouseholdVerificationChangeEdge], { description: "Edges of this page, oldest first." })
  edges!: HouseholdVerificationChangeEdge[];

  @Field(() => PageInfo, { description: "Paging information; endCursor is where to continue (also when there is no next page yet)." })
  pageInfo!: PageInfo;
}
