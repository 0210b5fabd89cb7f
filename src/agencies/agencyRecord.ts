import { isKnownAreaCode, regionOfArea } from "../areas";
import { REGIONS, type Region } from "../config";

// One agency of the registry as an importer or a seeder brings it: the same checks for every path.

export const AGENCY_KINDS = ["VERIFICATION_CENTRE", "CIVIL_AFFAIRS", "RELIEF_STATION", "POLICE"] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** The Chinese names operators write in their files, and the kinds they stand for. */
export const AGENCY_KIND_NAMES: Record<string, AgencyKind> = {
  核对中心: "VERIFICATION_CENTRE",
  民政局: "CIVIL_AFFAIRS",
  救助管理站: "RELIEF_STATION",
  公安: "POLICE",
};

export interface AgencyRecord {
  id: string;
  code: string;
  name: string;
  region: Region;
  kind: AgencyKind;
  /** The seat (所在地). */
  areaCode: string;
  /** Areas it answers for (管辖区域), sorted, at least the seat's. */
  jurisdiction: string[];
}

export interface AgencyRecordProblem {
  field: string;
  reason: string;
  reasonZh: string;
}

export type AgencyRecordCheck = { ok: true; value: AgencyRecord } | { ok: false; problems: AgencyRecordProblem[] };

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateAgencyRecord(raw: Record<string, unknown>): AgencyRecordCheck {
  const problems: AgencyRecordProblem[] = [];
  const fail = (field: string, reason: string, reasonZh: string) => void problems.push({ field, reason, reasonZh });
  const id = typeof raw.id === "string" ? raw.id.trim() : "";
  if (!ID.test(id)) fail("id", "required: 1–64 letters, digits, '.', '_' or '-'", "必填：1至64位字母、数字或 . _ -");
  const code = typeof raw.code === "string" && raw.code.trim() ? raw.code.trim() : id;
  if (!ID.test(code)) fail("code", "1–64 letters, digits, '.', '_' or '-'", "须为1至64位字母、数字或 . _ -");
  const name = typeof raw.name === "string" ? raw.name.trim() : "";
  if (name.length === 0 || name.length > 100) fail("name", "required, at most 100 characters", "必填，不超过100个字符");
  const region = raw.region;
  if (typeof region !== "string" || !(REGIONS as readonly string[]).includes(region)) fail("region", `must be one of ${REGIONS.join(", ")}`, "须为 CHONGQING 或 SICHUAN");
  const kindRaw = typeof raw.kind === "string" ? raw.kind.trim() : "";
  const kind = (AGENCY_KINDS as readonly string[]).includes(kindRaw) ? (kindRaw as AgencyKind) : AGENCY_KIND_NAMES[kindRaw];
  if (!kind) fail("kind", `must be one of ${Object.keys(AGENCY_KIND_NAMES).join(", ")} (or ${AGENCY_KINDS.join(", ")})`, `须为 ${Object.keys(AGENCY_KIND_NAMES).join("、")} 之一`);
  const areaCode = typeof raw.areaCode === "string" ? raw.areaCode.trim() : "";
  const checkArea = (code: string, field: string) => {
    if (!/^\d{6}$/.test(code)) return fail(field, "must be a 6-digit GB/T 2260 code", "须为6位 GB/T 2260 行政区划代码");
    if (!isKnownAreaCode(code)) return fail(field, `unknown area ${code}`, `未知行政区划代码 ${code}`);
    if (regionOfArea(code) !== region) return fail(field, `area ${code} is not in ${String(region)}`, `行政区划 ${code} 不属于该机构所在省（市）`);
  };
  checkArea(areaCode, "areaCode");
  const rawJurisdiction = Array.isArray(raw.jurisdiction)
    ? raw.jurisdiction
    : typeof raw.jurisdiction === "string" && raw.jurisdiction.trim()
      ? raw.jurisdiction.split(/[|;\s]+/)
      : [];
  const jurisdiction = new Set<string>();
  rawJurisdiction.forEach((code, i) => {
    const value = String(code).trim();
    const before = problems.length;
    checkArea(value, `jurisdiction[${i}]`);
    if (problems.length === before) jurisdiction.add(value);
  });
  if (problems.length > 0) return { ok: false, problems };
  jurisdiction.add(areaCode);
  return { ok: true, value: { id, code, name, region: region as Region, kind: kind!, areaCode, jurisdiction: [...jurisdiction].sort() } };
}
