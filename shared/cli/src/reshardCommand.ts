import { LEDGER_SHARDS_MAX, STREAM_KINDS, checkShardCount } from '@payrail/ledger';
import { textTable } from '@payrail/settlement';
import { DATA_OPTION, JSON_OPTION, UsageError, cliCommand, type OptionValues } from './commandLine';
import { ReshardRefusedError, reshardLedger, type ReshardResult } from './reshardLedger';

const RESHARD_OPTIONS = {
  shards: { type: 'string', value: 'N', help: `the ledger's new shard count, 1 to ${LEDGER_SHARDS_MAX} (1: the unsharded ledger/payments.jsonl ...)` },
  data: DATA_OPTION,
  json: JSON_OPTION,
} as const;

/** `--shards N` as a count, or a UsageError naming what is wrong with it. */
function shardsOption(text: string | undefined): number {
  if (text === undefined) throw new UsageError(`reshard needs --shards N (1 to ${LEDGER_SHARDS_MAX})`, 'reshard');
  const count = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  try {
    checkShardCount(count, '--shards');
  } catch {
    throw new UsageError(`--shards must be a whole number from 1 to ${LEDGER_SHARDS_MAX}, got ${JSON.stringify(text)}`, 'reshard');
  }
  return count;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The summary a person reads: events per new shard and stream kind, what was checked, where the old ledger is, what to do next. */
function summaryText(result: ReshardResult): string {
  const lines = result.notes.map((note) => `Note: ${note}.`);
  if (!result.changed) {
    lines.push(`The ledger of ${result.data} already has ${plural(result.to_shards, 'shard')}: nothing to do.`);
    return `${lines.join('\n')}\n`;
  }
  const total = STREAM_KINDS.reduce((sum, kind) => sum + result.events[kind].reduce((a, b) => a + b, 0), 0);
  lines.push(`Resharded the ledger of ${result.data} from ${plural(result.from_shards, 'shard')} to ${result.to_shards} in ${(result.duration_ms / 1000).toFixed(2)} s: ${plural(total, 'event')}.`, '');
  const rows: Array<Array<string | number>> = Array.from({ length: result.to_shards }, (_, shard) => {
    const counts = STREAM_KINDS.map((kind) => result.events[kind][shard] ?? 0);
    return [String(shard), ...counts, counts.reduce((a, b) => a + b, 0)];
  });
  const totals = STREAM_KINDS.map((kind) => result.events[kind].reduce((a, b) => a + b, 0));
  rows.push(['all', ...totals, total]);
  lines.push(textTable(['shard', ...STREAM_KINDS, 'events'], rows), '');
  lines.push('Every new stream verifies, and holds exactly the old ledger\'s events of its kind and merchants (same event_id and content; new seq, hashes and lock epoch).');
  if (result.without_merchant > 0) lines.push(`${plural(result.without_merchant, 'event')} had no merchant_id: ${result.without_merchant === 1 ? 'it is' : 'they are'} in shard 0.`);
  lines.push(`The old ledger is kept in ${result.backup} (payrail verify --data ${result.backup} checks it); delete it once you no longer need it.`);
  lines.push(`Start the services with LEDGER_SHARDS=${result.to_shards}. ledger-service reads the new streams from their start once (its outbox checkpoint names the old ones); the deliveries it recorded are not sent again.`);
  return `${lines.join('\n')}\n`;
}

/**
 * `payrail reshard --shards N [--data DIR] [--json]`: re-shards the ledger offline (see reshardLedger),
 * under every ledger lock, verifying the old ledger before and the new one after; the old streams are
 * kept in `ledger/.before-reshard-<time>/`. Exit code 1 when it refuses (a service holds a lock, the
 * ledger does not verify, the copy differs), with the ledger left as it was.
 */
export async function reshardCommand(values: OptionValues<typeof RESHARD_OPTIONS>, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const shards = shardsOption(values.shards);
  let result: ReshardResult;
  try {
    result = await reshardLedger({ dataDir: values.data, shards });
  } catch (error) {
    if (!(error instanceof ReshardRefusedError)) throw error;
    process.stderr.write(`payrail reshard: ${error.message}\n`);
    return 1;
  }
  if (values.json) out.write(`${JSON.stringify({ object: 'reshard', ...result })}\n`);
  else out.write(summaryText(result));
  return 0;
}

export const RESHARD_COMMAND = cliCommand({
  name: 'reshard',
  synopsis: 'reshard --shards N [--data DIR] [--json]',
  summary: 'split the ledger into N shards by merchant (or join it back: N=1), offline, verified, old streams kept; stop the services first',
  options: RESHARD_OPTIONS,
  run: (values) => reshardCommand(values),
});
