import { TEST_CARDS } from '@payrail/core';
import { answerOf, freshCardNumber, type Answer, type DemoClient } from '../demoClient';
import { runJob } from '../runJob';
import type { Scenario } from '../scenario';

/** Payments in the demo's day of traffic. */
const TRAFFIC_PAYMENTS = 24;
/** Payments in flight at once. */
const TRAFFIC_CONCURRENCY = 4;
/** Share of the bank statement's rows provider-sim gets wrong, per processor. */
const MISMATCH_PERCENT = 25;
const MISMATCH_MIX = { missing_row: 1, amount_off_by_one: 1, extra_row: 1 };

interface InjectedMismatch {
  kind: 'missing_row' | 'amount_off_by_one' | 'extra_row';
  processor: string;
  payment_id: string;
  processor_reference: string;
}

interface ReportItem {
  payment_id: string;
  status: string;
}

interface Traffic {
  id: string;
  status: string;
  refunded: boolean;
}

/**
 * A day of traffic, and a bank statement that gets some rows wrong (missing, off by one cent, a
 * payment PayRail never made). Settlement writes the payouts, reconciliation compares with the bank:
 * the report lists each mismatch the bank made, the gateway flags those payments, and the rest settle.
 */
export const settlementMismatch: Scenario = {
  name: 'settlement-mismatch',
  title: 'a day of traffic with injected bank mismatches → settlement + reconciliation → each mismatch reported and flagged',
  timeout_ms: 90_000,
  async run(demo) {
    const { client } = demo;
    const date = new Date().toISOString().slice(0, 10);
    const before = await client.faults();

    demo.step(`A day of traffic: ${TRAFFIC_PAYMENTS} checkouts (${TRAFFIC_CONCURRENCY} at a time), large ones to providerA, some declined, some partly refunded.`);
    const traffic = await driveTraffic(client);
    const counts = new Map<string, number>();
    for (const payment of traffic) counts.set(payment.status, (counts.get(payment.status) ?? 0) + 1);
    demo.detail(`${[...counts].map(([status, n]) => `${n} ${status}`).join(', ')}; ${traffic.filter((p) => p.refunded).length} partly refunded`);
    demo.check('the traffic went through', (counts.get('captured') ?? 0) > 0 && traffic.every((p) => p.status === 'captured' || p.status === 'declined'));

    let injected: InjectedMismatch[] = [];
    try {
      demo.step(`The bank gets ${MISMATCH_PERCENT} % of its rows wrong: PUT /admin/faults {"providerA"|"providerB":{"settlement_mismatch_percent":${MISMATCH_PERCENT}}}; provider-sim writes the bank statement: POST /admin/settlements/${date}.`);
      const mismatchFault = { settlement_mismatch_percent: MISMATCH_PERCENT, settlement_mismatch_mix: MISMATCH_MIX };
      await client.setFaults({ providerA: mismatchFault, providerB: mismatchFault });
      const statement = await client.simAdmin('POST', `/admin/settlements/${date}`);
      if (statement.status >= 300) throw new Error(`provider-sim did not write the statement: ${statement.status} ${statement.text.slice(0, 200)}`);
      injected = statement.body.mismatches as InjectedMismatch[];
      demo.detail(`${statement.body.file}: ${statement.body.rows} rows; injected: ${injected.map((m) => `${m.kind} ${m.payment_id}`).join(', ') || 'none'}`);
      demo.check('the bank made mistakes to find', injected.length > 0);
      await demo.csvEvidence(String(statement.body.file), injected.map((m) => m.payment_id).slice(0, 6));
    } finally {
      await client.setFaults({ providerA: before['providerA'], providerB: before['providerB'] });
    }

    demo.step(`Settlement: ledger-service POST /jobs/settlement/${date} (or npx payrail settle --date ${date}) writes the merchants' payouts from the ledger.`);
    const settled = await runJob(client, 'settlement', date);
    demo.detail(`ran by ${settled.by}: ${settled.summary?.['file'] ?? ''}, ${settled.summary?.['payments'] ?? '?'} payments`);
    if (!demo.check('settlement ran', settled.summary !== null, settled.problem)) return;
    await demo.csvEvidence(String(settled.summary?.['file']), ['m_demo']);

    demo.step(`Reconciliation: ledger-service POST /jobs/reconciliation/${date} (or npx payrail reconcile --date ${date}) compares the ledger with the bank statement.`);
    const reconciled = await runJob(client, 'reconciliation', date);
    demo.detail(`ran by ${reconciled.by}: ${reconciled.summary?.['status'] ?? ''}`);
    if (!demo.check('reconciliation ran', reconciled.summary !== null, reconciled.problem)) return;
    const report = `reports/reconciliation_report_${date}.json`;
    await demo.evidence(report, { pick: ['.status', '.ledger', '.bank.rows', '.events'] });
    const items = (await demo.evidence(report, { path: '.items[]', pick: ['.payment_id', '.status', 'ledger_gross: .ledger.gross', 'bank_gross: .bank.gross'] })) as ReportItem[];
    const listed = new Map(items.map((item) => [item.payment_id, item.status]));
    const notListed = injected.filter((m) => !listed.has(m.payment_id));
    demo.check(`the report lists each of the ${injected.length} mismatches`, notListed.length === 0, `not listed: ${notListed.map((m) => `${m.kind} ${m.payment_id}`).join(', ')}`);
    const expected = (m: InjectedMismatch): string[] => (m.kind === 'extra_row' ? ['unexpected_at_bank'] : m.kind === 'amount_off_by_one' ? ['amount_mismatch'] : ['missing_at_bank', 'amount_mismatch']);
    const wrong = injected.filter((m) => listed.has(m.payment_id) && !expected(m).includes(listed.get(m.payment_id) as string));
    demo.check('each with the status its mistake calls for (missing row → missing_at_bank, off by one → amount_mismatch, extra row → unexpected_at_bank)', wrong.length === 0, wrong.map((m) => `${m.payment_id}: ${m.kind} listed as ${listed.get(m.payment_id)}`).join(', '));
    const injectedIds = new Set(injected.map((m) => m.payment_id));
    const unexplained = items.filter((item) => !injectedIds.has(item.payment_id));
    demo.check('and no payment the bank got right', unexplained.length === 0, unexplained.map((i) => `${i.payment_id} ${i.status}`).join(', '));

    demo.step('The gateway API flags the payments the bank got wrong (GET /v1/payment-intents/{id}), and the matched ones are settled.');
    const ours = injected.filter((m) => m.kind !== 'extra_row');
    let unflagged = 0;
    for (const mismatch of ours) {
      const intent = await client.gateway.GET('/v1/payment-intents/{id}', { params: { path: { id: mismatch.payment_id } } }).then(answerOf);
      const flag = intent.body?.reconciliation_status as string | null | undefined;
      demo.detail(`${mismatch.payment_id}: status ${intent.body?.status}, reconciliation_status ${flag}`);
      if (flag !== listed.get(mismatch.payment_id)) unflagged += 1;
    }
    demo.check('each one carries its reconciliation_status', unflagged === 0, `${unflagged} do not`);
    const flagged = await client.gateway.GET('/v1/payment-intents', { params: { query: { reconciliation_status: 'amount_mismatch', limit: 100 } } }).then(answerOf);
    demo.detail(`GET /v1/payment-intents?reconciliation_status=amount_mismatch: ${flagged.body?.data?.length ?? 0} payments`);
    await demo.evidence('ledger/payments.jsonl', { where: { '.type': 'payment_intent.reconciliation_flagged', '.ref': ours.map((m) => m.payment_id) }, pick: ['.ref', '.data.status', '.data.date'] });
    const matched = traffic.filter((p) => p.status === 'captured' && !injectedIds.has(p.id));
    let notSettled = 0;
    for (const payment of matched) {
      const intent = await client.gateway.GET('/v1/payment-intents/{id}', { params: { path: { id: payment.id } } }).then(answerOf);
      if (intent.body?.status !== 'settled') notSettled += 1;
    }
    demo.check(`the ${matched.length} captured payments the bank got right are settled`, notSettled === 0, `${notSettled} are not`);
  },
};

/** The demo's day of traffic through the real API: tokenize, create, confirm, sometimes refund part. */
async function driveTraffic(client: DemoClient): Promise<Traffic[]> {
  const declined = TEST_CARDS.find((card) => card.behaviour.kind === 'declines')?.number;
  const plan = Array.from({ length: TRAFFIC_PAYMENTS }, (_, i) => ({
    amount: i % 6 === 0 ? 120_000 + i * 100 : 1_000 + i * 737,
    pan: i % 8 === 3 && declined !== undefined ? declined : freshCardNumber(),
    refund: i % 5 === 2,
  }));
  const results: Traffic[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.length) {
      const item = plan[next++] as (typeof plan)[number];
      const card = await client.tokenize(item.pan);
      const paid: Answer = await client.pay(card.token, item.amount, { metadata: { demo: 'settlement-mismatch' } });
      const id = (paid.body?.id ?? paid.body?.error?.payment_intent?.id) as string;
      const status = paid.status === 200 ? String(paid.body.status) : paid.status === 402 ? 'declined' : `error ${paid.status}`;
      let refunded = false;
      if (status === 'captured' && item.refund) {
        const refund = await client.gateway.POST('/v1/refunds', { body: { payment_intent: id, amount: Math.floor(item.amount / 3), reason: 'requested_by_customer' } }).then(answerOf);
        refunded = refund.status === 200 && refund.body?.status === 'succeeded';
      }
      results.push({ id, status, refunded });
    }
  };
  await Promise.all(Array.from({ length: TRAFFIC_CONCURRENCY }, worker));
  return results;
}
