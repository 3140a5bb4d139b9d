import { checkBusinessDate, explainMismatches, explanationsTable } from '@payrail/settlement';
import { DATA_OPTION, JSON_OPTION, UsageError, cliCommand } from './commandLine';

/**
 * `payrail explain --date D [--data DIR] [--json]`: the most likely cause of each mismatch of the day's
 * reconciliation report, chosen by rules from the ledger and the bank's statements, what to do, and the
 * lines it stands on (journal seq, CSV line). Reads; writes nothing.
 */
export async function explainCommand(options: { date: string | undefined; data: string; json: boolean }, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  if (options.date === undefined) throw new UsageError('explain needs --date YYYY-MM-DD', 'explain');
  let date: string;
  try {
    date = checkBusinessDate(options.date);
  } catch (error) {
    throw new UsageError(`--date: ${(error as Error).message}`, 'explain');
  }
  const explained = await explainMismatches({ dataDir: options.data, date });
  out.write(options.json ? `${JSON.stringify(explained, null, 2)}\n` : `${explanationsTable(explained)}\n`);
  return 0;
}

export const EXPLAIN_COMMAND = cliCommand({
  name: 'explain',
  synopsis: 'explain --date YYYY-MM-DD [--data DIR] [--json]',
  summary: "explain each mismatch of a day's reconciliation: its likely cause, what to do, the lines behind it",
  options: { date: { type: 'string', value: 'YYYY-MM-DD', help: 'the business day whose report to explain (required)' }, data: DATA_OPTION, json: JSON_OPTION },
  run: (values) => explainCommand(values),
});
