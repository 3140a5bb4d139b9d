import { parseSince, triage, triageText } from '@payrail/ops';
import { DATA_OPTION, JSON_OPTION, cliCommand } from './commandLine';

/**
 * `payrail triage [--since 1h] [--data DIR] [--json]`: groups the failures of the window (declines by
 * code and processor, processors not answering and their breakers, card testing, webhook failures by
 * endpoint and status, torn journal lines) into incidents with a probable cause, the blast radius and
 * the next action, each citing the lines it stands on. Exit 0 whatever it finds (it explains; it does
 * not judge), 2 for a --since it cannot read.
 */
export async function triageCommand(options: { data: string; since: string; json: boolean }, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const since = parseSince(options.since);
  if (since === null) {
    err.write(`payrail triage: --since ${options.since}: give a duration back from now (30m, 1h, 2d) or an ISO time (2026-12-07T10:00:00Z)\n`);
    return 2;
  }
  const report = await triage({ dataDir: options.data, since_ms: since });
  out.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : triageText(report));
  return 0;
}

export const TRIAGE_COMMAND = cliCommand({
  name: 'triage',
  synopsis: 'triage [--since 1h] [--data DIR] [--json]',
  summary: 'group recent failures into incidents: probable cause, blast radius, next action, the lines behind each',
  options: { data: DATA_OPTION, since: { type: 'string', value: 'WHEN', default: '1h', help: 'how far back: 30m, 1h, 2d, or an ISO time' }, json: JSON_OPTION },
  run: (values) => triageCommand(values),
});
