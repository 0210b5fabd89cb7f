import { SeededRandom, WeightedTable } from "./seededRandom";

/**
 * Surnames by national rank with approximate population shares (per cent).
 *
 * Source of the ORDER: the Ministry of Public Security household-registration research centre's
 * annual surname ranking (公安部户政管理研究中心《全国姓名报告》, 2019–2020 editions, top 100
 * "百家姓" as reported by Xinhua / People's Daily). The report publishes counts only for the
 * top five (王 ≈ 101.5 M, 李 ≈ 100.9 M, 张 ≈ 95.4 M, 刘 ≈ 72.1 M, 陈 ≈ 63.3 M of ≈ 1.4 bn); the
 * shares below rank five are OUR rounded interpolation along the published order, good enough
 * for weighting synthetic names and nothing else. No name-frequency data set is bundled.
 * 单, 解 and 仇 rank below 100; they are kept at small shares because their surname readings
 * (shàn, xiè, qiú) are classic misreadings the family-search noise model needs.
 */
const SURNAME_SHARES: ReadonlyArray<readonly [string, number]> = [
  ["王", 7.25], ["李", 7.2], ["张", 6.81], ["刘", 5.15], ["陈", 4.52], ["杨", 3.3], ["黄", 2.41], ["赵", 2.04],
  ["吴", 1.98], ["周", 1.91], ["徐", 1.58], ["孙", 1.45], ["马", 1.4], ["朱", 1.3], ["胡", 1.28], ["郭", 1.16],
  ["何", 1.15], ["林", 1.05], ["高", 1.04], ["罗", 0.99], ["郑", 0.87], ["梁", 0.84], ["谢", 0.76], ["宋", 0.71],
  ["唐", 0.7], ["许", 0.66], ["韩", 0.65], ["邓", 0.64], ["冯", 0.63], ["曹", 0.61], ["彭", 0.6], ["曾", 0.58],
  ["肖", 0.57], ["田", 0.51], ["董", 0.51], ["潘", 0.49], ["袁", 0.48], ["蔡", 0.47], ["蒋", 0.46], ["余", 0.45],
  ["于", 0.45], ["杜", 0.44], ["叶", 0.43], ["程", 0.42], ["魏", 0.41], ["苏", 0.4], ["吕", 0.39], ["丁", 0.38],
  ["任", 0.37], ["卢", 0.36], ["姚", 0.35], ["沈", 0.34], ["钟", 0.33], ["姜", 0.32], ["崔", 0.31], ["谭", 0.3],
  ["陆", 0.3], ["范", 0.29], ["汪", 0.28], ["廖", 0.28], ["石", 0.27], ["金", 0.27], ["韦", 0.26], ["贾", 0.26],
  ["夏", 0.25], ["付", 0.25], ["方", 0.24], ["邹", 0.24], ["熊", 0.23], ["白", 0.23], ["孟", 0.22], ["秦", 0.22],
  ["邱", 0.21], ["侯", 0.21], ["江", 0.2], ["尹", 0.2], ["薛", 0.19], ["闫", 0.19], ["段", 0.18], ["雷", 0.18],
  ["龙", 0.17], ["黎", 0.17], ["史", 0.17], ["陶", 0.16], ["贺", 0.16], ["毛", 0.16], ["郝", 0.15], ["顾", 0.15],
  ["龚", 0.15], ["邵", 0.14], ["万", 0.14], ["覃", 0.14], ["武", 0.13], ["钱", 0.13], ["戴", 0.13], ["严", 0.13],
  ["莫", 0.12], ["孔", 0.12], ["向", 0.12], ["汤", 0.12],
  ["单", 0.03], ["解", 0.03], ["仇", 0.02],
];

export const SURNAMES: readonly string[] = SURNAME_SHARES.map(([surname]) => surname);

/**
 * Characters common in given names, by sex and by generation (names given before ~1975 lean on
 * 建国/秀英-style characters; later ones on 浩/涵/梓). Written by hand from general knowledge of
 * naming fashion — not copied from any frequency table.
 */
const GIVEN_NAME_CHARACTERS = {
  MALE: {
    older: "国建华明军平志强文德福成兴贵荣富海林生忠永春庆光祥宝金山云福全义良",
    younger: "伟强磊勇杰涛斌超鹏辉飞鑫波宇浩凯健俊帆帅旭宁龙洋阳东峰博晨轩睿泽航然铭",
  },
  FEMALE: {
    older: "秀英兰桂芳玉珍凤琼翠花梅淑华萍素琴彩莲菊群芬红霞",
    younger: "娜敏静丽艳娟婷雪琳倩颖慧佳欣怡雨晶洁蓉月丹妍薇璐瑶琪萱涵诗悦",
  },
} as const;

export type Gender = "MALE" | "FEMALE";

const surnameTable = new WeightedTable(SURNAME_SHARES, ([, share]) => share);

export function drawSurname(random: SeededRandom): string {
  return surnameTable.draw(random)[0];
}

/** A given name of one or two characters, in the fashion of the person's birth year. */
export function drawGivenName(random: SeededRandom, gender: Gender, birthYear: number): string {
  const pools = GIVEN_NAME_CHARACTERS[gender];
  const pool = birthYear < 1975 ? (random.chance(0.8) ? pools.older : pools.younger) : random.chance(0.85) ? pools.younger : pools.older;
  // Single-character given names were common in the 1980s–90s and are rarer since (≈ 15–25 %).
  const single = random.chance(birthYear >= 1975 && birthYear < 2000 ? 0.25 : 0.15);
  const first = pool[random.int(0, pool.length - 1)];
  if (single) return first;
  return first + pool[random.int(0, pool.length - 1)];
}

export function drawFullName(random: SeededRandom, gender: Gender, birthYear: number, surname = drawSurname(random)): string {
  return surname + drawGivenName(random, gender, birthYear);
}

/** Every character the generator can put in a given name (for the noise model's replacement pool). */
export function givenNameCharacters(): string {
  return Object.values(GIVEN_NAME_CHARACTERS)
    .flatMap((byGeneration) => Object.values(byGeneration))
    .join("");
}
