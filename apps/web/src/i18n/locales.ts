/** The languages the UI speaks. Each has a complete catalogue in apps/web/messages/<locale>.json. */
export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The user's explicit choice; without it the browser's Accept-Language decides. */
export const LOCALE_COOKIE = "dm-locale";

/** The name of each language in itself, for the picker. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };

export function parseLocale(value: string | null | undefined): Locale | null {
  return (LOCALES as readonly string[]).includes(value ?? "") ? (value as Locale) : null;
}

/** The cookie that remembers a choice for a year, for every page of this site. */
export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
