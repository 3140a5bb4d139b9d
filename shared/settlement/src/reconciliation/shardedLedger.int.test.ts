import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { listStreams, verifyStream, type JournalEvent } from '@payrail/journal';
import { checkEscrowCustody, fundingPostings, ledgerFiles, ledgerShards, LedgerState, readShardCount, releasePostings, ShardedJournal, shardOf, STREAM_KINDS, streamKind, STREAMS } from '@payrail/ledger';
import { makeTempDataDir } from '@payrail/testing';
import { bankFileName } from '../bankFile/bankFile';
import { payoutsFileName, settleDay } from '../payouts/settleDay';
import { writeDirectLedger } from '../synthetic/directLedgerWriter';
import { TrafficPlan, trafficOptions } from '../synthetic/trafficPlan';
import { LedgerFixture, bankCsv, captureRow } from '../testing/ledgerFixture';
import { explainMismatches } from './explainMismatches';
import type { OpenLedger } from './outcomeLedger';
import { reconcileDay } from './reconcileDay';
import type { ReconciliationReport } from './reconciliationReport';

const DAY = '2026-02-09';
const NEXT = '2026-02-10';
const SHARDS = 3;
const OUTCOME_TYPES = new Set(['payment_intent.settled', 'payment_intent.reconciliation_flagged']);
/** The most lines a folder of this test has per stream: loops over them are bounded by it. */
const LINES_MAX = 20_000;

const plan = (): TrafficPlan => new TrafficPlan(trafficOptions({ seed: 42, start: DAY, days: 2, payments: 900, merchants: 7, refund_percent: 10 }));

interface Line {
  file: string;
  event: JournalEvent;
}

/** Every line of every ledger stream of the folder (every shard's), with its file. */
async function ledgerLines(dir: string): Promise<Line[]> {
  const lines: Line[] = [];
  for (const kind of STREAM_KINDS) {
    for (const { file } of ledgerFiles(dir, kind)) {
      const text = await fs.readFile(path.join(dir, file), 'utf8').catch(() => '');
      const events = text.split('\n').filter((line) => line !== '');
      expect(events.length).toBeLessThan(LINES_MAX);
      for (const line of events) lines.push({ file, event: JSON.parse(line) as JournalEvent });
    }
  }
  return lines;
}

/** Every ledger file's bytes, by file. */
async function ledgerBytes(dir: string): Promise<Map<string, string>> {
  const bytes = new Map<string, string>();
  for (const kind of STREAM_KINDS) for (const { file } of ledgerFiles(dir, kind)) bytes.set(file, await fs.readFile(path.join(dir, file), 'utf8'));
  return bytes;
}

/** A ledger-service-like open ledger: one state fed by every shard's journal, appending through `transact(merchant, ...)`. */
async function openLedger(dir: string): Promise<{ ledger: OpenLedger; close: () => Promise<void> }> {
  const state = new LedgerState();
  const journal = await ShardedJournal.open({ dataDir: dir, shards: readShardCount(dir), onEvent: (stream, event) => state.apply(stream, event), onReset: () => state.clear() });
  return { ledger: { state, transact: (merchant, decide) => journal.transact(merchant, decide) }, close: () => journal.close() };
}

/** What must not depend on the layout: everything but the run's id, times, file list and stats. */
const comparable = (report: ReconciliationReport): object => ({ status: report.status, ledger: report.ledger, bank: report.bank, summary: report.summary, items: report.items, items_truncated: report.items_truncated, events: report.events });

/** Escrows on two of the day's captures (different shards): funded, then released in full to seller and platform. */
async function addEscrows(dir: string, payments: ReadonlyArray<{ id: string; merchant: string; amount: number; currency: string }>): Promise<void> {
  const fixture = await LedgerFixture.open(dir);
  try {
    for (const payment of payments) {
      const escrow = `esc_${payment.id.slice(3)}`;
      const releases = [{ payee: 'seller_1', role: 'seller' as const, amount: payment.amount - 1 }, { payee: 'fee', role: 'platform_fee' as const, amount: 1 }];
      const base = { ref: escrow, merchant_id: payment.merchant };
      await fixture.append(payment.merchant, STREAMS.escrows, [
        { ...base, timestamp: `${DAY}T20:00:00.000Z`, type: 'escrow.created', data: { payment_intent: payment.id, amount: payment.amount, currency: payment.currency, payees: releases, release_at: null, refund_deadline: 2_000_000_000 } },
        { ...base, timestamp: `${DAY}T20:00:00.000Z`, type: 'escrow.funded', data: { payment_intent: payment.id, amount: payment.amount }, postings: fundingPostings({ escrow, merchant: payment.merchant, amount: payment.amount, currency: payment.currency }) },
        { ...base, timestamp: `${DAY}T21:00:00.000Z`, type: 'escrow.released', data: { releases, approver: 'ops', trigger: 'api' }, postings: releasePostings({ escrow, merchant: payment.merchant, currency: payment.currency, releases }) },
      ]);
    }
  } finally {
    await fixture.close();
  }
}

describe('a sharded ledger (LEDGER_SHARDS=3) settles, reconciles and explains a day as the unsharded one does', () => {
  let flat: { dir: string; cleanup: () => void };
  let sharded: { dir: string; cleanup: () => void };
  let bulkCopy: { dir: string; cleanup: () => void };
  /** Day-one captures of merchants of different shards the bank books again on day two: unexpected there, but ours. */
  let bookedAgain: Array<{ id: string; merchant: string }> = [];

  beforeAll(async () => {
    flat = makeTempDataDir('sharded-flat');
    sharded = makeTempDataDir('sharded-three');
    bulkCopy = makeTempDataDir('sharded-copy');
    await writeDirectLedger({ dataDir: flat.dir, plan: plan(), mismatchPercent: 5 });
    await writeDirectLedger({ dataDir: sharded.dir, plan: plan(), mismatchPercent: 5, shards: SHARDS });

    // The same events in both: pick day-one captures from the unsharded ledger, one per shard, of
    // payments nothing else happens to (no refund or dispute moves them on day two).
    const events = (await ledgerLines(flat.dir)).map(({ event }) => event);
    const touched = new Set(events.map((event) => (event.data as { payment_intent?: string }).payment_intent).filter((id) => id !== undefined));
    const captures = events
      .filter((event) => event.type === 'payment_intent.captured' && event.timestamp.startsWith(DAY) && !touched.has(event.ref))
      .map((event) => ({ id: event.ref, merchant: event.merchant_id ?? '', amount: (event.data as { amount_captured: number }).amount_captured, currency: event.postings?.[0]?.currency ?? '', event }));
    const perShard = ledgerShards(SHARDS).map((shard) => captures.find((capture) => shardOf(capture.merchant, SHARDS) === shard.index));
    expect(perShard.every((capture) => capture !== undefined)).toBe(true);
    const chosen = perShard.filter((capture): capture is NonNullable<typeof capture> => capture !== undefined);
    for (const dir of [flat.dir, sharded.dir]) await addEscrows(dir, chosen.slice(0, 2));
    bookedAgain = chosen.map(({ id, merchant }) => ({ id, merchant }));
    const rows = chosen.map(({ event }) => {
      const data = event.data as { processor: 'providerA' | 'providerB'; processor_reference: string; fee: number; amount_captured: number };
      return captureRow({ id: event.ref, merchant: event.merchant_id ?? '', amount: data.amount_captured, currency: event.postings?.[0]?.currency ?? '', processor: data.processor, reference: data.processor_reference, fee: data.fee }, NEXT);
    });
    const extra = bankCsv(rows).split('\n').slice(1).join('\n');
    for (const dir of [flat.dir, sharded.dir]) await fs.appendFile(path.join(dir, bankFileName(NEXT)), extra);
  });
  afterAll(() => {
    flat.cleanup();
    sharded.cleanup();
    bulkCopy.cleanup();
  });

  it('writes each merchant\'s events to its shard only, and the same bank statements', async () => {
    expect(readShardCount(sharded.dir)).toBe(SHARDS);
    expect(readShardCount(flat.dir)).toBe(1);
    await expect(fs.stat(path.join(sharded.dir, `${STREAMS.payments}.jsonl`))).rejects.toMatchObject({ code: 'ENOENT' });
    const lines = await ledgerLines(sharded.dir);
    const layout = ledgerShards(SHARDS);
    for (const { file, event } of lines) {
      const kind = streamKind(file.replace(/\.jsonl$/, '')) ?? 'payments';
      expect({ file, ref: event.ref }).toEqual({ file: `${layout[shardOf(event.merchant_id ?? '', SHARDS)]?.streams[kind]}.jsonl`, ref: event.ref });
    }
    for (const shard of layout) {
      expect({ shard: shard.index, created: lines.some(({ file, event }) => file === `${shard.streams.payments}.jsonl` && event.type === 'payment_intent.created') }).toEqual({ shard: shard.index, created: true });
    }
    // The generator's events, by id, the same in both layouts (the escrows are the test's own).
    const ids = (all: Line[]): string[] => all.filter(({ event }) => !event.type.startsWith('escrow.')).map(({ event }) => `${event.event_id} ${event.type} ${event.ref}`).sort();
    expect(ids(lines)).toEqual(ids(await ledgerLines(flat.dir)));
    for (const date of [DAY, NEXT]) expect(await fs.readFile(path.join(sharded.dir, bankFileName(date)), 'utf8')).toBe(await fs.readFile(path.join(flat.dir, bankFileName(date)), 'utf8'));
  });

  it('settles both days into the same payouts files, escrow holds and releases included, and finds the same custody', async () => {
    for (const date of [DAY, NEXT]) {
      const one = await settleDay({ dataDir: flat.dir, date, timezone: 'UTC' });
      const three = await settleDay({ dataDir: sharded.dir, date, timezone: 'UTC' });
      expect({ ...three, stats: null }).toEqual({ ...one, stats: null });
      const csv = await fs.readFile(path.join(sharded.dir, payoutsFileName(date)), 'utf8');
      expect(csv).toBe(await fs.readFile(path.join(flat.dir, payoutsFileName(date)), 'utf8'));
      if (date === DAY) expect(csv).toMatch(/,seller_1,seller\n/);
    }
    const custody = checkEscrowCustody(sharded.dir);
    expect(custody).toEqual(checkEscrowCustody(flat.dir));
    expect(custody).toMatchObject({ ok: true, escrows: 2, open: 0 });
  });

  it('reconciles to the same report, records each outcome on its merchant\'s shard, verifies, and records nothing on a re-run', async () => {
    // Day one on the CLI's bulk path, day two through an open ledger (ledger-service's path).
    const oneDay = await reconcileDay({ dataDir: flat.dir, date: DAY, timezone: 'UTC' });
    const threeDay = await reconcileDay({ dataDir: sharded.dir, date: DAY, timezone: 'UTC' });
    expect(comparable(threeDay)).toEqual(comparable(oneDay));
    expect(threeDay.status).toBe('unbalanced');
    expect(threeDay.files.ledger).toEqual((['payments', 'refunds', 'disputes'] as const).flatMap((kind) => ledgerShards(SHARDS).map((shard) => `${shard.streams[kind]}.jsonl`)));
    expect((threeDay.events?.settled ?? 0) + (threeDay.events?.flagged ?? 0)).toBeGreaterThan(0);

    const reconcileOpen = async (dir: string): Promise<ReconciliationReport> => {
      const { ledger, close } = await openLedger(dir);
      try {
        return await reconcileDay({ dataDir: dir, date: NEXT, timezone: 'UTC', ledger });
      } finally {
        await close();
      }
    };
    // Day two on the bulk path too, in a copy: the bank's payments the day has no position of are looked up there.
    await fs.cp(sharded.dir, bulkCopy.dir, { recursive: true });
    const threeNextBulk = await reconcileDay({ dataDir: bulkCopy.dir, date: NEXT, timezone: 'UTC' });
    const oneNext = await reconcileOpen(flat.dir);
    const threeNext = await reconcileOpen(sharded.dir);
    expect(comparable(threeNext)).toEqual(comparable(oneNext));
    expect(comparable(threeNextBulk)).toEqual(comparable(oneNext));
    const unexpected = threeNext.items.filter((item) => item.status === 'unexpected_at_bank').map((item) => item.payment_id);
    expect(unexpected).toEqual(expect.arrayContaining(bookedAgain.map(({ id }) => id)));

    // Every outcome is on the payments stream of its merchant's shard, beside its payment's creation.
    const layout = ledgerShards(SHARDS);
    const recorded = (report: ReconciliationReport): number => (report.events?.settled ?? 0) + (report.events?.flagged ?? 0);
    for (const dir of [sharded.dir, bulkCopy.dir]) {
      const lines = await ledgerLines(dir);
      const createdIn = new Map(lines.filter(({ event }) => event.type === 'payment_intent.created').map(({ file, event }) => [event.ref, file]));
      const outcomes = lines.filter(({ event }) => OUTCOME_TYPES.has(event.type));
      for (const { file, event } of outcomes) {
        const home = `${layout[shardOf(event.merchant_id ?? '', SHARDS)]?.streams.payments}.jsonl`;
        expect({ ref: event.ref, file, created: createdIn.get(event.ref) }).toEqual({ ref: event.ref, file: home, created: home });
      }
      expect(outcomes.length).toBe(recorded(threeDay) + recorded(threeNext));
      expect(new Set(outcomes.map(({ file }) => file)).size).toBe(SHARDS);
      for (const { id, merchant } of bookedAgain) {
        const flagged = outcomes.find(({ event }) => event.ref === id && (event.data as { status?: string }).status === 'unexpected_at_bank');
        expect({ id, file: flagged?.file }).toEqual({ id, file: `${layout[shardOf(merchant, SHARDS)]?.streams.payments}.jsonl` });
      }
    }

    // Each shard's streams chain, with their own seqs and lock epochs.
    for (const dir of [flat.dir, sharded.dir, bulkCopy.dir]) {
      const streams = (await listStreams(dir)).filter((stream) => stream.startsWith('ledger/'));
      expect(streams.length).toBe(dir === flat.dir ? STREAM_KINDS.length : SHARDS * STREAM_KINDS.length);
      for (const stream of streams) {
        const report = await verifyStream(path.join(dir, `${stream}.jsonl`), stream);
        expect({ stream, ok: report.ok, problem: report.problem }).toEqual({ stream, ok: true, problem: undefined });
      }
    }

    // Again, on both paths: nothing new.
    const before = await ledgerBytes(sharded.dir);
    const again = await reconcileDay({ dataDir: sharded.dir, date: DAY, timezone: 'UTC' });
    expect(again.events).toEqual({ settled: 0, flagged: 0, unchanged: recorded(threeDay) });
    const againNext = await reconcileOpen(sharded.dir);
    expect(againNext.events).toEqual({ settled: 0, flagged: 0, unchanged: recorded(threeNext) });
    const againNextBulk = await reconcileDay({ dataDir: sharded.dir, date: NEXT, timezone: 'UTC' });
    expect(againNextBulk.events).toEqual({ settled: 0, flagged: 0, unchanged: recorded(threeNext) });
    expect(await ledgerBytes(sharded.dir)).toEqual(before);
  });

  it('explains the day\'s mismatches as on the unsharded ledger, citing the shard files\' lines', async () => {
    await reconcileDay({ dataDir: flat.dir, date: DAY, timezone: 'UTC', dryRun: true });
    await reconcileDay({ dataDir: sharded.dir, date: DAY, timezone: 'UTC', dryRun: true });
    const one = await explainMismatches({ dataDir: flat.dir, date: DAY });
    const three = await explainMismatches({ dataDir: sharded.dir, date: DAY });
    const causes = (result: typeof one): string[] => result.items.map((item) => `${item.payment_id} ${item.status} ${item.cause}`);
    expect(causes(three)).toEqual(causes(one));
    expect(three.by_cause).toEqual(one.by_cause);
    expect(three.items.length).toBeGreaterThan(0);
    const shardFile = /^ledger\/shards\/\d\/(payments|refunds)\.jsonl$/;
    let cited = 0;
    for (const item of three.items) {
      for (const citation of item.evidence) {
        if (!('seq' in citation)) continue;
        expect(citation.file).toMatch(shardFile);
        const line = (await fs.readFile(path.join(sharded.dir, citation.file), 'utf8')).split('\n')[citation.seq - 1] ?? 'null';
        expect((JSON.parse(line) as JournalEvent).event_id).toBe(citation.event_id);
        cited += 1;
      }
    }
    expect(cited).toBeGreaterThan(0);
  });
});
