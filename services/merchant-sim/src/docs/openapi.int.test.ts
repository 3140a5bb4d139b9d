import { exampleProblems, routeTable } from '@payrail/service-kit';
import { NO_OPENAPI_PROBLEMS, openApiProblems } from '@payrail/testing';
import { createApp } from '../app';
import { merchantSimOpenApi } from './openapi';

describe("merchant-sim's OpenAPI document", () => {
  it('documents every route the app mounts, and only those, with operationIds, as valid OpenAPI 3.1', () => {
    const never = new Proxy({}, { get: () => () => { throw new Error('not called'); } });
    const app = createApp({ internalToken: 'x', logger: never as never, view: { deliveries: never, orders: never, placed: never } as never, deliveries: never as never, secrets: never as never, modes: never as never, gateway: never as never, gatewayApi: never as never, checkout: never as never, apiKeys: never as never, secretKey: 'x', ready: async () => ({ ok: true, checks: {} }) });
    expect(openApiProblems(routeTable(app), merchantSimOpenApi())).toEqual(NO_OPENAPI_PROBLEMS);
  });

  it('has examples its own schemas accept', () => {
    expect(exampleProblems(merchantSimOpenApi())).toEqual([]);
  });
});
