import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { processorFee, type ProcessorName } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import { STREAMS } from '@payrail/ledger';
import { makeTempDataDir } from '@payrail/testing';
import fc from 'fast-check';
import { dayBounds } from '../businessDay/businessDay';
import { LedgerFixture, type CapturedPayment } from '../testing/ledgerFixture';
import { Journal } from '@payrail/journal';
import { LEDGER_LOCK } from '@payrail/ledger';
import { merchantsOf, scanLedgerDay } from './scanLedgerDay';

type Position = { gross: number; fee: number; currency: string; merchant: string };

/** The obvious way: parse every line of every stream. */
async function reference(dir: string, date: string, timezone: string): Promise<Map<string, Position>> {
  const { start_ms, end_ms } = dayBounds(date, timezone);
  const onDay = (event: JournalEvent) => Date.parse(event.timestamp) >= start_ms && Date.parse(event.timestamp) < end_ms;
  const read = async (stream: string) => (await fs.readFile(path.join(dir, `${stream}.jsonl`), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as JournalEvent);
  const positions = new Map<string, Position>();
  const at = (id: string, currency: string, merchant: string) => positions.get(id) ?? positions.set(id, { gross: 0, fee: 0, currency, merchant }).get(id) as Position;
  const refunds = new Map<string, { payment: string; amount: number; currency: string }>();
  type Data = { payment_intent: string; amount: number; currency: string; amount_captured: number; processor: ProcessorName };
  for (const event of await read(STREAMS.refunds)) {
    const data = event.data as Data;
    if (event.type === 'refund.created') refunds.set(event.ref, { payment: data.payment_intent, amount: data.amount, currency: data.currency });
    if (event.type === 'refund.succeeded' && onDay(event)) {
      const refund = refunds.get(event.ref);
      if (refund !== undefined) at(refund.payment, refund.currency, event.merchant_id ?? '').gross -= refund.amount;
    }
  }
  for (const event of await read(STREAMS.payments)) {
    const data = event.data as Data;
    if (!onDay(event)) continue;
    if (event.type === 'payment_intent.captured') {
      const position = at(event.ref, event.postings?.[0]?.currency ?? '', event.merchant_id ?? '');
      position.gross += data.amount_captured;
      position.fee += processorFee(data.processor, data.amount_captured);
    }
    if (event.type === 'payment_intent.chargeback') at(event.ref, event.postings?.[0]?.currency ?? '', event.merchant_id ?? '').gross -= data.amount;
  }
  return positions;
}

const instant = fc.integer({ min: Date.parse('2026-02-08T00:00:00Z'), max: Date.parse('2026-02-10T23:59:59Z') }).map((ms) => new Date(ms).toISOString());
const payment = fc.record({
  at: instant,
  amount: fc.integer({ min: 1, max: 10_000_000 }),
  currency: fc.constantFrom('USD', 'EUR', 'JPY'),
  processor: fc.constantFrom<ProcessorName>('providerA', 'providerB'),
  merchant: fc.constantFrom('m_demo', 'm_acme', 'm_"quoted"'),
  refund: fc.option(fc.record({ at: instant, share: fc.double({ min: 0.01, max: 1, noNaN: true }) })),
  chargeback: fc.option(instant),
});

describe('scanLedgerDay', () => {
  it('finds exactly what parsing every line finds, for any ledger, day and time zone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(payment, { minLength: 1, maxLength: 25 }), fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'), async (payments, timezone) => {
        const { dir, cleanup } = makeTempDataDir('scan');
        try {
          const ledger = await LedgerFixture.open(dir);
          for (const spec of payments) {
            const captured: CapturedPayment = await ledger.capture(spec);
            if (spec.refund !== null) await ledger.refund(captured, { at: spec.refund.at, amount: Math.max(1, Math.floor(spec.amount * spec.refund.share)) });
            else if (spec.chargeback !== null) await ledger.chargeback(captured, { opened: spec.at, at: spec.chargeback });
          }
          await ledger.close();
          for (const date of ['2026-02-08', '2026-02-09', '2026-02-10']) {
            const { positions } = await scanLedgerDay(dir, dayBounds(date, timezone));
            const scanned = new Map<string, Position>();
            for (let slot = 0; slot < positions.size; slot++) {
              const { payment_id, gross, fee, currency, merchant } = positions.position(slot);
              scanned.set(payment_id, { gross, fee, currency, merchant });
            }
            expect(scanned).toEqual(await reference(dir, date, timezone));
          }
        } finally {
          cleanup();
        }
      }),
      { numRuns: 15 },
    );
  });

  it('still reads a line a tool rewrote with its keys in another order (it verifies, so it counts)', async () => {
    const { dir, cleanup } = makeTempDataDir('scan');
    try {
      const ledger = await LedgerFixture.open(dir);
      const captured = await ledger.capture({ at: '2026-02-09T10:00:00.000Z', amount: 1234 });
      await ledger.close();
      const file = path.join(dir, `${STREAMS.payments}.jsonl`);
      const lines = (await fs.readFile(file, 'utf8')).split('\n');
      lines[3] = JSON.stringify((({ type, ...rest }) => ({ type, ...rest }))(JSON.parse(lines[3] ?? '') as { type: string }));
      await fs.writeFile(file, lines.join('\n'));
      const { positions } = await scanLedgerDay(dir, dayBounds('2026-02-09', 'UTC'));
      expect(positions.position(positions.slotOf(captured.id))).toMatchObject({ gross: 1234, fee: captured.fee });
    } finally {
      cleanup();
    }
  });

  it("merchantsOf finds each payment's merchant, even when a client's metadata holds another payment's id under ref", async () => {
    const { dir, cleanup } = makeTempDataDir('merchants-of');
    try {
      const journal = await Journal.open({ dataDir: dir, streams: Object.values(STREAMS), lockName: LEDGER_LOCK, onEvent: () => {} });
      const created = (ref: string, merchant: string, metadata: Record<string, string>) => ({
        ref, merchant_id: merchant, type: 'payment_intent.created',
        data: { amount: 100, currency: 'USD', capture_method: 'automatic', payment_method: null, card: null, customer: null, metadata, description: null },
      });
      await journal.append(STREAMS.payments, [created('pi_a', 'm_a', { ref: 'pi_b', merchant_id: 'm_forged' }), created('pi_b', 'm_b', {}), created('pi_c', 'm_c', {})]);
      await journal.close();
      expect(await merchantsOf(dir, new Set(['pi_a', 'pi_b', 'pi_unknown']))).toEqual(new Map([['pi_a', 'm_a'], ['pi_b', 'm_b']]));
      expect(await merchantsOf(dir, new Set())).toEqual(new Map());
    } finally {
      cleanup();
    }
  });
});
