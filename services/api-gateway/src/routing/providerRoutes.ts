import type { GatewayDeps } from '../common/deps';
import { defineRoute, type RouteSpec } from '../http/route';

/** `GET /v1/providers/health`: each processor's breaker, error rate, latency and last failure. */
export function providerRoutes(deps: GatewayDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get', path: '/v1/providers/health', operationId: 'listProviderHealth', tag: 'Processors', auth: 'merchant', scope: 'read',
      summary: 'Per processor: circuit breaker state, error rate over the window, p50/p99 latency, last failure.',
      responses: { 200: { description: 'The health of every processor', schema: { $ref: '#/components/schemas/ProviderHealthList' } } },
      handler: async () => {
        await deps.processors.breakers.flush();
        return { body: { object: 'list', data: deps.processors.health() } };
      },
    }),
  ];
}
