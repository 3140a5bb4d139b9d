import { Worker } from 'node:worker_threads';
import * as path from 'node:path';
import { BANK_ROW_TYPES, readBankFile, type BankFileRow, type BankFileSummary, type BankRowType } from './bankFile';

/**
 * Valid rows of a bank file, packed for a move between threads without a copy: ids and processor
 * references as UTF-8 bytes with their end offsets, amounts in typed arrays, the type and currency as
 * codes (currencies named in `currencies`). What reconciliation needs of a row; the rest was checked.
 */
export interface BankRowColumns {
  count: number;
  ids: Uint8Array;
  /** ids of row i are ids[idEnds[i-1] ?? 0 .. idEnds[i]). */
  idEnds: Uint32Array;
  references: Uint8Array;
  referenceEnds: Uint32Array;
  gross: Float64Array;
  fee: Float64Array;
  /** Index into BANK_ROW_TYPES. */
  types: Uint8Array;
  currencyCodes: Uint16Array;
  currencies: string[];
}

/** Rows per chunk handed over (about 1 MB of columns). */
const CHUNK_ROWS = 16_384;
const ID_BYTES_GUESS = 40;

/** Packs rows into columns, CHUNK_ROWS at a time; `take` gets each full chunk and the last one. */
export class BankColumnsPacker {
  private rows: BankFileRow[] = [];
  constructor(private readonly take: (chunk: BankRowColumns, transfer: ArrayBuffer[]) => void) {}

  add(row: BankFileRow): void {
    this.rows.push(row);
    if (this.rows.length >= CHUNK_ROWS) this.flush();
  }

  flush(): void {
    const rows = this.rows;
    this.rows = [];
    if (rows.length === 0) return;
    const pack = (texts: string[]): { bytes: Uint8Array; ends: Uint32Array } => {
      let bytes = Buffer.allocUnsafe(rows.length * ID_BYTES_GUESS);
      const ends = new Uint32Array(rows.length);
      let used = 0;
      texts.forEach((text, i) => {
        const length = Buffer.byteLength(text);
        if (used + length > bytes.length) {
          const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, used + length));
          bytes.copy(grown, 0, 0, used);
          bytes = grown;
        }
        used += bytes.write(text, used);
        ends[i] = used;
      });
      // A copy of its own: a slice of node's pooled buffers could not be transferred.
      return { bytes: new Uint8Array(bytes.subarray(0, used)), ends };
    };
    const ids = pack(rows.map((row) => row.payment_id));
    const references = pack(rows.map((row) => row.processor_reference));
    const currencies: string[] = [];
    const currencyCodes = new Uint16Array(rows.length);
    const types = new Uint8Array(rows.length);
    const gross = new Float64Array(rows.length);
    const fee = new Float64Array(rows.length);
    rows.forEach((row, i) => {
      let code = currencies.indexOf(row.currency);
      if (code === -1) code = currencies.push(row.currency) - 1;
      currencyCodes[i] = code;
      types[i] = BANK_ROW_TYPES.indexOf(row.type);
      gross[i] = row.gross;
      fee[i] = row.fee;
    });
    const chunk: BankRowColumns = { count: rows.length, ids: ids.bytes, idEnds: ids.ends, references: references.bytes, referenceEnds: references.ends, gross, fee, types, currencyCodes, currencies };
    this.take(chunk, [ids.bytes, ids.ends, references.bytes, references.ends, gross, fee, types, currencyCodes].map((array) => array.buffer as ArrayBuffer));
  }
}

/** The type of row i of a chunk. */
export const rowTypeAt = (chunk: BankRowColumns, i: number): BankRowType => BANK_ROW_TYPES[chunk.types[i] ?? 0] ?? 'capture';

/** What the worker posts. */
export type BankWorkerMessage = { kind: 'rows'; chunk: BankRowColumns } | { kind: 'done'; summary: BankFileSummary } | { kind: 'error'; message: string };

// The worker runs compiled JavaScript: from the sources (under jest), the build's copy of it.
const WORKER_FILE = __filename.endsWith('.ts') ? path.join(__dirname, '..', '..', 'dist', 'bankFile', 'bankFileWorker.js') : path.join(__dirname, 'bankFileWorker.js');

/**
 * readBankFile on a worker thread: the bank's statement is parsed (csv-parse) and checked on the other
 * core while the caller reads the ledger. Resolves with the summary and the valid rows in file order,
 * as columns moved over without a copy; rejects with the reader's error (a file that is not a
 * statement, one csv-parse cannot read).
 */
export function readBankFileInWorker(file: string, date: string): Promise<{ summary: BankFileSummary; chunks: BankRowColumns[] }> {
  return new Promise((resolve, reject) => {
    const chunks: BankRowColumns[] = [];
    const worker = new Worker(WORKER_FILE, { workerData: { file, date } });
    let settled = false;
    worker.on('message', (message: BankWorkerMessage) => {
      if (message.kind === 'rows') chunks.push(message.chunk);
      else if (message.kind === 'done') {
        settled = true;
        resolve({ summary: message.summary, chunks });
      } else {
        settled = true;
        reject(new Error(message.message));
      }
    });
    worker.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the bank file reader stopped (exit ${code}) before it finished ${file}`));
      settled = true;
    });
  });
}

/** The worker's body: reads `file` and posts its rows as columns, then the summary (or the error). */
export async function runBankFileWorker(post: (message: BankWorkerMessage, transfer?: ArrayBuffer[]) => void, file: string, date: string): Promise<void> {
  const packer = new BankColumnsPacker((chunk, transfer) => post({ kind: 'rows', chunk }, transfer));
  try {
    const summary = await readBankFile(file, date, (row) => packer.add(row));
    packer.flush();
    post({ kind: 'done', summary });
  } catch (error) {
    post({ kind: 'error', message: (error as Error).message });
  }
}
