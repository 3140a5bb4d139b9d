import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { makeTempDataDir, waitFor } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { startStack, type Stack } from '../testing/stack';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };
const sum = (postings: Array<{ amount: number }>) => postings.reduce((total, p) => total + p.amount, 0);

describe('refunds and disputes against real processors', () => {
  let cleanup: () => void;
  let stack: Stack;
  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = makeTempDataDir('refunds-disputes'));
    stack = await startStack(dir, { gatewayEnv: { REFUND_APPROVAL_THRESHOLD: '5000' } });
  }, 60_000);
  afterAll(async () => {
    await stack.close();
    cleanup();
  });

  async function capturedPayment(amount: number, pan = '4242424242424242'): Promise<string> {
    const token = await stack.tokenize(pan);
    const created = await request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', `pi-${randomUUID()}`).send({ amount, currency: 'usd', payment_method: token });
    const confirmed = await request(stack.gw.app).post(`/v1/payment-intents/${created.body.id}/confirm`).set(auth).send({});
    expect(confirmed.body.status).toBe('captured');
    return created.body.id as string;
  }

  it('refunds partially then fully, never beyond what was captured, with reversing postings', async () => {
    const id = await capturedPayment(3_000);
    const first = await request(stack.gw.app).post('/v1/refunds').set(auth).set('Idempotency-Key', `r1-${id}`).send({ payment_intent: id, amount: 1_000 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: 'refund', status: 'succeeded', amount: 1_000, payment_intent: id });
    const replayed = await request(stack.gw.app).post('/v1/refunds').set(auth).set('Idempotency-Key', `r1-${id}`).send({ payment_intent: id, amount: 1_000 });
    expect(replayed.text).toBe(first.text);
    const tooMuch = await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: id, amount: 2_001 });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ code: 'amount_exceeds_refundable', param: 'amount', refundable: 2_000 });
    const rest = await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: id });
    expect(rest.body).toMatchObject({ status: 'succeeded', amount: 2_000 });
    const intent = await request(stack.gw.app).get(`/v1/payment-intents/${id}`).set(auth);
    expect(intent.body).toMatchObject({ amount_refunded: 3_000, status: 'captured' });
    const nothingLeft = await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: id, amount: 1 });
    expect(nothingLeft.status).toBe(400);
    const ledger = await request(stack.gw.app).get(`/v1/ledger/${id}`).set(auth);
    expect(ledger.body.chain_verified).toBe(true);
    const refunds = ledger.body.events.filter((e: { type: string }) => e.type === 'refund.succeeded');
    expect(refunds).toHaveLength(2);
    for (const event of refunds) expect(sum(event.postings)).toBe(0);
    const list = await request(stack.gw.app).get(`/v1/refunds?payment_intent=${id}`).set(auth);
    expect(list.body.data).toHaveLength(2);
  });

  it('a refund above the threshold waits for approval; approval records the approver; rejection frees the amount', async () => {
    const id = await capturedPayment(9_000);
    const pending = await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: id, amount: 6_000 });
    expect(pending.body).toMatchObject({ status: 'pending_approval', approver: null });
    const reserved = await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: id, amount: 3_001 });
    expect(reserved.status).toBe(400);
    const approved = await request(stack.gw.app).post(`/v1/refunds/${pending.body.id}/approve`).set(auth).send({ approver: 'Grace Hopper' });
    expect(approved.body).toMatchObject({ status: 'succeeded', approver: 'Grace Hopper' });
    const twice = await request(stack.gw.app).post(`/v1/refunds/${pending.body.id}/approve`).set(auth).send({ approver: 'Grace Hopper' });
    expect(twice.status).toBe(409);
    const other = await capturedPayment(8_000);
    const second = await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: other, amount: 8_000 });
    const rejected = await request(stack.gw.app).post(`/v1/refunds/${second.body.id}/reject`).set(auth).send({ approver: 'Ada', reason: 'customer kept the goods' });
    expect(rejected.body).toMatchObject({ status: 'failed', approver: 'Ada', failure_reason: 'rejected by Ada: customer kept the goods' });
    const retry = await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: other, amount: 100 });
    expect(retry.body.status).toBe('succeeded');
    const missingApprover = await request(stack.gw.app).post(`/v1/refunds/${second.body.id}/approve`).set(auth).send({});
    expect(missingApprover.body.error).toMatchObject({ code: 'parameter_missing', param: 'approver' });
  });

  it('refunding a payment that is not captured is a 409 with its state; unknown ids are 404', async () => {
    const created = await request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', 'uncaptured').send({ amount: 100, currency: 'usd' });
    const res = await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: created.body.id });
    expect(res.status).toBe(409);
    expect(res.body.error.current_state).toBe('created');
    expect((await request(stack.gw.app).get('/v1/refunds/re_00000000000000000000000000').set(auth)).status).toBe(404);
    expect((await request(stack.gw.app).post('/v1/refunds').set(auth).send({ payment_intent: 'pi_00000000000000000000000000' })).status).toBe(404);
  });

  it('the dispute card: the processor opens a dispute, evidence moves it to under_review, a loss is a chargeback with reversed postings', async () => {
    const id = await capturedPayment(4_500, '4000000000000259');
    await waitFor(() => stack.gw.deps.ledger.state.payments.get(id)?.dispute != null, 15_000, 'the dispute webhook');
    const disputeId = stack.gw.deps.ledger.state.payments.get(id)?.dispute as string;
    const dispute = await request(stack.gw.app).get(`/v1/disputes/${disputeId}`).set(auth);
    expect(dispute.body).toMatchObject({ object: 'dispute', status: 'opened', payment_intent: id, amount: 4_500, processor: 'providerB' });
    const evidence = await request(stack.gw.app).post(`/v1/disputes/${disputeId}/evidence`).set(auth).send({ text: 'Delivered on 3 March, signed by the customer.', file_name: 'proof-of-delivery.pdf' });
    expect(evidence.body).toMatchObject({ status: 'under_review', evidence: { file_name: 'proof-of-delivery.pdf' } });
    const again = await request(stack.gw.app).post(`/v1/disputes/${disputeId}/evidence`).set(auth).send({ text: 'more' });
    expect(again.status).toBe(409);
    const reference = stack.gw.deps.ledger.state.payments.get(id)?.processor_reference as string;
    const resolved = await stack.simAdmin('POST', `/admin/disputes/${reference}/resolve`, { outcome: 'lost' });
    expect(resolved.status).toBeLessThan(300);
    await waitFor(() => stack.gw.deps.ledger.state.payments.get(id)?.status === 'chargeback', 15_000, 'the chargeback webhook');
    expect((await request(stack.gw.app).get(`/v1/disputes/${disputeId}`).set(auth)).body.status).toBe('lost');
    const ledger = await request(stack.gw.app).get(`/v1/ledger/${id}`).set(auth);
    const chargeback = ledger.body.events.find((e: { type: string }) => e.type === 'payment_intent.chargeback');
    expect(sum(chargeback.postings)).toBe(0);
    expect(chargeback.postings).toEqual(expect.arrayContaining([expect.objectContaining({ account: 'merchant_payable:m_demo', amount: 4_500 })]));
    expect(ledger.body.chain_verified).toBe(true);
    const list = await request(stack.gw.app).get('/v1/disputes?status=lost').set(auth);
    expect(list.body.data.map((d: { id: string }) => d.id)).toContain(disputeId);
  });
});
