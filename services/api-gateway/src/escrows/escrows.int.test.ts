import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { settleDay } from '@payrail/settlement';
import { makeTempDataDir } from '@payrail/testing';
import { checkEscrowCustody, custodyAccount } from '@payrail/ledger';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { startStack, type Stack } from '../testing/stack';
import { EscrowCommands } from './escrowCommands';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };
type Posting = { account: string; amount: number; currency: string };
type LedgerEvent = { type: string; postings?: Posting[] };

describe('escrows: custody, release, refund, disputes, dates', () => {
  let cleanup: () => void;
  let dir: string;
  let stack: Stack;
  let card: string;
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('escrows'));
    stack = await startStack(dir, { gatewayEnv: { REFUND_APPROVAL_THRESHOLD: '1000' } });
    card = await stack.tokenize('4242424242424242');
  }, 60_000);
  afterAll(async () => {
    await stack.close();
    cleanup();
  });

  const api = () => request(stack.gw.app);
  const split = [{ payee: 'seller_42', role: 'seller', amount: 9_000 }, { payee: 'platform', role: 'platform_fee', amount: 1_000 }];

  async function create(body: Record<string, unknown> = {}): Promise<{ id: string; payment_intent: string; status: string }> {
    const res = await api().post('/v1/escrows').set(auth).set('Idempotency-Key', `esc-${randomUUID()}`).send({ amount: 10_000, currency: 'brl', payees: split, ...body });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function funded(body: Record<string, unknown> = {}): Promise<{ id: string; payment_intent: string }> {
    const escrow = await create(body);
    const paid = await api().post(`/v1/payment-intents/${escrow.payment_intent}/confirm`).set(auth).send({ payment_method: card });
    expect(paid.body.status).toBe('captured');
    const after = await api().get(`/v1/escrows/${escrow.id}`).set(auth);
    expect(after.body).toMatchObject({ status: 'in_custody', amount_in_custody: 10_000 });
    return escrow;
  }

  /** Every posting of the payment's ledger view, and the custody account's balance. */
  async function custody(escrow: { id: string; payment_intent: string }): Promise<{ balance: number; events: LedgerEvent[] }> {
    const ledger = await api().get(`/v1/ledger/${escrow.payment_intent}`).set(auth);
    expect(ledger.body.chain_verified).toBe(true);
    const events = ledger.body.events as LedgerEvent[];
    let balance = 0;
    for (const event of events) {
      const legs = event.postings ?? [];
      expect(legs.reduce((sum, leg) => sum + leg.amount, 0)).toBe(0);
      for (const leg of legs) if (leg.account === custodyAccount(escrow.id)) balance += leg.amount;
    }
    return { balance, events };
  }

  it('holds the captured payment in custody, releases it in parts per payee, then closes with custody at zero', async () => {
    const created = await create({ metadata: { order: 'o-1' } });
    expect(created).toMatchObject({ object: 'escrow', status: 'awaiting_payment', amount_in_custody: 0, currency: 'BRL' });
    const intent = await api().get(`/v1/payment-intents/${created.payment_intent}`).set(auth);
    expect(intent.body).toMatchObject({ amount: 10_000, capture_method: 'automatic', metadata: { escrow: created.id } });
    const early = await api().post(`/v1/escrows/${created.id}/release`).set(auth).send({ approver: 'ops' });
    expect(early.status).toBe(409);
    expect(early.body.error.current_state).toBe('awaiting_payment');

    await api().post(`/v1/payment-intents/${created.payment_intent}/confirm`).set(auth).send({ payment_method: card }).expect(200);
    expect((await custody(created)).balance).toBe(-10_000);

    const part = await api().post(`/v1/escrows/${created.id}/release`).set(auth).send({ approver: 'ops@example.com', payees: [{ payee: 'seller_42', amount: 3_000 }] });
    expect(part.status).toBe(200);
    expect(part.body).toMatchObject({ status: 'in_custody', amount_in_custody: 7_000, amount_released: 3_000 });
    expect(part.body.payees).toEqual([{ payee: 'seller_42', role: 'seller', amount: 9_000, released: 3_000 }, { payee: 'platform', role: 'platform_fee', amount: 1_000, released: 0 }]);

    const tooMuch = await api().post(`/v1/escrows/${created.id}/release`).set(auth).send({ approver: 'ops', payees: [{ payee: 'seller_42', amount: 6_001 }] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error).toMatchObject({ code: 'amount_exceeds_custody', unreleased: 6_000 });
    const stranger = await api().post(`/v1/escrows/${created.id}/release`).set(auth).send({ approver: 'ops', payees: [{ payee: 'seller_9', amount: 1 }] });
    expect(stranger.status).toBe(400);

    const rest = await api().post(`/v1/escrows/${created.id}/release`).set(auth).send({ approver: 'ops@example.com' });
    expect(rest.body).toMatchObject({ status: 'released', amount_in_custody: 0, amount_released: 10_000 });
    const refund = await api().post(`/v1/escrows/${created.id}/refund`).set(auth).send({ approver: 'ops' });
    expect(refund.status).toBe(409);
    const direct = await api().post('/v1/refunds').set(auth).send({ payment_intent: created.payment_intent, amount: 100 });
    expect(direct.status).toBe(409);
    expect(direct.body.error.escrow).toBe(created.id);

    const { balance, events } = await custody(created);
    expect(balance).toBe(0);
    expect(events.map((e) => e.type).filter((t) => t.startsWith('escrow.'))).toEqual(['escrow.created', 'escrow.funded', 'escrow.partially_released', 'escrow.released']);
    const released = events.filter((e) => e.type.endsWith('released')).flatMap((e) => e.postings ?? []).filter((p) => p.amount < 0);
    expect(released).toEqual([
      { account: 'payee_payable:m_demo:seller_42', amount: -3_000, currency: 'BRL' },
      { account: 'payee_payable:m_demo:seller_42', amount: -6_000, currency: 'BRL' },
      { account: 'platform_fee:m_demo', amount: -1_000, currency: 'BRL' },
    ]);
    const webhooks = await api().get(`/v1/events?payment_intent=${created.payment_intent}&limit=100`).set(auth);
    const escrowEvents = (webhooks.body.data as Array<{ type: string; data: { object: { object: string; status: string } } }>).filter((e) => e.type.startsWith('escrow.'));
    expect(escrowEvents.map((e) => [e.type, e.data.object.object, e.data.object.status])).toEqual([
      ['escrow.released', 'escrow', 'released'], ['escrow.partially_released', 'escrow', 'in_custody'], ['escrow.funded', 'escrow', 'in_custody'], ['escrow.created', 'escrow', 'awaiting_payment'],
    ]);
  });

  it('refunds what custody holds after a partial release, through a refund of the payment', async () => {
    const escrow = await funded();
    await api().post(`/v1/escrows/${escrow.id}/release`).set(auth).send({ approver: 'ops', payees: [{ payee: 'seller_42', amount: 4_000 }] }).expect(200);
    const refunded = await api().post(`/v1/escrows/${escrow.id}/refund`).set(auth).set('Idempotency-Key', `refund-${escrow.id}`).send({ approver: 'ops@example.com', reason: 'never shipped' });
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', amount_refunded: 6_000, amount_in_custody: 0, amount_released: 4_000 });
    // Above REFUND_APPROVAL_THRESHOLD, and still not waiting: the escrow's approver decided.
    const refund = await api().get(`/v1/refunds/${refunded.body.refund}`).set(auth);
    expect(refund.body).toMatchObject({ status: 'succeeded', amount: 6_000, metadata: { escrow: escrow.id } });
    const replay = await api().post(`/v1/escrows/${escrow.id}/refund`).set(auth).set('Idempotency-Key', `refund-${escrow.id}`).send({ approver: 'ops@example.com', reason: 'never shipped' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const intent = await api().get(`/v1/payment-intents/${escrow.payment_intent}`).set(auth);
    expect(intent.body.amount_refunded).toBe(6_000);
    expect((await custody(escrow)).balance).toBe(0);
    const again = await api().post(`/v1/escrows/${escrow.id}/release`).set(auth).send({ approver: 'ops' });
    expect(again.status).toBe(409);
  });

  it("a platform dispute freezes release; resolving it refunds or releases what is left", async () => {
    const escrow = await funded();
    const disputed = await api().post(`/v1/escrows/${escrow.id}/dispute`).set(auth).send({ reason: 'item not as described' });
    expect(disputed.body).toMatchObject({ status: 'disputed', dispute: { source: 'platform', reason: 'item not as described', dispute: null } });
    const frozen = await api().post(`/v1/escrows/${escrow.id}/release`).set(auth).send({ approver: 'ops' });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.message).toMatch(/frozen/);
    const resolved = await api().post(`/v1/escrows/${escrow.id}/resolve`).set(auth).send({ approver: 'ops', outcome: 'release' });
    expect(resolved.body).toMatchObject({ status: 'released', amount_released: 10_000 });

    const other = await funded();
    await api().post(`/v1/escrows/${other.id}/dispute`).set(auth).send({ reason: 'fraud' }).expect(200);
    const back = await api().post(`/v1/escrows/${other.id}/resolve`).set(auth).send({ approver: 'ops', outcome: 'refund' });
    expect(back.body).toMatchObject({ status: 'refunded', amount_refunded: 10_000 });
    expect((await custody(other)).balance).toBe(0);
  });

  it('a card dispute freezes the escrow, and a lost chargeback is paid from custody', async () => {
    const escrow = await funded();
    const internal = { 'x-internal-token': stack.env.INTERNAL_TOKEN as string };
    const opened = await api().post('/internal/disputes').set(internal).send({ payment_intent: escrow.payment_intent, reason: 'fraudulent' });
    expect(opened.status).toBe(200);
    const frozen = await api().get(`/v1/escrows/${escrow.id}`).set(auth);
    expect(frozen.body).toMatchObject({ status: 'disputed', dispute: { source: 'processor', dispute: opened.body.id } });
    const early = await api().post(`/v1/escrows/${escrow.id}/resolve`).set(auth).send({ approver: 'ops', outcome: 'release' });
    expect(early.status).toBe(409);
    expect(early.body.error.dispute).toBe(opened.body.id);
    await api().post(`/internal/disputes/${opened.body.id}/close`).set(internal).send({ outcome: 'lost' }).expect(200);
    const after = await api().get(`/v1/escrows/${escrow.id}`).set(auth);
    expect(after.body).toMatchObject({ status: 'refunded', amount_refunded: 10_000, amount_in_custody: 0, refund: null });
    expect((await custody(escrow)).balance).toBe(0);
  });

  it('a lost chargeback of part of the payment closes the escrow with custody at zero: the rest goes back to the merchant', async () => {
    const escrow = await funded();
    const internal = { 'x-internal-token': stack.env.INTERNAL_TOKEN as string };
    const opened = await api().post('/internal/disputes').set(internal).send({ payment_intent: escrow.payment_intent, reason: 'fraudulent', amount: 2_000 });
    expect(opened.status).toBe(200);
    await api().post(`/internal/disputes/${opened.body.id}/close`).set(internal).send({ outcome: 'lost' }).expect(200);
    const after = await api().get(`/v1/escrows/${escrow.id}`).set(auth);
    expect(after.body).toMatchObject({ status: 'refunded', amount_in_custody: 0, amount_refunded: 10_000, refund: null });
    expect((await custody(escrow)).balance).toBe(0);
    const ledger = await api().get(`/v1/ledger/${escrow.payment_intent}`).set(auth);
    const refunded = ledger.body.events.find((e: { type: string }) => e.type === 'escrow.refunded');
    expect(refunded.data).toMatchObject({ amount: 10_000, trigger: 'chargeback', reason: expect.stringMatching(/chargeback of 2000 of the 10000 in custody/) });
  });

  it('the clock releases at release_at, refunds at the deadline, and cancels unpaid or failed escrows', async () => {
    const clock = new EscrowCommands(stack.gw.deps);
    const now = Math.floor(Date.now() / 1000);
    const releasing = await funded({ release_at: now + 60, refund_deadline: now + 120 });
    const refunding = await funded({ refund_deadline: now + 90 });
    const unpaid = await create({ refund_deadline: now + 90 });
    const declined = await create();
    const declinedCard = await stack.tokenize('4000000000000002');
    const decline = await api().post(`/v1/payment-intents/${declined.payment_intent}/confirm`).set(auth).send({ payment_method: declinedCard });
    expect(decline.status).toBe(402);

    await clock.tick(Date.now());
    expect((await api().get(`/v1/escrows/${releasing.id}`).set(auth)).body.status).toBe('in_custody');
    expect((await api().get(`/v1/escrows/${declined.id}`).set(auth)).body.status).toBe('canceled');

    await clock.tick((now + 100) * 1000);
    const released = await api().get(`/v1/escrows/${releasing.id}`).set(auth);
    expect(released.body).toMatchObject({ status: 'released', amount_released: 10_000 });
    const refunded = await api().get(`/v1/escrows/${refunding.id}`).set(auth);
    expect(refunded.body).toMatchObject({ status: 'refunded', amount_refunded: 10_000 });
    expect((await api().get(`/v1/refunds/${refunded.body.refund}`).set(auth)).body.status).toBe('succeeded');
    const canceled = await api().get(`/v1/escrows/${unpaid.id}`).set(auth);
    expect(canceled.body.status).toBe('canceled');
    expect((await api().get(`/v1/payment-intents/${unpaid.payment_intent}`).set(auth)).body.status).toBe('reversed');
    expect(await clock.tick((now + 200) * 1000)).toBe(0);
  });

  it('refuses a split that does not add up, with a clear 400, and replays a create byte for byte', async () => {
    const bad = await api().post('/v1/escrows').set(auth).set('Idempotency-Key', `bad-${randomUUID()}`).send({ amount: 10_000, currency: 'brl', payees: [{ payee: 'a', role: 'seller', amount: 5_000 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'escrow_split_invalid', param: 'payees' });
    const twice = await api().post('/v1/escrows').set(auth).set('Idempotency-Key', `bad-${randomUUID()}`).send({ amount: 2, currency: 'brl', payees: [{ payee: 'a', role: 'seller', amount: 1 }, { payee: 'a', role: 'seller', amount: 1 }] });
    expect(twice.body.error.code).toBe('escrow_split_invalid');
    const missingKey = await api().post('/v1/escrows').set(auth).send({ amount: 1, currency: 'brl', payees: [{ payee: 'a', role: 'seller', amount: 1 }] });
    expect(missingKey.status).toBe(400);
    const past = await api().post('/v1/escrows').set(auth).set('Idempotency-Key', `bad-${randomUUID()}`).send({ amount: 1, currency: 'brl', payees: [{ payee: 'a', role: 'seller', amount: 1 }], release_at: 1 });
    expect(past.body.error.param).toBe('release_at');

    const key = `esc-${randomUUID()}`;
    const body = { amount: 10_000, currency: 'brl', payees: split };
    const first = await api().post('/v1/escrows').set(auth).set('Idempotency-Key', key).send(body);
    const second = await api().post('/v1/escrows').set(auth).set('Idempotency-Key', key).send(body);
    expect(second.text).toBe(first.text);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const list = await api().get('/v1/escrows?status=awaiting_payment&limit=100').set(auth);
    expect((list.body.data as Array<{ id: string }>).filter((e) => e.id === first.body.id)).toHaveLength(1);
  });

  it('leaves every custody account as payrail verify expects: open ones hold their escrow, closed ones zero', () => {
    const report = checkEscrowCustody(dir);
    expect(report.problems).toEqual([]);
    expect(report.escrows).toBeGreaterThanOrEqual(10);
    expect(report.open).toBeGreaterThan(0);
  });

  it("pays payees only from released funds: the payouts file holds the funded payment and pays each release to its payee", async () => {
    const escrow = await funded();
    await api().post(`/v1/escrows/${escrow.id}/release`).set(auth).send({ approver: 'ops', payees: [{ payee: 'seller_42', amount: 2_500 }] }).expect(200);
    await api().post(`/v1/escrows/${escrow.id}/release`).set(auth).send({ approver: 'ops', payees: [{ payee: 'platform', amount: 1_000 }] }).expect(200);
    const today = new Date().toISOString().slice(0, 10);
    const summary = await settleDay({ dataDir: dir, date: today, timezone: 'UTC' });
    const rows = parse(await fs.readFile(path.join(dir, summary.file), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const mine = rows.filter((row) => row['payment_id'] === escrow.payment_intent);
    const captureRow = mine.find((row) => row['payee'] === '');
    // The merchant is paid nothing of the gross (custody holds it) and pays the processor's fee.
    expect(captureRow).toMatchObject({ gross: '10000', held: '10000', net: String(-Number(captureRow?.['fee'])) });
    expect(mine.filter((row) => row['payee'] !== '').map((row) => [row['payee'], row['payee_role'], row['net'], row['held']])).toEqual([
      ['seller_42', 'seller', '2500', '-2500'],
      ['platform', 'platform_fee', '1000', '-1000'],
    ]);
    for (const row of rows) expect(Number(row['net'])).toBe(Number(row['gross']) - Number(row['fee']) - Number(row['held']));
    // Every escrow of the day: what custody still holds is exactly the held column's total.
    const held = rows.reduce((sum, row) => sum + Number(row['held']), 0);
    const report = checkEscrowCustody(dir);
    expect(held).toBe(report.in_custody['BRL']);
    expect(summary.payees.find((p) => p.payee === 'seller_42')).toMatchObject({ merchant: 'm_demo', role: 'seller', currency: 'BRL' });
  });

  it('is paid by Pix too: the BR Code paid at provider-sim funds the escrow; a Pix escrow in dollars is a 400', async () => {
    const dollars = await api().post('/v1/escrows').set(auth).set('Idempotency-Key', `esc-${randomUUID()}`).send({ amount: 10_000, currency: 'usd', payees: split, payment_method_types: ['pix'] });
    expect(dollars.status).toBe(400);
    expect(dollars.body.error.param).toBe('currency');
    const escrow = await create({ payment_method_types: ['pix'] });
    const confirmed = await api().post(`/v1/payment-intents/${escrow.payment_intent}/confirm`).set(auth).send({});
    expect(confirmed.body).toMatchObject({ status: 'created', processing: true, next_action: { type: 'pix_display_qr_code' } });
    const paid = await stack.simAdmin('POST', `/admin/pix/${confirmed.body.next_action.pix_display_qr_code.txid}/pay`, {});
    expect(paid.status).toBe(200);
    let status = '';
    for (let i = 0; i < 100 && status !== 'in_custody'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await api().get(`/v1/escrows/${escrow.id}`).set(auth)).body.status;
    }
    expect(status).toBe('in_custody');
    expect((await custody(escrow)).balance).toBe(-10_000);
  });
});
