import { Field, InputType, Int, ObjectType } from "type-graphql";
import { DateScalar, RegionEnum } from "../context";
import type { Region } from "../config";
import { GenderEnum, IdentityStatusEnum, ReliefDispositionEnum, type Gender, type IdentityStatus, type ReliefDisposition } from "./reliefVocabulary";
import { PageInfo } from "../pagination";
import { ReliefRecord } from "./reliefRecordType";

@InputType({ description: "Which relief records to list (救助记录筛选); every condition given must hold." })
export class ReliefFilter {
  @Field(() => RegionEnum, { nullable: true, description: "Only records held by this province (省份)." })
  region?: Region;

  @Field(() => String, { nullable: true, description: "Only records found in this GB/T 2260 area; a superseded code and its successor select the same records (发现地)." })
  foundAreaCode?: string;

  @Field(() => DateScalar, { nullable: true, description: "Found on or after this date (发现日期起)." })
  foundFrom?: string;

  @Field(() => DateScalar, { nullable: true, description: "Found on or before this date (发现日期止)." })
  foundTo?: string;

  @Field(() => GenderEnum, { nullable: true, description: "Only this sex (性别)." })
  gender?: Gender;

  @Field(() => IdentityStatusEnum, { nullable: true, description: "Only this identity status (身份状态)." })
  identityStatus?: IdentityStatus;

  @Field(() => ReliefDispositionEnum, { nullable: true, description: "Only this disposition (去向)." })
  disposition?: ReliefDisposition;

  @Field(() => String, { nullable: true, description: "Only records of this relief station (救助管理站)." })
  stationId?: string;
}

@ObjectType({ simpleResolvers: true, description: "One relief record in a page, with the cursor that points at it." })
export class ReliefRecordEdge {
  @Field({ description: "Opaque cursor: pass it as `after` to continue after this record." })
  cursor!: string;

  @Field(() => ReliefRecord, { description: "The relief record." })
  node!: ReliefRecord;
}

@ObjectType({ simpleResolvers: true, description: "A page of relief records, newest found first (foundOn desc, id desc)." })
export class ReliefRecordConnection {
  @Field(() => [ReliefRecordEdge], { description: "The records of this page." })
  edges!: ReliefRecordEdge[];

  @Field(() => PageInfo, { description: "Whether and where the listing continues." })
  pageInfo!: PageInfo;

  /** Counted only when the field is asked for: a count over a large region is not free. */
  countTotal!: () => Promise<number>;

  @Field(() => Int, { description: "How many records match the filter in all pages." })
  totalCount(): Promise<number> {
    return this.countTotal();
  }
}
