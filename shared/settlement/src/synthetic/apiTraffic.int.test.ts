import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { luhnValid, testCardBehaviour } from '@payrail/core';
import express from 'express';
import { driveApiTraffic } from './apiTraffic';
import { TrafficPlan, trafficOptions } from './trafficPlan';

interface Call {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** A vault and a gateway that answer like the real ones, slowly enough to see concurrency. */
function fakeServices() {
  const calls: Call[] = [];
  const pans = new Map<string, string>();
  const intents = new Map<string, Record<string, unknown>>();
  let inFlight = 0;
  let maxInFlight = 0;
  const app = express().use(express.json());
  app.use(async (req, _res, next) => {
    calls.push({ path: req.path, headers: req.headers, body: req.body as Record<string, unknown> });
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight -= 1;
    next();
  });
  app.post('/tokens', (req, res) => {
    const token = `tok_${String(pans.size).padStart(26, '0')}`;
    pans.set(token, String(req.body.pan));
    res.status(201).json({ token, brand: 'visa' });
  });
  app.post('/v1/payment-intents', (req, res) => {
    const intent = { id: `pi_${String(intents.size).padStart(26, '0')}`, status: 'created', ...req.body };
    intents.set(intent.id, intent);
    res.json(intent);
  });
  app.post('/v1/payment-intents/:id/confirm', (req, res) => {
    const intent = intents.get(String(req.params['id'])) ?? {};
    const behaviour = testCardBehaviour(pans.get(String(intent['payment_method'])) ?? '');
    if (behaviour.kind === 'declines') return void res.status(402).json({ error: { code: 'card_declined', decline_code: behaviour.decline_code } });
    intent['status'] = intent['capture_method'] === 'manual' ? 'authorized' : 'captured';
    res.json(intent);
  });
  app.post('/v1/payment-intents/:id/capture', (req, res) => res.json({ ...intents.get(String(req.params['id'])), status: 'captured' }));
  app.post('/v1/payment-intents/:id/cancel', (req, res) => res.json({ ...intents.get(String(req.params['id'])), status: 'reversed' }));
  app.post('/v1/refunds', (req, res) => res.json({ id: 're_1', status: 'succeeded', payment_intent: req.body.payment_intent }));
  return { app, calls, maxInFlight: () => maxInFlight };
}

describe('driveApiTraffic', () => {
  let server: Server;
  let url: string;
  let fake: ReturnType<typeof fakeServices>;
  beforeEach(async () => {
    fake = fakeServices();
    server = fake.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('tokenizes at the vault, then creates, confirms, captures and refunds through the gateway with seed-derived idempotency keys, a few at a time', async () => {
    const plan = new TrafficPlan(trafficOptions({ seed: 9, start: '2026-02-09', payments: 120, manual_capture_percent: 30, refund_percent: 20 }));
    const planned = [...plan.payments()];
    const summary = await driveApiTraffic({ plan, gatewayUrl: url, vaultUrl: url, apiKey: 'sk_test_key', internalToken: 'internal-token-0123456789', concurrency: 4, request_timeout_ms: 5_000 });

    expect(summary.payments).toBe(120);
    expect(summary.errors).toEqual({});
    const declines = planned.filter((p) => testCardBehaviour(p.card.pan).kind === 'declines').length;
    expect(summary.statuses['declined']).toBe(declines);
    expect(fake.maxInFlight()).toBeLessThanOrEqual(4);
    expect(fake.maxInFlight()).toBeGreaterThan(1);

    const to = (suffix: string) => fake.calls.filter((call) => call.path.endsWith(suffix));
    const tokenize = to('/tokens');
    expect(tokenize).toHaveLength(120);
    expect(tokenize.every((call) => call.headers['x-internal-token'] === 'internal-token-0123456789' && luhnValid(String(call.body['pan'])))).toBe(true);
    const created = fake.calls.filter((call) => call.path === '/v1/payment-intents');
    expect(created.map((call) => call.headers['idempotency-key']).sort()).toEqual(planned.map((p) => `synthetic-9-${p.index}-create`).sort());
    expect(created.every((call) => call.headers['authorization'] === 'Bearer sk_test_key' && typeof call.headers['x-correlation-id'] === 'string')).toBe(true);
    expect(to('/confirm')).toHaveLength(120);
    const manualCaptured = planned.filter((p) => p.capture !== null && testCardBehaviour(p.card.pan).kind !== 'declines');
    expect(to('/capture')).toHaveLength(manualCaptured.length);
    expect(to('/v1/refunds').length).toBe(planned.filter((p) => p.refund !== null && testCardBehaviour(p.card.pan).kind !== 'declines').length);
    // Card numbers go to the vault only.
    const gatewayBodies = JSON.stringify(fake.calls.filter((call) => call.path !== '/tokens').map((call) => call.body));
    expect(planned.some((p) => gatewayBodies.includes(p.card.pan))).toBe(false);
  });

  it('counts failed calls by step and status, and goes on', async () => {
    const plan = new TrafficPlan(trafficOptions({ seed: 9, start: '2026-02-09', payments: 5 }));
    const summary = await driveApiTraffic({ plan, gatewayUrl: `${url}/nowhere`, vaultUrl: url, apiKey: 'sk_test_key', internalToken: 'internal-token-0123456789', concurrency: 2, request_timeout_ms: 5_000 });
    expect(summary).toMatchObject({ payments: 5, statuses: { failed: 5 }, errors: { 'create 404': 5 } });
  });
});
