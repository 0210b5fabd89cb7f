import { Field, ID, Int, ObjectType } from "type-graphql";
import { reliefRecordIsMinor } from "./minorAge";
import { DateScalar, DateTimeScalar, RegionEnum } from "../context";
import type { Region } from "../config";
import {
  GenderEnum,
  IdentityStatusEnum,
  ReliefDispositionEnum,
  splitTokens,
  type Gender,
  type IdentityStatus,
  type ReliefDisposition,
} from "./reliefVocabulary";
import { noticeDueAt } from "./noticeDeadline";
import type { ReliefRecordRow } from "./reliefRows";

// Personal-data fields are nullable: the policy engine nulls the ones a caller may not see.
@ObjectType({
  simpleResolvers: true,
  description:
    "A person taken in by a relief station (流浪乞讨人员救助登记), as registered and published in a 寻亲 notice. " +
    "The face-photo embedding itself is never exposed.",
})
export class ReliefRecord {
  @Field(() => ID, { description: "Record id, region tag first, e.g. `CQ-RR-00000001` (救助记录编号)." })
  id!: string;

  @Field(() => RegionEnum, { description: "Province whose relief station holds the record (所属省份)." })
  region!: Region;

  @Field({ description: "Id of the relief station that registered the person (救助管理站)." })
  stationId!: string;

  @Field(() => String, { nullable: true, description: "Name as the person gave it — possibly partial, a nickname or written as heard (自报姓名)." })
  reportedName!: string | null;

  @Field(() => GenderEnum, { nullable: true, description: "Sex as recorded (性别)." })
  gender!: Gender | null;

  @Field(() => Int, { nullable: true, description: "Lower bound of the apparent age in years, as judged by staff (估计年龄下限)." })
  apparentAgeMin!: number | null;

  @Field(() => Int, { nullable: true, description: "Upper bound of the apparent age in years (估计年龄上限)." })
  apparentAgeMax!: number | null;

  @Field(() => Int, { nullable: true, description: "Measured height in centimetres (身高)." })
  heightCm!: number | null;

  @Field(() => String, { nullable: true, description: "Physical health as recorded (健康状况); health data is PIPL-sensitive." })
  health!: string | null;

  @Field(() => String, { nullable: true, description: "Intellect as recorded (智力状况); PIPL-sensitive." })
  intellect!: string | null;

  @Field(() => String, { nullable: true, description: "Mental state as recorded (精神状况); PIPL-sensitive." })
  mentalState!: string | null;

  @Field(() => [String], { nullable: true, description: "Distinctive features as normalised tokens, e.g. `scar:left-cheek`, `missing:finger` (体貌特征)." })
  features!: string[] | null;

  @Field(() => String, { nullable: true, description: "Clothing when found (衣着)." })
  clothing!: string | null;

  @Field(() => String, { nullable: true, description: "Accent or dialect heard (口音/方言)." })
  dialect!: string | null;

  @Field(() => [String], { nullable: true, description: "Place names the person mentioned (提及地名)." })
  placeNamesSpoken!: string[] | null;

  @Field(() => DateScalar, { nullable: true, description: "Date the person was found (发现日期)." })
  foundOn!: string | null;

  @Field(() => String, { nullable: true, description: "GB/T 2260 code of the area where the person was found (发现地区划代码)." })
  foundAreaCode!: string | null;

  @Field(() => String, { nullable: true, description: "Reference of the DNA sample taken for police comparison (DNA采样编号); police liaison only." })
  dnaSampleRef!: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether a face photo (and its embedding) is on file (是否有面部照片); the biometric itself is never exposed." })
  hasFacePhoto!: boolean | null;

  @Field(() => IdentityStatusEnum, { description: "How far the person's identity is known (身份状态)." })
  identityStatus!: IdentityStatus;

  @Field(() => ReliefDispositionEnum, { description: "Where the person is now (去向)." })
  disposition!: ReliefDisposition;

  @Field(() => String, { nullable: true, description: "Resident identity number once identified (公民身份号码)." })
  idNumber!: string | null;

  @Field(() => DateTimeScalar, { description: "When the record was entered (登记时间)." })
  createdAt!: Date;

  @Field(() => Boolean, { nullable: true, description: "Whether the person may be under 18 (apparent age); minors' records get the stricter masks of the policies (未成年人)." })
  minor!: boolean | null;

  @Field(() => DateScalar, { nullable: true, description: "Date the person was identified after intake (身份查明日期): a confirmed match, a DNA match or a report closed as found." })
  identifiedOn!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the 寻亲 notice of an unidentified person is (or was) due: 24 hours after registration (寻亲公告时限)." })
  noticeDueAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the 寻亲 notice was published (寻亲公告发布时间)." })
  noticePublishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "Where the notice was published: its number or address (公告编号/链接)." })
  noticeReference!: string | null;

  static fromRow(row: ReliefRecordRow): ReliefRecord {
    return Object.assign(new ReliefRecord(), {
      id: row.id,
      region: row.region,
      stationId: row.stationId,
      reportedName: row.reportedName,
      gender: row.gender,
      apparentAgeMin: row.apparentAgeMin,
      apparentAgeMax: row.apparentAgeMax,
      heightCm: row.heightCm,
      health: row.health,
      intellect: row.intellect,
      mentalState: row.mentalState,
      features: splitTokens(row.features),
      clothing: row.clothing,
      dialect: row.dialect,
      placeNamesSpoken: splitTokens(row.placeNamesSpoken),
      foundOn: row.foundOn,
      foundAreaCode: row.foundAreaCode,
      dnaSampleRef: row.dnaSampleRef,
      hasFacePhoto: row.faceEmbedding !== null && row.faceEmbedding.length > 0,
      identityStatus: row.identityStatus,
      disposition: row.disposition,
      idNumber: row.idNumber,
      createdAt: row.createdAt,
      minor: reliefRecordIsMinor(row.apparentAgeMin),
      identifiedOn: row.identifiedOn,
      // Due for the unidentified, and kept for the record once a notice went out.
      noticeDueAt: row.identityStatus === "UNIDENTIFIED" || row.noticePublishedAt ? noticeDueAt(row.createdAt) : null,
      noticePublishedAt: row.noticePublishedAt,
      noticeReference: row.noticeReference,
    });
  }
}
