import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { verifyStream, type JournalEvent } from '@payrail/journal';
import { makeTempDataDir } from '@payrail/testing';
import { STREAMS } from '../ledgerState';
import { ledgerShards, openShardCount, readShardCount, shardOf, streamKind, writeShardCount } from './ledgerShards';
import { ShardedJournal } from './shardedJournal';

/** The first merchant id of the form `m_<n>` that falls in `shard` of `count`. */
const merchantIn = (shard: number, count: number): string => {
  for (let n = 0; ; n++) if (shardOf(`m_${n}`, count) === shard) return `m_${n}`;
};

const probe = (merchant: string, n: number) => ({ type: 'journal.probe', ref: `pi_${merchant}_${n}`, merchant_id: merchant, data: { n } });

describe('ShardedJournal', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('sharded-journal')));
  afterEach(() => cleanup());

  it('puts each merchant\'s events on its shard\'s streams, each shard its own chain', async () => {
    const seen: Array<{ stream: string; event: JournalEvent }> = [];
    const journal = await ShardedJournal.open({ dataDir: dir, shards: 3, onEvent: (stream, event) => seen.push({ stream, event }) });
    const merchants = [0, 1, 2].map((shard) => merchantIn(shard, 3));
    for (const [i, merchant] of merchants.entries()) {
      for (let n = 0; n <= i; n++) await journal.transact(merchant, (tx) => tx.append(n % 2 === 0 ? STREAMS.payments : STREAMS.refunds, probe(merchant, n)));
    }
    await journal.close();
    for (const { stream, event } of seen) expect(stream.startsWith(`ledger/shards/${shardOf(event.merchant_id as string, 3)}/`)).toBe(true);
    for (const shard of ledgerShards(3)) {
      const report = await verifyStream(path.join(dir, `${shard.streams.payments}.jsonl`), shard.streams.payments);
      expect(report.ok).toBe(true);
      // seq starts at 1 on each shard: chains of their own.
      expect(JSON.parse(readFileSync(path.join(dir, `${shard.streams.payments}.jsonl`), 'utf8').split('\n')[0] as string).seq).toBe(1);
    }
    expect(streamKind('ledger/shards/2/refunds')).toBe('refunds');
  });

  it('refuses a command that appends to another shard\'s stream', async () => {
    const journal = await ShardedJournal.open({ dataDir: dir, shards: 2, onEvent: () => {} });
    const merchant = merchantIn(0, 2);
    await expect(journal.transact(merchant, (tx) => tx.append('ledger/shards/1/payments', probe(merchant, 1)))).rejects.toThrow(/cannot append to 'ledger\/shards\/1\/payments'/);
    await journal.close();
  });

  it('when one shard rebuilds after a lost lock, the state gets every shard\'s events back, once', async () => {
    const applied = new Map<string, number>();
    let resets = 0;
    const journal = await ShardedJournal.open({
      dataDir: dir,
      shards: 2,
      onEvent: (stream, event) => applied.set(`${stream}:${event.event_id}`, (applied.get(`${stream}:${event.event_id}`) ?? 0) + 1),
      onReset: () => {
        resets++;
        applied.clear();
      },
    });
    const [a, b] = [merchantIn(0, 2), merchantIn(1, 2)];
    for (let n = 0; n < 3; n++) await journal.transact(a, (tx) => tx.append(STREAMS.payments, probe(a, n)));
    for (let n = 0; n < 2; n++) await journal.transact(b, (tx) => tx.append(STREAMS.disputes, probe(b, n)));
    const before = new Map(applied);
    // Another holder takes shard 1's lock over while this process decides: its write is refused, it rebuilds.
    const epochFile = path.join(dir, `${ledgerShards(2)[1]?.lock}.epoch`);
    await expect(journal.transact(b, (tx) => {
      writeFileSync(epochFile, '1000\n');
      return tx.append(STREAMS.payments, probe(b, 9));
    })).rejects.toThrow(/lock lost before the write/);
    expect(resets).toBe(1);
    expect(applied).toEqual(before);
    // And it writes again, on both shards (shard 1 once the lock it lost is stale).
    await journal.transact(b, (tx) => tx.append(STREAMS.payments, probe(b, 10)));
    await journal.transact(a, (tx) => tx.append(STREAMS.payments, probe(a, 10)));
    expect(applied.size).toBe(before.size + 2);
    expect([...applied.values()].every((count) => count === 1)).toBe(true);
    await journal.close();
  });

  it('a data folder keeps one shard count: ledger/shards.json is written once, other counts are refused', () => {
    expect(openShardCount(dir, 0)).toBe(1);
    expect(openShardCount(dir, 4)).toBe(4);
    expect(JSON.parse(readFileSync(path.join(dir, 'ledger', 'shards.json'), 'utf8'))).toEqual({ shards: 4 });
    expect(openShardCount(dir, 0)).toBe(4);
    expect(openShardCount(dir, 4)).toBe(4);
    expect(() => openShardCount(dir, 2)).toThrow(/payrail reshard --shards 2/);
    expect(() => openShardCount(dir, 1)).toThrow(/has 4 shards/);
  });

  it('refuses to shard a folder whose unsharded ledger has events', () => {
    mkdirSync(path.join(dir, 'ledger'), { recursive: true });
    writeFileSync(path.join(dir, 'ledger', 'payments.jsonl'), '{}\n');
    expect(() => openShardCount(dir, 3)).toThrow(/unsharded ledger with events/);
    expect(openShardCount(dir, 1)).toBe(1);
  });

  it('refuses a ledger/shards.json it cannot read as a count, and a count out of range, naming what it wants', () => {
    mkdirSync(path.join(dir, 'ledger'), { recursive: true });
    for (const text of ['', 'four', '{"shards":0}', '{"shards":65}', '{"shards":2.5}', '{"count":4}', '[4]']) {
      writeFileSync(path.join(dir, 'ledger', 'shards.json'), text);
      expect(() => openShardCount(dir, 0)).toThrow(/ledger\/shards.json must be \{"shards": N\} with N a whole number from 1 to 64/);
    }
    rmSync(path.join(dir, 'ledger', 'shards.json'));
    for (const count of [-1, 65, 1.5, Number.NaN]) expect(() => openShardCount(dir, count)).toThrow(/LEDGER_SHARDS must be a whole number from 1 to 64/);
  });

  it('re-writes the count by rename (payrail reshard): never a moment without the file, never a second first writer', () => {
    writeShardCount(dir, 4);
    expect(() => writeShardCount(dir, 2)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    writeShardCount(dir, 2, { replace: true });
    expect(readShardCount(dir)).toBe(2);
    expect(readdirSync(path.join(dir, 'ledger')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
