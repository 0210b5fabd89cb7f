// Sichuan–Chongqing (成渝片 西南官话) sound mergers, applied to toneless pinyin so that a name
// written down as heard by a speaker of the dialect meets the standard spelling. The mergers are
// the ones dialect surveys list for the area: no retroflex initials (zh/ch/sh → z/c/s), n and l
// not distinguished, hu- read as f- (湖 fu, 黄 fang, 灰 fei) or as w- (黄 wang), and no -ng after
// i and e (in↔ing, en↔eng).

// hu- syllables and the f-/w- syllables they merge with, all onto the f- form (黄 huang, 王 wang,
// 方 fang → fang). Written as a table because the finals change shape (hui ↔ fei ↔ wei).
const HU_CLASS: Readonly<Record<string, string>> = {
  hu: "fu", wu: "fu",
  hua: "fa", wa: "fa",
  huan: "fan", wan: "fan",
  huang: "fang", wang: "fang",
  hui: "fei", wei: "fei",
  hun: "fen",
  huo: "fo",
};

/** Pinyin with ü written as v, lower case, no tone marks. */
export function plainSyllable(syllable: string): string {
  return syllable.replace(/[ǖǘǚǜü]|u:/g, "v").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** Collapses a toneless syllable onto its Sichuan–Chongqing merger class. */
export function mergedSyllable(plain: string): string {
  let s = plain;
  if (s.startsWith("zh") || s.startsWith("ch") || s.startsWith("sh")) s = s[0] + s.slice(2);
  if (s.startsWith("n") && s.length > 1 && s[1] !== "g") s = "l" + s.slice(1);
  s = HU_CLASS[s] ?? s;
  if (s.endsWith("ing")) s = s.slice(0, -1);
  else if (s.endsWith("eng")) s = s.slice(0, -1);
  return s;
}

/** Which mergers turn one plain syllable into the other, for explanations. */
export function mergersBetween(a: string, b: string): string[] {
  const found: string[] = [];
  const initial = (s: string) => (s.match(/^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?/)?.[0] ?? "");
  const ia = initial(a);
  const ib = initial(b);
  if (ia !== ib) {
    const pair = [ia, ib].sort().join("/");
    if (["c/ch", "s/sh", "z/zh"].includes(pair)) found.push(`${pair.split("/")[1]}→${pair.split("/")[0]}`);
    else if (pair === "l/n") found.push("n↔l");
    else if (pair === "f/h") found.push("hu↔f");
    else if (pair === "h/w") found.push("hu↔w");
  }
  const fa = a.slice(ia.length);
  const fb = b.slice(ib.length);
  if (fa !== fb) {
    const pair = [fa, fb].sort().join("/");
    if (/^(\w*)in\/\1ing$/.test(pair)) found.push("in↔ing");
    else if (/^(\w*)en\/\1eng$/.test(pair)) found.push("en↔eng");
  }
  return found;
}
