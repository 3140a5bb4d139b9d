import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, newId } from '@payrail/core';
import { makeTempDataDir } from '@payrail/testing';
import { bulkAppend, type BulkEvent } from './bulkAppend';
import { Journal } from './journal';
import { JournalLock } from './lock';
import type { JournalEvent } from './types';
import { verifyStream } from './verify';

const STREAM = 'ledger/probes';
const LOCK = 'ledger/.lock';
const file = (dir: string): string => path.join(dir, `${STREAM}.jsonl`);

/** Probe events numbered from `from`, encoded as the journal would write them. */
function* probes(from: number, count: number, stream = STREAM): Generator<BulkEvent> {
  for (let n = from; n < from + count; n++) {
    const event_id = newId('evt');
    yield { stream, encode: (seq, prev_hash) => canonicalJson({ data: { n }, event_id, prev_hash, ref: `p-${n}`, seq, timestamp: '2026-02-09T12:00:00.000Z', type: 'journal.probe' }) };
  }
}

const lines = async (dir: string): Promise<JournalEvent[]> => (await fs.readFile(file(dir), 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as JournalEvent);

describe('bulkAppend', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('bulk-append')));
  afterEach(() => cleanup());

  it('appends many batches that chain onto what the journal wrote, and the journal goes on after them', async () => {
    const journal = await Journal.open({ dataDir: dir, streams: [STREAM], lockName: LOCK, onEvent: () => {} });
    await journal.append(STREAM, [{ type: 'journal.probe', ref: 'p-0', data: { n: 0 } }]);
    await journal.close();

    const batches: number[] = [];
    const result = await bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: probes(1, 2_500), batch_events_max: 1_000, onBatch: (events) => batches.push(events) });
    expect(result).toMatchObject({ events: { [STREAM]: 2_500 }, batches: 3 });
    expect(batches).toEqual([1_000, 1_000, 500]);
    expect(result.heads[STREAM]).toMatchObject({ seq: 2_501, offset: (await fs.stat(file(dir))).size });

    const seen: JournalEvent[] = [];
    const again = await Journal.open({ dataDir: dir, streams: [STREAM], lockName: LOCK, onEvent: (_s, e) => seen.push(e) });
    await again.append(STREAM, [{ type: 'journal.probe', ref: 'p-after', data: { n: 2_501 } }]);
    await again.close();
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 2_502 }, (_, i) => i + 1));
    expect(await verifyStream(file(dir))).toMatchObject({ ok: true, lines: 2_502 });
  });

  it('starts at a head the caller read to and catches up on what others appended since, before writing', async () => {
    const journal = await Journal.open({ dataDir: dir, streams: [STREAM], lockName: LOCK, onEvent: () => {} });
    await journal.append(STREAM, [{ type: 'journal.probe', ref: 'p-a', data: { n: 1 } }]);
    const head = journal.heads();
    await journal.append(STREAM, [{ type: 'journal.probe', ref: 'p-b', data: { n: 2 } }]);
    await journal.close();

    const others: string[] = [];
    await bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, startAt: head, source: probes(3, 10), onEvent: (_s, e) => others.push(e.ref) });
    expect(others).toEqual(['p-b']);
    expect((await lines(dir)).map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await verifyStream(file(dir))).toMatchObject({ ok: true, lines: 12 });
  });

  it('moves a torn tail (a writer that died mid-write) to quarantine, then appends after the last whole line', async () => {
    await bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: probes(1, 5) });
    await fs.appendFile(file(dir), '{"data":{"n":6},"event_id":"evt_torn');
    await bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: probes(6, 5) });
    expect((await lines(dir)).map((e) => e.ref)).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6', 'p-7', 'p-8', 'p-9', 'p-10']);
    expect(await verifyStream(file(dir))).toMatchObject({ ok: true, lines: 10 });
    const quarantined = await fs.readdir(path.join(dir, 'quarantine'));
    const bad = quarantined.find((name) => name.endsWith('.bad'));
    expect(await fs.readFile(path.join(dir, 'quarantine', bad ?? ''), 'utf8')).toBe('{"data":{"n":6},"event_id":"evt_torn');
  });

  it('waits for the lock another writer holds, and writes nothing until it is released', async () => {
    await bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: probes(1, 1) });
    const other = new JournalLock(path.join(dir, LOCK));
    await other.acquire();
    const sizeBefore = (await fs.stat(file(dir))).size;
    let done = false;
    const running = bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: probes(2, 100) }).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(done).toBe(false);
    expect((await fs.stat(file(dir))).size).toBe(sizeBefore);
    other.releaseQuietly();
    await running;
    expect(await verifyStream(file(dir))).toMatchObject({ ok: true, lines: 101 });
  });

  it('refuses a batch whose encoder writes a line a reader would reject, and writes nothing of it', async () => {
    await bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: probes(1, 3) });
    const sizeBefore = (await fs.stat(file(dir))).size;
    const notCanonical: BulkEvent = { stream: STREAM, encode: (seq, prev_hash) => JSON.stringify({ type: 'journal.probe', ref: 'p-x', data: { n: 1 }, event_id: newId('evt'), prev_hash, seq, timestamp: '2026-02-09T12:00:00.000Z' }) };
    await expect(bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: [notCanonical][Symbol.iterator]() })).rejects.toThrow(/not canonical JSON/);
    const wrongSchema: BulkEvent = { stream: STREAM, encode: (seq, prev_hash) => canonicalJson({ data: { n: 1 }, event_id: newId('evt'), prev_hash, ref: 'p-y', seq, timestamp: 'yesterday', type: 'journal.probe' }) };
    await expect(bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: [wrongSchema][Symbol.iterator]() })).rejects.toThrow(/invalid ledger\/probes line at seq 4: schema/);
    expect((await fs.stat(file(dir))).size).toBe(sizeBefore);
    expect(await verifyStream(file(dir))).toMatchObject({ ok: true, lines: 3 });
  });

  it('an append that fails after some batches keeps those batches whole (each made durable while the next was sealed) and writes nothing of the rest', async () => {
    function* failing(): Generator<BulkEvent> {
      for (const event of probes(1, 2_500)) yield event;
      throw new Error('the source failed');
    }
    const batches: number[] = [];
    await expect(bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: failing(), batch_events_max: 1_000, onBatch: (events) => batches.push(events) })).rejects.toThrow('the source failed');
    // Two batches were written; the second was still being synced when the third failed, and is whole.
    expect(batches).toEqual([1_000]);
    expect(await verifyStream(file(dir))).toMatchObject({ ok: true, lines: 2_000 });
    const after = await bulkAppend({ dataDir: dir, streams: [STREAM], lockName: LOCK, source: probes(2_001, 10) });
    expect(after.heads[STREAM]?.seq).toBe(2_010);
    expect(await verifyStream(file(dir))).toMatchObject({ ok: true, lines: 2_010 });
  });
});
