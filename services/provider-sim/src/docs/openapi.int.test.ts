import { exampleProblems, routeTable } from '@payrail/service-kit';
import { NO_OPENAPI_PROBLEMS, openApiProblems } from '@payrail/testing';
import { createApp } from '../app';
import { providerSimOpenApi } from './openapi';

describe("provider-sim's OpenAPI document", () => {
  it('documents every route the app mounts, and only those, with operationIds, as valid OpenAPI 3.1', () => {
    const never = new Proxy({}, { get: () => () => { throw new Error('not called'); } });
    const app = createApp({ internalToken: 'x', adminToken: 'y', timeout_ms: 1, simulated_delay_ms: 1, books: never as never, charges: never as never, faults: never as never, settlement: never as never, logger: never as never, ready: async () => ({ ok: true, checks: {} }) });
    expect(openApiProblems(routeTable(app), providerSimOpenApi())).toEqual(NO_OPENAPI_PROBLEMS);
  });

  it('has examples its own schemas accept', () => {
    expect(exampleProblems(providerSimOpenApi())).toEqual([]);
  });
});
