import * as path from 'node:path';
import { REPO_ROOT, startNode, testEnv } from '@payrail/testing';
import { adyenPayment, clearFaults, HMAC_KEY, startSim, stripeCharge, WEBHOOK_SECRET, type Sim } from '../testing/simHarness';

describe('failure injection on a real provider-sim process', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await clearFaults(sim);
  });

  /** Authorizes `count` good cards one after another and returns what each got: ok, a decline code, or timeout. */
  async function outcomes(count: number): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await sim.call('POST', '/providerA/v1/charges', stripeCharge('4242424242424242'), { timeout_ms: 800 }).catch(() => null);
      seen.push(res === null ? 'timeout' : res.status === 200 ? 'ok' : String((res.body['error'] as { decline_code: string }).decline_code));
    }
    return seen;
  }

  it('starts from PROVIDER_FAULTS and FAULT_SEED', async () => {
    const sim2 = await startSim({ FAULT_SEED: '99', PROVIDER_FAULTS: JSON.stringify({ providerB: { outage: '503', latency_ms: 20 } }) });
    try {
      const faults = await sim2.admin('GET', '/admin/faults');
      const b = await sim2.call('POST', '/providerB/v68/payments', adyenPayment('4242424242424242'));
      const a = await sim2.call('POST', '/providerA/v1/charges', stripeCharge('4242424242424242'));

      expect(faults.body).toMatchObject({ seed: 99, providerA: { outage: 'none' }, providerB: { outage: '503', latency_ms: 20 } });
      expect(b.status).toBe(503);
      expect(b.body['error']).toMatchObject({ code: 'upstream_unavailable' });
      expect(a.status).toBe(200);
    } finally {
      await sim2.stop();
    }
  });

  it('refuses to start with a PROVIDER_FAULTS it cannot use, naming the variable', async () => {
    const child = startNode(path.join(REPO_ROOT, 'services/provider-sim/dist/index.js'), [], {
      ...testEnv(sim.dataDir, { PROVIDER_A_WEBHOOK_SECRET: WEBHOOK_SECRET, PROVIDER_B_HMAC_KEY: HMAC_KEY, PROVIDER_SIM_PORT: '1' }),
      PROVIDER_FAULTS: '{"providerA":{"timeout_percent":150}}',
    });
    expect(await child.exited).toBe(1);
    expect(child.stderr()).toMatch(/PROVIDER_FAULTS is not valid: .*providerA\.timeout_percent/);
  });

  it('replays identically with the same seed and the same requests', async () => {
    const faults = { decline_percent: 40, decline_mix: { insufficient_funds: 1, fraudulent: 1 }, timeout_percent: 0 };

    await sim.admin('PUT', '/admin/faults', { seed: 42, providerA: faults });
    const first = await outcomes(24);
    await sim.admin('PUT', '/admin/faults', { seed: 42 });
    const replay = await outcomes(24);
    await sim.admin('PUT', '/admin/faults', { seed: 43 });
    const other = await outcomes(24);

    expect(replay).toEqual(first);
    expect(other).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', 'insufficient_funds', 'fraudulent']));
  });

  it('declines a share of good cards with reasons from the mix', async () => {
    await sim.admin('PUT', '/admin/faults', { providerA: { decline_percent: 100, decline_mix: { processing_error: 1 } } });

    const res = await sim.call('POST', '/providerA/v1/charges', stripeCharge('4242424242424242'));

    expect(res.status).toBe(402);
    expect(res.body['error']).toMatchObject({ code: 'processing_error', decline_code: 'processing_error' });
  });

  it('times out: the charge is made but the answer comes too late, and a retry with the same key gets it at once', async () => {
    await sim.admin('PUT', '/admin/faults', { providerA: { timeout_percent: 100 } });
    const body = stripeCharge('4242424242424242');
    const pi = (body['metadata'] as { payment_intent: string }).payment_intent;

    await expect(sim.call('POST', '/providerA/v1/charges', body, { idempotencyKey: `t-${pi}`, timeout_ms: 300 })).rejects.toThrow(/timeout|aborted/i);
    const inquiry = await sim.call('GET', `/providerA/v1/charges?payment_intent=${pi}`);
    const retry = await sim.call('POST', '/providerA/v1/charges', body, { idempotencyKey: `t-${pi}` });

    expect(inquiry.body['data']).toEqual([expect.objectContaining({ status: 'succeeded', captured: true })]);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.ms).toBeLessThan(500);
    expect(retry.body['id']).toBe((inquiry.body['data'] as Array<{ id: string }>)[0]?.id);
  });

  it('times out captures too, after recording them', async () => {
    const charge = await sim.call('POST', '/providerB/v68/payments', adyenPayment('4242424242424242'));
    await sim.admin('PUT', '/admin/faults', { providerB: { timeout_percent: 100 } });
    const psp = String(charge.body['pspReference']);

    await expect(sim.call('POST', `/providerB/v68/payments/${psp}/captures`, { amount: { value: 2500, currency: 'EUR' } }, { timeout_ms: 300 })).rejects.toThrow(/timeout|aborted/i);
    const payment = await sim.call('GET', `/providerB/v68/payments/${psp}`);

    expect(payment.body).toMatchObject({ status: 'Captured' });
  });

  it('adds latency: fixed plus seeded jitter', async () => {
    await sim.admin('PUT', '/admin/faults', { providerB: { latency_ms: 250, latency_jitter_ms: 100 } });

    const res = await sim.call('POST', '/providerB/v68/payments', adyenPayment('4242424242424242'));
    const fast = await sim.call('POST', '/providerA/v1/charges', stripeCharge('4242424242424242'));

    expect(res.status).toBe(200);
    expect(res.ms).toBeGreaterThanOrEqual(250);
    expect(res.ms).toBeLessThan(1_000);
    expect(fast.ms).toBeLessThan(250);
  });

  it('outage 503 answers every call of that processor with 503 and records nothing; the admin API still works', async () => {
    await sim.admin('PUT', '/admin/faults', { providerA: { outage: '503' } });
    const body = stripeCharge('4242424242424242');

    const charge = await sim.call('POST', '/providerA/v1/charges', body);
    const inquiry = await sim.call('GET', '/providerA/v1/charges?payment_intent=x');
    await clearFaults(sim);
    const after = await sim.call('GET', `/providerA/v1/charges?payment_intent=${(body['metadata'] as { payment_intent: string }).payment_intent}`);

    expect([charge.status, inquiry.status]).toEqual([503, 503]);
    expect(after.body['data']).toEqual([]);
  });

  it('outage refuse closes the connection without an answer', async () => {
    await sim.admin('PUT', '/admin/faults', { providerB: { outage: 'refuse' } });

    await expect(sim.call('POST', '/providerB/v68/payments', adyenPayment('4242424242424242'))).rejects.toThrow(/fetch failed|socket|reset/i);
    expect((await sim.admin('GET', '/admin/faults')).status).toBe(200);
  });

  it('refuses bad fault values with 400 naming the parameter, and changes nothing', async () => {
    const before = await sim.admin('GET', '/admin/faults');

    const range = await sim.admin('PUT', '/admin/faults', { providerA: { timeout_percent: 101 } });
    const unknown = await sim.admin('PUT', '/admin/faults', { providerA: { teleport: true } });
    const outage = await sim.admin('PUT', '/admin/faults', { providerB: { outage: 'sometimes' } });
    const emptyMix = await sim.admin('PUT', '/admin/faults', { providerA: { decline_percent: 10, decline_mix: { card_declined: 0 } } });
    const after = await sim.admin('GET', '/admin/faults');

    expect([range.status, unknown.status, outage.status, emptyMix.status]).toEqual([400, 400, 400, 400]);
    expect(range.body['error']).toMatchObject({ code: 'parameter_invalid', param: 'providerA.timeout_percent' });
    expect(unknown.body['error']).toMatchObject({ param: 'providerA.teleport' });
    expect(outage.body['error']).toMatchObject({ param: 'providerB.outage' });
    expect(emptyMix.body['error']).toMatchObject({ param: 'providerA.decline_mix' });
    expect(after.body).toEqual(before.body);
  });
});
