import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';

// Two real gateway processes sharing one data folder: the ledger lock is the transaction.
describe('idempotency across two gateway processes', () => {
  let dir: string;
  let cleanup: () => void;
  let gateways: RunningService[] = [];
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('two-gateways'));
    // Start one first so that the demo merchant is created once, then the second.
    gateways.push(await startService('api-gateway', 'GATEWAY_PORT', testEnv(dir)));
    gateways.push(await startService('api-gateway', 'GATEWAY_PORT', testEnv(dir)));
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    gateways = [];
    cleanup();
  });

  it('50 simultaneous identical requests split over both processes create exactly one PaymentIntent', async () => {
    const body = JSON.stringify({ amount: 2500, currency: 'eur', metadata: { cart: 'c-1' } });
    const answers = await Promise.all(Array.from({ length: 50 }, async (_, i) => {
      const gateway = gateways[i % 2] as RunningService;
      const res = await fetch(`${gateway.url}/v1/payment-intents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_KEY}`, 'idempotency-key': 'checkout-c-1', 'content-type': 'application/json' },
        body,
      });
      return { status: res.status, text: await res.text() };
    }));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    const lines = (await fs.readFile(path.join(dir, 'ledger/payments.jsonl'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ type: 'payment_intent.created', idempotency: { key: 'checkout-c-1' } });
  });

  it('a payment created through one process is read through the other', async () => {
    const [a, b] = gateways as [RunningService, RunningService];
    const created = await fetch(`${a.url}/v1/payment-intents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEY}`, 'idempotency-key': 'read-elsewhere', 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 300, currency: 'usd' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const read = await fetch(`${b.url}/v1/payment-intents/${created.id}`, { headers: { authorization: `Bearer ${DEMO_KEY}` } });
    expect(read.status).toBe(200);
  });
});
