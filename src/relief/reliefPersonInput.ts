import { Field, Float, InputType, Int } from "type-graphql";
import { regionOfArea } from "../areas";
import { DateScalar } from "../context";
import { badUserInput } from "../errors";
import { genderOf } from "../identity";
import type { ReliefRecordFacts } from "./matching/matchProfile";
import { areaCode, embedding, featureTokens, identityNumber, integer, pastDate, personName, text, type InputRules } from "./reliefInput";
import { GenderEnum, type Gender } from "./reliefVocabulary";

/**
 * A person as a relief station describes them, without registering a record: the query of
 * familySearchForPerson, and what familySearchForRecord asks the other province's node with.
 * Health, mental state and intellect are not part of it — a record's condition never weighs in
 * another province (healthDataUse.ts) — nor is the DNA sample reference, only whether there is one.
 */
@InputType({ description: "A person taken in, as a relief station describes them for a search of missing-person reports (按救助对象寻亲); no health data." })
export class ReliefPersonInput {
  @Field(() => String, { nullable: true, description: "Name as the person gave it (自报姓名)." })
  reportedName?: string | null;

  @Field(() => GenderEnum, { description: "Sex (性别)." })
  gender!: Gender;

  @Field(() => Int, { description: "Apparent age, lower bound (估计年龄下限)." })
  apparentAgeMin!: number;

  @Field(() => Int, { description: "Apparent age, upper bound (估计年龄上限)." })
  apparentAgeMax!: number;

  @Field(() => Int, { nullable: true, description: "Measured height in cm (身高)." })
  heightCm?: number | null;

  @Field(() => [String], { nullable: true, description: "Distinctive features as tokens kind[:detail[:place]] (体貌特征)." })
  features?: string[] | null;

  @Field(() => String, { nullable: true, description: "Accent or dialect heard (口音)." })
  dialect?: string | null;

  @Field(() => [String], { nullable: true, description: "Place names the person mentioned (提及地名)." })
  placeNamesSpoken?: string[] | null;

  @Field(() => DateScalar, { description: "Date found (发现日期)." })
  foundOn!: string;

  @Field({ description: "GB/T 2260 code of the area found in, in either province (发现地)." })
  foundAreaCode!: string;

  @Field(() => Boolean, { nullable: true, description: "Whether a DNA sample was taken (the reference itself stays with the station)." })
  hasDnaSample?: boolean | null;

  @Field(() => [Float], { nullable: true, description: "Face-photo embedding (biometric, write-only; never returned)." })
  faceEmbedding?: number[] | null;

  @Field(() => String, { nullable: true, description: "Resident identity number if known (公民身份号码), validated (GB 11643)." })
  idNumber?: string | null;
}

/** Validates a description given as argument `person`; what the engine reads of it. */
export function validateReliefPerson(input: ReliefPersonInput, rules: InputRules): ReliefRecordFacts {
  const field = (name: string) => `person.${name}`;
  const apparentAgeMin = integer(input.apparentAgeMin, field("apparentAgeMin"), 0, 120)!;
  const apparentAgeMax = integer(input.apparentAgeMax, field("apparentAgeMax"), 0, 120)!;
  if (apparentAgeMax < apparentAgeMin) throw badUserInput(field("apparentAgeMax"), `is below ${field("apparentAgeMin")}`);
  const foundAreaCode = areaCode(input.foundAreaCode, field("foundAreaCode"));
  if (!foundAreaCode) throw badUserInput(field("foundAreaCode"), "must not be empty");
  const region = regionOfArea(foundAreaCode);
  if (!region) throw badUserInput(field("foundAreaCode"), `${foundAreaCode} is not in Chongqing or Sichuan`);
  const idNumber = identityNumber(input.idNumber, field("idNumber"), rules);
  if (idNumber && genderOf(idNumber) !== input.gender) throw badUserInput(field("idNumber"), `its sex differs from ${field("gender")}`);
  return {
    id: "query",
    region,
    reportedName: input.reportedName?.trim() ? personName(input.reportedName, field("reportedName")) : null,
    gender: input.gender,
    apparentAgeMin,
    apparentAgeMax,
    heightCm: integer(input.heightCm, field("heightCm"), 30, 250),
    features: featureTokens(input.features, field("features")),
    dialect: text(input.dialect, field("dialect"), 30),
    placeNamesSpoken: (input.placeNamesSpoken ?? []).map((p, i) => text(p, `${field("placeNamesSpoken")}[${i}]`, 30)).filter((p): p is string => p !== null),
    foundOn: pastDate(input.foundOn, field("foundOn"), rules.today),
    foundAreaCode,
    dnaSampleRef: input.hasDnaSample ? "ON_FILE" : null,
    faceEmbedding: embedding(input.faceEmbedding, field("faceEmbedding"), rules),
    idNumber,
    mentalState: null,
    intellect: null,
  };
}
