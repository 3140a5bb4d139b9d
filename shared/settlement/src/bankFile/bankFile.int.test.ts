import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir } from '@payrail/testing';
import { BANK_FILE_COLUMNS, INVALID_ROWS_LISTED_MAX, readBankFile, type BankFileRow } from './bankFile';

const DATE = '2026-02-09';
const HEADER = BANK_FILE_COLUMNS.join(',');
const row = (n: number, extra: Partial<Record<string, string>> = {}): string => {
  const values: Record<string, string> = { payment_id: `pi_${n}`, processor_reference: `ch_${n}`, type: 'capture', gross: '1000', fee: '59', net: '941', currency: 'USD', settled_date: DATE, processor: 'providerA', ...extra };
  return BANK_FILE_COLUMNS.map((column) => values[column]).join(',');
};

describe('readBankFile: every row of the statement, each checked, in file order', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDataDir('bank-file')));
  afterEach(() => cleanup());
  const file = (text: string): string => {
    const at = path.join(dir, 'settlement.csv');
    writeFileSync(at, text);
    return at;
  };
  const read = async (text: string) => {
    const rows: BankFileRow[] = [];
    const summary = await readBankFile(file(text), DATE, (r) => rows.push(r));
    return { rows, summary };
  };

  it('reads many rows across chunks (BOM, CRLF, quoted fields, header columns in any order), and lists invalid rows with their reasons', async () => {
    const lines = [HEADER];
    for (let n = 0; n < 30_000; n++) lines.push(n % 1000 === 7 ? row(n, { net: '940' }) : row(n));
    lines.push(row(30_000, { processor_reference: '"ref, with comma"' }));
    const { rows, summary } = await read(`\ufeff${lines.join('\r\n')}\r\n`);
    expect(rows).toHaveLength(30_001 - 30);
    expect(rows.map((r) => r.payment_id).slice(0, 8)).toEqual(['pi_0', 'pi_1', 'pi_2', 'pi_3', 'pi_4', 'pi_5', 'pi_6', 'pi_8']);
    expect(rows.at(-1)).toEqual({ payment_id: 'pi_30000', processor_reference: 'ref, with comma', type: 'capture', gross: 1000, fee: 59, net: 941, currency: 'USD', settled_date: DATE, processor: 'providerA' });
    expect(summary.rows).toBe(30_001);
    expect(summary.invalid_rows).toBe(30);
    expect(summary.invalid[0]).toEqual({ row: 8, reason: 'net 940 is not gross 1000 minus fee 59', values: expect.objectContaining({ payment_id: 'pi_7', net: '940' }) });

    const reordered = await read(`processor,${REQUIRED.join(',')}\nproviderB,${REQUIRED.map((c) => ({ payment_id: 'pi_x', processor_reference: 'r', type: 'refund', gross: '-5', fee: '0', net: '-5', currency: 'EUR', settled_date: DATE })[c]).join(',')}\n`);
    expect(reordered.rows).toEqual([{ payment_id: 'pi_x', processor_reference: 'r', type: 'refund', gross: -5, fee: 0, net: -5, currency: 'EUR', settled_date: DATE, processor: 'providerB' }]);
  });

  it('keeps at most the first invalid rows, and counts the others', async () => {
    const lines = [HEADER, ...Array.from({ length: INVALID_ROWS_LISTED_MAX + 50 }, (_, n) => row(n, { currency: 'usd' })), 'short,row'];
    const { rows, summary } = await read(`${lines.join('\n')}\n`);
    expect(rows).toEqual([]);
    expect(summary.invalid_rows).toBe(INVALID_ROWS_LISTED_MAX + 51);
    expect(summary.invalid).toHaveLength(INVALID_ROWS_LISTED_MAX);
  });

  it('refuses a file that is not a bank statement (no row handed over) and an empty file', async () => {
    const handed: BankFileRow[] = [];
    await expect(readBankFile(file(`payment_id,amount\n${row(1)}\n`), DATE, (r) => handed.push(r))).rejects.toThrow(/is not a bank statement: its header lacks processor_reference/);
    expect(handed).toEqual([]);
    await expect(readBankFile(file(''), DATE, () => undefined)).rejects.toThrow(/is empty/);
  });

  it('a file csv-parse cannot read (an unclosed quote) is an error, not a partial read', async () => {
    await expect(read(`${HEADER}\n${row(1)}\n"pi_2,unclosed\n`)).rejects.toThrow(/quote/i);
  });
});

const REQUIRED = BANK_FILE_COLUMNS.filter((column) => column !== 'processor');
