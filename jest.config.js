// One jest run covers unit specs beside the code (*.spec.ts) and end-to-end tests in test/
// (*.e2e-spec.ts). The global setup provides one real PostgreSQL for the whole run and
// migrates it once; see test/support/global-setup.ts.
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/bench'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  // `@lt/<lib>/<file>`: the browser-safe contract modules (a schema without the library's server code).
  moduleNameMapper: {
    '^@lt/([^/]+)/(.+)$': '<rootDir>/libs/$1/src/$2',
    '^@lt/(.*)$': '<rootDir>/libs/$1/src',
  },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
};
