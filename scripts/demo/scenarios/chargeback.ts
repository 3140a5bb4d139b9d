import { TEST_CARDS, formatMinor, maskPan, type Posting } from '@payrail/core';
import { answerOf, demoCorrelationId } from '../demoClient';
import type { Scenario } from '../scenario';

const AMOUNT = 4_500;
/** Longest wait for the processor to open the dispute card's dispute (PROVIDER_DISPUTE_DELAY_MS is 2 s by default), and for each webhook. */
const WEBHOOK_TIMEOUT_MS = 30_000;

interface MerchantEvent {
  id: string;
  type: string;
}

/**
 * The dispute card: the processor opens a dispute after capture, the merchant submits evidence, the
 * dispute is lost. The payment ends in `chargeback`, the ledger reverses its postings, and
 * merchant-sim received (and verified) a webhook for every event of the payment.
 */
export const chargeback: Scenario = {
  name: 'chargeback',
  title: 'a dispute card → dispute opened → evidence submitted → lost → chargeback, postings reversed, merchant-sim got every event',
  timeout_ms: 90_000,
  async run(demo) {
    const { client } = demo;
    const disputeCard = TEST_CARDS.find((card) => card.behaviour.kind === 'succeeds_then_disputed');
    if (disputeCard === undefined) throw new Error('TEST_CARDS has no dispute card');
    const correlationId = demoCorrelationId('chargeback');

    demo.step(`Pay ${formatMinor(AMOUNT, 'USD')} USD with the dispute card ${maskPan(disputeCard.number)} (X-Correlation-Id ${correlationId}).`);
    const card = await client.tokenize(disputeCard.number, correlationId);
    const paid = await client.pay(card.token, AMOUNT, { correlationId, metadata: { demo: 'chargeback' } });
    const payment = paid.body?.id as string;
    demo.detail(`${payment}: ${paid.body?.status} by ${paid.body?.processor} (${paid.body?.processor_reference})`);
    if (!demo.check('captured', paid.status === 200 && paid.body?.status === 'captured', paid.text.slice(0, 200))) return;

    demo.step('Wait for the processor to open a dispute (its webhook reaches the gateway).');
    const disputeId = await demo.waitFor(async () => ((await client.gateway.GET('/v1/payment-intents/{id}', { params: { path: { id: payment } } }).then(answerOf)).body?.dispute as string | null) ?? undefined, WEBHOOK_TIMEOUT_MS);
    if (!demo.check('a dispute was opened', disputeId !== undefined, `none within ${WEBHOOK_TIMEOUT_MS / 1000} s`) || disputeId === undefined) return;
    const opened = await client.gateway.GET('/v1/disputes/{id}', { params: { path: { id: disputeId } } }).then(answerOf);
    demo.detail(`${disputeId}: ${opened.body?.status}, ${formatMinor(Number(opened.body?.amount ?? 0), 'USD')} ${opened.body?.currency}, reason ${opened.body?.reason}`);

    demo.step(`Submit evidence: POST /v1/disputes/${disputeId}/evidence.`);
    const evidence = await client.gateway.POST('/v1/disputes/{id}/evidence', { params: { path: { id: disputeId } }, body: { text: 'Delivered on 3 March, signed for by the customer.', file_name: 'proof-of-delivery.pdf' }, headers: { 'x-correlation-id': correlationId } }).then(answerOf);
    demo.check('the dispute is under review', evidence.body?.status === 'under_review', evidence.text.slice(0, 200));

    demo.step(`The card network decides against the merchant: provider-sim POST /admin/disputes/${paid.body?.processor_reference}/resolve {"outcome":"lost"}.`);
    const resolved = await client.simAdmin('POST', `/admin/disputes/${paid.body?.processor_reference}/resolve`, { outcome: 'lost' });
    demo.check('the processor closed the dispute', resolved.status < 300, `${resolved.status} ${resolved.text.slice(0, 200)}`);
    const status = await demo.waitFor(async () => {
      const intent = await client.gateway.GET('/v1/payment-intents/{id}', { params: { path: { id: payment } } }).then(answerOf);
      return intent.body?.status === 'chargeback' ? 'chargeback' : undefined;
    }, WEBHOOK_TIMEOUT_MS);
    demo.check('the payment is in chargeback', status === 'chargeback', `still ${(await client.gateway.GET('/v1/payment-intents/{id}', { params: { path: { id: payment } } }).then(answerOf)).body?.status}`);
    const lost = await client.gateway.GET('/v1/disputes/{id}', { params: { path: { id: disputeId } } }).then(answerOf);
    demo.check('the dispute is lost', lost.body?.status === 'lost', lost.body?.status);

    demo.step('Read the ledger: the chargeback reverses what the capture posted.');
    await demo.evidence('ledger/disputes.jsonl', { where: { '.ref': disputeId }, pick: ['.seq', '.type', '.correlation_id'] });
    const postings = (await demo.evidence('ledger/payments.jsonl', { where: { '.ref': payment, '.type': ['payment_intent.captured', 'payment_intent.chargeback'] }, pick: ['.type', '.postings'] })) as Array<{ type: string; postings: Posting[] | null }>;
    const captured = postings.find((p) => p.type === 'payment_intent.captured')?.postings ?? [];
    const reversed = postings.find((p) => p.type === 'payment_intent.chargeback')?.postings ?? [];
    const merchantAccount = (list: Posting[]): number => list.filter((p) => p.account.startsWith('merchant_payable:')).reduce((sum, p) => sum + p.amount, 0);
    const receivable = (list: Posting[]): number => list.filter((p) => p.account.startsWith('processor_receivable:')).reduce((sum, p) => sum + p.amount, 0);
    demo.check('the chargeback postings balance', reversed.length > 0 && reversed.reduce((sum, p) => sum + p.amount, 0) === 0);
    demo.check(`they take the ${formatMinor(AMOUNT, 'USD')} USD back from the merchant and the processor receivable`, merchantAccount(reversed) === AMOUNT && receivable(reversed) === -AMOUNT && merchantAccount(captured) < 0, JSON.stringify(reversed));
    const chain = await client.gateway.GET('/v1/ledger/{id}', { params: { path: { id: payment } } }).then(answerOf);
    demo.check('GET /v1/ledger re-hashes every line of the payment: chain verified', chain.body?.chain_verified === true);

    demo.step('merchant-sim, the merchant\'s own integration, must have received and verified a webhook for every event of the payment.');
    const endpoints = await client.gateway.GET('/v1/webhook-endpoints', { params: { query: { limit: 100 } } }).then(answerOf);
    const local = (endpoints.body?.data as Array<{ url: string; status?: string }> | undefined)?.filter((e) => e.url.startsWith(client.target.urls.merchantSim) && e.status !== 'deleted') ?? [];
    if (!demo.check('the demo merchant has a webhook endpoint at merchant-sim', local.length > 0, 'none: npm start registers it (shared/cli/src/demoEndpoint.ts)')) return;
    const events = ((await client.gateway.GET('/v1/events', { params: { query: { payment_intent: payment, limit: 100 } } }).then(answerOf)).body?.data ?? []) as MerchantEvent[];
    demo.detail(`GET /v1/events?payment_intent=${payment}: ${events.map((e) => e.type).reverse().join(', ')}`);
    const wanted = events.map((e) => e.id);
    const missing = await demo.waitFor(async () => {
      const answer = await client.call('merchantSim', 'GET', '/events?env=local&limit=100');
      const received = new Set(((answer.body?.data ?? []) as Array<{ id: string; processed?: boolean; badges?: { signature?: string } }>).filter((e) => e.processed === true && e.badges?.signature === 'SIG OK').map((e) => e.id));
      const left = wanted.filter((id) => !received.has(id));
      return left.length === 0 ? [] : undefined;
    }, WEBHOOK_TIMEOUT_MS);
    demo.check(`merchant-sim received and verified all ${wanted.length} events`, wanted.length > 0 && missing !== undefined, `not all within ${WEBHOOK_TIMEOUT_MS / 1000} s`);
    await demo.evidence('merchant-sim/deliveries.jsonl', { path: '.data', where: { '.webhook_id': wanted }, pick: ['.webhook_id', '.attempt', '.status', '.signature_valid', '.body.type'] });
    const order = await client.call('merchantSim', 'GET', `/orders/${payment}`);
    demo.check("merchant-sim's own order view says chargeback", order.body?.status === 'chargeback', order.body?.status);
  },
};
