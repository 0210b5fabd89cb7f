// Simplified Chinese first, English on request. The language lives in memory with the session;
// every label, message and error explanation comes from messages.ts, where each key holds both.
import { useEffect, useState } from "preact/hooks";
import { MESSAGES, type MessageKey } from "./messages";

export type Language = "zh" | "en";
let language: Language = "zh";
const listeners = new Set<() => void>();

export function setLanguage(next: Language): void {
  language = next;
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  for (const listener of listeners) listener();
}

export function currentLanguage(): Language {
  return language;
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translate(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const entry = MESSAGES[key];
  const text: string = entry ? entry[language === "zh" ? 0 : 1] : key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A key built from an API value (an enum, an error code); falls back to the value itself. */
export function translateCode(prefix: string, code: string | null | undefined): string {
  if (code === null || code === undefined) return "—";
  const key = `${prefix}.${code}` as MessageKey;
  return key in MESSAGES ? translate(key) : code;
}

export function hasMessage(key: string): key is MessageKey {
  return key in MESSAGES;
}

export function useLanguage(): { t: Translate; code: (prefix: string, value: string | null | undefined) => string; language: Language } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return { t: translate, code: translateCode, language };
}
