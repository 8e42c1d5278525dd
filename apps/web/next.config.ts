import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages export TypeScript sources.
  transpilePackages: ["@dockmaster/protocol"],
  serverExternalPackages: ["better-sqlite3", "@prisma/client", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "socket.io", "dockerode"],
  // Types and lint are checked once for the whole repo (npm run typecheck / lint), not per build.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
