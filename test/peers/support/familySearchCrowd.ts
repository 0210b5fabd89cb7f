// Background people for family-search tests on real nodes: the engine measures how common each
// name, age and place is from the data it holds, so a node holding only the one pair a test files
// would weigh every agreement as commonplace. 60 records and 60 open reports of strangers per node.
import type { Region } from "../../../src/config";
import type { PrismaClient } from "../../../src/db";

const SURNAMES = ["王", "李", "刘", "陈", "杨", "黄", "赵", "吴"];
const GIVEN = ["伟", "芳", "敏", "强", "磊", "军", "洋", "勇", "静"];

export async function insertFamilySearchCrowd(prisma: PrismaClient, region: Region, size = 60): Promise<void> {
  const tag = region === "CHONGQING" ? "CQ" : "SC";
  const areas = region === "CHONGQING" ? ["500103", "500106", "500101", "500112", "500116"] : ["510104", "510106", "510107", "510108", "510112"];
  const at = new Date("2024-12-31T00:00:00Z");
  await prisma.reliefRecord.createMany({
    data: Array.from({ length: size }, (_, i) => ({
      id: `${tag}-RR-${String(i + 1).padStart(8, "0")}`,
      region,
      stationId: `${tag}-AG-00000002`,
      reportedName: i % 4 === 0 ? null : SURNAMES[i % 8] + GIVEN[i % 9],
      gender: i % 3 === 0 ? ("FEMALE" as const) : ("MALE" as const),
      apparentAgeMin: 20 + (i % 50),
      apparentAgeMax: 30 + (i % 50),
      heightCm: 150 + (i % 30),
      foundOn: `2024-${String(1 + (i % 12)).padStart(2, "0")}-1${i % 10}`,
      foundAreaCode: areas[i % 5],
      dialect: i % 2 ? (region === "CHONGQING" ? "chongqing" : "chengdu") : null,
      createdAt: at,
    })),
  });
  await prisma.missingPersonReport.createMany({
    data: Array.from({ length: size }, (_, i) => ({
      id: `${tag}-MP-${String(i + 1).padStart(8, "0")}`,
      region,
      agencyId: `${tag}-AG-00000001`,
      name: SURNAMES[(i + 3) % 8] + GIVEN[(i + 5) % 9],
      gender: i % 3 === 1 ? ("FEMALE" as const) : ("MALE" as const),
      birthYear: 1950 + (i % 50),
      heightCm: 150 + ((i * 7) % 30),
      homeAreaCode: areas[(i + 2) % 5],
      lastSeenOn: `2024-${String(1 + ((i + 5) % 12)).padStart(2, "0")}-0${1 + (i % 9)}`,
      lastSeenAreaCode: areas[(i + 1) % 5],
      dialect: i % 2 ? null : region === "CHONGQING" ? "chongqing" : "chengdu",
      createdAt: at,
    })),
  });
}
