import { maskPan } from '@payrail/core';
import { answerOf, demoId, freshCardNumber, type Answer } from '../demoClient';
import type { Scenario } from '../scenario';

/** How many times the customer's browser submits the same checkout at once. */
const SUBMISSIONS = 20;
const AMOUNT = 4_200;

/**
 * The customer double-clicks (twenty times): the same checkout, create then confirm, sent twenty
 * times at once with one Idempotency-Key. One payment is made, charged once, written once, and all
 * twenty answers are the same bytes.
 */
export const duplicateSubmit: Scenario = {
  name: 'duplicate-submit',
  title: `the same checkout submitted ${SUBMISSIONS} times at once with one Idempotency-Key`,
  timeout_ms: 60_000,
  async run(demo) {
    const { client } = demo;
    const order = demoId('order');
    const key = `checkout-${order}`;

    demo.step('Tokenize a fresh card at the vault (the merchant only ever holds the token).');
    const card = await client.tokenize(freshCardNumber());
    demo.detail(`${maskPan(card.pan)} → ${card.token}`);

    demo.step(`Submit the checkout for ${order} ${SUBMISSIONS} times concurrently: POST /v1/payment-intents with Idempotency-Key ${key}, then POST …/confirm with Idempotency-Key ${key}-confirm.`);
    const checkout = async (): Promise<{ created: Answer; confirmed: Answer | null }> => {
      const created = await client.gateway.POST('/v1/payment-intents', { params: { header: { 'Idempotency-Key': key } }, body: { amount: AMOUNT, currency: 'usd', payment_method: card.token, metadata: { order_id: order } } });
      if (created.data === undefined) return { created: answerOf(created), confirmed: null };
      const confirmed = await client.gateway.POST('/v1/payment-intents/{id}/confirm', { params: { path: { id: created.data.id }, header: { 'Idempotency-Key': `${key}-confirm` } }, body: {} });
      return { created: answerOf(created), confirmed: answerOf(confirmed) };
    };
    const submissions = await Promise.all(Array.from({ length: SUBMISSIONS }, checkout));
    const creates = submissions.map((s) => s.created);
    const confirms = submissions.map((s) => s.confirmed).filter((answer): answer is Answer => answer !== null);
    const describe = (answers: Answer[]): string => {
      const statuses = countBy(answers.map((a) => String(a.status)));
      const replayed = answers.filter((a) => a.headers.get('idempotent-replayed') === 'true').length;
      return `${Object.entries(statuses).map(([status, n]) => `${n}× ${status}`).join(', ')}; ${replayed} marked Idempotent-Replayed; ${new Set(answers.map((a) => a.text)).size} distinct body`;
    };
    demo.detail(`create:  ${describe(creates)}`);
    demo.detail(`confirm: ${describe(confirms)}`);
    const payment = creates[0]?.body?.id as string | undefined;
    const final = confirms[0]?.body;
    demo.check(`${SUBMISSIONS} identical answers to the create, all 200`, creates.every((a) => a.status === 200 && a.text === creates[0]?.text), describe(creates));
    demo.check(`${SUBMISSIONS} identical answers to the confirm, all 200 and captured`, confirms.length === SUBMISSIONS && confirms.every((a) => a.status === 200 && a.text === confirms[0]?.text) && final?.status === 'captured', describe(confirms));
    demo.check(`exactly one of each executed, ${SUBMISSIONS - 1} were replays`, [creates, confirms].every((answers) => answers.filter((a) => a.headers.get('idempotent-replayed') === 'true').length === SUBMISSIONS - 1));
    if (payment === undefined) throw new Error(`no PaymentIntent was created: ${creates[0]?.text}`);
    demo.detail(`${payment}: ${final?.status} by ${final?.processor} (${final?.processor_reference})`);

    demo.step(`Ask the gateway for the order's payments: GET /v1/payment-intents?metadata[order_id]=${order}`);
    const listed = await client.api('GET', `/v1/payment-intents?metadata[order_id]=${order}&limit=100`);
    demo.check('one payment for the order', listed.body?.data?.length === 1, `${listed.body?.data?.length} listed`);

    demo.step(`Read the ledger: ${demo.shown('ledger/payments.jsonl')}.`);
    const created = await demo.evidence('ledger/payments.jsonl', { where: { '.type': 'payment_intent.created', '.data.metadata.order_id': order }, pick: ['.seq', '.ref', '.idempotency.key'] });
    demo.check('one payment_intent.created line for the order', created.length === 1, `${created.length} lines`);
    const lines = await demo.evidence('ledger/payments.jsonl', { where: { '.ref': payment }, pick: ['.seq', '.type', '.postings'] });
    const moved = lines.filter((line) => Array.isArray((line as { postings?: unknown }).postings));
    demo.check('one ledger line moves the money (the capture\'s postings)', moved.length === 1, `${moved.length} lines with postings`);

    demo.step("Ask the processors' own books how often the card was charged.");
    const charges = await client.processorCharges(payment);
    demo.detail(`providerA: ${charges.providerA} authorization(s), providerB: ${charges.providerB}`);
    demo.check('the card was charged once', charges.providerA + charges.providerB === 1);
  },
};

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
