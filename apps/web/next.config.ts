import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// The request's language and catalogue (no locale in the URL): src/i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

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
