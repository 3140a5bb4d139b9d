import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { luhnCheckDigit } from '@payrail/core';
import { startPayrail, type PayrailStart } from './testing/payrailStart';

/** Longest wait for the last hop (merchant-sim's receipt of the webhooks) and for the logs to be written. */
const HOPS_TIMEOUT_MS = 15_000;

type Line = Record<string, unknown>;

function jsonLines(file: string): Line[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as Line];
    } catch {
      return [];
    }
  });
}

describe('one X-Correlation-Id follows a payment through every service, file and log', () => {
  let payrail: PayrailStart;
  beforeAll(async () => {
    payrail = await startPayrail('correlation', { LOG_LEVEL: 'info', TAIL_POLL_MS: '100' });
  }, 30_000);
  afterAll(async () => {
    await payrail?.cleanup();
  });

  it('from the merchant through gateway, vault, provider-sim, the ledger line, the webhook delivery and merchant-sim', async () => {
    const correlationId = `corr_demo_${randomBytes(8).toString('hex')}`;
    const headers = { 'content-type': 'application/json', 'x-correlation-id': correlationId };
    const merchant = { ...headers, authorization: `Bearer ${payrail.env['DEMO_MERCHANT_API_KEY']}` };
    const post = async (url: string, body: unknown, extra: Record<string, string>): Promise<any> => {
      const response = await fetch(url, { method: 'POST', headers: extra, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
      const parsed = await response.json();
      if (response.status >= 300) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(parsed)}`);
      return parsed;
    };
    let digits = '424242';
    while (digits.length < 15) digits += String(randomInt(10));
    const gateway = payrail.url('GATEWAY_PORT');

    // Given a card tokenized at the vault and a payment created, confirmed and captured with one correlation id
    const { token } = await post(`${payrail.url('VAULT_PORT')}/tokens`, { pan: digits + luhnCheckDigit(digits), exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvv: '123' }, { ...headers, 'x-internal-token': payrail.env['INTERNAL_TOKEN'] as string });
    const intent = await post(`${gateway}/v1/payment-intents`, { amount: 1_234, currency: 'usd', payment_method: token, capture_method: 'manual' }, { ...merchant, 'idempotency-key': correlationId });
    expect((await post(`${gateway}/v1/payment-intents/${intent.id}/confirm`, {}, merchant)).status).toBe('authorized');
    expect((await post(`${gateway}/v1/payment-intents/${intent.id}/capture`, {}, merchant)).status).toBe('captured');
    const events = ((await (await fetch(`${gateway}/v1/events?payment_intent=${intent.id}`, { headers: merchant })).json()) as { data: Array<{ id: string }> }).data.map((e) => e.id);
    expect(events).toHaveLength(3); // created, authorized, captured

    // When the webhooks of its events have reached merchant-sim
    const file = (relative: string): Line[] => jsonLines(path.join(payrail.dir, relative));
    const delivered = (relative: string, id: (line: Line) => unknown): Line[] => file(relative).filter((line) => events.includes(id(line) as string));
    const merchantSimReceived = (): Line[] => delivered('merchant-sim/deliveries.jsonl', (line) => (line['data'] as Line)['webhook_id']);
    const deadline = Date.now() + HOPS_TIMEOUT_MS;
    while (new Set(merchantSimReceived().map((line) => (line['data'] as Line)['webhook_id'])).size < events.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));

    // Then the id is in every log and on every line written about the payment
    const carries = (line: Line): boolean => line['correlation_id'] === correlationId;
    const hops: Record<string, () => boolean> = {
      'logs/api-gateway.log': () => payrail.logLines('api-gateway').some(carries),
      'logs/vault-service.log': () => payrail.logLines('vault-service').some(carries),
      'logs/provider-sim.log': () => payrail.logLines('provider-sim').some(carries),
      'logs/ledger-service.log': () => payrail.logLines('ledger-service').some(carries),
      'logs/merchant-sim.log': () => payrail.logLines('merchant-sim').some(carries),
      'vault/access_log.jsonl (the detokenization)': () => file('vault/access_log.jsonl').some((line) => (line['data'] as Line)['token'] === token && carries(line)),
      "providers/sim/provider{A,B}.jsonl (the processor's books)": () => file('providers/sim/providerA.jsonl').concat(file('providers/sim/providerB.jsonl')).some(carries),
      'ledger/payments.jsonl (every line of the payment)': () => file('ledger/payments.jsonl').filter((line) => line['ref'] === intent.id).every(carries),
      'outbox/deliveries.jsonl (every delivery of its events)': () => {
        const lines = delivered('outbox/deliveries.jsonl', (line) => (line['data'] as Line)['event_id']);
        return lines.length >= events.length && lines.every(carries);
      },
      'merchant-sim/deliveries.jsonl (every delivery merchant-sim received)': () => {
        const lines = merchantSimReceived();
        return lines.length >= events.length && lines.every(carries);
      },
    };
    const missing = (): string[] => Object.entries(hops).filter(([, holds]) => !holds()).map(([where]) => where);
    // Log lines reach data/logs/ through npm start's pipes: give the last ones a moment.
    while (missing().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(missing()).toEqual([]);
  }, 40_000);
});
