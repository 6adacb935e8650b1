/* global module */
'use strict';
/**
 * Stands in, in the Lambda bundles (the aliases in infra/lib/bundling.ts), for packages Apollo
 * Server imports but this project never runs:
 * - `@apollo/usage-reporting-protobuf` (104 KB minified, with protobufjs 118 KB): only usage
 *   reporting and inline tracing use it; server.ts turns both off, and Apollo loads their modules
 *   only when they are on;
 * - `@graphql-tools/schema` (with its merge and utils packages 118 KB): Apollo calls its
 *   `makeExecutableSchema` only when given `typeDefs`; server.ts gives it a built `schema`.
 * Were either used, its first use says why it cannot work instead of failing on an undefined value.
 * CommonJS, so that Apollo's `require` gets this object itself.
 */
module.exports = new Proxy(
  {},
  {
    get(_target, property) {
      // Looked up by module interop and by `await`; nothing here is either.
      if (typeof property === 'symbol' || property === '__esModule' || property === 'then') return undefined;
      throw new Error(
        `${String(property)} is left out of this bundle: Apollo usage reporting and inline tracing are off, and the schema is built by graphql/schema.ts (infra/lib/bundling.ts)`,
      );
    },
  },
);
