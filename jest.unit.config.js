/**
 * The unit tests of the pure modules, without the emulators: what `npm run mutate` runs for every
 * mutant (Stryker re-runs only the tests that cover it). `npm test` still runs them through jest.config.js.
 */
const base = require('./jest.config');

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  roots: ['<rootDir>/test/unit'],
  testMatch: ['<rootDir>/test/unit/{legislation,files,budget}/**/*.test.ts'],
  testTimeout: 30000,
};
