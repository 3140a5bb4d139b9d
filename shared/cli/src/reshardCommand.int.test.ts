import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { newId } from '@payrail/core';
import { Journal, verifyStream, type JournalEvent } from '@payrail/journal';
import { LEDGER_LOCK, STREAMS, STREAM_KINDS, fundingPostings, ledgerShards, ledgerStreams, readShardCount, shardOf, type StreamKind } from '@payrail/ledger';
import { changedFiles, digestFolder, makeTempDataDir, startNode, waitFor } from '@payrail/testing';

const BIN = path.resolve(__dirname, '../bin/payrail.js');
// The other process runs the journal's compiled lock holder: `npm test` builds with `tsc -b` first.
const LOCK_HOLDER = path.resolve(__dirname, '../../journal/dist/testing/lockHolder.js');

function payrail(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, DATA_DIR: '', LEDGER_SHARDS: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** One line of a ledger as a test reads it: where it is, and the event. */
interface LedgerLine {
  stream: string;
  kind: StreamKind;
  shard: number;
  event: JournalEvent;
}

/** Every line of every stream of the ledger of `dir`, in the layout `ledger/shards.json` records. */
function readLedger(dir: string): LedgerLine[] {
  return ledgerShards(readShardCount(dir)).flatMap((shard) =>
    STREAM_KINDS.flatMap((kind) => {
      const file = path.join(dir, `${shard.streams[kind]}.jsonl`);
      if (!existsSync(file)) return [];
      return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => ({ stream: shard.streams[kind], kind, shard: shard.index, event: JSON.parse(line) as JournalEvent }));
    }),
  );
}

/** event_id → stream kind and content without what a stream stamps: what a reshard must keep exactly. */
function contentById(lines: readonly LedgerLine[]): Map<string, unknown> {
  return new Map(lines.map(({ kind, event }) => {
    const { seq: _seq, prev_hash: _prev, hash: _hash, epoch: _epoch, ...content } = event;
    return [event.event_id, { kind, content }];
  }));
}

const backupsOf = (dir: string): string[] => readdirSync(path.join(dir, 'ledger')).filter((name) => name.startsWith('.before-reshard-')).sort();
const workFoldersOf = (dir: string): string[] => readdirSync(path.join(dir, 'ledger')).filter((name) => name.startsWith('.reshard-'));

/**
 * A ledger as the gateway writes it, for several merchants: `payrail generate --direct` (payments,
 * captures, refunds, disputes), then escrows funded for three of its payments and two journal probes
 * without a merchant_id, through a real journal under the ledger lock.
 */
async function writeFixture(dir: string): Promise<void> {
  const generated = payrail('generate', '--direct', '--data', dir, '--seed', '11', '--start', '2026-02-09', '--days', '2', '--payments', '240', '--merchants', '7', '--refund-percent', '15', '--mix', 'succeeds=80,disputed=15,card_declined=5', '--json');
  expect(generated).toMatchObject({ status: 0 });
  const captured = readFileSync(path.join(dir, 'ledger/payments.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as JournalEvent).filter((event) => event.type === 'payment_intent.captured');
  const journal = await Journal.open({ dataDir: dir, streams: Object.values(STREAMS), lockName: LEDGER_LOCK, onEvent: () => {} });
  try {
    for (const payment of [captured[3], captured[40], captured[90]]) {
      const merchant = payment?.merchant_id as string;
      const escrow = newId('esc');
      const amount = Number(payment?.data['amount_captured']);
      const base = { ref: escrow, merchant_id: merchant, correlation_id: payment?.correlation_id as string, timestamp: payment?.timestamp as string };
      await journal.append(STREAMS.escrows, [
        { ...base, type: 'escrow.created', data: { payment_intent: payment?.ref, amount, currency: 'USD', payees: [{ payee: 'seller_1', role: 'seller', amount }], release_at: null, refund_deadline: 2_000_000_000 } },
        { ...base, type: 'escrow.funded', data: { payment_intent: payment?.ref, amount }, postings: fundingPostings({ escrow, merchant, amount, currency: 'USD' }) },
      ]);
    }
    await journal.append(STREAMS.payments, [{ type: 'journal.probe', ref: 'prb_fixture_1', data: { n: 1 } }, { type: 'journal.probe', ref: 'prb_fixture_2', data: { n: 2 } }]);
  } finally {
    await journal.close();
  }
}

/** The bytes of every ledger stream file of the layout of `dir`, by its path relative to `ledger/`. */
function streamFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const stream of ledgerStreams(readShardCount(dir))) {
    const file = path.join(dir, `${stream}.jsonl`);
    if (existsSync(file)) files.set(stream, readFileSync(file, 'utf8'));
  }
  return files;
}

/**
 * What must hold after a reshard to `shards` from the ledger `before` (its lines and files): the layout
 * is recorded, each event is once in its merchant's shard with the same content, each old stream's
 * events keep their order, every new stream verifies, so does `payrail verify` (counting no backup),
 * and the old files are kept byte for byte in the one new backup.
 */
async function expectResharded(dir: string, shards: number, before: { lines: LedgerLine[]; files: Map<string, string>; backups: string[] }): Promise<LedgerLine[]> {
  expect(readShardCount(dir)).toBe(shards);
  if (shards === 1) expect(existsSync(path.join(dir, 'ledger/shards.json'))).toBe(false);
  else expect(JSON.parse(readFileSync(path.join(dir, 'ledger/shards.json'), 'utf8'))).toEqual({ shards });
  const after = readLedger(dir);
  for (const { shard, event } of after) expect(shard).toBe(event.merchant_id === undefined ? 0 : shardOf(event.merchant_id, shards));
  expect(after).toHaveLength(before.lines.length);
  expect(contentById(after)).toEqual(contentById(before.lines));
  for (const stream of ledgerStreams(shards)) {
    const report = await verifyStream(path.join(dir, `${stream}.jsonl`), stream);
    expect({ stream, ok: report.ok }).toEqual({ stream, ok: true });
    // Each old stream's events in the order they had; the streams merged into this one by time.
    const here = after.filter((line) => line.stream === stream);
    for (const source of new Set(before.lines.map((line) => line.stream))) {
      const order = before.lines.filter((line) => line.stream === source).map((line) => line.event.event_id);
      const kept = here.map((line) => line.event.event_id).filter((id) => order.includes(id));
      expect(kept).toEqual(order.filter((id) => kept.includes(id)));
    }
    const times = here.map((line) => Date.parse(line.event.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }
  const verified = payrail('verify', '--data', dir, '--json');
  expect({ status: verified.status, stderr: verified.stderr }).toEqual({ status: 0, stderr: '' });
  const report = JSON.parse(verified.stdout) as { ok: boolean; streams: Array<{ stream: string; lines: number }>; ledger_layout: { shards: number; skipped: string[] } };
  const ledgerReports = report.streams.filter((entry) => entry.stream.startsWith('ledger/'));
  expect(ledgerReports.map((entry) => entry.stream)).toEqual([...ledgerStreams(shards)].sort());
  expect(ledgerReports.reduce((sum, entry) => sum + entry.lines, 0)).toBe(before.lines.length);
  expect(report.ledger_layout).toMatchObject({ shards, skipped: backupsOf(dir).map((name) => `ledger/${name}`) });
  const backups = backupsOf(dir);
  const added = backups.filter((name) => !before.backups.includes(name));
  expect(added).toHaveLength(1);
  const backup = path.join(dir, 'ledger', added[0] as string);
  expect(streamFiles(backup)).toEqual(before.files);
  expect(payrail('verify', '--data', backup)).toMatchObject({ status: 0 });
  expect(workFoldersOf(dir)).toEqual([]);
  return after;
}

describe('payrail reshard', () => {
  let template: { dir: string; cleanup: () => void };
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    template = makeTempDataDir('reshard-template');
    await writeFixture(template.dir);
  });
  afterAll(() => template.cleanup());
  beforeEach(() => {
    ({ dir, cleanup } = makeTempDataDir('reshard'));
    cpSync(template.dir, dir, { recursive: true });
  });
  afterEach(() => cleanup());

  const snapshot = (): { lines: LedgerLine[]; files: Map<string, string>; backups: string[] } => ({ lines: readLedger(dir), files: streamFiles(dir), backups: backupsOf(dir) });

  it('splits the ledger into 4 shards, joins them into 2, then back into 1, keeping every event exactly', async () => {
    const original = snapshot();
    expect(new Set(original.lines.map((line) => line.event.merchant_id)).size).toBeGreaterThanOrEqual(6);
    for (const kind of STREAM_KINDS) expect(original.lines.some((line) => line.kind === kind)).toBe(true);

    const toFour = payrail('reshard', '--shards', '4', '--data', dir);
    expect({ status: toFour.status, stderr: toFour.stderr }).toEqual({ status: 0, stderr: '' });
    expect(toFour.stdout).toMatch(new RegExp(`^Resharded the ledger of .* from 1 shard to 4 in [\\d.]+ s: ${original.lines.length} events\\.$`, 'm'));
    expect(toFour.stdout).toMatch(/^shard\s+payments\s+refunds\s+disputes\s+escrows\s+events$/m);
    expect(toFour.stdout).toMatch(new RegExp(`^all\\s+.*\\s${original.lines.length}$`, 'm'));
    expect(toFour.stdout).toContain('2 events had no merchant_id: they are in shard 0.');
    expect(toFour.stdout).toMatch(/The old ledger is kept in .*\/ledger\/\.before-reshard-/);
    const four = await expectResharded(dir, 4, original);
    expect(existsSync(path.join(dir, 'ledger/payments.jsonl'))).toBe(false);
    // Every shard has merchants (seven of them), and each merchant's events are all in one shard.
    expect(new Set(four.map((line) => line.shard)).size).toBe(4);

    const beforeTwo = snapshot();
    const toTwo = payrail('reshard', '--shards', '2', '--data', dir, '--json');
    expect({ status: toTwo.status, stderr: toTwo.stderr }).toEqual({ status: 0, stderr: '' });
    const summary = JSON.parse(toTwo.stdout) as { from_shards: number; to_shards: number; changed: boolean; events: Record<StreamKind, number[]>; without_merchant: number; backup: string };
    expect(summary).toMatchObject({ from_shards: 4, to_shards: 2, changed: true, without_merchant: 2 });
    for (const kind of STREAM_KINDS) expect(summary.events[kind]).toEqual([0, 1].map((shard) => original.lines.filter((line) => line.kind === kind && (line.event.merchant_id === undefined ? 0 : shardOf(line.event.merchant_id, 2)) === shard).length));
    await expectResharded(dir, 2, beforeTwo);
    expect(existsSync(path.join(dir, 'ledger/shards/2/payments.jsonl'))).toBe(false);

    const beforeOne = snapshot();
    expect(payrail('reshard', '--shards', '1', '--data', dir)).toMatchObject({ status: 0, stderr: '' });
    const one = await expectResharded(dir, 1, beforeOne);
    expect(contentById(one)).toEqual(contentById(original.lines));
    expect(backupsOf(dir)).toHaveLength(3);
    expect(payrail('reshard', '--shards', '1', '--data', dir)).toMatchObject({ status: 0, stdout: expect.stringContaining('already has 1 shard: nothing to do') });

    // The journal writes on: no stale mark is in its way, and its epoch is above the resharded lines'.
    const journal = await Journal.open({ dataDir: dir, streams: Object.values(STREAMS), lockName: LEDGER_LOCK, onEvent: () => {} });
    const [appended] = await journal.append(STREAMS.payments, { type: 'journal.probe', ref: 'prb_after', data: { n: 3 } });
    await journal.close();
    expect(appended?.epoch).toBeGreaterThan(Math.max(...one.map((line) => line.event.epoch ?? 0)));
    expect(payrail('verify', '--data', dir)).toMatchObject({ status: 0 });
  });

  it('refuses while another process holds a ledger lock, and changes nothing', async () => {
    expect(payrail('reshard', '--shards', '4', '--data', dir)).toMatchObject({ status: 0 });
    const holder = startNode(LOCK_HOLDER, [path.join(dir, 'ledger/shards/2/.journal'), '5000']);
    try {
      await waitFor(() => holder.lines.some((line) => line.startsWith('epoch ')), 10_000, 'the lock holder to take shard 2\'s lock');
      const before = digestFolder(dir);
      const refused = payrail('reshard', '--shards', '2', '--data', dir);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('payrail reshard: the ledger lock ledger/shards/2/.journal is held by another process');
      expect(refused.stderr).toContain('stop every service first');
      expect(refused.stderr).toContain('Nothing was changed.');
      expect(changedFiles(before, digestFolder(dir))).toEqual([]);
      expect(readShardCount(dir)).toBe(4);
    } finally {
      holder.child.kill('SIGTERM');
      await holder.exited;
    }
    // Only the lock was in the way.
    expect(payrail('reshard', '--shards', '2', '--data', dir)).toMatchObject({ status: 0 });
    expect(readShardCount(dir)).toBe(2);
  });

  it('refuses a ledger with an edited line, names it, and changes nothing', () => {
    const file = path.join(dir, 'ledger/payments.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    // A line in the middle whose amount someone raised by one.
    const edited = lines.findIndex((line, at) => at >= 4 && line.includes('"amount":'));
    lines[edited] = (lines[edited] ?? '').replace(/"amount":(\d+)/, (_match, amount: string) => `"amount":${Number(amount) + 1}`);
    writeFileSync(file, lines.join('\n'));
    const before = digestFolder(dir);
    const refused = payrail('reshard', '--shards', '4', '--data', dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^payrail reshard: the ledger does not verify, so it is not resharded \(nothing was changed\):$/m);
    expect(refused.stderr).toMatch(new RegExp(`^ {2}ledger/payments: BAD line ${edited + 1} \\(byte \\d+\\): hash does not match the line content`, 'm'));
    expect(changedFiles(before, digestFolder(dir))).toEqual([]);
    expect(existsSync(path.join(dir, 'ledger/shards.json'))).toBe(false);
    expect(backupsOf(dir)).toEqual([]);
    expect(workFoldersOf(dir)).toEqual([]);
  });

  it('finishes the swap of a run that stopped halfway, and removes the work folder of one that stopped before it', () => {
    // A run that stopped while writing: its work folder has no swap plan, the ledger is untouched.
    const abandoned = path.join(dir, 'ledger/.reshard-2026-01-01T00-00-00-000Z/ledger/shards/0');
    mkdirSync(abandoned, { recursive: true });
    cpSync(path.join(dir, 'ledger/payments.jsonl'), path.join(abandoned, 'payments.jsonl'));
    // A run that stopped during its swap: the new ledger (made here by a full run on a copy) in its work folder, the plan, two renames done.
    const { dir: other, cleanup: cleanupOther } = makeTempDataDir('reshard-other');
    try {
      cpSync(dir, other, { recursive: true });
      expect(payrail('reshard', '--shards', '4', '--data', other)).toMatchObject({ status: 0 });
      const work = 'ledger/.reshard-2026-01-02T00-00-00-000Z';
      const backup = 'ledger/.before-reshard-2026-01-02T00-00-00-000Z';
      const moves: Array<[string, string]> = [];
      for (const kind of STREAM_KINDS) {
        for (const name of [`ledger/${kind}.jsonl`, `ledger/.${kind}.jsonl.mark`]) if (existsSync(path.join(dir, name))) moves.push([name, `${backup}/${name}`]);
      }
      for (const stream of ledgerStreams(4)) {
        mkdirSync(path.dirname(path.join(dir, work, `${stream}.jsonl`)), { recursive: true });
        cpSync(path.join(other, `${stream}.jsonl`), path.join(dir, work, `${stream}.jsonl`));
        moves.push([`${work}/${stream}.jsonl`, `${stream}.jsonl`]);
      }
      writeFileSync(path.join(dir, work, 'swap.json'), JSON.stringify({ from_shards: 1, to_shards: 4, backup, moves }));
      for (const [from, to] of moves.slice(0, 2)) {
        mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
        renameSync(path.join(dir, from), path.join(dir, to));
      }
      const original = readLedger(other);

      const finished = payrail('reshard', '--shards', '4', '--data', dir);
      expect({ status: finished.status, stderr: finished.stderr }).toEqual({ status: 0, stderr: '' });
      expect(finished.stdout).toContain('Note: removed ledger/.reshard-2026-01-01T00-00-00-000Z, the work folder of an earlier reshard that had stopped before its swap (the ledger was untouched).');
      expect(finished.stdout).toContain('Note: finished the swap of an earlier reshard to 4 shards that had stopped halfway');
      expect(finished.stdout).toContain('already has 4 shards: nothing to do');
      expect(readShardCount(dir)).toBe(4);
      expect(contentById(readLedger(dir))).toEqual(contentById(original));
      expect(workFoldersOf(dir)).toEqual([]);
      expect(payrail('verify', '--data', dir)).toMatchObject({ status: 0 });
    } finally {
      cleanupOther();
    }
  });

  it('refuses a --shards it cannot read with a usage error (exit 2), before touching the data folder', () => {
    const missing = path.join(dir, 'nowhere');
    for (const value of ['0', '65', 'four', '2.5', '-1', '']) {
      const result = payrail('reshard', `--shards=${value}`, '--data', missing);
      expect(result).toEqual({ status: 2, stdout: '', stderr: `payrail: --shards must be a whole number from 1 to 64, got ${JSON.stringify(value)}\n'payrail reshard --help' lists its options.\n` });
    }
    expect(payrail('reshard', '--data', missing)).toEqual({ status: 2, stdout: '', stderr: "payrail: reshard needs --shards N (1 to 64)\n'payrail reshard --help' lists its options.\n" });
    expect(existsSync(missing)).toBe(false);
    // A --data that names no folder is refused, not made into a new data folder.
    expect(payrail('reshard', '--shards', '2', '--data', missing)).toMatchObject({ status: 1, stderr: `payrail reshard: there is no data folder at ${missing}\n` });
    expect(existsSync(missing)).toBe(false);
  });
});
