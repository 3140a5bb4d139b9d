import fc from 'fast-check';
import type { Posting } from '@payrail/core';
import { GENESIS_HASH, sealEvent, type JournalEvent } from '@payrail/journal';
import { LedgerState, STREAMS } from '../ledgerState';
import {
  CLOSED_ESCROW_STATUSES, custodyAccount, custodyRefundPostings, fundingPostings, payeeAccount, releasePostings, unreleased,
  type Escrow, type EscrowStatus, type PayeeRole, type Release,
} from './escrow';

// The escrow's money as the ledger keeps it, under random splits and random command sequences.
//
// The pure part lives here: the postings (escrow.ts) and the state every process rebuilds from the
// events (EscrowBook, through LedgerState). Which command is allowed in which state is decided by the
// gateway (services/api-gateway/src/escrows/escrowCommands.ts and escrowHooks.ts, under the ledger
// lock); `decide` below restates those rules, so that the events fed to the book are the ones the
// gateway would write. The gateway's own enforcement is raced in escrowRaces.int.test.ts.
//
// CI runs a fixed seed; FUZZ_SEED replays or varies it, FUZZ_RUNS runs longer.

const SEED = Number(process.env['FUZZ_SEED'] ?? 20_260_216);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
if (!Number.isInteger(SEED)) throw new Error(`FUZZ_SEED must be an integer, not ${process.env['FUZZ_SEED']}`);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${process.env['FUZZ_RUNS']}`);

const ESCROWS_MAX = 3;
const PAYEES_MAX = 5;
const COMMANDS_MAX = 40;
const SHARE_MAX = 1_000_000;

/** The moves of the diagram in escrow.ts (in_custody → in_custody is a partial release). */
const MOVES: Record<EscrowStatus, readonly EscrowStatus[]> = {
  awaiting_payment: ['in_custody', 'canceled'],
  in_custody: ['in_custody', 'released', 'refunded', 'disputed'],
  disputed: ['released', 'refunded'],
  released: [],
  refunded: [],
  canceled: [],
};

type Command =
  | { kind: 'fund'; escrow: number }
  | { kind: 'release_part'; escrow: number; parts: Array<{ payee: number; amount: number }> }
  | { kind: 'release_rest'; escrow: number }
  | { kind: 'dispute'; escrow: number; source: 'platform' | 'processor' }
  | { kind: 'resolve'; escrow: number; outcome: 'release' | 'refund' }
  | { kind: 'refund'; escrow: number }
  | { kind: 'chargeback'; escrow: number }
  | { kind: 'cancel'; escrow: number };

/** What a command appends to ledger/escrows.jsonl. */
type Draft = { type: string; data: Record<string, unknown>; postings?: Posting[] };
type Split = { merchant: string; currency: string; payees: Array<{ payee: string; role: PayeeRole; amount: number }> };

const id = (prefix: string, n: number): string => `${prefix}_${n.toString(36).padStart(26, '0')}`;

const splitArb: fc.Arbitrary<Split> = fc
  .record({
    merchant: fc.constantFrom('m_demo', 'm_01market'),
    currency: fc.constantFrom('USD', 'BRL', 'EUR', 'JPY'),
    payees: fc.uniqueArray(fc.constantFrom('seller_1', 'seller_2', 's.3', 'acct:9', 'x-4', 'platform'), { minLength: 1, maxLength: PAYEES_MAX }),
    amounts: fc.array(fc.integer({ min: 1, max: SHARE_MAX }), { minLength: PAYEES_MAX, maxLength: PAYEES_MAX }),
    fee: fc.option(fc.nat({ max: PAYEES_MAX - 1 }), { nil: null }),
  })
  .map(({ merchant, currency, payees, amounts, fee }) => ({
    merchant,
    currency,
    // At most one platform_fee payee, as the gateway's checkSplit requires.
    payees: payees.map((payee, index) => ({ payee, role: (index === fee ? 'platform_fee' : 'seller') as PayeeRole, amount: amounts[index] as number })),
  }));

const escrowIndex = fc.nat({ max: ESCROWS_MAX - 1 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('fund' as const), escrow: escrowIndex }),
  fc.record({
    kind: fc.constant('release_part' as const),
    escrow: escrowIndex,
    // An amount per payee up to one over its whole share: some asks are over what it has left.
    parts: fc.array(fc.record({ payee: fc.nat({ max: PAYEES_MAX - 1 }), amount: fc.integer({ min: 1, max: SHARE_MAX + 1 }) }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('release_rest' as const), escrow: escrowIndex }),
  fc.record({ kind: fc.constant('dispute' as const), escrow: escrowIndex, source: fc.constantFrom('platform' as const, 'processor' as const) }),
  fc.record({ kind: fc.constant('resolve' as const), escrow: escrowIndex, outcome: fc.constantFrom('release' as const, 'refund' as const) }),
  fc.record({ kind: fc.constant('refund' as const), escrow: escrowIndex }),
  fc.record({ kind: fc.constant('chargeback' as const), escrow: escrowIndex }),
  fc.record({ kind: fc.constant('cancel' as const), escrow: escrowIndex }),
);

/** Every payee's unreleased share (EscrowCommands' `remaining`). */
const remaining = (escrow: Escrow): Release[] =>
  escrow.payees.filter((payee) => unreleased(payee) > 0).map((payee) => ({ payee: payee.payee, role: payee.role, amount: unreleased(payee) }));

/** releaseIn: all of custody is escrow.released, less is escrow.partially_released. */
function releaseDraft(escrow: Escrow, releases: Release[], trigger: string): Draft | null {
  const total = releases.reduce((sum, release) => sum + release.amount, 0);
  if (total <= 0) return null;
  return {
    type: total === escrow.amount_in_custody ? 'escrow.released' : 'escrow.partially_released',
    data: { releases, approver: 'ops', trigger },
    postings: releasePostings({ escrow: escrow.id, merchant: escrow.merchant, currency: escrow.currency, releases }),
  };
}

/** refundIn: what custody holds goes back to the merchant's balance, for the buyer's refund. */
function refundDraft(escrow: Escrow, refund: string | null, amount: number, trigger: string): Draft | null {
  if (amount <= 0) return null;
  return {
    type: 'escrow.refunded',
    data: { amount, refund, approver: refund === null ? 'card network' : 'ops', trigger },
    postings: custodyRefundPostings({ escrow: escrow.id, merchant: escrow.merchant, amount, currency: escrow.currency }),
  };
}

/**
 * The event the gateway would append for `command`, or null when it refuses it (a 409 or a 400) or
 * has nothing to do. Each branch names the gateway code it restates.
 */
function decide(escrow: Escrow, command: Command, next: () => number): Draft | null {
  switch (command.kind) {
    case 'fund': // fundEscrowIn, in the capture's commit
      if (escrow.status !== 'awaiting_payment') return null;
      return { type: 'escrow.funded', data: { payment_intent: escrow.payment_intent, amount: escrow.amount }, postings: fundingPostings({ escrow: escrow.id, merchant: escrow.merchant, amount: escrow.amount, currency: escrow.currency }) };
    case 'release_part': { // release with payees: `chosen` refuses strangers, a payee named twice, and asks above its unreleased share
      if (escrow.status !== 'in_custody') return null;
      const releases: Release[] = [];
      for (const part of command.parts) {
        const payee = escrow.payees[part.payee % escrow.payees.length];
        if (payee === undefined || releases.some((release) => release.payee === payee.payee) || part.amount > unreleased(payee)) return null;
        releases.push({ payee: payee.payee, role: payee.role, amount: part.amount });
      }
      return releaseDraft(escrow, releases, 'api');
    }
    case 'release_rest': // release without payees; frozen while disputed
      return escrow.status === 'in_custody' ? releaseDraft(escrow, remaining(escrow), 'api') : null;
    case 'dispute': // dispute (platform) and disputeEscrowIn (processor): only what is in custody
      if (escrow.status !== 'in_custody') return null;
      return { type: 'escrow.disputed', data: { reason: 'item not as described', source: command.source, dispute: command.source === 'processor' ? id('dp', next()) : null } };
    case 'resolve':
      if (escrow.status !== 'disputed') return null;
      return command.outcome === 'refund' ? refundDraft(escrow, id('re', next()), escrow.amount_in_custody, 'dispute_resolution') : releaseDraft(escrow, remaining(escrow), 'dispute_resolution');
    case 'refund':
      if (escrow.status !== 'in_custody' && escrow.status !== 'disputed') return null;
      return refundDraft(escrow, id('re', next()), escrow.amount_in_custody, 'api');
    case 'chargeback': // chargebackEscrowIn: whatever the disputed amount, custody goes back to the merchant and the escrow closes
      if (escrow.amount_in_custody <= 0 || CLOSED_ESCROW_STATUSES.has(escrow.status) || escrow.status === 'awaiting_payment') return null;
      return refundDraft(escrow, null, escrow.amount_in_custody, 'chargeback');
    case 'cancel':
      return escrow.status === 'awaiting_payment' ? { type: 'escrow.canceled', data: { reason: 'requested' } } : null;
  }
}

/** One run: the book (through LedgerState, as every process builds it) and the postings' own balances, side by side. */
class Run {
  readonly state = new LedgerState();
  readonly balances = new Map<string, number>();
  readonly ids: string[] = [];
  private seq = 0;
  private hash = GENESIS_HASH;
  private counter = 0;

  constructor(splits: Split[]) {
    for (const split of splits) {
      const escrow = id('esc', this.nextNumber());
      this.ids.push(escrow);
      const amount = split.payees.reduce((sum, payee) => sum + payee.amount, 0);
      this.append(escrow, split.merchant, {
        type: 'escrow.created',
        data: { payment_intent: id('pi', this.nextNumber()), amount, currency: split.currency, payees: split.payees, release_at: null, refund_deadline: 2_000_000_000, description: null, metadata: {} },
      });
    }
  }

  escrow(index: number): Escrow {
    return this.state.escrows.escrows.get(this.ids[index % this.ids.length] as string) as Escrow;
  }

  /** Runs one command; checks everything that must hold after it. */
  step(index: number, command: Command): void {
    const escrow = this.escrow(index);
    const before = { ...escrow, payees: escrow.payees.map((payee) => ({ ...payee })) };
    const draft = decide(escrow, command, () => this.nextNumber());
    if (CLOSED_ESCROW_STATUSES.has(before.status)) expect({ closed: before.status, applied: draft?.type ?? null }).toEqual({ closed: before.status, applied: null });
    if (draft === null) return;
    this.append(escrow.id, escrow.merchant, draft);
    const after = this.escrow(index);
    expect({ from: before.status, to: after.status, allowed: MOVES[before.status].includes(after.status) }).toEqual({ from: before.status, to: after.status, allowed: true });
    if (draft.type === 'escrow.released' || draft.type === 'escrow.refunded') expect(after.amount_in_custody).toBe(0);
    if (draft.type === 'escrow.partially_released') expect({ status: after.status, held: after.amount_in_custody > 0 }).toEqual({ status: before.status, held: true });
    this.checkAll();
  }

  /** Closes every open escrow the way its state allows: cancel, release or refund, resolve. */
  closeAll(): void {
    this.ids.forEach((_, index) => {
      const escrow = this.escrow(index);
      const command: Command | null =
        escrow.status === 'awaiting_payment' ? { kind: 'cancel', escrow: index }
          : escrow.status === 'in_custody' ? (index % 2 === 0 ? { kind: 'release_rest', escrow: index } : { kind: 'refund', escrow: index })
            : escrow.status === 'disputed' ? { kind: 'resolve', escrow: index, outcome: index % 2 === 0 ? 'refund' : 'release' }
              : null;
      if (command !== null) this.step(index, command);
      expect(CLOSED_ESCROW_STATUSES.has(this.escrow(index).status)).toBe(true);
    });
  }

  balance(account: string, currency: string): number {
    return this.balances.get(`${account} ${currency}`) ?? 0;
  }

  /** The invariants of every escrow, between the book and the postings. */
  checkAll(): void {
    // A payee's account is the merchant's, shared by all its escrows: it holds what they released to it.
    const paid = new Map<string, number>();
    for (const escrowId of this.ids) {
      const escrow = this.state.escrows.escrows.get(escrowId) as Escrow;
      for (const payee of escrow.payees) {
        const key = `${payeeAccount(escrow.merchant, payee)} ${escrow.currency}`;
        paid.set(key, (paid.get(key) ?? 0) + payee.released);
      }
    }
    expect([...paid].filter(([key, released]) => (this.balances.get(key) ?? 0) !== -released)).toEqual([]);
    for (const escrowId of this.ids) {
      const escrow = this.state.escrows.escrows.get(escrowId) as Escrow;
      const custody = this.balance(custodyAccount(escrow.id), escrow.currency);
      const funded = escrow.status !== 'awaiting_payment' && escrow.status !== 'canceled';
      const released = escrow.payees.reduce((sum, payee) => sum + payee.released, 0);
      expect({
        escrow: escrow.id,
        // Custody is a credit balance: it holds −balance, never less than nothing.
        custody_never_overdrawn: custody <= 0,
        custody_is_what_the_book_holds: -custody === escrow.amount_in_custody,
        payees_within_their_shares: escrow.payees.every((payee) => payee.released >= 0 && payee.released <= payee.amount),
        payees_add_up_to_released: released === escrow.amount_released,
        released_refunded_held_add_up: escrow.amount_released + escrow.amount_refunded + escrow.amount_in_custody === (funded ? escrow.amount : 0),
        closed_holds_nothing: !CLOSED_ESCROW_STATUSES.has(escrow.status) || escrow.amount_in_custody === 0,
        open_iff_not_closed: this.state.escrows.open.has(escrow.id) === !CLOSED_ESCROW_STATUSES.has(escrow.status),
        found_by_its_payment: this.state.escrows.ofPayment(escrow.payment_intent) === escrow,
      }).toEqual({
        escrow: escrow.id,
        custody_never_overdrawn: true,
        custody_is_what_the_book_holds: true,
        payees_within_their_shares: true,
        payees_add_up_to_released: true,
        released_refunded_held_add_up: true,
        closed_holds_nothing: true,
        open_iff_not_closed: true,
        found_by_its_payment: true,
      });
    }
  }

  private nextNumber(): number {
    return ++this.counter;
  }

  /** Seals the event (which checks its schema and that its postings balance) and applies it. */
  private append(ref: string, merchant: string, draft: Draft): void {
    const postings = draft.postings ?? [];
    expect(debitsEqualCredits(postings)).toBe(true);
    expect(postings.every((leg) => Number.isSafeInteger(leg.amount) && leg.amount !== 0)).toBe(true);
    this.seq += 1;
    const timestamp = new Date(Date.UTC(2026, 1, 16, 0, 0, this.seq)).toISOString();
    const { event } = sealEvent({ ...draft, ref, merchant_id: merchant, event_id: id('evt', this.seq), seq: this.seq, timestamp, prev_hash: this.hash, ...(postings.length === 0 ? {} : { postings }) });
    this.hash = event.hash;
    this.state.apply(STREAMS.escrows, event as JournalEvent);
    for (const leg of postings) this.balances.set(`${leg.account} ${leg.currency}`, this.balance(leg.account, leg.currency) + leg.amount);
  }
}

/** Debits (positive legs) equal credits (negative legs) in each currency. */
function debitsEqualCredits(postings: readonly Posting[]): boolean {
  const sums = new Map<string, { debits: number; credits: number }>();
  for (const leg of postings) {
    const sum = sums.get(leg.currency) ?? { debits: 0, credits: 0 };
    if (leg.amount > 0) sum.debits += leg.amount;
    else sum.credits -= leg.amount;
    sums.set(leg.currency, sum);
  }
  return [...sums.values()].every((sum) => sum.debits === sum.credits);
}

describe('escrow state machine and postings (property)', () => {
  const options = { seed: SEED, numRuns: RUNS };

  it('the closed statuses are exactly those the diagram lets no escrow leave', () => {
    const terminal = (Object.keys(MOVES) as EscrowStatus[]).filter((status) => MOVES[status].length === 0);
    expect(terminal.sort()).toEqual([...CLOSED_ESCROW_STATUSES].sort());
  });

  it('each posting builder balances per currency and moves custody the right way', () => {
    fc.assert(
      fc.property(splitArb, fc.integer({ min: 1, max: SHARE_MAX }), (split, amount) => {
        const escrow = 'esc_property';
        const releases: Release[] = split.payees.map((payee) => ({ payee: payee.payee, role: payee.role, amount: payee.amount }));
        const total = releases.reduce((sum, release) => sum + release.amount, 0);
        const funding = fundingPostings({ escrow, merchant: split.merchant, amount, currency: split.currency });
        const release = releasePostings({ escrow, merchant: split.merchant, currency: split.currency, releases });
        const refund = custodyRefundPostings({ escrow, merchant: split.merchant, amount, currency: split.currency });
        for (const legs of [funding, release, refund]) expect(debitsEqualCredits(legs)).toBe(true);
        const custodyOf = (legs: Posting[]): number => legs.filter((leg) => leg.account === custodyAccount(escrow)).reduce((sum, leg) => sum + leg.amount, 0);
        expect([custodyOf(funding), custodyOf(release), custodyOf(refund)]).toEqual([-amount, total, amount]);
        // Each payee's release lands in its own account: sellers in theirs, the platform's fee in the merchant's fee account.
        for (const payee of split.payees) {
          const paid = release.filter((leg) => leg.account === payeeAccount(split.merchant, payee)).reduce((sum, leg) => sum + leg.amount, 0);
          expect(paid).toBe(-payee.amount);
          expect(payeeAccount(split.merchant, payee).startsWith(payee.role === 'platform_fee' ? 'platform_fee:' : 'payee_payable:')).toBe(true);
        }
      }),
      options,
    );
  });

  it('under any sequence of commands: postings balance, custody is never overdrawn, no payee is released beyond its share, closed is terminal, and all closed leaves custody at zero', () => {
    // The moves the runs made, so that the generators are known to reach every part of the diagram.
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(splitArb, { minLength: 1, maxLength: ESCROWS_MAX }), fc.array(commandArb, { maxLength: COMMANDS_MAX }), (splits, commands) => {
        const run = new Run(splits);
        run.checkAll();
        for (const command of commands) {
          const before = run.escrow(command.escrow).status;
          run.step(command.escrow, command);
          const after = run.escrow(command.escrow);
          seen.add(`${before}→${after.status}`);
          if (after.status === 'in_custody' && after.amount_released > 0) seen.add('partially released');
        }
        run.closeAll();
        expect(run.state.escrows.open.size).toBe(0);
        // Every custody account at zero, and so their sum; and every currency's postings sum to zero.
        const custody = [...run.balances].filter(([key]) => key.startsWith('escrow_custody:'));
        expect(custody.filter(([, balance]) => balance !== 0)).toEqual([]);
        expect(custody.reduce((sum, [, balance]) => sum + balance, 0)).toBe(0);
        const perCurrency = new Map<string, number>();
        for (const [key, balance] of run.balances) {
          const currency = key.split(' ')[1] as string;
          perCurrency.set(currency, (perCurrency.get(currency) ?? 0) + balance);
        }
        expect([...perCurrency].filter(([, sum]) => sum !== 0)).toEqual([]);
      }),
      options,
    );
    expect([...seen]).toEqual(expect.arrayContaining([
      'awaiting_payment→in_custody', 'awaiting_payment→canceled', 'in_custody→released', 'in_custody→refunded', 'in_custody→disputed',
      'disputed→released', 'disputed→refunded', 'partially released',
    ]));
  });
});
