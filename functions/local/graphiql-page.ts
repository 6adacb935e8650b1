import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * GraphiQL for the local host, served entirely from node_modules: no CDN, so it works offline.
 * The page loads React 18's UMD builds, GraphiQL's UMD bundle and a small script that mounts it.
 */

export const GRAPHIQL_PREFIX = '/graphiql/';

export interface StaticAsset {
  readonly contentType: string;
  readonly body: Buffer;
  readonly etag: string;
}

const PLACEHOLDER_TOKEN = '<paste a token from npm start or npm run token>';

export const DEFAULT_HEADERS = `{\n  "Authorization": "Bearer ${PLACEHOLDER_TOKEN}"\n}\n`;

export const DEFAULT_QUERY = `# Contact points (基层立法联系点) of the congress your token belongs to.
# The tokens npm start prints are for lishi (离石区人大常委会).
query ContactPoints {
  viewer {
    userId
    roles
    tenant { id shortId name level parent { shortId } }
  }
  contactPoints(first: 20) {
    totalCount
    edges {
      node {
        id
        name
        kind
        address
        regionCode
        establishedOn
        active
        liaisons { name title phone }
        revision
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/** Files copied from packages, by the path the page asks for. */
const PACKAGE_FILES: Record<string, { pkg: string; file: string; contentType: string }> = {
  'react.production.min.js': { pkg: 'react', file: 'umd/react.production.min.js', contentType: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': {
    pkg: 'react-dom',
    file: 'umd/react-dom.production.min.js',
    contentType: 'text/javascript; charset=utf-8',
  },
  'graphiql.min.js': { pkg: 'graphiql', file: 'graphiql.min.js', contentType: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { pkg: 'graphiql', file: 'graphiql.min.css', contentType: 'text/css; charset=utf-8' },
  // The bundles name their source maps; serving them keeps the browser's developer tools quiet.
  'graphiql.min.js.map': { pkg: 'graphiql', file: 'graphiql.min.js.map', contentType: 'application/json; charset=utf-8' },
  'graphiql.min.css.map': { pkg: 'graphiql', file: 'graphiql.min.css.map', contentType: 'application/json; charset=utf-8' },
};

/** The script that mounts GraphiQL: a JSON fetcher to /graphql and the defaults of the editors. */
function initScript(endpoint: string): string {
  return `(function () {
  'use strict';
  var endpoint = ${JSON.stringify(endpoint)};
  var placeholder = ${JSON.stringify(PLACEHOLDER_TOKEN)};

  function fetcher(params, options) {
    var headers = {};
    var given = (options && options.headers) || {};
    Object.keys(given).forEach(function (name) {
      if (name.toLowerCase() !== 'content-type') headers[name] = String(given[name]);
    });
    var auth = Object.keys(headers).filter(function (n) { return n.toLowerCase() === 'authorization'; })[0];
    if (auth && headers[auth].indexOf(placeholder) >= 0) {
      // The schema needs no token locally: the docs explorer loads before a token is pasted.
      if (params && params.operationName === 'IntrospectionQuery') {
        delete headers[auth];
      } else {
        return Promise.resolve({
          errors: [{ message: 'Replace the placeholder in the Headers tab with a token: {"Authorization": "Bearer <token>"}. npm start prints tokens; npm run token mints more.' }],
        });
      }
    }
    headers['content-type'] = 'application/json';
    headers.accept = 'application/graphql-response+json, application/json';
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(params) }).then(function (response) {
      return response.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (e) {
          return { errors: [{ message: 'HTTP ' + response.status + ': ' + text.slice(0, 500) }] };
        }
      });
    });
  }

  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
      defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: 'headers',
    }),
  );
})();
`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The HTML page: local stylesheet and scripts only. */
export function graphiqlHtml(): string {
  const asset = (name: string) => `${GRAPHIQL_PREFIX}${name}`;
  const headerShape = escapeHtml('{"Authorization": "Bearer <token>"}');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Renda GraphQL (local): paste a token in the Headers tab</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${asset('graphiql.min.css')}">
  <style>
    html, body { height: 100%; margin: 0; }
    body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #note { padding: 6px 12px; font-size: 13px; background: #fff8e1; border-bottom: 1px solid #e6d8a8; }
    #note code { background: #f3ecd2; padding: 0 3px; }
    #graphiql { flex: 1; min-height: 0; }
  </style>
</head>
<body>
  <div id="note">
    Local API at <code>/graphql</code>. Paste a token in the <b>Headers</b> tab as <code>${headerShape}</code>
    (<code>npm start</code> prints tokens for <code>lishi</code>; <code>npm run token -- --tenant lishi --role TENANT_ADMIN</code> mints more),
    to run queries; the docs explorer reads the schema without one.
    在 Headers 标签页粘贴令牌后即可查询。
  </div>
  <div id="graphiql">Loading GraphiQL...</div>
  <script src="${asset('react.production.min.js')}"></script>
  <script src="${asset('react-dom.production.min.js')}"></script>
  <script src="${asset('graphiql.min.js')}"></script>
  <script src="${asset('init.js')}"></script>
</body>
</html>
`;
}

function asset(contentType: string, body: Buffer): StaticAsset {
  return { contentType, body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
}

const cache = new Map<string, StaticAsset>();

/**
 * The asset for a path under GRAPHIQL_PREFIX (or the page itself for `/`), read once and kept in
 * memory; null for anything else.
 */
export function graphiqlAsset(pathname: string, endpoint = '/graphql'): StaticAsset | null {
  const key = `${pathname}\n${endpoint}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let found: StaticAsset | null = null;
  if (pathname === '/' || pathname === '/graphiql' || pathname === GRAPHIQL_PREFIX) {
    found = asset('text/html; charset=utf-8', Buffer.from(graphiqlHtml()));
  } else if (pathname === `${GRAPHIQL_PREFIX}init.js`) {
    found = asset('text/javascript; charset=utf-8', Buffer.from(initScript(endpoint)));
  } else if (pathname.startsWith(GRAPHIQL_PREFIX)) {
    const entry = PACKAGE_FILES[pathname.slice(GRAPHIQL_PREFIX.length)];
    if (entry) {
      const packageDir = dirname(require.resolve(`${entry.pkg}/package.json`));
      found = asset(entry.contentType, readFileSync(join(packageDir, entry.file)));
    }
  }
  if (found) cache.set(key, found);
  return found;
}

/** Every path the page loads, for tests and diagnostics. */
export const GRAPHIQL_ASSET_PATHS = [
  `${GRAPHIQL_PREFIX}react.production.min.js`,
  `${GRAPHIQL_PREFIX}react-dom.production.min.js`,
  `${GRAPHIQL_PREFIX}graphiql.min.js`,
  `${GRAPHIQL_PREFIX}graphiql.min.css`,
  `${GRAPHIQL_PREFIX}init.js`,
];
