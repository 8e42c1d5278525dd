"use client";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { localeCookie, LOCALE_NAMES, LOCALES, parseLocale } from "../../i18n/locales";

/** The interface language: remembered in a cookie the server renders from, applied by re-rendering. */
export function LanguagePicker() {
  const t = useTranslations("language");
  const locale = useLocale();
  const router = useRouter();
  function choose(value: string) {
    const next = parseLocale(value);
    if (!next) return;
    document.cookie = localeCookie(next);
    document.documentElement.lang = next;
    router.refresh();
  }
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="text-zinc-300">{t("label")}</span>
      <select data-testid="language-select" value={locale} onChange={(e) => choose(e.target.value)} className="w-48 rounded bg-zinc-800 px-2 py-1.5 text-sm text-zinc-200 ring-1 ring-zinc-700">
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      <span className="text-xs text-zinc-400">{t("hint")}</span>
    </label>
  );
}
