import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { listStreams, verifyStream, type StreamReport } from '@payrail/journal';
import { SHARDS_FILE, checkEscrowCustody, ledgerStreams, readShardCount, streamKind, type CustodyReport } from '@payrail/ledger';
import { DATA_OPTION, JSON_OPTION, cliCommand } from './commandLine';
import { RESHARD_FOLDER_PREFIXES } from './reshardLedger';

/** What `payrail verify` says of the ledger's layout: its shard count, and ledger streams outside it that hold events. */
export interface LayoutReport {
  ok: boolean;
  /** The count `ledger/shards.json` records (1 without it); null when the file cannot be read. */
  shards: number | null;
  problems: string[];
  /** The folders `payrail reshard` keeps under `ledger/` (a backup, an unfinished build): not checked here. */
  skipped: string[];
}

/**
 * The layout check: every ledger stream with lines belongs to the layout `ledger/shards.json` records
 * (a `ledger/payments.jsonl` with events beside a 4-shard ledger is one no service reads).
 */
function checkLayout(dataDir: string, reports: readonly StreamReport[]): LayoutReport {
  let skipped: string[] = [];
  try {
    skipped = readdirSync(path.join(dataDir, 'ledger'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && RESHARD_FOLDER_PREFIXES.some((prefix) => entry.name.startsWith(prefix)))
      .map((entry) => `ledger/${entry.name}`)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  let shards: number;
  try {
    shards = readShardCount(dataDir);
  } catch (error) {
    return { ok: false, shards: null, problems: [(error as Error).message], skipped };
  }
  const expected = new Set(ledgerStreams(shards));
  const problems = reports
    .filter((report) => streamKind(report.stream) !== undefined && !expected.has(report.stream) && report.lines > 0)
    .map((report) => `${report.stream} has ${report.lines} lines, but it is not a stream of the ledger's ${shards}-shard layout (${SHARDS_FILE}): no service reads it`);
  return { ok: problems.length === 0, shards, problems, skipped };
}

/**
 * `payrail verify [--data DIR] [--json]`: walks every stream of the data folder, checking schemas,
 * sequence numbers, postings and the hash chain end to end, that every ledger stream with lines is one
 * of the layout `ledger/shards.json` records, then that every escrow's custody account holds what the
 * escrow says (zero once closed). Exit code 1 on any problem.
 */
export async function verifyCommand(options: { data: string; json: boolean }, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const streams = await listStreams(options.data);
  const reports: StreamReport[] = [];
  for (const stream of streams) reports.push(await verifyStream(path.join(options.data, `${stream}.jsonl`), stream));
  const layout = checkLayout(options.data, reports);
  // The custody check reads the escrow streams of the layout: with no layout to read, it has none.
  const custody: CustodyReport = layout.shards === null ? { ok: false, escrows: 0, open: 0, in_custody: {}, problems: [] } : checkEscrowCustody(options.data);
  const ok = reports.every((report) => report.ok) && layout.ok && custody.ok;
  if (options.json) {
    out.write(`${JSON.stringify({ ok, data: path.resolve(options.data), streams: reports, ledger_layout: layout, escrow_custody: custody }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  if (reports.length === 0) out.write(`no streams under ${path.resolve(options.data)}\n`);
  const width = Math.max(6, ...reports.map((r) => r.stream.length));
  if (reports.length > 0) out.write(`${'stream'.padEnd(width)}  ${'lines'.padStart(9)}  ${'last seq'.padStart(9)}  head hash         ${'lock epochs'.padEnd(EPOCHS_WIDTH)}  result\n`);
  for (const report of reports) {
    const result = report.ok ? 'OK' : `BAD line ${report.problem?.line} (byte ${report.problem?.offset}): ${report.problem?.reason}`;
    out.write(`${report.stream.padEnd(width)}  ${String(report.lines).padStart(9)}  ${String(report.last_seq).padStart(9)}  ${report.head_hash.slice(0, 16)}  ${epochsOf(report).padEnd(EPOCHS_WIDTH)}  ${result}\n`);
  }
  if (layout.shards !== null && layout.shards > 1) out.write(`ledger: ${layout.shards} shards (${SHARDS_FILE})\n`);
  for (const problem of layout.problems) out.write(`BAD ledger layout: ${problem}\n`);
  for (const folder of layout.skipped) out.write(`not checked: ${folder} (kept by payrail reshard; payrail verify --data ${path.join(options.data, folder)} checks it)\n`);
  if (custody.escrows > 0) {
    const held = Object.entries(custody.in_custody).map(([currency, amount]) => `${amount} ${currency}`).join(', ') || 'nothing';
    out.write(`escrow custody: ${custody.escrows} escrow${custody.escrows === 1 ? '' : 's'}, ${custody.open} open holding ${held}; closed ones at zero: ${custody.ok ? 'OK' : 'BAD'}\n`);
    for (const problem of custody.problems) out.write(`  BAD ${problem.escrow} (${problem.status}): ${problem.reason}: balance ${problem.balance}, expected ${problem.expected}\n`);
  }
  return ok ? 0 : 1;
}

const EPOCHS_WIDTH = 'lock epochs'.length + 6;

/** `first..last` of the lock epochs on a stream's lines (a new holder of its lock at each change), or `-`. */
function epochsOf(report: StreamReport): string {
  const { epochs } = report;
  if (epochs === undefined) return '-';
  return epochs.first === epochs.last ? String(epochs.first) : `${epochs.first}..${epochs.last}`;
}

export const VERIFY_COMMAND = cliCommand({
  name: 'verify',
  synopsis: 'verify [--data DIR] [--json]',
  summary: "check every stream's schema and hash chain; exit 1 on any problem",
  options: { data: DATA_OPTION, json: JSON_OPTION },
  run: (values) => verifyCommand(values),
});
