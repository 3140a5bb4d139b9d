import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateWebhookSecret, signStandardWebhook } from '@payrail/core';
import { makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';

const SECRET = generateWebhookSecret();
const DEMO_KEY = testEnv('').DEMO_MERCHANT_API_KEY;
const T0 = Math.floor(Date.now() / 1000) - 60;

/** A stand-in for api-gateway's GET /v1/payment-intents/:id, recording what it was sent. */
function fakeGateway(paymentIntents: Record<string, unknown>): { server: Server; seen: IncomingHttpHeaders[]; url: () => string } {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const id = /^\/v1\/payment-intents\/([^/]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const found = paymentIntents[id];
    res.writeHead(found === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(found ?? { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such object.' } }));
  });
  return { server, seen, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('merchant-sim orders (real process)', () => {
  let service: RunningService;
  let cleanup: () => void;
  const gateway = fakeGateway({ pi_ledger: { id: 'pi_ledger', object: 'payment_intent', status: 'captured', amount: 500, currency: 'EUR' } });
  let eventCount = 0;

  const getJson = async (route: string): Promise<any> => (await fetch(`${service.url}${route}`)).json() as Promise<any>;
  /** Delivers one signed event about `object` and expects it processed. */
  const deliver = async (type: string, created: number, object: Record<string, unknown>): Promise<string> => {
    eventCount += 1;
    const id = `evt_orders${eventCount}`;
    const body = JSON.stringify({ id, type, created, data: { object } });
    const headers = signStandardWebhook({ id, timestamp: Math.floor(Date.now() / 1000), body, secrets: [SECRET] });
    const response = await fetch(`${service.url}/webhooks/sandbox`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(200);
    return id;
  };
  const paymentIntent = (id: string, status: string) => ({ id, object: 'payment_intent', amount: 500, currency: 'EUR', status });

  beforeAll(async () => {
    await new Promise<void>((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
    let dir: string;
    ({ dir, cleanup } = makeTempDataDir('merchant-sim-orders'));
    service = await startService('merchant-sim', 'MERCHANT_SIM_PORT', testEnv(dir, { MERCHANT_SIM_SECRETS: JSON.stringify({ sandbox: [SECRET] }), GATEWAY_URL: gateway.url() }));
  });

  afterAll(async () => {
    await service?.stop();
    if (gateway.server.listening) await new Promise((resolve) => gateway.server.close(resolve));
    cleanup?.();
  });

  it('follows the events it processed, by event creation time, not by arrival', async () => {
    await deliver('payment_intent.created', T0, paymentIntent('pi_flow', 'created'));
    await deliver('payment_intent.captured', T0 + 20, paymentIntent('pi_flow', 'captured'));
    // A retry of an older event arrives late: it joins the history but does not move the status back.
    await deliver('payment_intent.authorized', T0 + 10, paymentIntent('pi_flow', 'authorized'));
    await deliver('refund.created', T0 + 30, { id: 're_1', object: 'refund', payment_intent: 'pi_flow', amount: 200, currency: 'EUR', status: 'pending_approval' });
    await deliver('refund.succeeded', T0 + 40, { id: 're_1', object: 'refund', payment_intent: 'pi_flow', amount: 200, currency: 'EUR', status: 'succeeded' });

    const order = await getJson('/orders/pi_flow');
    expect(order).toMatchObject({ id: 'pi_flow', env: 'sandbox', status: 'captured', amount: 500, currency: 'EUR', events: 5, last_event_type: 'refund.succeeded' });
    expect(order.status_source).toMatchObject({ type: 'payment_intent.captured', created: T0 + 20 });
    expect(order.history.map((entry: { type: string }) => entry.type)).toEqual([
      'payment_intent.created',
      'payment_intent.authorized',
      'payment_intent.captured',
      'refund.created',
      'refund.succeeded',
    ]);
    expect(order.refunds).toEqual([{ id: 're_1', status: 'succeeded', amount: 200, currency: 'EUR', last_event_type: 'refund.succeeded' }]);

    const list = await getJson('/orders?env=sandbox');
    expect(list.data.find((entry: { id: string }) => entry.id === 'pi_flow')).toMatchObject({ status: 'captured', events: 5 });
    expect((await getJson('/orders/pi_never')).error).toMatchObject({ code: 'resource_missing', param: 'id' });
  });

  it('re-reads the payment from the gateway with the merchant key and shows it beside its own view', async () => {
    await deliver('payment_intent.authorized', T0, paymentIntent('pi_ledger', 'authorized'));
    const response = await fetch(`${service.url}/orders/pi_ledger?refresh=true`, { headers: { 'x-correlation-id': 'corr_merchant_test' } });
    const order = (await response.json()) as any;
    expect(order).toMatchObject({ status: 'authorized', ledger_view: { available: true, status_code: 200, payment_intent: { status: 'captured' } }, in_sync_with_ledger: false });
    const sent = gateway.seen[gateway.seen.length - 1];
    expect(sent?.authorization).toBe(`Bearer ${DEMO_KEY}`);
    expect(sent?.['x-correlation-id']).toBe('corr_merchant_test');

    await deliver('payment_intent.created', T0, paymentIntent('pi_unknown_to_gateway', 'created'));
    expect((await getJson('/orders/pi_unknown_to_gateway?refresh=true')).ledger_view).toMatchObject({ available: false, status_code: 404, error: { code: 'resource_missing' } });

    await new Promise((resolve) => gateway.server.close(resolve));
    const offline = await fetch(`${service.url}/orders/pi_ledger?refresh=true`);
    expect(offline.status).toBe(200);
    expect(((await offline.json()) as any).ledger_view).toMatchObject({ available: false, reason: expect.stringMatching(/unreachable/) });
    expect((await getJson('/orders/pi_ledger?refresh=maybe')).error).toMatchObject({ param: 'refresh' });
  });
});
