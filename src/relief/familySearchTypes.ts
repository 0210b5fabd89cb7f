import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Region } from "../config";
import { RegionEnum } from "../context";
import { MATCH_ATTRIBUTES, type AttributeComparison as EngineComparison, type MatchAttribute } from "./matching/attributeComparison";
import { MissingPersonReport } from "./missingPersonReportType";
import { ReliefRecord } from "./reliefRecordType";

export const MatchAttributeEnum = Object.fromEntries(MATCH_ATTRIBUTES.map((a) => [a, a])) as { [K in MatchAttribute]: K };
registerEnumType(MatchAttributeEnum, {
  name: "MatchAttribute",
  description: "What a family-search comparison looked at (比对项).",
  valuesConfig: {
    NAME: { description: "Name, former names and nicknames: characters, pinyin, homophones, dialect mergers, polyphones (姓名)." },
    IDENTITY_NUMBER: { description: "Resident identity numbers, when both sides have one (身份证号)." },
    GENDER: { description: "Sex — a hard condition (性别)." },
    AGE: { description: "Apparent age against the age on the date found (年龄)." },
    HEIGHT: { description: "Height, with growth for children (身高)." },
    TIME: { description: "Date found against date last seen (时间)." },
    GEOGRAPHY: { description: "Distance from the last-seen or home area to where found (地点)." },
    DIALECT: { description: "Accent heard against dialect reported (方言)." },
    PLACE_NAMES: { description: "Place names the person mentioned against the report's areas (提及地名)." },
    FEATURES: { description: "Distinctive features (体貌特征)." },
    CONDITION: { description: "The station's note on mental state and intellect, against who is reported missing at that apparent age; level NOTED, the note itself not shown here (精神智力状况)." },
    FACE: { description: "Face-photo embeddings, when both sides have a photo (人像)." },
  },
});

@ObjectType({ simpleResolvers: true, description: "One comparison of a candidate pair: its level and Fellegi–Sunter weight (比对明细)." })
export class AttributeComparison {
  @Field(() => MatchAttributeEnum, { description: "What was compared." })
  attribute!: MatchAttribute;

  @Field({ description: "Comparison level, e.g. EXACT, DIALECT_MERGER, WITHIN_A_MONTH, SAME_COUNTY." })
  level!: string;

  @Field(() => Float, { description: "Weight in bits, log2(m/u): positive when this agreement is likelier among true matches." })
  weight!: number;

  @Field(() => Float, { nullable: true, description: "How far apart the two sides are, in `unit` (years, cm, days, km, cosine); null for names and categories." })
  difference!: number | null;

  @Field(() => String, { nullable: true, description: "Unit of `difference`." })
  unit!: string | null;

  @Field(() => String, { nullable: true, description: "What agreed or disagreed, in words; may quote names and places (personal data)." })
  detail!: string | null;

  static of(c: EngineComparison): AttributeComparison {
    return Object.assign(new AttributeComparison(), {
      attribute: c.attribute,
      level: c.level,
      weight: Math.round(c.weight * 1000) / 1000,
      difference: c.difference,
      unit: c.unit,
      detail: c.detail || null,
    });
  }
}

@ObjectType({ simpleResolvers: true, description: "A family-search candidate: a relief record for a report, or a report for a record, with its score and explanation (寻亲比对候选)." })
export class FamilySearchCandidate {
  @Field(() => Int, { description: "Position in this node's answer, 1 = best." })
  rank!: number;

  @Field(() => RegionEnum, { description: "Province holding the candidate (所属省份)." })
  region!: Region;

  @Field(() => Float, { description: "Match weight in bits: prior log-odds plus the sum of the comparisons' weights. Answers from both provinces merge by this." })
  matchWeight!: number;

  @Field(() => Float, { description: "Probability that both describe one person, from the match weight (匹配概率)." })
  matchProbability!: number;

  @Field({ description: "Whether the probability reaches this node's alert threshold." })
  aboveAlertThreshold!: boolean;

  @Field(() => ReliefRecord, { nullable: true, description: "The candidate relief record (familySearch), or the record searched for (familySearchForRecord)." })
  reliefRecord!: ReliefRecord | null;

  @Field(() => MissingPersonReport, { nullable: true, description: "The candidate report (familySearchForRecord); null for familySearch." })
  missingPersonReport!: MissingPersonReport | null;

  @Field(() => [AttributeComparison], {
    nullable: true,
    description: "Every comparison made, with what agreed and disagreed and by how much (about a person: nullable for policy).",
  })
  comparisons!: AttributeComparison[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "The record has a DNA sample: the police liaison should request a laboratory comparison. DNA is never matched here.",
  })
  dnaComparisonSuggested!: boolean | null;

  @Field(() => [String], { description: "How the candidate was reached: NAME (pinyin keys), FACE (embedding neighbours), DEMOGRAPHIC (age and date blocks)." })
  candidateSources!: string[];
}
