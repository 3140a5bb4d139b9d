import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CLOSED_ESCROW_STATUSES, checkEscrowCustody, type Escrow, type EscrowStatus } from '@payrail/ledger';
import type { RunningService } from '@payrail/testing';
import { DEFAULT_ROUTING } from '../routing/routingRules';
import { call, eventually, startRaceStack, type Answer, type RaceStack } from '../testing/raceCalls';

// Every escrow command that moves money raced across two real gateway processes on one data folder,
// with providerA's webhooks and both processes' resolvers and escrow clocks running meanwhile.
// Afterwards each escrow is held to its own sums, to its events in ledger/escrows.jsonl, to
// providerA's books (its inquiry API: one refund at the processor per escrow refund), and to the
// custody check `payrail verify` runs.

// CI runs a few rounds of each race; RACE_ROUNDS=60 (as `npm run races` sets) runs many.
const ROUNDS = Number(process.env['RACE_ROUNDS'] ?? 4);
const RACE_TIMEOUT_MS = 30_000 + ROUNDS * 5_000;
const AMOUNT = 10_000;
/** Two sellers and the platform's fee, summing to AMOUNT. */
const SPLIT = [
  { payee: 'seller_1', role: 'seller', amount: 7_000 },
  { payee: 'seller_2', role: 'seller', amount: 2_000 },
  { payee: 'platform', role: 'platform_fee', amount: 1_000 },
] as const;
type Created = { id: string; payment_intent: string };
type Posting = { account: string; amount: number; currency: string };
type Line = { type: string; ref: string; data: any; postings?: Posting[] };

jest.setTimeout(RACE_TIMEOUT_MS);

describe('escrow commands raced across two gateway processes', () => {
  let stack: RaceStack;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let sim: RunningService;
  let gateways: [RunningService, RunningService];
  let token: string;
  const escrows: Created[] = [];
  let sequence = 0;

  beforeAll(async () => {
    // Every payment to providerA, whose books are read back at the end.
    stack = await startRaceStack({
      label: 'escrow-races',
      routing: { ...DEFAULT_ROUTING, rules: [{ name: 'everything to providerA', when: {}, prefer: ['providerA', 'providerB'] }] },
      // Below every escrow refund: an escrow's refund never waits for approval, whatever its size.
      env: { ESCROW_INTERVAL_MS: '200', REFUND_APPROVAL_THRESHOLD: '100' },
    });
    ({ dir, env, sim, gateways, token } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const key = (what: string): string => `escrow-race-${what}-${++sequence}`;

  /** An escrow created on one process and paid (captured by providerA) through the other: custody holds it all. */
  async function funded(extra: Record<string, unknown> = {}): Promise<Created> {
    const created = await call(gateways[0], 'POST', '/v1/escrows', { amount: AMOUNT, currency: 'usd', payees: SPLIT, payment_method: token, ...extra }, key('create'));
    expect(created.status).toBe(200);
    const escrow: Created = { id: created.body.id, payment_intent: created.body.payment_intent };
    escrows.push(escrow);
    const paid = await call(gateways[1], 'POST', `/v1/payment-intents/${escrow.payment_intent}/confirm`, {}, key('confirm'));
    expect({ status: paid.status, state: paid.body.status, processor: paid.body.processor }).toEqual({ status: 200, state: 'captured', processor: 'providerA' });
    const held = await call(gateways[0], 'GET', `/v1/escrows/${escrow.id}`);
    expect(held.body).toMatchObject({ status: 'in_custody', amount_in_custody: AMOUNT });
    return escrow;
  }

  const release = (escrow: Created, payees?: Array<{ payee: string; amount: number }>) => (g: RunningService) =>
    call(g, 'POST', `/v1/escrows/${escrow.id}/release`, { approver: `ops-${g.port}`, ...(payees === undefined ? {} : { payees }) }, key('release'));
  const refund = (escrow: Created) => (g: RunningService) => call(g, 'POST', `/v1/escrows/${escrow.id}/refund`, { approver: `ops-${g.port}`, reason: 'raced' }, key('refund'));
  const dispute = (escrow: Created) => (g: RunningService) => call(g, 'POST', `/v1/escrows/${escrow.id}/dispute`, { reason: 'item not as described' }, key('dispute'));
  const resolve = (escrow: Created, outcome: 'release' | 'refund') => (g: RunningService) =>
    call(g, 'POST', `/v1/escrows/${escrow.id}/resolve`, { approver: `ops-${g.port}`, outcome }, key('resolve'));

  /** Sends both requests at the same moment, one to each gateway process. */
  function race(first: (g: RunningService) => Promise<Answer>, second: (g: RunningService) => Promise<Answer>): Promise<[Answer, Answer]> {
    return Promise.all([first(gateways[0]), second(gateways[1])]);
  }

  function expectNoServerError(answers: Answer[]): void {
    for (const answer of answers) expect({ status: answer.status < 500, body: answer.body }).toEqual({ status: true, body: answer.body });
  }

  /** Exactly one answer is 200; the other is the 409 of a decided escrow. Returns [winner index, winner, loser]. */
  function decidedOnce(answers: [Answer, Answer]): [0 | 1, Answer, Answer] {
    expectNoServerError(answers);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const won = answers[0].status === 200 ? 0 : 1;
    const loser = answers[1 - won] as Answer;
    expect(loser.body.error).toMatchObject({ type: 'state_error', code: 'invalid_state_transition' });
    return [won, answers[won], loser];
  }

  const read = async (escrow: Created): Promise<Escrow> => (await call(gateways[1], 'GET', `/v1/escrows/${escrow.id}`)).body as Escrow;

  it('release vs release of everything: one releases it, the other is a 409, nothing is paid twice', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const escrow = await funded();
      const [, won, lost] = decidedOnce(await race(release(escrow), release(escrow)));
      expect(won.body).toMatchObject({ status: 'released', amount_released: AMOUNT, amount_in_custody: 0 });
      expect(lost.body.error.current_state).toBe('released');
    }
  });

  it("release vs release of two payees' parts: each applies once; when they cover everything, the later one closes it", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const escrow = await funded();
      // Even rounds leave the platform's fee in custody; odd rounds release it too, so the escrow closes.
      const covering = round % 2 === 1;
      const first = [{ payee: 'seller_1', amount: 7_000 }];
      const second = covering ? [{ payee: 'seller_2', amount: 2_000 }, { payee: 'platform', amount: 1_000 }] : [{ payee: 'seller_2', amount: 2_000 }];
      const answers = await race(release(escrow, first), release(escrow, second));
      expectNoServerError(answers);
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const after = await read(escrow);
      expect(after.payees.map((p) => [p.payee, p.released])).toEqual([['seller_1', 7_000], ['seller_2', 2_000], ['platform', covering ? 1_000 : 0]]);
      expect(after).toMatchObject(covering ? { status: 'released', amount_released: AMOUNT, amount_in_custody: 0 } : { status: 'in_custody', amount_released: 9_000, amount_in_custody: 1_000 });
      // Whichever committed first left the escrow open; only the last one may say released.
      expect(answers.map((a) => a.body.status).sort()).toEqual(covering ? ['in_custody', 'released'] : ['in_custody', 'in_custody']);
    }
  });

  it("release vs release of one payee's part, twice over its share: one applies, the other is amount_exceeds_custody", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const escrow = await funded();
      const answers = await race(release(escrow, [{ payee: 'seller_1', amount: 5_000 }]), release(escrow, [{ payee: 'seller_1', amount: 5_000 }]));
      expectNoServerError(answers);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
      expect(answers.find((a) => a.status === 400)?.body.error).toMatchObject({ code: 'amount_exceeds_custody', unreleased: 2_000 });
      expect(await read(escrow)).toMatchObject({ status: 'in_custody', amount_released: 5_000, amount_in_custody: 5_000 });
    }
  });

  it('release vs refund: exactly one of them happens, also after a partial release', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const escrow = await funded();
      const partly = round % 2 === 1;
      if (partly) expect((await release(escrow, [{ payee: 'seller_1', amount: 3_000 }])(gateways[0])).status).toBe(200);
      const [won, answer] = decidedOnce(await race(release(escrow), refund(escrow)));
      const kept = partly ? AMOUNT - 3_000 : AMOUNT;
      if (won === 0) expect(answer.body).toMatchObject({ status: 'released', amount_released: AMOUNT, amount_refunded: 0, refund: null });
      else expect(answer.body).toMatchObject({ status: 'refunded', amount_released: AMOUNT - kept, amount_refunded: kept, amount_in_custody: 0 });
    }
  });

  it('refund vs refund: one refund of the payment, the other a 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const escrow = await funded();
      const [, won, lost] = decidedOnce(await race(refund(escrow), refund(escrow)));
      expect(won.body).toMatchObject({ status: 'refunded', amount_refunded: AMOUNT, amount_in_custody: 0 });
      expect(typeof won.body.refund).toBe('string');
      expect(lost.body.error.current_state).toBe('refunded');
    }
  });

  it('dispute vs release: one of them; a dispute that wins freezes release until resolve vs resolve decides it once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const escrow = await funded();
      const [won, answer, lost] = decidedOnce(await race(dispute(escrow), release(escrow)));
      if (won === 1) {
        expect(answer.body).toMatchObject({ status: 'released', amount_released: AMOUNT, dispute: null });
        continue;
      }
      expect(answer.body).toMatchObject({ status: 'disputed', dispute: { source: 'platform', reason: 'item not as described' } });
      expect(lost.body.error.message).toMatch(/frozen/);
      const [, resolved] = decidedOnce(await race(resolve(escrow, 'release'), resolve(escrow, 'refund')));
      expect(['released', 'refunded']).toContain(resolved.body.status);
      expect(resolved.body.amount_in_custody).toBe(0);
    }
  });

  it("release vs the payment's own refund through /v1/refunds: the release happens, the refund is always a 409 naming the escrow", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const escrow = await funded();
      const partly = round % 2 === 1;
      const answers = await race(
        release(escrow, partly ? [{ payee: 'seller_2', amount: 2_000 }] : undefined),
        (g) => call(g, 'POST', '/v1/refunds', { payment_intent: escrow.payment_intent, amount: 1_000 }, key('direct-refund')),
      );
      expectNoServerError(answers);
      const [released, direct] = answers;
      expect([released.status, direct.status]).toEqual([200, 409]);
      expect(released.body).toMatchObject(partly ? { status: 'in_custody', amount_released: 2_000 } : { status: 'released', amount_released: AMOUNT });
      expect(direct.body.error).toMatchObject({ code: 'invalid_state_transition', escrow: escrow.id });
    }
  });

  it("both processes' escrow clocks at release_at vs a refund sent around that moment: the escrow is released or refunded, once", async () => {
    // Funded before a release_at a second or more ahead; then refunds spread from 400 ms before it to 400 ms after.
    const release_at = Math.ceil((Date.now() + 1_000 + ROUNDS * 150) / 1000) + 1;
    const dated: Created[] = [];
    for (let round = 0; round < ROUNDS; round++) dated.push(await funded({ release_at }));
    const answers = await Promise.all(dated.map(async (escrow, round) => {
      const offset_ms = ROUNDS === 1 ? 0 : Math.round(-400 + (800 * round) / (ROUNDS - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, release_at * 1000 + offset_ms - Date.now())));
      return refund(escrow)(gateways[round % 2] as RunningService);
    }));
    expectNoServerError(answers);
    for (const [round, answer] of answers.entries()) {
      const after = await eventually(() => read(dated[round] as Created), (escrow) => escrow.status !== 'in_custody');
      if (answer.status === 200) {
        expect(after).toMatchObject({ status: 'refunded', amount_refunded: AMOUNT, amount_released: 0 });
      } else {
        expect({ status: answer.status, code: answer.body.error.code, current_state: answer.body.error.current_state }).toEqual({ status: 409, code: 'invalid_state_transition', current_state: 'released' });
        expect(after).toMatchObject({ status: 'released', amount_released: AMOUNT, amount_refunded: 0 });
      }
    }
  });

  it('afterwards, every escrow is in one consistent state, its events agree, providerA refunded each refunded escrow once, and custody checks out', async () => {
    const internal = { 'x-internal-token': env.INTERNAL_TOKEN as string };
    // The escrows' refunds are sent after their commit: let them (or the resolver's resend) land.
    const readAll = () => Promise.all(escrows.map(read));
    const refundsSettled = async (list: Escrow[]): Promise<boolean> => {
      for (const escrow of list) {
        if (escrow.refund === null) continue;
        if ((await call(gateways[0], 'GET', `/v1/refunds/${escrow.refund}`)).body.status !== 'succeeded') return false;
      }
      return true;
    };
    const settled = await eventually(async () => {
      const list = await readAll();
      return { list, done: await refundsSettled(list) };
    }, (value) => value.done);
    expect(settled.done).toBe(true);
    const finals = settled.list;
    expect(finals).toHaveLength(ROUNDS * 8);

    const lines = async (stream: string): Promise<Line[]> => (await fs.readFile(path.join(dir, `ledger/${stream}.jsonl`), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Line);
    const [escrowLines, refundLines] = await Promise.all([lines('escrows'), lines('refunds')]);
    const problems: unknown[] = [];
    for (const escrow of finals) {
      const payeeReleased = escrow.payees.reduce((sum, payee) => sum + payee.released, 0);
      const events = escrowLines.filter((e) => e.ref === escrow.id);
      const types = events.map((e) => e.type);
      const closing = types.filter((t) => t === 'escrow.released' || t === 'escrow.refunded');
      const releasedByEvents = new Map<string, number>();
      for (const event of events.filter((e) => e.type.endsWith('released'))) {
        for (const part of event.data.releases as Array<{ payee: string; amount: number }>) releasedByEvents.set(part.payee, (releasedByEvents.get(part.payee) ?? 0) + part.amount);
      }
      const refunds = refundLines.filter((e) => e.type === 'refund.created' && e.data.metadata?.escrow === escrow.id).map((e) => e.ref);
      const succeeded = refundLines.filter((e) => e.type === 'refund.succeeded' && refunds.includes(e.ref));
      const closed = CLOSED_ESCROW_STATUSES.has(escrow.status);
      const intent = (await call(gateways[0], 'GET', `/v1/payment-intents/${escrow.payment_intent}`)).body;
      const books = await providerABooks(escrow.payment_intent);
      const checks: Record<string, boolean> = {
        'a state the races can end in': (['in_custody', 'released', 'refunded'] as EscrowStatus[]).includes(escrow.status),
        'released + refunded + in custody = amount': escrow.amount_released + escrow.amount_refunded + escrow.amount_in_custody === escrow.amount,
        "the payees' releases add up to amount_released": payeeReleased === escrow.amount_released,
        'no payee released beyond its share': escrow.payees.every((payee) => payee.released >= 0 && payee.released <= payee.amount),
        'closed means custody is empty': !closed || escrow.amount_in_custody === 0,
        'funded once': types.filter((t) => t === 'escrow.funded').length === 1,
        'closed once, by its last event': closing.length === (closed ? 1 : 0) && (!closed || types[types.length - 1] === closing[0]),
        'its events release each payee what it shows, once': escrow.payees.every((payee) => (releasedByEvents.get(payee.payee) ?? 0) === payee.released),
        'refunded exactly when a refund of its payment was made, once': refunds.length === (escrow.status === 'refunded' ? 1 : 0) && (escrow.refund === null ? refunds.length === 0 : refunds[0] === escrow.refund),
        'each refund succeeded once': succeeded.length === refunds.length,
        'the payment shows what the escrow refunded': intent.amount_refunded === escrow.amount_refunded && intent.amount_received === escrow.amount,
        'providerA captured it once and refunded once per escrow refund': JSON.stringify(books) === JSON.stringify({ captured: escrow.amount, refunds: escrow.amount_refunded > 0 ? [escrow.amount_refunded] : [] }),
      };
      const failed = Object.keys(checks).filter((name) => !checks[name]);
      if (failed.length > 0) problems.push({ escrow, failed, types, refunds, books });
    }
    expect(problems).toEqual([]);
    // Every race above ran, and both ways out of custody were taken.
    const statuses = new Set(finals.map((e) => e.status));
    expect(statuses.has('released') && statuses.has('refunded') && statuses.has('in_custody')).toBe(true);

    // What `payrail verify` checks: each open escrow's custody holds exactly what it says, each closed one zero.
    const report = checkEscrowCustody(dir);
    expect(report.problems).toEqual([]);
    const open = finals.filter((e) => !CLOSED_ESCROW_STATUSES.has(e.status));
    expect({ escrows: report.escrows, open: report.open, in_custody: report.in_custody['USD'] }).toEqual({
      escrows: finals.length,
      open: open.length,
      in_custody: open.reduce((sum, e) => sum + e.amount_in_custody, 0),
    });

    async function providerABooks(paymentIntent: string): Promise<unknown> {
      const res = await fetch(`${sim.url}/providerA/v1/charges?payment_intent=${paymentIntent}`, { headers: internal });
      const charges = ((await res.json()) as { data: any[] }).data.filter((c) => c.status === 'succeeded');
      if (charges.length !== 1 || charges[0].captured !== true) return { charges };
      const charge = charges[0];
      return { captured: charge.amount_captured, refunds: (charge.refunds.data as Array<{ amount: number }>).map((r) => r.amount) };
    }
  });
});
