import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Journal } from './journal';
import { startNode, waitFor } from '@payrail/testing';
import { makeTempDataDir } from '@payrail/testing';
import type { JournalEvent } from './types';
import { verifyStream } from './verify';

// Child processes run the compiled worker: `npm test` builds with `tsc -b` first.
const WORKER = path.resolve(__dirname, '../dist/testing/appendWorker.js');
const STREAM = 'ledger/probes';

async function readEvents(dir: string): Promise<JournalEvent[]> {
  const text = await fs.readFile(path.join(dir, `${STREAM}.jsonl`), 'utf8');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as JournalEvent);
}

describe('journal across processes', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('journal-int')));
  afterEach(() => cleanup());

  it('four processes appending 5,000 events each give exactly 20,000 lines, no gaps or duplicates, a valid chain', async () => {
    const writers = ['w1', 'w2', 'w3', 'w4'].map((writer) => startNode(WORKER, [dir, STREAM, writer, '5000', '32'], { APPEND_WORKER_QUIET: '1' }));
    const codes = await Promise.all(writers.map((w) => w.exited));
    expect({ codes, errors: writers.map((w) => w.stderr()) }).toEqual({ codes: [0, 0, 0, 0], errors: ['', '', '', ''] });

    const events = await readEvents(dir);
    expect(events).toHaveLength(20_000);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20_000 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.ref)).size).toBe(20_000);
    expect(await verifyStream(path.join(dir, `${STREAM}.jsonl`))).toMatchObject({ ok: true, lines: 20_000, last_seq: 20_000 });
  }, 120_000);

  it('a stream split in shards (the benchmark\'s layout): each shard its own file, lock and chain, written by processes on every shard and one pinned to a shard', async () => {
    const shards = 3;
    const writers = [
      startNode(WORKER, [dir, STREAM, 'a', '1500', '12'], { APPEND_WORKER_QUIET: '1', APPEND_WORKER_SHARDS: String(shards) }),
      startNode(WORKER, [dir, STREAM, 'b', '1500', '12'], { APPEND_WORKER_QUIET: '1', APPEND_WORKER_SHARDS: String(shards) }),
      startNode(WORKER, [dir, STREAM, 'c', '1500', '12'], { APPEND_WORKER_QUIET: '1', APPEND_WORKER_SHARDS: String(shards), APPEND_WORKER_SHARD: '1' }),
    ];
    const codes = await Promise.all(writers.map((w) => w.exited));
    expect({ codes, errors: writers.map((w) => w.stderr()) }).toEqual({ codes: [0, 0, 0], errors: ['', '', ''] });
    await expect(fs.access(path.join(dir, `${STREAM}.jsonl`))).rejects.toThrow();
    const refs: string[] = [];
    const byShard: Record<string, string[]> = {};
    for (let shard = 0; shard < shards; shard++) {
      const file = path.join(dir, 'ledger', 'shards', String(shard), 'probes.jsonl');
      const report = await verifyStream(file);
      expect(report).toMatchObject({ ok: true });
      const events = (await fs.readFile(file, 'utf8')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as JournalEvent);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      byShard[shard] = [...new Set(events.map((e) => (e.data as { writer: string }).writer))].sort();
      refs.push(...events.map((e) => e.ref));
      // Each shard's lock takes its own epochs.
      expect(Number((await fs.readFile(path.join(dir, 'ledger', 'shards', String(shard), '.journal.epoch'), 'utf8')).trim())).toBeGreaterThanOrEqual(1);
    }
    expect(refs).toHaveLength(4_500);
    expect(new Set(refs).size).toBe(4_500);
    // The pinned writer wrote to its shard only; the others to every shard.
    expect(byShard).toEqual({ 0: ['a', 'b'], 1: ['a', 'b', 'c'], 2: ['a', 'b'] });
  }, 120_000);

  it('kill -9 in the middle of a load, many times: every acknowledged event survives and the chain verifies', async () => {
    const acknowledged = new Set<string>();
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      const writer = `k${round}`;
      const running = startNode(WORKER, [dir, STREAM, writer, '1000000', '32', '2000']);
      const target = 50 + round * 97;
      await waitFor(() => running.lines.length >= target, 30_000, `${target} acknowledged appends in round ${round}`);
      running.child.kill('SIGKILL');
      await running.exited;
      for (const line of running.lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (match) acknowledged.add(`${writer}-${match[1]}`);
      }
      // Reopen as a fresh writer: it waits out the dead writer's lock, recovers, and can append.
      const journal = await Journal.open({ dataDir: dir, streams: [STREAM], lockName: `${STREAM}.journal`, onEvent: () => {}, lock: { stale_ms: 2000, update_ms: 1000 } });
      await journal.append(STREAM, { type: 'journal.probe', ref: `reopen-${round}`, data: { n: round } });
      await journal.close();
    }
    const refs = new Set((await readEvents(dir)).map((e) => e.ref));
    const lost = [...acknowledged].filter((ref) => !refs.has(ref));
    expect(lost).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(rounds * 50);
    expect(await verifyStream(path.join(dir, `${STREAM}.jsonl`))).toMatchObject({ ok: true });
    // Only unacknowledged tails may have been quarantined: none of them holds an acknowledged event.
    const quarantined = await fs.readdir(path.join(dir, 'quarantine')).catch(() => [] as string[]);
    for (const name of quarantined.filter((n) => n.endsWith('.bad'))) {
      const bytes = await fs.readFile(path.join(dir, 'quarantine', name), 'utf8');
      for (const ref of acknowledged) expect(bytes.includes(`"ref":"${ref}"`)).toBe(false);
    }
  }, 180_000);

  it('a writer stopped (SIGSTOP) past the stale time while another takes over, then resumed (SIGCONT), never appends after the new holder: no fork, nothing acknowledged lost', async () => {
    const acknowledged: string[] = [];
    const refusedForLock: string[] = [];
    const rounds = 3;
    for (let round = 0; round < rounds; round++) {
      const acks = (running: { lines: string[] }): number => running.lines.filter((line) => line.startsWith('ack ')).length;
      const stopped = startNode(WORKER, [dir, STREAM, `s${round}`, '1000000', '32', '2000'], { APPEND_WORKER_RETRY: '1' });
      await waitFor(() => acks(stopped) >= 300, 30_000, `the first writer's appends in round ${round}`);
      stopped.child.kill('SIGSTOP');
      // Past the lock's stale time (2 s): its folder's mtime is old, and the next writer takes it over.
      await new Promise((resolve) => setTimeout(resolve, 2_600 + round * 400));
      const taker = startNode(WORKER, [dir, STREAM, `t${round}`, '2000', '32', '2000'], { APPEND_WORKER_RETRY: '1' });
      await waitFor(() => acks(taker) >= 500, 30_000, `the second writer's appends in round ${round}`);
      const ackedBeforeResume = acks(stopped);
      stopped.child.kill('SIGCONT');
      // The resumed writer finds its lock lost, drops the batch it had decided, and goes on behind the new holder.
      await waitFor(() => acks(stopped) >= ackedBeforeResume + 300, 30_000, `the first writer's appends after SIGCONT in round ${round}`);
      stopped.child.kill('SIGKILL');
      await stopped.exited;
      expect(await taker.exited).toBe(0);
      for (const running of [stopped, taker]) {
        for (const line of running.lines) {
          const ack = /^ack (\d+)$/.exec(line);
          if (ack) acknowledged.push(`${running === stopped ? `s${round}` : `t${round}`}-${ack[1]}`);
          if (/^retry \d+ .*lock lost before the write \(the lock was taken over/.test(line)) refusedForLock.push(line);
        }
      }
    }
    const events = await readEvents(dir);
    const refs = events.map((e) => e.ref);
    expect(refs.length - new Set(refs).size).toBe(0);
    const present = new Set(refs);
    expect(acknowledged.filter((ref) => !present.has(ref))).toEqual([]);
    // One chain, and the epochs on it never go down: nobody wrote with a lock it had lost.
    const report = await verifyStream(path.join(dir, `${STREAM}.jsonl`));
    expect(report).toMatchObject({ ok: true, lines: events.length });
    expect(report.epochs?.changes).toBeGreaterThanOrEqual(rounds * 2);
    // The fence did its work: a resumed writer found its lock taken over and wrote nothing of that batch.
    expect(refusedForLock.length).toBeGreaterThan(0);
  }, 180_000);
});
