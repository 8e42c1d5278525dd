import type { NextConfig } from "next";
import { join, relative } from "node:path";
import createNextIntlPlugin from "next-intl/plugin";

// The request's language and catalogue (no locale in the URL): src/i18n/request.ts. next-intl
// resolves the path from the working directory, which is apps/web while building but wherever
// server.ts was started from at run time (Next compiles this file to CommonJS: __dirname is here).
const withNextIntl = createNextIntlPlugin(`./${relative(process.cwd(), join(__dirname, "src/i18n/request.ts"))}`);

const config: NextConfig = {
  // Workspace packages export TypeScript sources. The UI bundles only @dockmaster/protocol at
  // runtime (the others are type-only imports), but any of them may be compiled by Next.
  transpilePackages: ["@dockmaster/protocol", "@dockmaster/api", "@dockmaster/core", "@dockmaster/db", "@dockmaster/realtime", "@dockmaster/docker"],
  serverExternalPackages: ["better-sqlite3", "@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "socket.io", "dockerode"],
  // Types and lint are checked once for the whole repo (npm run typecheck / lint), not per build.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default withNextIntl(config);
