/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // TS151002: ts-jest notes that node16 module mode prefers isolatedModules; we keep full type-checking.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { ignoreCodes: [151002] } }] },
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/test/support/globalSetup.ts",
  testTimeout: 30000,
  maxWorkers: 2,
};
