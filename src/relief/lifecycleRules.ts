import type { Region } from "../config";
import type { Principal } from "../context";
import { badUserInput, forbidden, gatewayError } from "../errors";
import { chinaDate } from "./chinaCalendar";
import { text } from "./reliefInput";

// What every step after intake checks, and how it refuses: who may act at this node, the dates a
// step may carry, and refusals that say why in `extensions.reasonCode` besides the contract code.

export const MAX_NOTE = 500;

/** Why a step was refused, beyond BAD_USER_INPUT / FORBIDDEN (extensions.reasonCode). */
export type LifecycleRefusal =
  | "TRANSITION_NOT_ALLOWED"
  | "IDENTITY_UNKNOWN"
  | "CHANGED_MEANWHILE"
  | "REPORT_NOT_OPEN"
  | "CONFIRM_ALERT_INSTEAD"
  | "RESULT_ALREADY_RECORDED"
  | "NOTICE_ALREADY_PUBLISHED"
  | "NOTICE_NOT_DUE"
  | "OTHER_PROVINCE"
  | "NOT_HOLDING_STATION"
  | "NOT_REPORT_AGENCY";

export function refusedInput(field: string, problem: string, reasonCode: LifecycleRefusal, extra: Record<string, unknown> = {}) {
  return gatewayError("BAD_USER_INPUT", `${field}: ${problem}`, { field, problem, reasonCode, ...extra });
}

/**
 * Steps on this node's rows are taken by this node's officers: a caller of the other province
 * (forwarded or calling directly) is refused, whatever their role.
 */
export function requireHomeOfficer(principal: Principal, home: Region): void {
  if (principal.region !== home || principal.forwardedBy) {
    throw forbidden(`only officers of ${home} record steps on ${home}'s records`, { reasonCode: "OTHER_PROVINCE" satisfies LifecycleRefusal });
  }
}

/** Only the station holding a relief record records what happens to the person. */
export function requireHoldingStation(principal: Principal, stationId: string): void {
  if (principal.agency !== stationId) {
    throw forbidden(`record held by station ${stationId}; your agency is ${principal.agency}`, { reasonCode: "NOT_HOLDING_STATION" satisfies LifecycleRefusal });
  }
}

export function note(value: string | null | undefined, field: string): string | null {
  return text(value, field, MAX_NOTE);
}

/** An ISO date for a step: default today in China; never in the future, never before `notBefore`. */
export function stepDate(value: string | null | undefined, field: string, now: Date, notBefore: { date: string; what: string } | null): string {
  const today = chinaDate(now);
  const date = value ?? today;
  if (date > today) throw badUserInput(field, "must not be in the future");
  if (notBefore && date < notBefore.date) throw badUserInput(field, `must not be before ${notBefore.what} (${notBefore.date})`);
  return date;
}

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** A sample or laboratory reference: letters, digits and hyphens, as the stations already write them. */
export function reference(value: string, field: string): string {
  const trimmed = value.trim();
  if (!REFERENCE.test(trimmed)) throw badUserInput(field, "letters, digits and hyphens only, at most 64");
  return trimmed;
}

const RECORD_ID = /^(CQ|SC)-RR-\d{8}$/;
const REPORT_ID = /^(CQ|SC)-MP-\d{8}$/;

export function recordIdOf(value: string, field: string): string {
  if (!RECORD_ID.test(value)) throw badUserInput(field, "not a relief record id (CQ-RR-… or SC-RR-…)");
  return value;
}

export function reportIdOf(value: string, field: string): string {
  if (!REPORT_ID.test(value)) throw badUserInput(field, "not a missing-person report id (CQ-MP-… or SC-MP-…)");
  return value;
}
