import { match } from "@formatjs/intl-localematcher";
import Negotiator from "negotiator";
import { DEFAULT_LOCALE, LOCALES, parseLocale, type Locale } from "./locales";

// Server only (request.ts): kept apart from locales.ts so the browser bundle does not carry it.
/** The locale a request is rendered in: the cookie's choice, else the best match of Accept-Language. */
export function localeFor(cookie: string | undefined, acceptLanguage: string | null): Locale {
  const chosen = parseLocale(cookie);
  if (chosen) return chosen;
  const wanted = new Negotiator({ headers: { "accept-language": acceptLanguage ?? "" } }).languages().filter((l) => l !== "*");
  try {
    return parseLocale(match(wanted, LOCALES, DEFAULT_LOCALE)) ?? DEFAULT_LOCALE;
  } catch {
    // A malformed tag in the header (match() throws on it): fall back rather than fail the page.
    return DEFAULT_LOCALE;
  }
}

