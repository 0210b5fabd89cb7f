// Lint: typescript-eslint's recommended rules, plus the two type-aware rules that catch promises
// nobody waits for (no-floating-promises, no-misused-promises): in a gateway that must audit
// before it answers, a forgotten await is a bug, not a style question. The type-aware rules read
// tsconfig.json (src, scripts and test), so every linted file is type-checked as it is compiled.
import eslint from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    // Generated Prisma clients, build output, benchmark caches and generated data.
    ignores: ["src/db/generated/**", "dist/**", "node_modules/**", ".bench-cache/**", "bench/results/**", "data/**"],
  },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      // `_name` marks a binding left unused on purpose (rest-destructuring to drop a key).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Tests read GraphQL answers as untyped JSON (`any`) and assert their shape with expect(); the
    // expectations are the type check there. Source and scripts keep the rule.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Plain JavaScript (the bootstrap that runs before anything is compiled, this file): no types to check.
    files: ["**/*.mjs", "**/*.js", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", module: "writable", require: "readonly", __dirname: "readonly" } },
  },
  {
    // CommonJS helpers that tests start as plain Node child processes (they load dist/ with require()).
    files: ["**/*.cjs", "test/**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
