// Checks a form can make before any request, each returning the translated message or nothing.
// The server checks everything again: these only spare the officer a round trip.
import { isKnownAreaCode } from "./areas";
import { parseIdentityNumber } from "./identity";
import type { MessageKey } from "./messages";
import type { GraphqlError } from "./api";

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Today in China (UTC+8), as the server's "not in the future" counts it. */
export const chinaToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

export function areaCodeProblem(t: T, value: string, required = false): string | undefined {
  if (!value) return required ? t("validation.required") : undefined;
  if (!/^\d{6}$/.test(value)) return t("validation.areaCode");
  if (!isKnownAreaCode(value)) return t("validation.areaUnknown", { code: value });
  return undefined;
}

export function pastDateProblem(t: T, value: string, required = false): string | undefined {
  if (!value) return required ? t("validation.required") : undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) return t("validation.date");
  if (value > chinaToday()) return t("validation.future");
  return undefined;
}

export function identityNumberProblem(t: T, value: string): string | undefined {
  if (!value.trim()) return undefined;
  const checked = parseIdentityNumber(value.trim());
  return checked.ok ? undefined : t(`identity.${checked.problem.replace(" ", "_")}` as MessageKey);
}

export function wholeNumberProblem(t: T, value: string, min: number, max: number, required = false): string | undefined {
  if (!value) return required ? t("validation.required") : undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) return t("validation.between", { min, max });
  return undefined;
}

/** The input field a BAD_USER_INPUT names (`input.foundAreaCode`, `input.features[2]` → `features`). */
export function fieldOf(error: GraphqlError): string | undefined {
  const field = error.extensions?.field;
  return typeof field === "string" ? field.split(".").pop()?.replace(/\[\d+\]$/, "") : undefined;
}

/**
 * The server's BAD_USER_INPUT errors by the field they name, in words: the reason code's
 * explanation when the refusal carries one (TRANSITION_NOT_ALLOWED), else the server's problem.
 */
export function serverFieldProblems(errors: GraphqlError[], code: (prefix: string, value: string) => string): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const e of errors) {
    const field = fieldOf(e);
    if (e.extensions?.code !== "BAD_USER_INPUT" || !field) continue;
    const reason = typeof e.extensions.reasonCode === "string" ? `${code("reason", e.extensions.reasonCode)} — ` : "";
    problems[field] = `${code("error", "BAD_USER_INPUT")} ${reason}${String(e.extensions.problem ?? e.message)}`;
  }
  return problems;
}

/** Errors not shown at a field of the form: listed above it. */
export function errorsBesideFields(errors: GraphqlError[], fields: readonly string[]): GraphqlError[] {
  return errors.filter((e) => !(e.extensions?.code === "BAD_USER_INPUT" && fields.includes(fieldOf(e) ?? "")));
}
