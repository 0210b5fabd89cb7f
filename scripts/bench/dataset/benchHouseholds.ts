// The bench's own data: a migrated SQLite file per province holding that province's households, each with 3–5
// members, one verification, three income items and two asset items (a household lookup answers
// in about 1–2 KB). Deterministic from the household index alone, so every run measures the same
// rows. Written with better-sqlite3 in one transaction: Prisma's createMany costs about a minute
// per 20k households on SQLite, and the bench must stay inside its time budget.
import path from "node:path";
import Database from "better-sqlite3";
import type { Region } from "../../../src/config";
import { applyMigrations } from "../../../src/db";
import { composeIdentityNumber } from "../../../src/identity";

export interface BenchDatabase {
  databaseUrl: string;
  file: string;
  region: Region;
  /** Ids of every verification, in insertion order. */
  verificationIds: string[];
}

interface ProvinceData {
  tag: "CQ" | "SC";
  city: string;
  areas: string[];
  /** District and street of each area, same order (the address mask keeps the district). */
  streets: string[];
  centre: string;
  standardFen: number;
}

const PROVINCES: Record<Region, ProvinceData> = {
  CHONGQING: {
    tag: "CQ",
    city: "重庆市",
    areas: ["500103", "500104", "500105", "500106", "500107", "500108", "500112", "500238"],
    streets: ["渝中区解放碑街道", "大渡口区石油路街道", "江北区观音桥街道", "沙坪坝区沙坪坝街道", "九龙坡区杨家坪街道", "南岸区南坪街道", "渝北区两路街道", "巫溪县城厢镇"],
    centre: "重庆市社会救助家庭经济状况核对中心",
    standardFen: 77_000,
  },
  SICHUAN: {
    tag: "SC",
    city: "成都市",
    areas: ["510104", "510105", "510106", "510107", "510108", "510112", "510113", "510114"],
    streets: ["锦江区春熙路街道", "青羊区少城街道", "金牛区驷马桥街道", "武侯区浆洗街街道", "成华区猛追湾街道", "龙泉驿区龙泉街道", "青白江区大弯街道", "新都区新都街道"],
    centre: "四川省居民家庭经济状况核对中心",
    standardFen: 74_000,
  },
};
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
const GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"];
const RELATIONS = ["HEAD", "SPOUSE", "CHILD", "CHILD", "PARENT"];
const INCOME_SOURCES = ["WAGES", "PENSION", "TRANSFER"];
const DATA_SOURCES = ["社保", "税务", "公积金"];
const ASSET_KINDS = ["BANK_DEPOSIT", "VEHICLE"];
const INSTITUTIONS = ["农村商业银行", "车辆管理所"];

const pad = (n: number, width = 8) => String(n).padStart(width, "0");

/** A distinct birth date for the g-th member overall: distinct dates keep identity numbers unique. */
function birthDateOf(memberIndex: number): string {
  const day = new Date(Date.UTC(1940, 0, 1) + memberIndex * 3 * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/**
 * Migrates `dir/<region>.db` and fills it with `households` households of the region. Run under
 * `node --experimental-wasm-modules` (the migration engine is WASM).
 */
export async function createBenchDatabase(dir: string, households: number, region: Region = "CHONGQING"): Promise<BenchDatabase> {
  const { tag, city, areas, streets, centre, standardFen } = PROVINCES[region];
  const agencyId = `${tag}-AG-00000001`;
  const file = path.join(dir, `${region.toLowerCase()}.db`);
  const databaseUrl = `file:${file}`;
  await applyMigrations(databaseUrl);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const insert = {
    agency: db.prepare(`INSERT INTO "Agency" (id, code, name, region, kind, areaCode) VALUES (?, ?, ?, ?, ?, ?)`),
    household: db.prepare(`INSERT INTO "Household" (id, region, areaCode, residence, address) VALUES (?, ?, ?, ?, ?)`),
    member: db.prepare(
      `INSERT INTO "HouseholdMember" (id, householdId, name, idNumber, gender, birthDate, relation, disabilityGrade, seriousIllness, student) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    verification: db.prepare(
      `INSERT INTO "HouseholdVerification" (id, householdId, region, areaCode, agencyId, program, requestedOn, completedOn, conclusion, memberCount, totalMonthlyIncomeFen, perCapitaIncomeFen, totalAssetsFen, standardFen, reportNumber) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    income: db.prepare(`INSERT INTO "IncomeItem" (id, verificationId, memberId, source, monthlyAmountFen, dataSource) VALUES (?, ?, ?, ?, ?, ?)`),
    asset: db.prepare(`INSERT INTO "AssetItem" (id, verificationId, memberId, kind, valueFen, institution, accountRef) VALUES (?, ?, ?, ?, ?, ?, ?)`),
  };
  const verificationIds: string[] = [];
  const fill = db.transaction(() => {
    insert.agency.run(agencyId, `${tag}-VC`, centre, region, "VERIFICATION_CENTRE", areas[0]!);
    let memberIndex = 0;
    for (let i = 1; i <= households; i++) {
      const area = areas[i % areas.length]!;
      const householdId = `${tag}-HH-${pad(i)}`;
      const verificationId = `${tag}-HV-${pad(i)}`;
      insert.household.run(householdId, region, area, i % 4 === 0 ? "RURAL" : "URBAN", `${city}${streets[i % streets.length]}${(i % 300) + 1}号${(i % 12) + 1}栋${(i % 30) + 1}-${(i % 6) + 1}`);
      const size = 3 + (i % 3);
      const memberIds: string[] = [];
      for (let m = 0; m < size; m++, memberIndex++) {
        const memberId = `${tag}-HM-${pad(memberIndex + 1)}`;
        const gender = (i + m) % 2 === 0 ? "MALE" : "FEMALE";
        const birthDate = birthDateOf(memberIndex);
        const idNumber = composeIdentityNumber(area, birthDate, gender, 100 + (memberIndex % 800));
        const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i + m * 5) % GIVEN.length]}`;
        insert.member.run(memberId, householdId, name, idNumber, gender, birthDate, RELATIONS[m]!, m === 4 ? 2 : null, m === 1 && i % 5 === 0 ? 1 : 0, RELATIONS[m] === "CHILD" ? 1 : 0);
        memberIds.push(memberId);
      }
      const incomes = INCOME_SOURCES.map((source, k) => ({ source, amount: 30_000 + ((i * 37 + k * 11_000) % 90_000) }));
      const total = incomes.reduce((sum, item) => sum + item.amount, 0);
      const assets = ASSET_KINDS.map((kind, k) => ({ kind, value: 200_000 + ((i * 131 + k * 50_000) % 4_000_000) }));
      const perCapita = Math.floor(total / size);
      insert.verification.run(
        verificationId, householdId, region, area, agencyId, "MLG", "2025-08-01",
        `2025-${pad(8 + (i % 4), 2)}-${pad((i % 28) + 1, 2)}`, perCapita <= standardFen ? "ELIGIBLE" : "INELIGIBLE", size,
        total, perCapita, assets.reduce((sum, a) => sum + a.value, 0), standardFen, `${tag}-HC-2025-${pad(i)}`,
      );
      incomes.forEach((item, k) => insert.income.run(`${tag}-IN-${pad(i * 3 + k)}`, verificationId, memberIds[k % size]!, item.source, item.amount, DATA_SOURCES[k]!));
      assets.forEach((item, k) => insert.asset.run(`${tag}-AS-${pad(i * 2 + k)}`, verificationId, memberIds[0]!, item.kind, item.value, `${city}${INSTITUTIONS[k]!}`, `6228****${pad((i * 7 + k) % 10_000, 4)}`));
      verificationIds.push(verificationId);
    }
  });
  fill();
  db.close();
  return { databaseUrl, file, region, verificationIds };
}
