// type-graphql reads decorator metadata; every GraphQL type imports this vocabulary, so the
// polyfill loads here, before any decorated class is evaluated.
import "reflect-metadata";
import { GraphQLScalarType } from "graphql";
import { DateTimeResolver, LocalDateResolver } from "graphql-scalars";
import { registerEnumType } from "type-graphql";
import { REGIONS, type Region } from "../config";
import { PURPOSES, ROLES } from "./vocabulary";

// GraphQL enums for the shared words, registered once. TypeScript string unions stay the source
// of truth; these objects only give type-graphql something to register.
const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const RegionEnum = asEnum(REGIONS);
registerEnumType(RegionEnum, { name: "Region", description: "Province-level region of a gateway node (省级区域): CHONGQING (重庆) or SICHUAN (四川)." });

export const RoleEnum = asEnum(ROLES);
registerEnumType(RoleEnum, { name: "Role", description: "Officer role carried in the token (角色)." });

export const PurposeEnum = asEnum(PURPOSES);
registerEnumType(PurposeEnum, {
  name: "Purpose",
  description: "Purpose of processing declared in X-Purpose (处理目的, PIPL purpose limitation).",
  valuesConfig: {
    MLG_REVIEW: { description: "低保审核: minimum-living-guarantee review." },
    HARDSHIP_REVIEW: { description: "特困认定: extreme-hardship determination." },
    TEMP_ASSISTANCE: { description: "临时救助: temporary assistance." },
    FAMILY_SEARCH: { description: "寻亲: family search for a person in relief care." },
    RELIEF_CASEWORK: { description: "救助管理: relief-station casework." },
    AUDIT_REVIEW: { description: "合规审查: review of the privacy audit log." },
    STANDARDS: { description: "Assistance standards; no personal data." },
    LOW_INCOME_MONITORING: { description: "低收入人口动态监测: dynamic monitoring of the low-income population." },
    SPECIAL_AID_MEDICAL: { description: "专项救助 · 医疗救助: medical assistance." },
    SPECIAL_AID_EDUCATION: { description: "专项救助 · 教育救助: education assistance." },
    SPECIAL_AID_HOUSING: { description: "专项救助 · 住房救助: housing assistance." },
    SPECIAL_AID_EMPLOYMENT: { description: "专项救助 · 就业救助: employment assistance." },
    EXPENDITURE_HARDSHIP: { description: "支出型困难家庭认定: assessment of hardship caused by necessary expenditure." },
  },
});

export type { Region };

const REDUCED_PRECISION_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * ISO calendar date `YYYY-MM-DD` (日期), kept as a string end to end so it never shifts by time
 * zone. Input must be a full date (graphql-scalars' LocalDate rules); output may be ISO 8601
 * reduced precision (`YYYY-MM`, `YYYY`) because policy masks dates to the month or year.
 */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: "Date",
  description: "A calendar date, ISO 8601 `YYYY-MM-DD` (日期). Masked dates are sent with reduced precision: `YYYY-MM` or `YYYY`.",
  serialize(value: unknown) {
    if (typeof value === "string" && REDUCED_PRECISION_DATE.test(value)) return value;
    return LocalDateResolver.serialize(value);
  },
});

/** An instant, RFC 3339 (时间), e.g. `2025-08-01T09:30:00Z`. */
export const DateTimeScalar = DateTimeResolver;

// Enumerations more than one domain speaks; values equal the Prisma enums of the same name.
export const ResidenceEnum = { URBAN: "URBAN", RURAL: "RURAL" } as const;
export type Residence = keyof typeof ResidenceEnum;
registerEnumType(ResidenceEnum, { name: "Residence", description: "Urban or rural household registration (城镇/农村)." });

export const GenderEnum = { MALE: "MALE", FEMALE: "FEMALE" } as const;
export type Gender = keyof typeof GenderEnum;
registerEnumType(GenderEnum, { name: "Gender", description: "Gender (性别)." });

export const IncomeSourceEnum = {
  WAGES: "WAGES",
  PENSION: "PENSION",
  FARMING: "FARMING",
  BUSINESS: "BUSINESS",
  RENTAL: "RENTAL",
  TRANSFER: "TRANSFER",
  OTHER: "OTHER",
} as const;
export type IncomeSource = keyof typeof IncomeSourceEnum;
registerEnumType(IncomeSourceEnum, {
  name: "IncomeSource",
  description: "Source of a monthly income (收入来源): wages 工资, pension 养老金, farming 农业经营, business 经营, rental 财产租赁, transfer 转移性收入, other 其他.",
});
