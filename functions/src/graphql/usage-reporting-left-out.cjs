/* global module */
'use strict';
/**
 * Stands in for `@apollo/usage-reporting-protobuf` in the Lambda bundles (the alias in
 * infra/lib/bundling.ts). Only Apollo's usage reporting and inline tracing use that package (about
 * 118 KB of the minified bundle with protobufjs), server.ts turns both off, and Apollo loads their
 * modules only when they are on. Were one turned on, its first use says why it cannot work instead
 * of failing on an undefined constructor. CommonJS, so that Apollo's `require` gets this object itself.
 */
module.exports = new Proxy(
  {},
  {
    get(_target, property) {
      // Looked up by module interop and by `await`; nothing here is either.
      if (typeof property === 'symbol' || property === '__esModule' || property === 'then') return undefined;
      throw new Error(
        `@apollo/usage-reporting-protobuf (${String(property)}) is left out of this bundle: Apollo usage reporting and inline tracing are off (infra/lib/bundling.ts)`,
      );
    },
  },
);
