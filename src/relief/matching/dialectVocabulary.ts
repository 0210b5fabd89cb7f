// Dialects as relief staff and families name them, grouped the way the Language Atlas of China
// groups Southwestern Mandarin (西南官话) in Sichuan and Chongqing. Names not listed compare as
// themselves. Kept small on purpose: a wrong grouping costs more than a missing one.

interface DialectClass {
  group: string;
  family: string;
}

const CHENGYU = { group: "成渝片", family: "西南官话" };
const MINJIANG = { group: "岷江小片", family: "西南官话" };
const CHUANBEI = { group: "川北", family: "西南官话" };
const SOUTHWEST_OTHER = (group: string) => ({ group, family: "西南官话" });

const DIALECTS: Record<string, DialectClass> = {
  重庆话: CHENGYU,
  成都话: CHENGYU,
  四川话: CHENGYU,
  川渝方言: CHENGYU,
  遂宁话: CHENGYU,
  广安话: CHENGYU,
  达州话: CHENGYU,
  自贡话: MINJIANG,
  乐山话: MINJIANG,
  宜宾话: MINJIANG,
  泸州话: MINJIANG,
  内江话: MINJIANG,
  眉山话: MINJIANG,
  南充话: CHUANBEI,
  绵阳话: CHUANBEI,
  广元话: CHUANBEI,
  巴中话: CHUANBEI,
  贵州话: SOUTHWEST_OTHER("黔"),
  湖北话: SOUTHWEST_OTHER("鄂"),
  云南话: SOUTHWEST_OTHER("滇"),
};

/** Aliases families and staff use for the same thing, and the registry codes of the 寻亲 data. */
const SYNONYMS: Record<string, string> = {
  重庆方言: "重庆话",
  成都方言: "成都话",
  四川方言: "四川话",
  川话: "四川话",
  chongqing: "重庆话",
  chengdu: "成都话",
  nanchong: "南充话",
  mandarin: "普通话",
  putonghua: "普通话",
  other: "其他",
};

export interface DialectKey {
  name: string;
  group: string;
  family: string;
}

export function dialectKey(raw: string | null | undefined): DialectKey | null {
  const trimmed = raw?.trim();
  if (!trimmed) return null;
  const name = SYNONYMS[trimmed] ?? trimmed;
  const known = DIALECTS[name];
  return known ? { name, ...known } : { name, group: name, family: name };
}
