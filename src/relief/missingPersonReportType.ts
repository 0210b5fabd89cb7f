import { Field, ID, Int, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar, RegionEnum } from "../context";
import type { Region } from "../config";
import { GenderEnum, MissingReportStatusEnum, splitTokens, type Gender, type MissingReportStatus } from "./reliefVocabulary";
import type { MissingPersonReportRow } from "./reliefRows";
import { missingPersonIsMinor } from "./minorAge";

// Personal-data fields are nullable: the policy engine nulls the ones a caller may not see.
@ObjectType({
  simpleResolvers: true,
  description:
    "A missing-person report filed by a family or by police (寻亲登记). The photo embedding itself is never exposed.",
})
export class MissingPersonReport {
  @Field(() => ID, { description: "Report id, region tag first, e.g. `SC-MP-00000001` (寻亲登记编号)." })
  id!: string;

  @Field(() => RegionEnum, { description: "Province where the report was filed (登记省份)." })
  region!: Region;

  @Field({ description: "Id of the agency (civil affairs or police) that took the report (登记机构)." })
  agencyId!: string;

  @Field(() => String, { nullable: true, description: "Name of the missing person (姓名)." })
  name!: string | null;

  @Field(() => [String], { nullable: true, description: "Former names and nicknames (曾用名/小名)." })
  aliases!: string[] | null;

  @Field(() => GenderEnum, { nullable: true, description: "Sex (性别)." })
  gender!: Gender | null;

  @Field(() => DateScalar, { nullable: true, description: "Birth date when known (出生日期)." })
  birthDate!: string | null;

  @Field(() => Int, { nullable: true, description: "Birth year (出生年份); always given, the date may not be." })
  birthYear!: number | null;

  @Field(() => Int, { nullable: true, description: "Height in centimetres when last seen (身高)." })
  heightCm!: number | null;

  @Field(() => [String], { nullable: true, description: "Distinctive features as normalised tokens (体貌特征)." })
  features!: string[] | null;

  @Field(() => String, { nullable: true, description: "Dialect the person speaks (方言)." })
  dialect!: string | null;

  @Field(() => String, { nullable: true, description: "GB/T 2260 code of the home area (户籍/家庭所在地)." })
  homeAreaCode!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "Date of last contact (最后联系日期)." })
  lastSeenOn!: string | null;

  @Field(() => String, { nullable: true, description: "GB/T 2260 code of the area last seen (走失地区划代码)." })
  lastSeenAreaCode!: string | null;

  @Field(() => Boolean, { nullable: true, description: "Whether a photo (and its embedding) is on file (是否有照片); the biometric itself is never exposed." })
  hasFacePhoto!: boolean | null;

  @Field(() => String, { nullable: true, description: "Resident identity number of the missing person, if known (公民身份号码)." })
  idNumber!: string | null;

  @Field(() => MissingReportStatusEnum, { description: "State of the report (状态)." })
  status!: MissingReportStatus;

  @Field(() => DateTimeScalar, { description: "When the report was filed (登记时间)." })
  createdAt!: Date;

  @Field(() => Boolean, { nullable: true, description: "Whether the missing person is (or may still be) under 18 today; minors' reports get the stricter masks of the policies (未成年人)." })
  minor!: boolean | null;

  static fromRow(row: MissingPersonReportRow): MissingPersonReport {
    return Object.assign(new MissingPersonReport(), {
      id: row.id,
      region: row.region,
      agencyId: row.agencyId,
      name: row.name,
      aliases: splitTokens(row.aliases),
      gender: row.gender,
      birthDate: row.birthDate,
      birthYear: row.birthYear,
      heightCm: row.heightCm,
      features: splitTokens(row.features),
      dialect: row.dialect,
      homeAreaCode: row.homeAreaCode,
      lastSeenOn: row.lastSeenOn,
      lastSeenAreaCode: row.lastSeenAreaCode,
      hasFacePhoto: row.faceEmbedding !== null && row.faceEmbedding.length > 0,
      idNumber: row.idNumber,
      status: row.status,
      createdAt: row.createdAt,
      minor: missingPersonIsMinor(row.birthDate, row.birthYear),
    });
  }
}
