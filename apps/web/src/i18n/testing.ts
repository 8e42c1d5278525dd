import { createElement, type ReactElement } from "react";
import { createTranslator, NextIntlClientProvider } from "next-intl";
import type { Translate } from "../client/container-isolation";
import { DEFAULT_LOCALE, type Locale } from "./locales";
import { messagesOf } from "./messages";

/** For unit tests: an element rendered inside the provider, as the layout does for pages. */
export function withMessages(element: ReactElement, locale: Locale = DEFAULT_LOCALE): ReactElement {
  return createElement(NextIntlClientProvider, { locale, messages: messagesOf(locale), timeZone: "UTC", children: element });
}

/** For unit tests of functions that take a translator: one namespace of a catalogue. */
export function translatorFor(namespace: string, locale: Locale = DEFAULT_LOCALE): Translate {
  // Keys are checked at run time here (the catalogue is untyped for next-intl: no AppConfig).
  const t = createTranslator({ locale, messages: messagesOf(locale), namespace: namespace as never }) as unknown as Translate;
  return (key, values) => t(key, values);
}
