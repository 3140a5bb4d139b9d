import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { verifyStripeSignature } from '@payrail/core';
import { adyenItem, adyenPayment, clearFaults, startSim, stripeCharge, typeOf, webhookId, WEBHOOK_SECRET, type Delivery, type Sim } from '../testing/simHarness';

const piOf = (body: Record<string, unknown>): string => (body['metadata'] as { payment_intent: string }).payment_intent;
const stripeIntent = (delivery: Delivery): unknown => (delivery.body['data'] as { object: { metadata?: { payment_intent?: string } } }).object.metadata?.payment_intent;

function bookLines(sim: Sim, provider: string): Array<{ type: string; ref: string; data: Record<string, unknown> }> {
  return readFileSync(path.join(sim.dataDir, 'providers', 'sim', `${provider}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; ref: string; data: Record<string, unknown> });
}

describe('webhooks to the gateway, from a real provider-sim process', () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await clearFaults(sim);
    sim.receiver.answer = (delivery) => ({ status: 200, body: delivery.provider === 'providerB' ? '[accepted]' : '' });
  });

  const deliveriesOf = (pi: string): Delivery[] => sim.receiver.of('providerA').filter((delivery) => stripeIntent(delivery) === pi);

  it('retries with backoff until the gateway answers 2xx, signing each attempt', async () => {
    const body = stripeCharge('4242424242424242');
    const pi = piOf(body);
    let calls = 0;
    sim.receiver.answer = (delivery) => (stripeIntent(delivery) === pi && ++calls < 3 ? { status: 500, body: 'down' } : { status: 200, body: '' });

    await sim.call('POST', '/providerA/v1/charges', body);
    await sim.receiver.waitFor(() => deliveriesOf(pi).length === 3, 'three attempts');
    await sim.receiver.waitFor(() => bookLines(sim, 'providerA').some((line) => line.type === 'provider_sim.webhook_sent' && line.ref === webhookId(deliveriesOf(pi)[0] as Delivery)), 'webhook_sent in the books');

    const attempts = deliveriesOf(pi);
    expect(new Set(attempts.map(webhookId)).size).toBe(1);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(40);
    expect((attempts[2]?.at ?? 0) - (attempts[1]?.at ?? 0)).toBeGreaterThanOrEqual(90);
    for (const attempt of attempts) expect(verifyStripeSignature(attempt.raw, attempt.headers['stripe-signature'] as string, WEBHOOK_SECRET)).toEqual({ ok: true });
    expect(bookLines(sim, 'providerA').find((line) => line.type === 'provider_sim.webhook_sent' && line.ref === webhookId(attempts[0] as Delivery))?.data).toMatchObject({ attempts: 3, status_code: 200 });
  });

  it('gives up after the last retry of the schedule and records the webhook as abandoned', async () => {
    const body = stripeCharge('4242424242424242');
    const pi = piOf(body);
    sim.receiver.answer = (delivery) => (stripeIntent(delivery) === pi ? { status: 503, body: 'no' } : { status: 200, body: '' });

    await sim.call('POST', '/providerA/v1/charges', body);
    await sim.receiver.waitFor(() => deliveriesOf(pi).length === 4, 'four attempts (one + three retries)');
    const id = webhookId(deliveriesOf(pi)[0] as Delivery);
    await sim.receiver.waitFor(() => bookLines(sim, 'providerA').some((line) => line.type === 'provider_sim.webhook_abandoned' && line.ref === id), 'webhook_abandoned');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(deliveriesOf(pi)).toHaveLength(4);
    expect(bookLines(sim, 'providerA').find((line) => line.ref === id && line.type === 'provider_sim.webhook_abandoned')?.data).toMatchObject({ attempts: 4, last_status_code: 503 });
  });

  it('delivers every webhook twice with the same id under the duplicate fault', async () => {
    await sim.admin('PUT', '/admin/faults', { providerB: { duplicate_webhook_percent: 100 } });
    const body = adyenPayment('4242424242424242', { autoCapture: true });
    const reference = String(body['reference']);
    const mine = (): Delivery[] => sim.receiver.of('providerB').filter((delivery) => adyenItem(delivery)['merchantReference'] === reference);

    await sim.call('POST', '/providerB/v68/payments', body);
    await sim.receiver.waitFor(() => mine().length === 4, 'two notifications, twice each');

    const ids = mine().map(webhookId);
    expect(ids.filter((id) => id.endsWith(':AUTHORISATION'))).toHaveLength(2);
    expect(ids.filter((id) => id.endsWith(':CAPTURE'))).toHaveLength(2);
    expect(new Set(mine().map((delivery) => delivery.raw)).size).toBe(2);
  });

  it('delivers webhooks newest first under the out-of-order fault', async () => {
    // The window opens at the first held webhook; the three calls must all land inside it. A loaded CI
    // machine took more than 300 ms for three durable calls, so the window is wide and checked.
    const window_ms = 2_500;
    await sim.admin('PUT', '/admin/faults', { providerA: { webhook_out_of_order: true, webhook_reorder_window_ms: window_ms } });
    const body = stripeCharge('4242424242424242', { capture: false });
    const pi = piOf(body);

    const started = Date.now();
    const charge = await sim.call('POST', '/providerA/v1/charges', body);
    await sim.call('POST', `/providerA/v1/charges/${String(charge.body['id'])}/capture`, {});
    await sim.call('POST', '/providerA/v1/refunds', { charge: charge.body['id'], amount: 100 });
    expect(Date.now() - started).toBeLessThan(window_ms);
    await sim.receiver.waitFor(() => deliveriesOf(pi).length === 3, 'three webhooks', window_ms + 5_000);

    expect(deliveriesOf(pi).map(typeOf)).toEqual(['charge.refunded', 'charge.captured', 'charge.succeeded']);
  });

  it('keeps what it owes across a restart and delivers it then', async () => {
    await sim.restart({ PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '60000' });
    const body = stripeCharge('4242424242424242');
    const pi = piOf(body);
    sim.receiver.answer = (delivery) => (stripeIntent(delivery) === pi ? { status: 500, body: '' } : { status: 200, body: '' });

    const charge = await sim.call('POST', '/providerA/v1/charges', body);
    await sim.receiver.waitFor(() => deliveriesOf(pi).length === 1, 'the first attempt');
    sim.receiver.answer = () => ({ status: 200, body: '' });
    await sim.restart();
    await sim.receiver.waitFor(() => deliveriesOf(pi).length === 2, 'delivery after the restart');
    const fetched = await sim.call('GET', `/providerA/v1/charges/${String(charge.body['id'])}`);

    expect(new Set(deliveriesOf(pi).map(webhookId)).size).toBe(1);
    expect(fetched.body).toMatchObject({ id: charge.body['id'], captured: true });
  });
});
