import { exampleProblems, routeTable } from '@payrail/service-kit';
import { NO_OPENAPI_PROBLEMS, openApiProblems } from '@payrail/testing';
import { createApp } from '../app';
import { jobRoutes } from '../jobs/jobRoutes';
import { ledgerServiceOpenApi } from './openapi';

describe("ledger-service's OpenAPI document", () => {
  it('documents every route the app mounts, and only those, with operationIds, as valid OpenAPI 3.1', () => {
    const never = new Proxy({}, { get: () => () => { throw new Error('not called'); } });
    const app = createApp({ config: { INTERNAL_TOKEN: 'x' } as never, logger: never as never, dataDir: '/nonexistent', ledger: never as never, dispatcher: never as never, jobs: { router: jobRoutes(never as never) } as never });
    expect(openApiProblems(routeTable(app), ledgerServiceOpenApi())).toEqual(NO_OPENAPI_PROBLEMS);
  });

  it('has examples its own schemas accept', () => {
    expect(exampleProblems(ledgerServiceOpenApi())).toEqual([]);
  });
});
