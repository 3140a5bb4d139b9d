import { exampleProblems, routeTable } from '@payrail/service-kit';
import { NO_OPENAPI_PROBLEMS, openApiProblems } from '@payrail/testing';
import { createApp } from '../app';
import { vaultOpenApi } from './openapi';

describe("vault-service's OpenAPI document", () => {
  it('documents every route the app mounts, and only those, with operationIds, as valid OpenAPI 3.1', () => {
    const never = new Proxy({}, { get: () => () => { throw new Error('not called'); } });
    const app = createApp({ config: { INTERNAL_TOKEN: 'x', ADMIN_TOKEN: 'y' }, logger: never as never, tokens: never as never, keys: never as never, ready: async () => ({ ok: true, checks: {} }) });
    expect(openApiProblems(routeTable(app), vaultOpenApi())).toEqual(NO_OPENAPI_PROBLEMS);
  });

  it('has examples its own schemas accept', () => {
    expect(exampleProblems(vaultOpenApi())).toEqual([]);
  });
});
