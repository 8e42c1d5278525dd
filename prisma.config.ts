import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// Prisma CLI configuration for the SQLite source schema. engine "js" + a driver adapter makes the
// CLI use its WASM schema engine: nothing is downloaded (the native engines cannot be, here).
// The adapter points at a throwaway in-memory database: the CLI is only used for `generate` and
// `migrate diff` between schema files; migrations are applied by packages/db/src/migrate.ts.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: process.env.PRISMA_SCHEMA ?? "prisma/schema.prisma",
  adapter: () => Promise.resolve(new PrismaBetterSQLite3({ url: ":memory:" })),
});
