import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PayrailError } from '@payrail/core';
import type { OperationDoc } from '@payrail/service-kit';
import { Router, type Request, type Response } from 'express';
import { GRAPHQL_PATH } from './graphqlEndpoint';

/*
 * GraphiQL, served from the gateway itself: graphiql@3's UMD bundle and the React 18 UMD builds it
 * runs on, read from their npm packages, plus the page and a small start script of ours. The page
 * loads nothing from another origin, and its Content-Security-Policy says so.
 */

const packageFile = (name: string, file: string): string => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
const versionOf = (name: string): string => (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;

export const GRAPHIQL_PATH = '/graphiql';
const ASSETS = `${GRAPHIQL_PATH}/assets`;

/**
 * Everything from this origin, nothing inline: GraphiQL 3 (CodeMirror 5, React) sets its run-time
 * styles through the DOM, which style-src does not govern, so it needs no 'unsafe-inline' (the browser
 * test holds it to that). It talks to /graphql only (connect-src 'self').
 */
export const GRAPHIQL_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const DEFAULT_QUERY = `# PayRail's GraphQL API reads what the REST API reads, for the merchant whose key you send.
# Put your key in the Headers tab below: {"Authorization": "Bearer sk_test_..."}.
query RecentPayments {
  paymentIntents(first: 5) {
    edges {
      node {
        id
        amount
        currency
        status
        refunds(first: 3) { edges { node { id amount status } } }
        disputeObject { id status }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/** Starts GraphiQL in the page (a file, as the policy runs no inline script). */
const START_SCRIPT = `'use strict';
(function () {
  var fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(GRAPHQL_PATH)} });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
    defaultHeaders: ${JSON.stringify(JSON.stringify({ Authorization: 'Bearer sk_test_...' }, null, 2))},
    defaultEditorToolsVisibility: 'headers',
    // The key stays out of the browser's storage.
    shouldPersistHeaders: false
  }));
})();
`;

const PAGE_STYLE = 'html, body, #graphiql { height: 100%; margin: 0; } body { overflow: hidden; }\n';

/** What the page loads, by file name; nothing outside this table is served (no path from the URL reaches the disk). */
const ASSET_FILES: Readonly<Record<string, { type: string; file?: string; text?: string }>> = {
  'react.production.min.js': { type: 'text/javascript', file: packageFile('react', 'umd/react.production.min.js') },
  'react-dom.production.min.js': { type: 'text/javascript', file: packageFile('react-dom', 'umd/react-dom.production.min.js') },
  'graphiql.min.js': { type: 'text/javascript', file: packageFile('graphiql', 'graphiql.min.js') },
  'graphiql.min.css': { type: 'text/css', file: packageFile('graphiql', 'graphiql.min.css') },
  'graphiql-start.js': { type: 'text/javascript', text: START_SCRIPT },
  'graphiql-page.css': { type: 'text/css', text: PAGE_STYLE },
};

export const GRAPHIQL_VERSIONS = { graphiql: versionOf('graphiql'), react: versionOf('react'), 'react-dom': versionOf('react-dom') };

export const GRAPHIQL_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PayRail GraphQL (GraphiQL)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSETS}/graphiql.min.css">
<link rel="stylesheet" href="${ASSETS}/graphiql-page.css">
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${ASSETS}/react.production.min.js"></script>
<script src="${ASSETS}/react-dom.production.min.js"></script>
<script src="${ASSETS}/graphiql.min.js"></script>
<script src="${ASSETS}/graphiql-start.js"></script>
</body>
</html>
`;

/** A GET a browser sends for a page: it prefers HTML to JSON (curl's and GraphiQL's own requests do not). */
export function wantsPage(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * GraphiQL: `GET /graphiql`, `GET /graphql` from a browser (Accept: text/html; anything else is a
 * GraphQL request, which goes on to the GraphQL route), and the page's files under /graphiql/assets.
 */
export function graphiqlRoutes(): Router {
  const router = Router();
  const page = (res: Response): void => {
    res.set({ ...GRAPHIQL_HEADERS, 'Cache-Control': 'no-cache' }).type('html').send(GRAPHIQL_PAGE);
  };
  router.get(GRAPHIQL_PATH, (_req, res) => page(res));
  router.get(GRAPHQL_PATH, (req, res, next) => (wantsPage(req) ? page(res) : next()));
  router.get(`${ASSETS}/:file`, (req, res, next) => {
    const asset = Object.hasOwn(ASSET_FILES, req.params['file'] ?? '') ? ASSET_FILES[req.params['file'] ?? ''] : undefined;
    if (asset === undefined) {
      next(new PayrailError('resource_missing', `GraphiQL has no file ${String(req.params['file']).slice(0, 80)}: it serves ${Object.keys(ASSET_FILES).join(', ')}.`, { param: 'file' }));
      return;
    }
    // The files change only with their packages (or a new gateway): an hour of caching, revalidated.
    res.set({ ...GRAPHIQL_HEADERS, 'Cache-Control': 'public, max-age=3600' }).type(asset.type);
    if (asset.text !== undefined) {
      res.send(asset.text);
      return;
    }
    res.sendFile(asset.file as string, (error?: Error) => {
      if (error && !res.headersSent) next(error);
    });
  });
  return router;
}

/** The page and its files in the OpenAPI document, beside /redoc and its bundle. */
export function graphiqlOperations(): OperationDoc[] {
  return [
    {
      method: 'get', path: GRAPHIQL_PATH, operationId: 'getGraphiql', tag: 'GraphQL', security: [],
      summary: `GraphiQL (graphiql ${GRAPHIQL_VERSIONS.graphiql}, React ${GRAPHIQL_VERSIONS.react}) for /graphql, served from this gateway: put your key in its Headers tab. GET /graphql from a browser shows it too.`,
      responses: { 200: { description: 'The GraphiQL page', contentType: 'text/html', schema: { type: 'string' }, example: GRAPHIQL_PAGE } },
      errors: [400, 405],
    },
    {
      method: 'get', path: `${ASSETS}/:file`, operationId: 'getGraphiqlAsset', tag: 'GraphQL', security: [],
      summary: `A file of the GraphiQL page: ${Object.keys(ASSET_FILES).join(', ')} (from the npm packages graphiql, react and react-dom).`,
      responses: { 200: { description: 'The file', content: { 'text/javascript': { type: 'string', examples: ["'use strict';"] }, 'text/css': { type: 'string', examples: ['html, body { margin: 0; }'] } } } },
      errors: [400, 404, 405],
    },
  ];
}
