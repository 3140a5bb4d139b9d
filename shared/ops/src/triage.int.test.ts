import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { newId } from '@payrail/core';
import { Journal, type EventDraft } from '@payrail/journal';
import { ledgerShards, shardOf, writeShardCount } from '@payrail/ledger';
import { makeTempDataDir } from '@payrail/testing';
import { triage } from './triage';
import { parseSince, triageText } from './triageText';

const CARD = { brand: 'visa', bin: '424242', last4: '4242', exp_month: 12, exp_year: 2030, country: 'US' };

/** Writes journal lines for a test through a real journal (schemas and hash chain as the services write them). */
async function write(dataDir: string, stream: string, drafts: EventDraft[]): Promise<void> {
  const journal = await Journal.open({ dataDir, streams: [stream], lockName: path.join(path.dirname(stream), '.fixture'), onEvent: () => {} });
  try {
    for (let at = 0; at < drafts.length; at += 60) await journal.append(stream, drafts.slice(at, at + 60));
  } finally {
    await journal.close();
  }
}

/** A payment: created, sent to `processor`, then the outcome's line. */
function payment(merchant: string, amount: number, processor: string, outcome: { decline_code: string } | 'authorized', fingerprint = `fp_${newId('evt').slice(4)}`): EventDraft[] {
  const ref = newId('pi');
  const base = { ref, merchant_id: merchant };
  const requested: EventDraft = { ...base, type: 'payment_intent.authorization_requested', data: { processor, routing_reason: 'fixture', attempt: 1, card: { ...CARD, fingerprint } } };
  const result: EventDraft = outcome === 'authorized'
    ? { ...base, type: 'payment_intent.authorized', data: { processor, processor_reference: `ch_${ref.slice(3, 15)}`, amount_capturable: amount } }
    : { ...base, type: 'payment_intent.declined', data: { decline_code: outcome.decline_code, message: `fixture ${outcome.decline_code}`, processor: outcome.decline_code === 'fraudulent' ? null : processor, processor_reference: null } };
  return [{ ...base, type: 'payment_intent.created', data: { amount, currency: 'USD', capture_method: 'automatic' } }, requested, result];
}

function attempt(endpoint: { id: string; url: string }, status: number | null, outcome: string): EventDraft {
  const eventId = newId('evt');
  return {
    type: 'outbox.delivery_attempted',
    ref: newId('del'),
    merchant_id: 'm_shop',
    data: {
      delivery_id: newId('del'), event_id: eventId, event_type: 'payment_intent.captured', endpoint: { ...endpoint, secret_ids: ['sec_1'] }, attempt: 1,
      attempted_at: new Date().toISOString(), ...(status === null ? { error: 'connect ECONNREFUSED' } : { status }), latency_ms: 3, outcome, webhook_lag_ms: 40,
      headers: { 'webhook-id': eventId, 'webhook-timestamp': '1796212800', 'webhook-signature': 'v1,abc', 'webhook-attempt': '1' },
    },
  };
}

const lineAt = (dataDir: string, file: string, seq: number): { seq: number; event_id: string; type: string } =>
  JSON.parse(readFileSync(path.join(dataDir, file), 'utf8').split('\n')[seq - 1] as string) as { seq: number; event_id: string; type: string };

/** The fixture ledger unsharded, and in 4 shards (where m_shop's and m_books's payments are in different ones). */
describe.each([1, 4])('payrail triage on fixture ledgers with known causes (%i shards)', (shards) => {
  let dir: string;
  let cleanup: () => void;
  /** The payments files as a citation names them (a pattern). */
  const paymentsFile = shards === 1 ? 'ledger/payments\\.jsonl' : 'ledger/shards/\\d/payments\\.jsonl';
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('triage'));
    const drafts: EventDraft[] = [];
    // providerB does not answer: four processing_error declines (the first attempt gave up; nothing charged).
    for (let i = 0; i < 4; i++) drafts.push(...payment('m_shop', 1_000 + i, 'providerB', { decline_code: 'processing_error' }));
    // providerA declines 6 of its 12 (4 insufficient_funds here, 2 expired_card below); providerB approves all 10 it answers.
    for (let i = 0; i < 4; i++) drafts.push(...payment(i % 2 === 0 ? 'm_shop' : 'm_books', 2_000, 'providerA', { decline_code: 'insufficient_funds' }));
    for (let i = 0; i < 6; i++) drafts.push(...payment('m_shop', 3_000, 'providerA', 'authorized'));
    for (let i = 0; i < 10; i++) drafts.push(...payment('m_books', 3_000, 'providerB', 'authorized'));
    // One card tried five times past the velocity rule.
    for (let i = 0; i < 5; i++) drafts.push(...payment('m_shop', 100, 'providerA', { decline_code: 'fraudulent' }, 'fp_card_testing_01'));
    // Two declines of another kind: too few for an incident.
    for (let i = 0; i < 2; i++) drafts.push(...payment('m_shop', 500, 'providerA', { decline_code: 'expired_card' }));
    if (shards === 1) await write(dir, 'ledger/payments', drafts);
    else {
      writeShardCount(dir, shards);
      for (const shard of ledgerShards(shards)) await write(dir, shard.streams.payments, drafts.filter((draft) => shardOf(draft.merchant_id ?? '', shards) === shard.index));
    }
    await write(dir, 'metrics/service_metrics', [
      { type: 'metrics.sampled', ref: 'api-gateway', data: { service: 'api-gateway', interval_ms: 10_000, requests: 5, error_rate: 0, retries: 0, latency_ms: {}, breakers: { providerA: 'closed', providerB: 'closed' } } },
      { type: 'metrics.sampled', ref: 'api-gateway', data: { service: 'api-gateway', interval_ms: 10_000, requests: 9, error_rate: 0, retries: 3, latency_ms: {}, breakers: { providerA: 'closed', providerB: 'open' } } },
      { type: 'metrics.sampled', ref: 'api-gateway', data: { service: 'api-gateway', interval_ms: 10_000, requests: 9, error_rate: 0, retries: 0, latency_ms: {}, breakers: { providerA: 'closed', providerB: 'open' } } },
    ]);
    const failing = { id: newId('we'), url: 'https://shop.example/webhooks' };
    const fine = { id: newId('we'), url: 'https://books.example/hooks' };
    await write(dir, 'outbox/deliveries', [attempt(failing, 500, 'failed'), attempt(fine, 200, 'delivered'), attempt(failing, 500, 'failed'), attempt(failing, 500, 'dead_lettered'), attempt(fine, null, 'failed')]);
    mkdirSync(path.join(dir, 'quarantine'), { recursive: true });
    writeFileSync(path.join(dir, 'quarantine', 'ledger_payments.2026-12-07T10-00-00-000Z.48213.json'), JSON.stringify({ stream: 'ledger/payments', offset: 48_213, length: 97, reason: 'torn final line: no newline (a writer died mid-write)', quarantined_at: new Date().toISOString() }));
  });
  afterAll(() => cleanup());

  it('names each known cause, with its blast radius, and cites lines that are what it says', async () => {
    const report = await triage({ dataDir: dir, since_ms: Date.now() - 3_600_000 });
    const kinds = report.incidents.map((incident) => [incident.kind, incident.title]);
    expect(kinds).toEqual([
      ['processor_unavailable', 'providerB is not answering'],
      ['journal', '1 torn journal line moved to quarantine'],
      ['card_testing', '5 payments refused by the velocity rule on card ····4242'],
      ['declines', '4 insufficient_funds declines at providerA'],
      ['webhook_failures', '3 failed webhook attempts to https://shop.example/webhooks (500)'],
    ]);
    const [down, journal, testing, declines, webhooks] = report.incidents;
    expect(down?.probable_cause).toBe("providerB did not answer 4 authorizations (outage or timeouts); its breaker opened 1 time: the processor, not the cards.");
    expect(down?.blast_radius).toEqual({ payments: 4, merchants: ['m_shop'], amount: { USD: 1_000 + 1_001 + 1_002 + 1_003 } });
    expect(declines?.probable_cause).toBe('providerA declines 50 % of its authorizations against 0 % elsewhere: its risk rules or its issuers\' answers, not the customers.');
    expect(declines?.blast_radius).toEqual({ payments: 4, merchants: ['m_books', 'm_shop'], amount: { USD: 8_000 } });
    expect(testing?.probable_cause).toContain('fp_card_tes');
    expect(webhooks?.probable_cause).toContain('HTTP 500');
    expect(webhooks?.blast_radius).toMatchObject({ events: 3, merchants: ['m_shop'] });
    expect(journal?.evidence).toEqual([{ file: 'quarantine/ledger_payments.2026-12-07T10-00-00-000Z.48213.json', note: 'ledger/payments: torn final line: no newline (a writer died mid-write)' }]);

    // Every cited journal line is, at that seq, the event the citation names, of the kind it says.
    const expected: Record<string, (type: string) => boolean> = {
      processor_unavailable: (type) => type === 'payment_intent.declined' || type === 'metrics.sampled',
      card_testing: (type) => type === 'payment_intent.declined',
      declines: (type) => type === 'payment_intent.declined',
      webhook_failures: (type) => type === 'outbox.delivery_attempted',
    };
    for (const incident of report.incidents) {
      for (const citation of incident.evidence) {
        if (citation.seq === undefined) continue;
        if (citation.file !== 'metrics/service_metrics.jsonl' && citation.file !== 'outbox/deliveries.jsonl') expect(citation.file).toMatch(new RegExp(`^${paymentsFile}$`));
        const line = lineAt(dir, citation.file, citation.seq);
        expect({ kind: incident.kind, event_id: line.event_id, ok: expected[incident.kind]?.(line.type) }).toEqual({ kind: incident.kind, event_id: citation.event_id, ok: true });
      }
    }
    const opening = down?.evidence.find((citation) => citation.file === 'metrics/service_metrics.jsonl');
    expect(opening).toMatchObject({ seq: 2, note: "providerB's breaker open (was closed) in the gateway's sample" });
  });

  it('prints a table and each incident for a terminal; an empty window says so', async () => {
    const report = await triage({ dataDir: dir, since_ms: Date.now() - 3_600_000 });
    const text = triageText(report);
    expect(text).toContain('1. providerB is not answering  [page,');
    expect(text).toMatch(new RegExp(`${paymentsFile}:\\d+ evt_[0-9a-z]{26} {2}declined processing_error at providerB`));
    expect(triageText(await triage({ dataDir: dir, since_ms: Date.now() + 60_000, now_ms: Date.now() + 120_000 }))).toContain('nothing failed often enough to be an incident');
  });
});

describe('parseSince', () => {
  it('reads --since as a duration or an ISO time', () => {
    expect(parseSince('90m', 10_000_000)).toBe(10_000_000 - 5_400_000);
    expect(parseSince('2d', 200_000_000)).toBe(200_000_000 - 172_800_000);
    expect(parseSince('2026-12-07T10:00:00Z')).toBe(Date.parse('2026-12-07T10:00:00Z'));
    expect(parseSince('yesterday')).toBeNull();
  });
});
