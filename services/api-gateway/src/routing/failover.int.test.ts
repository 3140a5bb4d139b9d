import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { makeTempDataDir, waitFor } from '@payrail/testing';
import { InFlightResolver } from '../paymentIntents/inFlightResolver';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { startStack, type Stack } from '../testing/stack';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };

describe('processor outage: breaker, failover without double charges, recovery', () => {
  let cleanup: () => void;
  let stack: Stack;
  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = makeTempDataDir('failover'));
    stack = await startStack(dir, {
      gatewayEnv: { BREAKER_REQUESTS_MIN: '3', BREAKER_COOLDOWN_MS: '1000', PROCESSOR_TIMEOUT_MS: '1000', VELOCITY_MAX_PAYMENTS: '1000' },
      simEnv: { PROVIDER_TIMEOUT_MS: '3000' },
    });
  }, 60_000);
  afterAll(async () => {
    await stack.close();
    cleanup();
  });

  const internal = () => ({ 'x-internal-token': stack.env.INTERNAL_TOKEN as string });
  /** Successful authorizations each processor holds for a payment (its own books, via status inquiry). */
  async function chargesAt(paymentIntent: string): Promise<{ providerA: number; providerB: number }> {
    const a = (await (await fetch(`${stack.sim.url}/providerA/v1/charges?payment_intent=${paymentIntent}`, { headers: internal() })).json()) as { data: Array<{ status: string }> };
    const b = (await (await fetch(`${stack.sim.url}/providerB/v68/payments?reference=${paymentIntent}`, { headers: internal() })).json()) as { data: Array<{ resultCode: string }> };
    return { providerA: a.data.filter((c) => c.status === 'succeeded').length, providerB: b.data.filter((p) => p.resultCode === 'Authorised').length };
  }

  async function pay(amount = 1_500): Promise<request.Response> {
    const token = await stack.tokenize('4242424242424242');
    const created = await request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', `pay-${randomUUID()}`).send({ amount, currency: 'usd', payment_method: token });
    return request(stack.gw.app).post(`/v1/payment-intents/${created.body.id}/confirm`).set(auth).send({});
  }

  it('providerB answers 503 → payments fail over to providerA → its breaker opens → it comes back → the breaker closes', async () => {
    expect((await stack.simAdmin('PUT', '/admin/faults', { providerB: { outage: '503' } })).status).toBe(200);
    const failedOver = [];
    for (let i = 0; i < 3; i++) failedOver.push(await pay());
    for (const res of failedOver) {
      expect(res.body).toMatchObject({ status: 'captured', processor: 'providerA' });
      expect(res.body.routing_reason).toMatch(/failover: providerB did not answer \(unavailable, nothing processed\)/);
    }
    await stack.gw.deps.processors.breakers.flush();
    const health = await request(stack.gw.app).get('/v1/providers/health').set(auth);
    expect(health.body.data.find((p: { provider: string }) => p.provider === 'providerB')).toMatchObject({ breaker: 'open', error_rate: 1 });
    const skipped = await pay();
    expect(skipped.body).toMatchObject({ status: 'captured', processor: 'providerA' });
    expect(skipped.body.routing_reason).toMatch(/skipped providerB \(circuit open\)/);

    expect((await stack.simAdmin('PUT', '/admin/faults', { providerB: { outage: 'none' } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const probe = await pay();
    expect(probe.body).toMatchObject({ status: 'captured', processor: 'providerB' });
    await waitFor(() => stack.gw.deps.processors.health().find((p) => p.provider === 'providerB')?.breaker === 'closed', 5_000, 'the breaker to close');

    for (const res of [...failedOver, skipped, probe]) {
      const charges = await chargesAt(res.body.id);
      expect(charges.providerA + charges.providerB).toBe(1);
    }
  });

  it('a timed-out authorization is asked about first: found authorized, it is used, and no other processor is tried', async () => {
    expect((await stack.simAdmin('PUT', '/admin/faults', { providerB: { timeout_percent: 100 } })).status).toBe(200);
    const res = await pay(1_700);
    await stack.simAdmin('PUT', '/admin/faults', { providerB: { timeout_percent: 0 } });
    expect(res.status).toBe(200);
    expect(res.body.processor).toBe('providerB');
    expect(await chargesAt(res.body.id)).toEqual({ providerA: 0, providerB: 1 });
  });

  it('when nothing can be learned about an unanswered call, no other processor is tried and nothing is declared: 503, processing until the resolver learns what the processor did', async () => {
    expect((await stack.simAdmin('PUT', '/admin/faults', { providerB: { outage: 'refuse' } })).status).toBe(200);
    const token = await stack.tokenize('4242424242424242');
    const created = await request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', `pay-${randomUUID()}`).send({ amount: 1_800, currency: 'usd', payment_method: token });
    const confirmKey = `confirm-${randomUUID()}`;
    const res = await request(stack.gw.app).post(`/v1/payment-intents/${created.body.id as string}/confirm`).set(auth).set('Idempotency-Key', confirmKey).send({});
    await stack.simAdmin('PUT', '/admin/faults', { providerB: { outage: 'none' } });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'upstream_unavailable' });
    expect(res.body.error.message).toMatch(/outcome is unknown: no other processor was tried, and the payment stays processing/);
    // Not declined while the processor may hold an authorization: it stays processing.
    const during = await request(stack.gw.app).get(`/v1/payment-intents/${created.body.id as string}`).set(auth);
    expect(during.body).toMatchObject({ status: 'created', processing: true, processor: 'providerB' });
    expect(await chargesAt(created.body.id)).toEqual({ providerA: 0, providerB: 0 });
    // providerB is back: the resolver asks it, learns it holds nothing, and records the decline; the
    // confirmation's key then answers it.
    await new InFlightResolver(stack.gw.deps, 0).runOnce();
    const replayed = await request(stack.gw.app).post(`/v1/payment-intents/${created.body.id as string}/confirm`).set(auth).set('Idempotency-Key', confirmKey).send({});
    expect(replayed.status).toBe(402);
    expect(replayed.body.error).toMatchObject({ decline_code: 'processing_error' });
    expect(replayed.body.error.message).toMatch(/has no authorization for it; nothing was charged/);
    expect(await chargesAt(created.body.id)).toEqual({ providerA: 0, providerB: 0 });
  });
});
