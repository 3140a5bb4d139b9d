import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@payrail/service-kit';
import { testEnv } from '@payrail/testing';
import { gatewayRoutes } from '../app';
import { loadGatewayConfig } from '../config';
import { openGatewayDeps } from '../gatewayDeps';
import { buildOpenApi } from './openapi';

/** Where the generated types of @payrail/client live. */
export const CLIENT_SCHEMA_FILE = path.resolve(__dirname, '../../../../shared/client/src/schema.ts');

const HEADER = '// Generated from the gateway\'s OpenAPI document by `npm run generate:client` (openapi-typescript). Do not edit.\n';

/**
 * The gateway's document as `GET /openapi.json` serves it, built from its routes on a throwaway data
 * folder (the routes need their dependencies to exist; nothing is called).
 */
export async function gatewayDocument(env: NodeJS.ProcessEnv = {}): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'payrail-openapi-'));
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  try {
    // The document does not depend on secrets: the test ones will do.
    const config = loadGatewayConfig(testEnv(dir, { VAULT_URL: 'http://127.0.0.1:9', PROVIDER_SIM_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent', ...env }));
    const { deps, close } = await openGatewayDeps(config, env, createLogger({ service: 'api-gateway', level: 'silent', destination: quiet }));
    try {
      return buildOpenApi(gatewayRoutes(deps));
    } finally {
      await close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The TypeScript of `document` as openapi-typescript writes it: what shared/client/src/schema.ts holds. */
export async function clientSchemaSource(document: Record<string, unknown>): Promise<string> {
  // openapi-typescript is a dev dependency: loaded only when the client is generated.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- its CommonJS build, in jest as in node
  type Library = typeof import('openapi-typescript');
  const { default: openapiTS, astToString } = require('openapi-typescript') as { default: Library; astToString: Library['astToString'] };
  const ast = await openapiTS(document as never, { alphabetize: true });
  return HEADER + astToString(ast);
}
