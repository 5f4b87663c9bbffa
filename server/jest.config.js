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
  // One file at a time (`npm test` runs `--maxWorkers=1`), in a worker that is replaced once it holds more than 1 GB
  // after a file: every file loads the whole server again, and in one process (--runInBand) the heap grew to 6.8 GB
  // over the suite, with GC to match (the SQLite suite: 470 s of CPU in band, 379 s this way, same machine and load).
  workerIdleMemoryLimit: '1GB',
};
