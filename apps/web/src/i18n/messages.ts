import en from "../../messages/en.json";
import zhCN from "../../messages/zh-CN.json";
import type { Locale } from "./locales";

/** English is the reference catalogue: every other one must have exactly its keys (messages.test.ts). */
export type Messages = typeof en;

const CATALOGUES: Record<Locale, Messages> = { en, "zh-CN": zhCN };

export function messagesOf(locale: Locale): Messages {
  return CATALOGUES[locale];
}
