import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE } from "./locales";
import { localeFor } from "./negotiate";
import { messagesOf } from "./messages";

// next-intl without locale routing: one URL per page, the language from the cookie or the browser.
export default getRequestConfig(async () => {
  const locale = localeFor((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return { locale, messages: messagesOf(locale) };
});
