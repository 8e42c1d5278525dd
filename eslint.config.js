import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import i18next from "eslint-plugin-i18next";

// UI files whose every user-visible string comes from the message catalogues (apps/web/messages):
// a literal in their JSX text or in a label-like attribute fails the lint. The list grows as the UI
// is extracted; apps/web/src/i18n/messages.test.ts checks the catalogues have the same keys.
const TRANSLATED_UI = [
  "apps/web/src/client/components/NamespacesPanel.tsx",
  "apps/web/src/client/components/PortPath.tsx",
  "apps/web/src/client/components/CidrExplanation.tsx",
  "apps/web/app/hosts/[[]hostId]/images/_components/LayersTable.tsx",
  "apps/web/src/client/i18n/**",
];

// Layering rules live here, not in hope:
// - dockerode only inside packages/docker
// - process.env only inside each app's config module (and scripts / tests / configs)
export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/.next/**", "**/generated/**", "**/dist/**", "**/next-env.d.ts", "data/**", ".testbed/**", "bench/results/**", ".image/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false, arguments: false } }],
      "@typescript-eslint/only-throw-error": "off",
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "dockerode", message: "Only packages/docker may import dockerode." }] },
      ],
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read environment variables only in the app's config module." },
      ],
    },
  },
  {
    files: ["packages/docker/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // The per-app config modules, scripts, tests and tool configs may read the environment.
    files: [
      "apps/web/src/config.ts",
      "apps/agent/src/config.ts",
      "scripts/**",
      "apps/*/scripts/**",
      "bench/**",
      "e2e/**",
      "**/*.test.ts",
      "apps/*/test/**",
      "*.config.ts",
      "*.config.js",
      "*.config.mjs",
      "apps/web/next.config.ts",
      "prisma.config.ts",
      "prisma/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: TRANSLATED_UI,
    plugins: { i18next },
    rules: {
      "i18next/no-literal-string": [
        "error",
        {
          mode: "jsx-only",
          "jsx-attributes": { include: ["title", "hint", "label", "placeholder", "aria-label", "alt", "description"] },
          message: "A user-visible string must come from the message catalogue (apps/web/messages): use t(…)",
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
