import { formatMinor } from '@payrail/core';
import { answerOf, freshCardNumber, type Answer } from '../demoClient';
import type { DemoContext } from '../demoContext';
import { sleep } from '../demoContext';
import type { Scenario } from '../scenario';

/** USD amounts from this many cents route to providerA first (the "Large US amounts" rule of routing.json). */
const LARGE_AMOUNT = 100_000;
/** Most payments sent during the outage before the breaker must have opened (BREAKER_REQUESTS_MIN is 5 by default). */
const OUTAGE_PAYMENTS_MAX = 15;
/** Longest wait for the half-open probe to close the breaker after providerA is back (BREAKER_COOLDOWN_MS is 5 s by default). */
const RECOVERY_TIMEOUT_MS = 30_000;
const PROBE_INTERVAL_MS = 1_000;

interface Health {
  provider: string;
  breaker: string;
  error_rate: number;
  requests_in_window: number;
  opened_at: string | null;
}

/**
 * providerA goes down (every call 503): large USD payments, which route to providerA first, fail over
 * to providerB; providerA's breaker opens and later payments skip it; providerA comes back and the
 * half-open probe closes the breaker. Both processors' books confirm nobody was charged twice.
 */
export const providerOutage: Scenario = {
  name: 'provider-outage',
  title: 'providerA down → breaker opens → failover to providerB, no double charge → providerA back → breaker closes',
  timeout_ms: 90_000,
  async run(demo) {
    const { client } = demo;
    const before = await client.faults();
    const payments: Answer[] = [];
    const pay = async (): Promise<Answer> => {
      const card = await client.tokenize(freshCardNumber());
      const answer = await client.pay(card.token, LARGE_AMOUNT, { metadata: { demo: 'provider-outage' } });
      payments.push(answer);
      return answer;
    };

    demo.step('The routing rules send large USD amounts to providerA first:');
    await demo.evidence('gateway/routing.json', { path: '.rules[]', pick: ['.name', '.when', '.prefer'] });
    const initial = await breaker(demo, 'providerA');
    demo.detail(`providerA's breaker is ${initial?.breaker} now.`);

    try {
      demo.step('Take providerA down: PUT /admin/faults {"providerA":{"outage":"503"}} on provider-sim.');
      await client.setFaults({ providerA: { outage: '503' } });

      demo.step(`Pay ${formatMinor(LARGE_AMOUNT, 'USD')} USD with fresh cards, one after the other, until providerA's breaker opens (GET /v1/providers/health).`);
      let opened: Health | undefined;
      for (let i = 0; i < OUTAGE_PAYMENTS_MAX && opened === undefined; i++) {
        const answer = await pay();
        demo.detail(`${answer.body?.id ?? answer.status}: ${answer.body?.status} by ${answer.body?.processor} — ${answer.body?.routing_reason}`);
        const health = await breaker(demo, 'providerA');
        if (health?.breaker === 'open') opened = health;
      }
      demo.check('every payment during the outage was captured by providerB', payments.every((p) => p.status === 200 && p.body?.status === 'captured' && p.body?.processor === 'providerB'));
      demo.check(`providerA's breaker opened after ${payments.length} payments`, opened !== undefined, `still ${(await breaker(demo, 'providerA'))?.breaker} after ${OUTAGE_PAYMENTS_MAX} payments`);
      await demo.evidence('providers/providerA_state.json', { pick: ['.breaker', '.opened_at', '.last_failure'] });

      demo.step('One more payment while the breaker is open: providerA is not even tried.');
      const skipped = await pay();
      demo.detail(`${skipped.body?.id}: ${skipped.body?.status} by ${skipped.body?.processor} — ${skipped.body?.routing_reason}`);
      demo.check('it went straight to providerB, skipping the open circuit', skipped.body?.processor === 'providerB' && /circuit open/.test(String(skipped.body?.routing_reason)));

      demo.step('Bring providerA back: PUT /admin/faults {"providerA":{"outage":"none"}}; keep paying until the half-open probe closes the breaker.');
      await client.setFaults({ providerA: { outage: 'none' } });
      const probe = await demo.waitFor(async () => {
        await sleep(PROBE_INTERVAL_MS);
        const answer = await pay();
        demo.detail(`${answer.body?.id}: ${answer.body?.status} by ${answer.body?.processor} — ${answer.body?.routing_reason}`);
        return answer.body?.processor === 'providerA' ? answer : undefined;
      }, RECOVERY_TIMEOUT_MS);
      demo.check('a payment went to providerA again (the probe) and was captured', probe?.body?.status === 'captured', `none within ${RECOVERY_TIMEOUT_MS / 1000} s`);
      const closed = await demo.waitFor(async () => ((await breaker(demo, 'providerA'))?.breaker === 'closed' ? true : undefined), 5_000);
      demo.check("providerA's breaker is closed again", closed === true, `it is ${(await breaker(demo, 'providerA'))?.breaker}`);
      await demo.evidence('providers/providerA_state.json', { pick: ['.breaker', '.opened_at', '.updated_at'] });
    } finally {
      await client.setFaults({ providerA: before['providerA'] });
    }

    demo.step(`Ask both processors' books about each of the ${payments.length} payments: exactly one successful authorization each, at the processor the gateway recorded.`);
    let doubles = 0;
    for (const payment of payments) {
      const id = payment.body?.id as string;
      const charges = await client.processorCharges(id);
      const recorded = payment.body?.processor as 'providerA' | 'providerB';
      if (charges.providerA + charges.providerB !== 1 || charges[recorded] !== 1) {
        doubles += 1;
        demo.detail(`${id}: providerA ${charges.providerA}, providerB ${charges.providerB} (recorded: ${recorded})`);
      }
    }
    demo.check('no payment was charged twice, nor at a processor the ledger does not name', doubles === 0, `${doubles} payments`);
    const first = payments[0]?.body?.id as string | undefined;
    if (first !== undefined) {
      await demo.evidence('ledger/payments.jsonl', { where: { '.ref': first }, pick: ['.seq', '.type', '.data.processor', '.data.routing_reason'] });
    }
  },
};

async function breaker(demo: DemoContext, provider: string): Promise<Health | undefined> {
  const answer = await demo.client.gateway.GET('/v1/providers/health').then(answerOf);
  return (answer.body?.data as Health[] | undefined)?.find((h) => h.provider === provider);
}
