import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import request from 'supertest';
import { TEST_CARDS, TIMEOUT_TEST_CARD } from '@payrail/core';
import { filesUnder, makeTempDataDir, waitFor } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { startStack, type Stack } from '../testing/stack';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };
// Routing: a USD amount of 100000 or more goes to providerA (rule), a small one to providerB (cheapest).
const AMOUNTS = { providerA: 150_000, providerB: 2_000 } as const;

describe('confirming with every test card, on both processors', () => {
  let dir: string;
  let cleanup: () => void;
  let stack: Stack;
  const pans: string[] = TEST_CARDS.map((card) => card.number);
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('test-cards'));
    stack = await startStack(dir, { gatewayEnv: { PROCESSOR_TIMEOUT_MS: '600', VELOCITY_MAX_PAYMENTS: '1000' }, simEnv: { PROVIDER_TIMEOUT_MS: '1500' } });
  }, 60_000);
  afterAll(async () => {
    await stack.close();
    cleanup();
  });

  const pay = async (pan: string, amount: number, captureMethod: 'automatic' | 'manual' = 'automatic') => {
    const token = await stack.tokenize(pan);
    const created = await request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', `create-${pan.slice(-4)}-${amount}-${captureMethod}-${randomUUID()}`)
      .send({ amount, currency: 'usd', payment_method: token, capture_method: captureMethod });
    expect(created.status).toBe(200);
    return request(stack.gw.app).post(`/v1/payment-intents/${created.body.id}/confirm`).set(auth).set('Idempotency-Key', `confirm-${created.body.id}`).send({});
  };

  for (const processor of ['providerA', 'providerB'] as const) {
    it.each(TEST_CARDS.filter((card) => card.number !== TIMEOUT_TEST_CARD).map((card) => [card.number, card] as const))(`${processor}: %s behaves as documented`, async (_pan, card) => {
      const res = await pay(card.number, AMOUNTS[processor]);
      const behaviour = card.behaviour as { kind: string; decline_code?: string };
      if (behaviour.kind === 'declines') {
        expect(res.status).toBe(402);
        expect(res.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: behaviour.decline_code });
        expect(res.body.error.payment_intent).toMatchObject({ status: 'declined', processor, decline_code: behaviour.decline_code });
      } else {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: 'captured', processor, amount_received: AMOUNTS[processor], card: { last4: card.number.slice(-4) } });
        expect(res.body.routing_reason).toEqual(expect.any(String));
      }
    });
  }

  it('the timeout card: the gateway gives up waiting, asks the processor, and finds the authorization', async () => {
    const res = await pay(TIMEOUT_TEST_CARD, AMOUNTS.providerB);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ processor: 'providerB', decline_code: null });
    // The processor captured automatically; its CAPTURE notification completes the picture.
    await waitFor(() => stack.gw.deps.ledger.state.payments.get(res.body.id)?.status === 'captured', 10_000, 'the capture notification');
  });

  it('manual capture: partial capture of an authorization, and a void of another', async () => {
    const authorized = await pay('4242424242424242', 5_000, 'manual');
    expect(authorized.body).toMatchObject({ status: 'authorized', amount_capturable: 5_000 });
    const tooMuch = await request(stack.gw.app).post(`/v1/payment-intents/${authorized.body.id}/capture`).set(auth).send({ amount_to_capture: 6_000 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.code).toBe('amount_exceeds_capturable');
    const captured = await request(stack.gw.app).post(`/v1/payment-intents/${authorized.body.id}/capture`).set(auth).set('Idempotency-Key', 'cap-1').send({ amount_to_capture: 3_000 });
    expect(captured.body).toMatchObject({ status: 'captured', amount_received: 3_000 });
    const again = await request(stack.gw.app).post(`/v1/payment-intents/${authorized.body.id}/capture`).set(auth).set('Idempotency-Key', 'cap-1').send({ amount_to_capture: 3_000 });
    expect(again.text).toBe(captured.text);
    const second = await pay('5555555555554444', 7_000, 'manual');
    const voided = await request(stack.gw.app).post(`/v1/payment-intents/${second.body.id}/cancel`).set(auth).send({});
    expect(voided.body).toMatchObject({ status: 'reversed' });
    const captureVoided = await request(stack.gw.app).post(`/v1/payment-intents/${second.body.id}/capture`).set(auth).send({});
    expect(captureVoided.status).toBe(409);
    expect(captureVoided.body.error.current_state).toBe('reversed');
  });

  it('the ledger of a payment verifies, and money events carry balanced postings', async () => {
    const res = await pay('4242424242424242', 4_321);
    const ledger = await request(stack.gw.app).get(`/v1/ledger/${res.body.id}`).set(auth);
    expect(ledger.body.chain_verified).toBe(true);
    const captured = ledger.body.events.find((e: { type: string }) => e.type === 'payment_intent.captured');
    expect(captured.postings.reduce((sum: number, p: { amount: number }) => sum + p.amount, 0)).toBe(0);
  });

  it('no card number is anywhere in clear: not in any file of the data folder, not in any log line', async () => {
    const files = filesUnder(dir);
    expect(files.some((f) => f.endsWith('encrypted_cards.json'))).toBe(true);
    const sources: Array<[string, string]> = [
      ...(await Promise.all(files.map(async (f): Promise<[string, string]> => [f, await fs.readFile(f, 'utf8').catch(() => '')]))),
      ['gateway log', stack.gw.logLines.join('')],
      ['vault output', stack.vault.lines.join('\n') + stack.vault.stderr()],
      ['provider-sim output', stack.sim.lines.join('\n') + stack.sim.stderr()],
    ];
    for (const pan of pans) expect({ pan, found_in: sources.filter(([, text]) => text.includes(pan)).map(([name]) => name) }).toEqual({ pan, found_in: [] });
  });
});
