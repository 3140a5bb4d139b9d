import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunningService } from '@payrail/testing';
import { call, startRaceStack, type Answer, type RaceStack } from '../testing/raceCalls';
import { bucketOf } from './canary';
import { DEFAULT_ROUTING, type RoutingConfig } from './routingRules';

// A routing canary under two real gateway processes on one data folder: confirmations of the same
// payment raced across them are decided once, each payment goes where its customer's bucket says
// (both processes agree on the arm), and the processors' own books hold one authorization per payment.

const ROUNDS = Number(process.env['RACE_ROUNDS'] ?? 6) * 2;
jest.setTimeout(60_000 + ROUNDS * 3_000);

const CANARY = 'half of USD to providerB';
const ROUTING: RoutingConfig = {
  ...DEFAULT_ROUTING,
  rules: [{ name: 'USD to providerA', when: { currency: ['USD'] }, prefer: ['providerA', 'providerB'] }],
  canaries: [{ name: CANARY, when: { currency: ['USD'] }, candidate: { processor: 'providerB' }, steps_percent: [50, 100], sticky_by: 'customer', window_ms: 600_000, min_payments: 1_000, margin: { decline_rate: 0.05, error_rate: 0.05, latency_p99_ratio: 10 } }],
};

describe('a routing canary raced across two gateway processes', () => {
  let race: RaceStack;
  let env: NodeJS.ProcessEnv;
  let sim: RunningService;
  let gateways: [RunningService, RunningService];
  let token: string;

  beforeAll(async () => {
    race = await startRaceStack({ label: 'canary-races', routing: ROUTING, env: { CANARY_EVALUATION_INTERVAL_MS: '100' } });
    ({ env, sim, gateways, token } = race);
  }, 60_000);

  afterAll(async () => {
    await race?.close();
  });

  async function charges(id: string): Promise<number> {
    const internal = { 'x-internal-token': env.INTERNAL_TOKEN as string };
    const a = (await (await fetch(`${sim.url}/providerA/v1/charges?payment_intent=${id}`, { headers: internal })).json()) as { data: Array<{ status: string }> };
    const b = (await (await fetch(`${sim.url}/providerB/v68/payments?reference=${id}`, { headers: internal })).json()) as { data: Array<{ resultCode: string }> };
    return a.data.filter((charge) => charge.status === 'succeeded').length + b.data.filter((payment) => payment.resultCode === 'Authorised').length;
  }

  it('confirm vs confirm: decided once, on the arm of the customer’s bucket in both processes, one authorization in the books', async () => {
    // Customers picked so that the rounds alternate between the arms (the bucket is a hash: deterministic).
    const customers: string[] = [];
    for (let n = 0; customers.length < ROUNDS && n < ROUNDS * 50; n++) {
      const email = `racer-${n}-${randomUUID().slice(0, 8)}@example.com`;
      if ((bucketOf(CANARY, email) < 5_000) === (customers.length % 2 === 0)) customers.push(email);
    }
    const arms = { candidate: 0, baseline: 0 };
    for (const [round, email] of customers.entries()) {
      const created = await call(gateways[round % 2] as RunningService, 'POST', '/v1/payment-intents', { amount: 2_500, currency: 'usd', capture_method: 'manual', payment_method: token, customer: { email } }, randomUUID());
      expect(created.status).toBe(200);
      const id = created.body.id as string;
      const answers: Answer[] = await Promise.all(gateways.map((gateway) => call(gateway, 'POST', `/v1/payment-intents/${id}/confirm`, {}, randomUUID())));
      for (const answer of answers) expect({ status: answer.status < 500, body: answer.body }).toEqual({ status: true, body: answer.body });
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const won = answers.find((answer) => answer.status === 200)?.body as { processor: string; routing_reason: string };
      const arm = bucketOf(CANARY, email) < 5_000 ? 'candidate' : 'baseline';
      arms[arm] += 1;
      expect({ arm, processor: won.processor }).toEqual({ arm, processor: arm === 'candidate' ? 'providerB' : 'providerA' });
      expect(won.routing_reason).toContain(`canary '${CANARY}' ${arm}`);
      expect(await charges(id)).toBe(1);
    }
    // Both arms were exercised, and the two processes started the canary once between them.
    expect(arms).toEqual({ candidate: ROUNDS / 2, baseline: ROUNDS / 2 });
    const decisions = readFileSync(path.join(race.dir, 'ops', 'routing_decisions.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string });
    expect(decisions.map((line) => line.type)).toEqual(['routing.canary_started']);
  });
});
