import { useLanguage } from "../i18n";

/** Region of a result, always shown with it (重庆 / 四川). */
export function RegionTag({ region }: { region: string }) {
  const { code } = useLanguage();
  return (
    <span class={`region-tag region-${region}`} data-testid="region-tag" data-region={region}>
      {code("region", region)}
    </span>
  );
}

/** A field the policy removed: labelled as denied, with its reason code in words. */
export function DeniedLabel({ reasonCode }: { reasonCode: string }) {
  const { t, code } = useLanguage();
  return (
    <span class="denied" data-testid="denied-field" data-reason={reasonCode} title={reasonCode}>
      <span class="badge badge-denied">{t("value.denied")}</span> {code("reason", reasonCode)}
    </span>
  );
}

/** A masked value shown as the mask it is, never as if it were the value. */
export function Masked({ text, how }: { text: string; how: "characters" | "year" | "month" }) {
  const { t } = useLanguage();
  const title = how === "year" ? t("value.maskedYear") : how === "month" ? t("value.maskedMonth") : t("value.maskedCharacters");
  return (
    <span class="masked" data-testid="masked-value" title={title}>
      <span class="masked-text">{text}</span> <span class="badge badge-masked">{t("value.masked")}</span>
    </span>
  );
}

/**
 * A released value, a mask or a denial. Masks are recognised by their form: the policy's masks
 * (src/policy/masks.ts) write `*` for hidden characters, and masked dates come with reduced
 * precision (the Date scalar's contract). An amount rounded to a band cannot be told by its form.
 */
export function Value({ value, denied }: { value: unknown; denied?: string }) {
  if (denied) return <DeniedLabel reasonCode={denied} />;
  if (value === null || value === undefined || value === "") return <span class="empty">—</span>;
  if (typeof value === "string" && value.includes("*")) return <Masked text={value} how="characters" />;
  return <>{String(value)}</>;
}

export function DateValue({ value, denied }: { value: string | null | undefined; denied?: string }) {
  if (denied) return <DeniedLabel reasonCode={denied} />;
  if (!value) return <span class="empty">—</span>;
  if (/^\d{4}$/.test(value)) return <Masked text={value} how="year" />;
  if (/^\d{4}-\d{2}$/.test(value)) return <Masked text={value} how="month" />;
  return <>{value}</>;
}

export function formatFen(fen: number, language: "zh" | "en"): string {
  const yuan = (fen / 100).toLocaleString(language === "zh" ? "zh-CN" : "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return language === "zh" ? `${yuan} 元` : `¥${yuan}`;
}

export function Money({ fen, denied }: { fen: number | null | undefined; denied?: string }) {
  const { language } = useLanguage();
  if (denied) return <DeniedLabel reasonCode={denied} />;
  if (fen === null || fen === undefined) return <span class="empty">—</span>;
  return <span class="money">{formatFen(fen, language)}</span>;
}

export function Enum({ prefix, value, denied }: { prefix: string; value: string | null | undefined; denied?: string }) {
  const { code } = useLanguage();
  if (denied) return <DeniedLabel reasonCode={denied} />;
  if (value === null || value === undefined) return <span class="empty">—</span>;
  return <span data-code={value}>{code(prefix, value)}</span>;
}

export function DateTime({ value }: { value: string | null | undefined }) {
  const { language } = useLanguage();
  if (!value) return <span class="empty">—</span>;
  return <time dateTime={value}>{new Date(value).toLocaleString(language === "zh" ? "zh-CN" : "en-GB", { hour12: false })}</time>;
}
