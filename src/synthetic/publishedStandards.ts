import { mlgStandardFen } from "../standards";
import type { MonthlyStandardFen } from "./verificationConclusion";

/**
 * The 低保 standard as src/standards publishes it (dated, sourced figures; a superseded area code
 * follows its successor; Sichuan areas without their own figure get the provincial floor).
 */
export const publishedMlgStandardFen: MonthlyStandardFen = (areaCode, residence, onDate) =>
  mlgStandardFen(areaCode, residence, onDate)?.amountFen;
