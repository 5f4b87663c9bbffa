/**
 * The reliability suite (`npm run test:reliability`, docs/reliability.md): faults and bad input against the real
 * compiled server in child processes, with a MariaDB and a Redis of its own. Not part of `npm test`.
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 120000,
};
