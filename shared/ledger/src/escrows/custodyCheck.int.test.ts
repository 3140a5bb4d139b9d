import { Journal } from '@payrail/journal';
import { makeTempDataDir } from '@payrail/testing';
import { LEDGER_LOCK, STREAMS } from '../ledgerState';
import { ledgerShards, shardOf, writeShardCount } from '../shards/ledgerShards';
import { checkEscrowCustody } from './custodyCheck';
import { fundingPostings, releasePostings } from './escrow';

const PI = 'pi_01jcy4p8zq3x5v7k9m2n4r6t8w';
const created = (ref: string) => ({
  type: 'escrow.created', ref, merchant_id: 'm_demo',
  data: { payment_intent: PI, amount: 1_000, currency: 'BRL', payees: [{ payee: 's1', role: 'seller', amount: 900 }, { payee: 'fee', role: 'platform_fee', amount: 100 }], release_at: null, refund_deadline: 2_000_000_000 },
});
const funded = (ref: string) => ({ type: 'escrow.funded', ref, merchant_id: 'm_demo', data: { payment_intent: PI, amount: 1_000 }, postings: fundingPostings({ escrow: ref, merchant: 'm_demo', amount: 1_000, currency: 'BRL' }) });

describe('checkEscrowCustody', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('custody')));
  afterEach(() => cleanup());

  async function write(events: object[]): Promise<void> {
    const journal = await Journal.open({ dataDir: dir, streams: [STREAMS.escrows], lockName: LEDGER_LOCK, onEvent: () => {} });
    await journal.append(STREAMS.escrows, events as never);
    await journal.close();
  }

  it('passes when open escrows hold what they say and closed ones are at zero', async () => {
    const releases = [{ payee: 's1', role: 'seller' as const, amount: 900 }, { payee: 'fee', role: 'platform_fee' as const, amount: 100 }];
    await write([
      created('esc_a'), funded('esc_a'),
      { type: 'escrow.released', ref: 'esc_a', merchant_id: 'm_demo', data: { releases, approver: 'ops', trigger: 'api' }, postings: releasePostings({ escrow: 'esc_a', merchant: 'm_demo', currency: 'BRL', releases }) },
      created('esc_b'), funded('esc_b'),
    ]);
    expect(checkEscrowCustody(dir)).toEqual({ ok: true, escrows: 2, open: 1, in_custody: { BRL: 1_000 }, problems: [] });
  });

  it('names an escrow closed with money left in custody (a release whose postings moved less than it says)', async () => {
    const releases = [{ payee: 's1', role: 'seller' as const, amount: 900 }, { payee: 'fee', role: 'platform_fee' as const, amount: 100 }];
    await write([
      created('esc_a'), funded('esc_a'),
      { type: 'escrow.released', ref: 'esc_a', merchant_id: 'm_demo', data: { releases, approver: 'ops', trigger: 'api' }, postings: releasePostings({ escrow: 'esc_a', merchant: 'm_demo', currency: 'BRL', releases: releases.slice(0, 1) }) },
    ]);
    const report = checkEscrowCustody(dir);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ escrow: 'esc_a', status: 'released', balance: -100, expected: 0, reason: 'closed (released) with custody not at zero' }]);
  });

  it('names a custody account paid out beyond what it held', async () => {
    const releases = [{ payee: 's1', role: 'seller' as const, amount: 900 }];
    await write([
      created('esc_a'),
      { type: 'escrow.partially_released', ref: 'esc_a', merchant_id: 'm_demo', data: { releases, approver: 'ops', trigger: 'api' }, postings: releasePostings({ escrow: 'esc_a', merchant: 'm_demo', currency: 'BRL', releases }) },
    ]);
    expect(checkEscrowCustody(dir).problems[0]?.reason).toBe('custody paid out more than it held');
  });

  it('checks every shard\'s escrows on a sharded ledger', async () => {
    writeShardCount(dir, 3);
    // m_other is in another shard than m_demo; its escrow is left overdrawn.
    expect(shardOf('m_other', 3)).not.toBe(shardOf('m_demo', 3));
    const releases = [{ payee: 's1', role: 'seller' as const, amount: 900 }];
    const other = { ...created('esc_b'), merchant_id: 'm_other' };
    const overdrawn = { type: 'escrow.partially_released', ref: 'esc_b', merchant_id: 'm_other', data: { releases, approver: 'ops', trigger: 'api' }, postings: releasePostings({ escrow: 'esc_b', merchant: 'm_other', currency: 'BRL', releases }) };
    for (const [merchant, events] of [['m_demo', [created('esc_a'), funded('esc_a')]], ['m_other', [other, overdrawn]]] as const) {
      const shard = ledgerShards(3)[shardOf(merchant, 3)];
      if (shard === undefined) throw new Error('no such shard');
      const journal = await Journal.open({ dataDir: dir, streams: [shard.streams.escrows], lockName: shard.lock, onEvent: () => {} });
      await journal.append(shard.streams.escrows, events as never);
      await journal.close();
    }
    const report = checkEscrowCustody(dir);
    expect(report).toMatchObject({ ok: false, escrows: 2, open: 2 });
    expect(report.problems).toEqual([expect.objectContaining({ escrow: 'esc_b', reason: 'custody paid out more than it held' })]);
  });

  it('is quiet on a data folder without escrows', () => {
    expect(checkEscrowCustody(dir)).toMatchObject({ ok: true, escrows: 0 });
  });
});
