import type { ReactNode } from "react";
import { headers } from "next/headers";
import "./globals.css";
import { Providers } from "../src/client/providers";
import { prefetchForPage } from "../src/server/page-queries";
import { scriptNonce, ZOD_WITHOUT_EVAL_SCRIPT } from "../src/client/zod-without-eval";

export const metadata = { title: "Dockmaster", description: "Operate a fleet of Docker engines from one tab" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request (reading the request's headers makes it so): its scripts
  // carry that response's CSP nonce (src/server/security-headers.ts), which a page prerendered at
  // build time could not.
  const nonce = scriptNonce((await headers()).get("content-security-policy"));
  // A page rendered per request knows who is signed in with its HTML: the auth gate lets it render
  // on the server instead of waiting for auth.status from the browser. (Static pages: null.)
  const signedIn = await prefetchForPage(({ trpc, queryClient }) => queryClient.prefetchQuery(trpc.auth.status.queryOptions()));
  return (
    <html lang="en">
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: ZOD_WITHOUT_EVAL_SCRIPT }} />
      </head>
      <body>
        <Providers initialState={signedIn}>{children}</Providers>
      </body>
    </html>
  );
}
