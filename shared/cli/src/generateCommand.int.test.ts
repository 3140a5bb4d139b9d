import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BANK_FILE_COLUMNS, PAYOUT_COLUMNS } from '@payrail/settlement';
import { makeTempDataDir } from '@payrail/testing';
import { parse } from 'csv-parse/sync';

const BIN = path.resolve(__dirname, '../bin/payrail.js');
const GENERATE = ['generate', '--direct', '--seed', '42', '--start', '2026-02-09', '--days', '2', '--payments', '1000', '--mismatch-percent', '5', '--refund-percent', '10', '--json'];

function payrail(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI without waiting, for two processes at once. */
function payrailAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function filesUnder(dir: string, sub: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await fs.readdir(path.join(dir, sub))).sort()) {
    if (name.startsWith('.')) continue;
    files.set(`${sub}/${name}`, await fs.readFile(path.join(dir, sub, name)));
  }
  return files;
}

interface GenerateJson {
  days: Array<{ date: string; rows: number; file: string; mismatches: Array<{ kind: string; payment_id: string }> }>;
  events: Record<string, number>;
}

describe('payrail generate, settle and reconcile', () => {
  let one: { dir: string; cleanup: () => void };
  let two: { dir: string; cleanup: () => void };
  let generated: GenerateJson;
  beforeAll(() => {
    one = makeTempDataDir('generate-one');
    two = makeTempDataDir('generate-two');
    const run = payrail(...GENERATE, '--data', one.dir);
    expect(run.stderr).toBe(''); // no progress bar when stderr is not a terminal
    expect(run.status).toBe(0);
    generated = JSON.parse(run.stdout) as GenerateJson;
  });
  afterAll(() => {
    one.cleanup();
    two.cleanup();
  });

  it('writes byte-identical ledger and bank files for the same seed and start, a valid hash chain, and other files for another seed', async () => {
    expect(payrail(...GENERATE, '--data', two.dir).status).toBe(0);
    const first = new Map([...(await filesUnder(one.dir, 'ledger')), ...(await filesUnder(one.dir, 'settlement'))]);
    const second = new Map([...(await filesUnder(two.dir, 'ledger')), ...(await filesUnder(two.dir, 'settlement'))]);
    expect([...first.keys()]).toEqual(['ledger/disputes.jsonl', 'ledger/escrows.jsonl', 'ledger/payments.jsonl', 'ledger/refunds.jsonl', 'settlement/settlement_2026-02-09.csv', 'settlement/settlement_2026-02-10.csv']);
    for (const [file, bytes] of first) expect([file, bytes.equals(second.get(file) ?? Buffer.alloc(0))]).toEqual([file, true]);
    expect(payrail('verify', '--data', one.dir).status).toBe(0);

    const other = makeTempDataDir('generate-other');
    try {
      expect(payrail(...GENERATE.map((arg) => (arg === '42' ? '43' : arg)), '--data', other.dir).status).toBe(0);
      expect((await fs.readFile(path.join(other.dir, 'ledger/payments.jsonl'))).equals(first.get('ledger/payments.jsonl') ?? Buffer.alloc(0))).toBe(false);
    } finally {
      other.cleanup();
    }
    // Generating into a folder whose ledger is not empty would not be reproducible: refused.
    const again = payrail(...GENERATE, '--data', two.dir);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already has events/);
  });

  it('writes bank statements that round-trip through csv-parse in the bank file format', async () => {
    for (const day of generated.days) {
      const rows = parse(await fs.readFile(path.join(one.dir, day.file), 'utf8'), { columns: true }) as Array<Record<string, string>>;
      expect(rows).toHaveLength(day.rows);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual([...BANK_FILE_COLUMNS]);
        expect(Number(row['net'])).toBe(Number(row['gross']) - Number(row['fee']));
        expect(row['settled_date']).toBe(day.date);
      }
    }
  });

  it('reconciles a generated day to exactly the injected mismatches, of every kind, and settles it into a payouts file', async () => {
    const expected: Record<string, string> = { missing_row: 'missing_at_bank', extra_row: 'unexpected_at_bank', amount_off_by_one: 'amount_mismatch', currency_mismatch: 'currency_mismatch', fee_mismatch: 'fee_mismatch' };
    const day = generated.days[0] as GenerateJson['days'][number];
    expect(new Set(day.mismatches.map((m) => m.kind))).toEqual(new Set(Object.keys(expected)));
    const result = payrail('reconcile', '--data', one.dir, '--date', day.date, '--json');
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout) as { ran: boolean; status: string; summary: Record<string, { count: number }>; events: { settled: number; flagged: number } };
    expect(summary).toMatchObject({ ran: true, status: 'unbalanced' });
    const report = JSON.parse(await fs.readFile(path.join(one.dir, 'reports', `reconciliation_report_${day.date}.json`), 'utf8')) as { items: Array<{ payment_id: string; status: string }> };
    expect(report.items.map((item) => `${item.status} ${item.payment_id}`).sort()).toEqual(day.mismatches.map((m) => `${expected[m.kind]} ${m.payment_id}`).sort());
    expect(summary.events.settled).toBe(summary.summary['matched']?.count);

    const settled = payrail('settle', '--data', one.dir, '--date', day.date, '--json');
    const payouts = JSON.parse(settled.stdout) as { file: string; payments: number; payouts: Array<{ net: number }> };
    const rows = parse(await fs.readFile(path.join(one.dir, payouts.file), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(payouts.payments);
    expect(Object.keys(rows[0] ?? {})).toEqual([...PAYOUT_COLUMNS]);
    expect(rows.reduce((sum, row) => sum + Number(row['net']), 0)).toBe(payouts.payouts.reduce((sum, payout) => sum + payout.net, 0));

    // A done day is not run again without --force; the table says so.
    const repeat = payrail('reconcile', '--data', one.dir, '--date', day.date);
    expect(repeat.stdout).toMatch(/^already reconciled at .*--force runs it again/);
    expect(repeat.stdout).toMatch(/missing_at_bank\s+\d+/);
  });

  it('runs a day once even when two processes start it together', async () => {
    const count = async (type: string) => (await fs.readFile(path.join(two.dir, 'ledger/payments.jsonl'), 'utf8')).split(`"type":"${type}"`).length - 1;
    const runs = await Promise.all([payrailAsync('reconcile', '--data', two.dir, '--date', '2026-02-10', '--json'), payrailAsync('reconcile', '--data', two.dir, '--date', '2026-02-10', '--json')]);
    const ran = runs.filter((run) => run.status === 0 && (JSON.parse(run.stdout) as { ran: boolean }).ran);
    const skipped = runs.filter((run) => (run.status === 0 && !(JSON.parse(run.stdout) as { ran: boolean }).ran) || /job_already_running|already running/.test(run.stderr) || /in another process/.test(run.stderr));
    expect([ran.length, skipped.length]).toEqual([1, 1]);
    const matched = (JSON.parse(ran[0]?.stdout ?? '{}') as { summary: { matched: { count: number } } }).summary.matched.count;
    expect(await count('payment_intent.settled')).toBe(matched);
  });

  it('writes a sharded ledger with --shards: each shard its files, verified, reconciled like the unsharded one', async () => {
    const sharded = makeTempDataDir('generate-sharded');
    try {
      expect(payrail(...GENERATE, '--data', sharded.dir, '--shards', '3').status).toBe(0);
      expect(JSON.parse(await fs.readFile(path.join(sharded.dir, 'ledger/shards.json'), 'utf8'))).toEqual({ shards: 3 });
      const files = [...(await filesUnder(sharded.dir, 'ledger/shards/0')).keys(), ...(await filesUnder(sharded.dir, 'ledger/shards/2')).keys()];
      expect(files).toEqual(['ledger/shards/0/disputes.jsonl', 'ledger/shards/0/escrows.jsonl', 'ledger/shards/0/payments.jsonl', 'ledger/shards/0/refunds.jsonl', 'ledger/shards/2/disputes.jsonl', 'ledger/shards/2/escrows.jsonl', 'ledger/shards/2/payments.jsonl', 'ledger/shards/2/refunds.jsonl']);
      expect(payrail('verify', '--data', sharded.dir).status).toBe(0);
      // The same bank statements as the unsharded folder of the same seed, so the same day reconciles the same.
      for (const day of generated.days) expect((await fs.readFile(path.join(sharded.dir, day.file))).equals(await fs.readFile(path.join(one.dir, day.file)))).toBe(true);
      const date = generated.days[1]?.date ?? '';
      const [flat, three] = [one.dir, sharded.dir].map((dir) => JSON.parse(payrail('reconcile', '--data', dir, '--date', date, '--dry-run', '--json').stdout) as { summary: unknown; ledger: { payments: number } });
      expect(three?.summary).toEqual(flat?.summary);
      expect(three?.ledger.payments).toBe(flat?.ledger.payments);
      // A count the folder does not have is refused.
      const other = payrail(...GENERATE, '--data', sharded.dir, '--shards', '2');
      expect(other.status).toBe(1);
      expect(other.stderr).toMatch(/LEDGER_SHARDS=2, but this data folder's ledger has 3 shards/);
    } finally {
      sharded.cleanup();
    }
  });

  it('refuses unusable options with a message that names them', () => {
    const result = payrail('generate', '--direct', '--data', one.dir, '--payments', 'many');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--payments must be an integer/);
    expect(payrail('reconcile', '--data', one.dir, '--date', '2026-02-31').stderr).toMatch(/date must be a calendar day/);
  });
});
