// Tests sit beside the code; the suffix names the tier: *.unit.test.ts, *.int.test.ts.
// Workspace imports resolve to src, so a test never runs a stale dist. Child processes that tests
// start (services, journal writers) run the dist that `npm test` builds first with `tsc -b`.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/shared', '<rootDir>/services', '<rootDir>/scripts', '<rootDir>/deploy'],
  testMatch: ['**/src/**/*.test.ts', '**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: { '^@payrail/([a-z-]+)$': '<rootDir>/shared/$1/src' },
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.base.json', diagnostics: false }] },
  testTimeout: 60_000,
  // Every response every service sends during the tests is held to its OpenAPI document.
  globalSetup: '<rootDir>/shared/testing/contract/globalSetup.js',
  globalTeardown: '<rootDir>/shared/testing/contract/globalTeardown.js',
  maxWorkers: 2,
};
