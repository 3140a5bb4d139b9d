import * as path from 'node:path';
import { listStreams, verifyStream, type StreamReport } from '@payrail/journal';
import { checkEscrowCustody } from '@payrail/ledger';
import { DATA_OPTION, JSON_OPTION, cliCommand } from './commandLine';

/**
 * `payrail verify [--data DIR] [--json]`: walks every stream of the data folder, checking schemas,
 * sequence numbers, postings and the hash chain end to end, then that every escrow's custody account
 * holds what the escrow says (zero once closed). Exit code 1 on any problem.
 */
export async function verifyCommand(options: { data: string; json: boolean }, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const streams = await listStreams(options.data);
  const reports: StreamReport[] = [];
  for (const stream of streams) reports.push(await verifyStream(path.join(options.data, `${stream}.jsonl`), stream));
  const custody = checkEscrowCustody(options.data);
  const ok = reports.every((report) => report.ok) && custody.ok;
  if (options.json) {
    out.write(`${JSON.stringify({ ok, data: path.resolve(options.data), streams: reports, escrow_custody: custody }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  if (reports.length === 0) out.write(`no streams under ${path.resolve(options.data)}\n`);
  const width = Math.max(6, ...reports.map((r) => r.stream.length));
  if (reports.length > 0) out.write(`${'stream'.padEnd(width)}  ${'lines'.padStart(9)}  ${'last seq'.padStart(9)}  head hash         ${'lock epochs'.padEnd(EPOCHS_WIDTH)}  result\n`);
  for (const report of reports) {
    const result = report.ok ? 'OK' : `BAD line ${report.problem?.line} (byte ${report.problem?.offset}): ${report.problem?.reason}`;
    out.write(`${report.stream.padEnd(width)}  ${String(report.lines).padStart(9)}  ${String(report.last_seq).padStart(9)}  ${report.head_hash.slice(0, 16)}  ${epochsOf(report).padEnd(EPOCHS_WIDTH)}  ${result}\n`);
  }
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
