import { defineConfig } from "vitest/config";

// Unit tests (*.test.ts) use fakes only; integration tests (*.int.test.ts) use real
// throwaway engines from scripts/testbed.sh (see scripts/with-testbed.sh) and real databases.
export default defineConfig({
  test: {
    // Integration files share throwaway engines and ports: run files one at a time. (A root-only
    // option: `npm run test:unit` turns it back on from the command line, unit files use fakes only.)
    fileParallelism: false,
    projects: [
      {
        test: {
          name: "unit",
          include: ["{apps,packages,scripts}/**/*.test.ts"],
          exclude: ["**/node_modules/**", "**/*.int.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["{apps,packages,scripts}/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
