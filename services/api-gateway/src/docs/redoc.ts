import { readFileSync } from 'node:fs';
import type { OperationDoc } from '@payrail/service-kit';
import { Router } from 'express';

/** ReDoc's standalone bundle, from the redoc package (served from here: the page loads nothing from elsewhere). */
export const REDOC_BUNDLE_FILE = require.resolve('redoc/bundles/redoc.standalone.js');
const REDOC_VERSION = (JSON.parse(readFileSync(require.resolve('redoc/package.json'), 'utf8')) as { version: string }).version;
export const REDOC_BUNDLE_PATH = '/redoc/redoc.standalone.js';

/**
 * Everything from this origin and nothing inline but styles: ReDoc renders with styled-components,
 * which writes its `<style>` elements at run time, and runs its search index in a worker it starts
 * from a `blob:` URL. Scripts come only from the bundle, the document from /openapi.json. The one
 * thing ReDoc fetches from elsewhere, its footer's logo from cdn.redoc.ly, is blocked (and hidden).
 */
export const REDOC_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The page: ReDoc's `<redoc spec-url>` element, which the bundle finds and renders when it loads. */
export const REDOC_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PayRail API reference (ReDoc)</title>
<link rel="icon" href="data:,">
</head>
<body>
<redoc spec-url="/openapi.json"></redoc>
<script src="${REDOC_BUNDLE_PATH}"></script>
</body>
</html>
`;

/** `GET /redoc` (the page) and its bundle, beside Swagger UI at /docs. */
export function redocRoutes(): Router {
  const router = Router();
  router.get('/redoc', (_req, res) => {
    res.set({ ...REDOC_HEADERS, 'Cache-Control': 'no-cache' }).type('html').send(REDOC_PAGE);
  });
  router.get(REDOC_BUNDLE_PATH, (_req, res, next) => {
    // The bundle changes only with the package: an hour of caching, revalidated by its Last-Modified.
    res.set({ ...REDOC_HEADERS, 'Cache-Control': 'public, max-age=3600' }).type('text/javascript');
    res.sendFile(REDOC_BUNDLE_FILE, (error?: Error) => {
      if (error && !res.headersSent) next(error);
    });
  });
  return router;
}

/** The two routes in the gateway's OpenAPI document, beside the operations routes (/health, /ready...). */
export function redocOperations(): OperationDoc[] {
  return [
    {
      method: 'get', path: '/redoc', operationId: 'getRedoc', tag: 'Operations', security: [],
      summary: 'This document rendered by ReDoc (Swagger UI is at /docs); the page loads only the bundle below and /openapi.json.',
      responses: { 200: { description: 'The ReDoc page', contentType: 'text/html', schema: { type: 'string' }, example: REDOC_PAGE } },
      errors: [400, 405],
    },
    {
      method: 'get', path: REDOC_BUNDLE_PATH, operationId: 'getRedocBundle', tag: 'Operations', security: [],
      summary: `ReDoc's standalone bundle (redoc ${REDOC_VERSION}, served from the npm package).`,
      responses: { 200: { description: 'The script', contentType: 'text/javascript', schema: { type: 'string' }, example: '/*! For license information please see redoc.standalone.js.LICENSE.txt */' } },
      errors: [400, 405],
    },
  ];
}
