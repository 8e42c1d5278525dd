import type { ReactNode } from "react";
import { cookies, headers } from "next/headers";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import "./globals.css";
import { Providers } from "../src/client/providers";
import { prefetchForPage } from "../src/server/page-queries";
import { scriptNonce, ZOD_WITHOUT_EVAL_SCRIPT } from "../src/client/zod-without-eval";
import { parseThemeChoice, serverTheme, THEME_COOKIE, THEME_SYSTEM_SCRIPT } from "../src/client/theme/theme-choice";

// The home page's title; every other page names itself (src/server/page-title.ts).
export const metadata = { title: "Dockmaster", description: "Operate a fleet of Docker engines from one tab" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request (reading the request's headers makes it so): its scripts
  // carry that response's CSP nonce (src/server/security-headers.ts), which a page prerendered at
  // build time could not.
  const nonce = scriptNonce((await headers()).get("content-security-policy"));
  // A page rendered per request knows who is signed in with its HTML: the auth gate lets it render
  // on the server instead of waiting for auth.status from the browser. (Static pages: null.)
  const signedIn = await prefetchForPage(({ trpc, queryClient }) => queryClient.prefetchQuery(trpc.auth.status.queryOptions()));
  // The theme is in the first HTML: an explicit choice from its cookie, "system" resolved by the
  // head script before the body paints. (The script sets the attribute: React must not mind.)
  const theme = serverTheme(parseThemeChoice((await cookies()).get(THEME_COOKIE)?.value));
  // The language: the user's choice (cookie) or the browser's (src/i18n/request.ts).
  const locale = await getLocale();
  return (
    <html lang={locale} data-theme={theme} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: ZOD_WITHOUT_EVAL_SCRIPT }} />
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SYSTEM_SCRIPT }} />
      </head>
      <body>
        <NextIntlClientProvider>
          <Providers initialState={signedIn}>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
