/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", isolatedModules: false }] },
  setupFiles: ["reflect-metadata"],
  globalSetup: "<rootDir>/test/support/globalSetup.ts",
  testTimeout: 30000,
  maxWorkers: 2,
};
