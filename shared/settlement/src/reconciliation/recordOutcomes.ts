import { canonicalJson, newId } from '@payrail/core';
import { COMMAND_EVENTS_MAX, bulkAppend, type BulkEvent, type EventDraft, type JournalEvent, type StreamHead } from '@payrail/journal';
import { ledgerShards, merchantShards, readShardCount, STREAMS, type LedgerShard } from '@payrail/ledger';
import type { ProgressListener } from '../progress/progressBar';
import type { OutcomeLedger } from './outcomeLedger';
import { recordedOutcomeOf } from '../ledgerDay/scanLedgerDay';
import type { BankSide, LedgerSide, RecordedEvents, ReconciliationStatus } from './reconciliationReport';

/** Commands queued in the journal at once: with COMMAND_EVENTS_MAX events each, one group commit of up to 32,768 events. */
const COMMANDS_IN_FLIGHT_MAX = 512;

/** One payment's result for the day, as the ledger will record it. */
export interface Outcome {
  payment_id: string;
  status: ReconciliationStatus;
  /** Null for a payment the bank listed without a ledger position that day: looked up, and skipped if unknown. */
  merchant: string | null;
  ledger: LedgerSide | null;
  bank: BankSide | null;
}

type Data = Record<string, unknown>;

export function draftOf(outcome: Outcome, merchant: string, date: string, correlationId: string): EventDraft {
  const base = { ref: outcome.payment_id, correlation_id: correlationId, ...(merchant === '' ? {} : { merchant_id: merchant }) };
  if (outcome.status === 'matched' && outcome.bank !== null) {
    const data: Data = { settlement_date: date, fee: outcome.bank.fee, net: outcome.bank.net };
    if (outcome.bank.processor_reference !== '') data['bank_reference'] = outcome.bank.processor_reference;
    return { ...base, type: 'payment_intent.settled', data };
  }
  const data: Data = { status: outcome.status, date };
  if (outcome.ledger !== null) data['ledger'] = outcome.ledger;
  if (outcome.bank !== null) data['bank'] = outcome.bank;
  return { ...base, type: 'payment_intent.reconciliation_flagged', data };
}

/**
 * Appends each payment's outcome for `date` to the ledger: `payment_intent.settled` when it matched
 * the bank, `payment_intent.reconciliation_flagged` with the status and both sides otherwise. A
 * payment whose latest outcome for that day is already the same is skipped, checked inside the
 * transaction against the caught-up ledger: running a day again appends nothing, and a corrected
 * bank file records the new outcome once. Commands of COMMAND_EVENTS_MAX events are queued many at
 * a time, so one lock and one fsync serve thousands of events. Each command holds outcomes of one
 * shard only (the merchant's: `payment_intent.created` names it, as for an outcome the bank lists
 * without a position that day), and runs under that shard's lock.
 */
export async function recordOutcomes(options: {
  ledger: OutcomeLedger;
  date: string;
  outcomes: Iterable<Outcome>;
  total: number;
  correlationId: string;
  onProgress?: ProgressListener;
}): Promise<RecordedEvents> {
  const { ledger, date, correlationId, onProgress } = options;
  const totals: RecordedEvents = { settled: 0, flagged: 0, unchanged: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let done = 0;
  /** The command being filled per shard: each outcome with the merchant it is recorded for. */
  const batches = new Map<number, Array<{ outcome: Outcome; merchant: string }>>();

  const flush = (commands: ReadonlyArray<{ outcome: Outcome; merchant: string }>): void => {
    const shardMerchant = commands[0]?.merchant ?? '';
    const committed = ledger
      .transact(shardMerchant, (tx) => {
        const counts: RecordedEvents = { settled: 0, flagged: 0, unchanged: 0 };
        for (const { outcome, merchant } of commands) {
          if (ledger.recordedOutcome(outcome.payment_id) === outcome.status) {
            counts.unchanged += 1;
            continue;
          }
          tx.append(STREAMS.payments, draftOf(outcome, merchant, date, correlationId));
          if (outcome.status === 'matched') counts.settled += 1;
          else counts.flagged += 1;
        }
        return counts;
      })
      .then(
        (counts) => {
          totals.settled += counts.settled;
          totals.flagged += counts.flagged;
          totals.unchanged += counts.unchanged;
          done += commands.length;
          onProgress?.({ phase: 'record', rows: done, fraction: options.total === 0 ? 1 : Math.min(done / options.total, 1) });
        },
        (error: unknown) => {
          failure ??= error;
        },
      )
      .finally(() => inFlight.delete(committed));
    inFlight.add(committed);
  };

  for (const outcome of options.outcomes) {
    if (failure !== null) break;
    // A payment the bank lists without a position that day has the merchant its payment_intent.created
    // names (the ledger's state, as before): its shard is that merchant's, where all its lines are.
    const merchant = outcome.merchant ?? ledger.merchantOf(outcome.payment_id);
    if (merchant === null) {
      done += 1; // the bank's payment id is not one of ours: the report lists it
      continue;
    }
    const shard = ledger.shardOf(merchant);
    let batch = batches.get(shard);
    if (batch === undefined) {
      batch = [];
      batches.set(shard, batch);
    }
    batch.push({ outcome, merchant });
    if (batch.length < COMMAND_EVENTS_MAX) continue;
    batches.delete(shard);
    flush(batch);
    while (inFlight.size >= COMMANDS_IN_FLIGHT_MAX) await Promise.race(inFlight);
  }
  if (failure === null) for (const shard of [...batches.keys()].sort((a, b) => a - b)) flush(batches.get(shard) ?? []);
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  return totals;
}

/** A string as canonical JSON writes it: as-is between quotes unless it needs escaping. */
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;
const quoted = (text: string): string => (NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`);

/**
 * The canonical JSON (without `hash`) of the outcome event `draftOf` makes, written from a template
 * with its keys in canonical order: what `sealEvent` would write for the same draft, at a fraction of
 * the cost (a unit test holds the two equal). Flagged outcomes, a few in a hundred, take the generic
 * encoder for their two sides.
 */
export function outcomeBody(outcome: Outcome, merchant: string, date: string, envelope: { correlation_id: string; event_id: string; timestamp: string }, seq: number, prevHash: string, epoch = 0): string {
  const head = `{"correlation_id":${quoted(envelope.correlation_id)},"data":`;
  const tail = `${epoch > 0 ? `,"epoch":${epoch}` : ''},"event_id":"${envelope.event_id}",${merchant === '' ? '' : `"merchant_id":${quoted(merchant)},`}"prev_hash":"${prevHash}","ref":${quoted(outcome.payment_id)},"seq":${seq},"timestamp":"${envelope.timestamp}","type":`;
  if (outcome.status === 'matched' && outcome.bank !== null) {
    const reference = outcome.bank.processor_reference === '' ? '' : `"bank_reference":${quoted(outcome.bank.processor_reference)},`;
    return `${head}{${reference}"fee":${outcome.bank.fee},"net":${outcome.bank.net},"settlement_date":"${date}"}${tail}"payment_intent.settled"}`;
  }
  const bank = outcome.bank === null ? '' : `"bank":${canonicalJson(outcome.bank)},`;
  const ledger = outcome.ledger === null ? '' : `,"ledger":${canonicalJson(outcome.ledger)}`;
  return `${head}{${bank}"date":"${date}"${ledger},"status":${quoted(outcome.status)}}${tail}"payment_intent.reconciliation_flagged"}`;
}

/**
 * recordOutcomes for a process without an open ledger (the CLI), on the journal's bulk path: the
 * outcomes are encoded in a tight loop and appended in large group commits (one lock, one write and
 * one fdatasync per batch of thousands). `start` is where the caller's scan stopped, with the outcomes
 * of `date` and the merchants of the bank's unknown payments it found; what other writers appended
 * since is read under the lock before each batch, so an outcome already recorded is never recorded
 * twice. What it holds follows the day, not the ledger.
 *
 * On a sharded ledger, each shard in turn: one bulk append on its payments stream under its lock,
 * from `outcomes(inShard)`, which gives the outcomes of that shard's merchants and those whose
 * merchant is not known yet (merchant null). Such an outcome (a payment the bank lists without a
 * position that day) goes, as recordOutcomes does it, to the shard of the merchant its
 * `payment_intent.created` names (looked up in every shard's payments: where all its lines are);
 * one found nowhere is not recorded.
 */
export async function recordOutcomesInBulk(options: {
  dataDir: string;
  date: string;
  /** Called once per shard: every outcome, or with `inShard` those of merchants it accepts and those whose merchant is null. */
  outcomes: (inShard?: (merchant: string) => boolean) => Iterable<Outcome>;
  total: number;
  correlationId: string;
  start: { heads: Readonly<Record<string, StreamHead>>; outcomes: Map<string, string>; merchants: Map<string, string>; lookups: ReadonlySet<string> };
  onProgress?: ProgressListener;
}): Promise<RecordedEvents> {
  const { date, correlationId, onProgress, start } = options;
  const { outcomes: recorded, merchants } = start;
  const shards = ledgerShards(readShardCount(options.dataDir));
  const shardOf = merchantShards(shards.length);
  const totals: RecordedEvents = { settled: 0, flagged: 0, unchanged: 0 };
  let done = 0;
  let lastMs = 0;
  let timestamp = '';
  function* events(shard: LedgerShard, last: boolean): Generator<BulkEvent> {
    const outcomes = shards.length === 1 ? options.outcomes() : options.outcomes((merchant) => shardOf(merchant) === shard.index);
    for (const outcome of outcomes) {
      const merchant = outcome.merchant ?? merchants.get(outcome.payment_id) ?? null;
      if (merchant === null) {
        if (last) done += 1;
        continue; // the bank's payment id is not one of ours: the report lists it
      }
      if (outcome.merchant === null && shardOf(merchant) !== shard.index) continue;
      done += 1;
      if (recorded.get(outcome.payment_id) === outcome.status) {
        totals.unchanged += 1;
        continue;
      }
      if (outcome.status === 'matched') totals.settled += 1;
      else totals.flagged += 1;
      const now = Date.now();
      if (now !== lastMs) {
        lastMs = now;
        timestamp = new Date(now).toISOString();
      }
      const envelope = { correlation_id: correlationId, event_id: newId('evt'), timestamp };
      yield { stream: shard.streams.payments, encode: (seq, prevHash, epoch) => outcomeBody(outcome, merchant, date, envelope, seq, prevHash, epoch) };
    }
  }
  const onEvent = (payments: string) => (stream: string, event: JournalEvent): void => {
    if (stream !== payments) return;
    if (event.type === 'payment_intent.created') {
      if (start.lookups.has(event.ref)) merchants.set(event.ref, event.merchant_id ?? '');
      return;
    }
    const outcome = recordedOutcomeOf(event, date);
    if (outcome !== null) recorded.set(event.ref, outcome);
  };
  for (const shard of shards) {
    await bulkAppend({
      dataDir: options.dataDir,
      streams: [shard.streams.payments, shard.streams.refunds, shard.streams.disputes],
      lockName: shard.lock,
      startAt: start.heads,
      source: events(shard, shard.index === shards.length - 1),
      onEvent: onEvent(shard.streams.payments),
      onBatch: () => onProgress?.({ phase: 'record', rows: done, fraction: options.total === 0 ? 1 : Math.min(done / options.total, 1) }),
    });
  }
  onProgress?.({ phase: 'record', rows: done, fraction: 1 });
  return totals;
}
