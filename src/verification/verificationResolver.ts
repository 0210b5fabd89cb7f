import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Info, InputType, Field, Int, Query, Resolver, Root } from "type-graphql";
import { isRegion, type Region } from "../config";
import { DateScalar, RegionEnum, type RequestContext } from "../context";
import { badUserInput } from "../errors";
import { parseIdentityNumber } from "../identity";
import { selectionLookahead } from "../operation";
import { pageSize } from "../pagination";
import {
  AgencyRef,
  AssetItem,
  ExpenditureItem,
  Household,
  HouseholdMember,
  HouseholdVerification,
  HouseholdVerificationChange,
  HouseholdVerificationChangeConnection,
  HouseholdVerificationConnection,
  IncomeItem,
  VerificationConclusionEnum,
  VerificationProgramEnum,
  ReviewStatusEnum,
} from "./verificationTypes";
import { chinaDateOf } from "./publicationRules";
import { isKnownAreaCode, regionOfArea } from "../areas";
import { reviewStatusOf, type ReviewStatus } from "./reviewIntervals";
import { relationsAskedFor, type VerificationService } from "./verificationService";

@InputType({ description: "Filter for verification results held by this node (核对结果筛选)." })
export class VerificationFilterInput {
  @Field(() => String, { nullable: true, description: "GB/T 2260 registration area code." })
  areaCode?: string | null;

  @Field(() => VerificationConclusionEnum, { nullable: true, description: "Conclusion (核对结论)." })
  conclusion?: keyof typeof VerificationConclusionEnum | null;

  @Field(() => VerificationProgramEnum, { nullable: true, description: "Programme (救助项目)." })
  program?: keyof typeof VerificationProgramEnum | null;

  @Field(() => DateScalar, { nullable: true, description: "Reports issued on or after this date." })
  completedFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Reports issued on or before this date." })
  completedTo?: string | null;
}

/** Home-region resolution of ids: the prefix (CQ-/SC-) names the node that holds the record. */
export function regionOfRecordId(id: string): Region | undefined {
  const tag = id.slice(0, 2);
  const region = tag === "CQ" ? "CHONGQING" : tag === "SC" ? "SICHUAN" : undefined;
  return isRegion(region) ? region : undefined;
}

@Resolver(() => HouseholdVerification)
export class HouseholdVerificationResolver {
  constructor(private readonly service: VerificationService) {}

  @Query(() => HouseholdVerification, { nullable: true, description: "One verification result by id (按编号查询核对结果)." })
  async householdVerification(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext, @Info() info: GraphQLResolveInfo): Promise<HouseholdVerification | null> {
    return (await this.service.findById(id, relationsAskedFor(selectionLookahead(info)), context)) as HouseholdVerification | null;
  }

  @Query(() => [HouseholdVerification], {
    description: "Verification results of every household a person belongs to, newest first (按身份证号查询核对结果).",
  })
  async verificationsByIdNumber(
    @Arg("idNumber", () => String, { description: "Resident identity number (公民身份号码), validated (GB 11643)." }) idNumber: string,
    @Ctx() context: RequestContext,
    @Arg("regions", () => [RegionEnum], { nullable: true, description: "Regions to ask; default the home region." }) _regions?: Region[] | null,
  ): Promise<HouseholdVerification[]> {
    const parsed = parseIdentityNumber(idNumber);
    if (!parsed.ok) throw badUserInput("idNumber", `${parsed.problem}: ${parsed.message}`);
    return (await this.service.findByIdNumber(parsed.value, context)) as HouseholdVerification[];
  }

  @Query(() => HouseholdVerificationConnection, { description: "A page of this node's verification results (核对结果列表)." })
  async householdVerifications(
    @Arg("filter", () => VerificationFilterInput) filter: VerificationFilterInput,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 1–MAX_PAGE_SIZE (100 unless configured; default 20)." }) first: number | null | undefined,
    @Arg("after", () => String, { nullable: true, description: "Cursor from the previous page." }) after: string | null | undefined,
    @Ctx() context: RequestContext,
  ): Promise<HouseholdVerificationConnection> {
    return (await this.service.list(filter, pageSize(first, this.service.maxPageSize), context, after ?? undefined)) as HouseholdVerificationConnection;
  }

  @Query(() => HouseholdVerificationConnection, {
    description: "Current results of an area of this node's province due for their periodic re-check (定期核查) before a date, soonest first.",
  })
  async verificationsDueForReview(
    @Arg("areaCode", () => String, { description: "GB/T 2260 registration area code of this node's province." }) areaCode: string,
    @Arg("dueBefore", () => DateScalar, { description: "Results whose reviewDueOn is before this date." }) dueBefore: string,
    @Ctx() context: RequestContext,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 1–MAX_PAGE_SIZE (default 20)." }) first?: number | null,
    @Arg("after", () => String, { nullable: true, description: "Cursor from the previous page." }) after?: string | null,
  ): Promise<HouseholdVerificationConnection> {
    if (!isKnownAreaCode(areaCode)) throw badUserInput("areaCode", `unknown area ${areaCode}`);
    if (regionOfArea(areaCode) !== this.service.homeRegion) throw badUserInput("areaCode", `area ${areaCode} is not in ${this.service.homeRegion}: ask that province's node`);
    return (await this.service.dueForReview(areaCode, dueBefore, pageSize(first, this.service.maxPageSize), context, after ?? undefined)) as HouseholdVerificationConnection;
  }

  // The field resolvers take the root's columns they need (@Root("householdId")), not the row:
  // type-graphql copies a plain row into a new class instance for @Root() on every call, which was
  // ~5 % of a node's CPU in the policy-cost profile (1,000-row pages: one copy per row and field).
  @FieldResolver(() => Household, { nullable: true })
  household(@Root("householdId") householdId: string, @Ctx() context: RequestContext) {
    return this.service.loaders(context).household.load(householdId);
  }

  @FieldResolver(() => AgencyRef, { nullable: true })
  agency(@Root("agencyId") agencyId: string, @Ctx() context: RequestContext) {
    return this.service.loaders(context).agency.load(agencyId);
  }

  @FieldResolver(() => [IncomeItem], { nullable: true })
  incomes(@Root("id") verificationId: string, @Ctx() context: RequestContext) {
    return this.service.loaders(context).incomesOfVerification.load(verificationId);
  }

  @FieldResolver(() => [AssetItem], { nullable: true })
  assets(@Root("id") verificationId: string, @Ctx() context: RequestContext) {
    return this.service.loaders(context).assetsOfVerification.load(verificationId);
  }

  @FieldResolver(() => [ExpenditureItem], { nullable: true })
  expenditures(@Root("id") verificationId: string, @Ctx() context: RequestContext) {
    return this.service.loaders(context).expendituresOfVerification.load(verificationId);
  }

  @FieldResolver(() => ReviewStatusEnum, { description: "DUE once reviewDueOn is reached (China Standard Time); NOT_SCHEDULED without a due date." })
  reviewStatus(@Root("reviewDueOn") reviewDueOn: string | null | undefined): ReviewStatus {
    return reviewStatusOf(reviewDueOn ?? null, chinaDateOf(new Date()));
  }

  @FieldResolver(() => Boolean, { description: "Whether this is the current version of its report (no later version superseded it)." })
  current(@Root("supersededById") supersededById: string | null | undefined): boolean {
    return !supersededById;
  }

  @FieldResolver(() => [HouseholdVerification], { description: "Every version of this report, oldest first (history is never rewritten)." })
  async versions(@Root("reportNumber") reportNumber: string): Promise<HouseholdVerification[]> {
    return (await this.service.versionsOf(reportNumber)) as HouseholdVerification[];
  }

  @FieldResolver(() => HouseholdVerification, { nullable: true, description: "One version of this report by number (1 = as first published)." })
  async reportVersion(@Root("reportNumber") reportNumber: string, @Arg("number", () => Int) number: number): Promise<HouseholdVerification | null> {
    return (await this.service.versionOf(reportNumber, number)) as HouseholdVerification | null;
  }
}

@Resolver(() => Household)
export class HouseholdResolver {
  constructor(private readonly service: VerificationService) {}

  @FieldResolver(() => [HouseholdMember], { nullable: true })
  members(@Root("id") householdId: string, @Ctx() context: RequestContext) {
    return this.service.loaders(context).membersOfHousehold.load(householdId);
  }
}

@Resolver(() => HouseholdVerificationChange)
export class VerificationChangeResolver {
  constructor(private readonly service: VerificationService) {}

  @Query(() => HouseholdVerificationChangeConnection, {
    description: "The feed of new, superseded and withdrawn results at this node, oldest first, for partner systems that keep a copy in sync (变更订阅).",
  })
  async householdVerificationChanges(
    @Arg("after", () => String, { nullable: true, description: "Cursor from the previous page (endCursor); none to start from the beginning." }) after?: string | null,
    @Arg("first", () => Int, { nullable: true, description: "Page size, 1–MAX_PAGE_SIZE (default 20)." }) first?: number | null,
  ): Promise<HouseholdVerificationChangeConnection> {
    return (await this.service.changes(pageSize(first, this.service.maxPageSize), after ?? undefined)) as HouseholdVerificationChangeConnection;
  }

  @FieldResolver(() => HouseholdVerification, { nullable: true })
  verification(@Root() change: HouseholdVerificationChange, @Ctx() context: RequestContext) {
    return this.service.changedVerification(change.verificationId, context);
  }
}
