import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "../src/client/providers";

export const metadata = { title: "Dockmaster", description: "Operate a fleet of Docker engines from one tab" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
