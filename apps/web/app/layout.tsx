import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "../src/client/providers";
import { prefetchForPage } from "../src/server/page-queries";

export const metadata = { title: "Dockmaster", description: "Operate a fleet of Docker engines from one tab" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A page rendered per request knows who is signed in with its HTML: the auth gate lets it render
  // on the server instead of waiting for auth.status from the browser. (Static pages: null.)
  const signedIn = await prefetchForPage(({ trpc, queryClient }) => queryClient.prefetchQuery(trpc.auth.status.queryOptions()));
  return (
    <html lang="en">
      <body>
        <Providers initialState={signedIn}>{children}</Providers>
      </body>
    </html>
  );
}
