import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Journal, JournalCorruptError } from '@payrail/journal';
import { makeTempDataDir } from '@payrail/testing';

const BIN = path.resolve(__dirname, '../bin/payrail.js');
const STREAM = 'ledger/payments';

function payrail(...args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout };
}

describe('payrail verify', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('verify')));
  afterEach(() => cleanup());

  async function writeProbes(count: number): Promise<void> {
    const journal = await Journal.open({ dataDir: dir, streams: [STREAM], lockName: 'ledger/.lock', onEvent: () => {} });
    await journal.append(STREAM, Array.from({ length: count }, (_, n) => ({ type: 'journal.probe', ref: `p-${n}`, data: { n } })));
    await journal.close();
  }

  it('prints lines, last seq and head hash per stream and exits 0 when every chain verifies', async () => {
    await writeProbes(5);
    const { status, stdout } = payrail('verify', '--data', dir);
    expect(status).toBe(0);
    expect(stdout).toMatch(/ledger\/payments\s+5\s+5\s+[0-9a-f]{16}\s+\d+(\.\.\d+)?\s+OK/);
  });

  it('reports the exact line edited in the middle of a stream and exits 1; the writer refuses to append', async () => {
    await writeProbes(5);
    const file = path.join(dir, `${STREAM}.jsonl`);
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    lines[2] = (lines[2] ?? '').replace('"n":2', '"n":7');
    await fs.writeFile(file, lines.join('\n'));

    const { status, stdout } = payrail('verify', '--data', dir);
    expect(status).toBe(1);
    expect(stdout).toMatch(/ledger\/payments .*BAD line 3 \(byte \d+\): hash does not match/);

    const json = payrail('verify', '--data', dir, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, streams: [{ stream: STREAM, ok: false, problem: { line: 3 } }] });

    await expect(Journal.open({ dataDir: dir, streams: [STREAM], lockName: 'ledger/.lock', onEvent: () => {} })).rejects.toThrow(JournalCorruptError);
  });

  it('reports ledger streams with lines outside the layout ledger/shards.json records, and skips the folders payrail reshard keeps', async () => {
    await writeProbes(3);
    await fs.mkdir(path.join(dir, 'ledger/.before-reshard-2026-01-01T00-00-00-000Z/ledger'), { recursive: true });
    await fs.copyFile(path.join(dir, `${STREAM}.jsonl`), path.join(dir, 'ledger/.before-reshard-2026-01-01T00-00-00-000Z/ledger/payments.jsonl'));
    const table = payrail('verify', '--data', dir);
    expect(table.status).toBe(0);
    expect(table.stdout).not.toContain('.before-reshard-2026-01-01T00-00-00-000Z/ledger/payments ');
    expect(table.stdout).toContain('not checked: ledger/.before-reshard-2026-01-01T00-00-00-000Z (kept by payrail reshard');

    await fs.writeFile(path.join(dir, 'ledger/shards.json'), '{"shards":2}\n');
    const { status, stdout } = payrail('verify', '--data', dir);
    expect(status).toBe(1);
    expect(stdout).toContain("BAD ledger layout: ledger/payments has 3 lines, but it is not a stream of the ledger's 2-shard layout (ledger/shards.json): no service reads it");
    expect(JSON.parse(payrail('verify', '--data', dir, '--json').stdout)).toMatchObject({ ok: false, ledger_layout: { ok: false, shards: 2 } });
  });

  it('exits 2 on an unknown command, not 1: a typo is not a broken chain', () => {
    const { status } = payrail('frobnicate');
    expect(status).toBe(2);
    expect(payrail('verify', '--dat', dir).status).toBe(2);
  });
});
