/**
 * Lets a child process run the server's TypeScript sources directly (`node -r ./swc-register.js src/main.ts`),
 * compiled on load by SWC with the tests' options (swc-options.js, read by jest.config.js too): the processes a
 * test starts run the code under test, never a stale build.
 */
const fs = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const options = require('./swc-options.js');

Module._extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
