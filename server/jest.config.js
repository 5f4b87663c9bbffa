/** Jest runs TypeScript through SWC, with the options of test/support/swc-options.js. */
const swc = require('./test/support/swc-options.js');
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test', '<rootDir>/../migrations'],
  testMatch: ['**/*.test.ts'],
  // The reliability suite has its own config (jest.reliability.config.js, npm run test:reliability).
  testPathIgnorePatterns: ['/node_modules/', '/test/reliability/'],
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
