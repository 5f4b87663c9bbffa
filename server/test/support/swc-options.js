/**
 * SWC's options for the server's TypeScript, with the legacy decorators and metadata that type-graphql and TypeORM
 * need: one set for jest (jest.config.js) and for the child processes the tests start (swc-register.js), so the
 * processes a test starts compile the code exactly as the tests do.
 */
module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
