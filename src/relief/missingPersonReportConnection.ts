import { Field, InputType, Int, ObjectType } from "type-graphql";
import { DateScalar } from "../context";
import { PageInfo } from "../pagination";
import { GenderEnum, MissingReportStatusEnum, type Gender, type MissingReportStatus } from "./reliefVocabulary";
import { MissingPersonReport } from "./missingPersonReportType";

@InputType({ description: "Which missing-person reports to list (寻亲登记筛选); every condition given must hold." })
export class MissingPersonReportFilter {
  @Field(() => MissingReportStatusEnum, { nullable: true, description: "Only reports in this state (状态): OPEN, FOUND or CLOSED." })
  status?: MissingReportStatus;

  @Field(() => String, {
    nullable: true,
    description: "Only reports whose person was last seen in, or whose home is in, this GB/T 2260 area; a superseded code and its successor select the same reports (地区).",
  })
  areaCode?: string;

  @Field(() => String, { nullable: true, description: "Only reports taken by this agency (登记机构)." })
  agencyId?: string;

  @Field(() => GenderEnum, { nullable: true, description: "Only this sex (性别)." })
  gender?: Gender;

  @Field(() => DateScalar, { nullable: true, description: "Last seen on or after this date (走失日期起)." })
  lastSeenFrom?: string;

  @Field(() => DateScalar, { nullable: true, description: "Last seen on or before this date (走失日期止)." })
  lastSeenTo?: string;
}

@ObjectType({ simpleResolvers: true, description: "One missing-person report in a page, with the cursor that points at it." })
export class MissingPersonReportEdge {
  @Field({ description: "Opaque cursor: pass it as `after` to continue after this report." })
  cursor!: string;

  @Field(() => MissingPersonReport, { description: "The missing-person report." })
  node!: MissingPersonReport;
}

@ObjectType({ simpleResolvers: true, description: "A page of missing-person reports, newest filed first (createdAt desc, id desc)." })
export class MissingPersonReportConnection {
  @Field(() => [MissingPersonReportEdge], { description: "The reports of this page." })
  edges!: MissingPersonReportEdge[];

  @Field(() => PageInfo, { description: "Whether and where the listing continues." })
  pageInfo!: PageInfo;

  /** Counted only when the field is asked for: a count over a large region is not free. */
  countTotal!: () => Promise<number>;

  @Field(() => Int, { description: "How many reports match the filter in all pages." })
  totalCount(): Promise<number> {
    return this.countTotal();
  }
}
