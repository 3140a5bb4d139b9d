import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { LOG_LEVELS } from '@payrail/service-kit';
import { prettyFactory } from 'pino-pretty';
import { DATA_OPTION, JSON_OPTION, UsageError, cliCommand, commandUsage, parseCommandLine, type OptionValues } from './commandLine';

/** How often the log files are looked at for new lines, and the most read from one file per look. */
const POLL_MS = 250;
const READ_BYTES_MAX = 1024 * 1024;
/** What the first look reads from the end of each file to find its last --lines lines. */
const TAIL_BYTES_MAX = 256 * 1024;
const LINES_DEFAULT = 20;
const LINES_MAX = 10_000;

/** pino's numeric levels, for `--level`. */
const LEVEL_VALUES: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

const LOGS_OPTIONS = {
  service: { type: 'string', value: 'NAME,...', default_text: 'every service', help: 'only these services (npm run logs -- api-gateway ledger-service also works)' },
  level: { type: 'string', value: 'LEVEL', default_text: 'every line', help: `only lines at this level or more severe (${LOG_LEVELS.filter((l) => l !== 'silent').join(', ')})` },
  lines: { type: 'string', value: 'N', default_text: String(LINES_DEFAULT), help: 'lines of each file shown before following' },
  once: { type: 'boolean', help: 'print the last lines and exit instead of following' },
  json: { ...JSON_OPTION, help: 'print the JSON lines as written (default: pretty on a terminal, JSON otherwise)' },
  data: DATA_OPTION,
} as const;

interface Followed {
  service: string;
  file: string;
  offset: number;
  partial: string;
}

/**
 * `payrail logs` (npm run logs): follows `data/logs/<service>.log`, the files `npm start` writes, with
 * each line prefixed by its service as `npm start` prints them; pretty on a terminal. New files (a
 * service that starts later) are picked up; a file that shrinks (a reset) is read again from its start.
 */
export async function logsCommand(values: OptionValues<typeof LOGS_OPTIONS>, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const dir = path.join(path.resolve(values.data), 'logs');
  const wanted = values.service === undefined ? null : new Set(values.service.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  const lines = values.lines === undefined ? LINES_DEFAULT : Number(values.lines);
  if (!Number.isSafeInteger(lines) || lines < 0 || lines > LINES_MAX) throw new UsageError(`--lines must be an integer from 0 to ${LINES_MAX}, got ${JSON.stringify(values.lines)}`, 'logs');
  const minLevel = values.level === undefined ? 0 : LEVEL_VALUES[values.level];
  if (minLevel === undefined) throw new UsageError(`--level must be one of ${Object.keys(LEVEL_VALUES).join(', ')}, got ${JSON.stringify(values.level)}`, 'logs');
  if (!existsSync(dir)) {
    process.stderr.write(`payrail logs: no ${dir}: npm start writes each service's log there (set DATA_DIR or --data for another data folder).\n`);
    return 1;
  }
  const pretty = !values.json && (out as NodeJS.WriteStream).isTTY === true ? prettyFactory({ colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true }) : null;
  const followed = new Map<string, Followed>();
  /** A line that passes --level (any line without it; a line that is not JSON, such as a crash's stack trace, only without it). */
  const shown = (line: string): boolean => {
    if (line === '') return false;
    if (minLevel === 0) return true;
    let level: unknown;
    try {
      level = (JSON.parse(line) as { level?: unknown }).level;
    } catch {
      return false;
    }
    const value = typeof level === 'number' ? level : LEVEL_VALUES[String(level)];
    return value !== undefined && value >= minLevel;
  };
  const print = (entry: Followed, line: string): void => {
    out.write(`${entry.service.padEnd(15)}| ${pretty !== null && line.startsWith('{') ? pretty(line).trimEnd() : line}\n`);
  };
  const discover = (): string[] => {
    const names = readdirSync(dir).filter((name) => name.endsWith('.log')).map((name) => name.slice(0, -'.log'.length));
    return names.filter((name) => wanted === null || wanted.has(name)).sort();
  };
  const found = discover();
  if (wanted !== null) {
    const missing = [...wanted].filter((name) => !found.includes(name));
    if (missing.length > 0) process.stderr.write(`payrail logs: no log yet for ${missing.join(', ')} in ${dir} (there are: ${readdirSync(dir).filter((n) => n.endsWith('.log')).join(', ') || 'none'})${values.once ? '' : '; waiting for it'}.\n`);
  }
  // The last `lines` lines of every file, oldest file content first, then everything appended after.
  for (const service of found) {
    const file = path.join(dir, `${service}.log`);
    const size = statSync(file).size;
    const start = Math.max(0, size - TAIL_BYTES_MAX);
    const text = readRange(file, start, size);
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    const entry: Followed = { service, file, offset: start + Buffer.byteLength(complete), partial: '' };
    followed.set(service, entry);
    // Read from the middle of a file, the first line is only the end of one.
    const whole = complete.split('\n').slice(start > 0 ? 1 : 0, -1).filter(shown);
    for (const line of lines === 0 ? [] : whole.slice(-lines)) print(entry, line);
  }
  if (values.once) return 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    for (const service of discover()) {
      if (!followed.has(service)) followed.set(service, { service, file: path.join(dir, `${service}.log`), offset: 0, partial: '' });
    }
    for (const entry of followed.values()) {
      let size: number;
      try {
        size = statSync(entry.file).size;
      } catch {
        continue; // removed (a reset): it comes back when the service writes again
      }
      if (size < entry.offset) {
        entry.offset = 0;
        entry.partial = '';
      }
      if (size === entry.offset) continue;
      const end = Math.min(size, entry.offset + READ_BYTES_MAX);
      const text = entry.partial + readRange(entry.file, entry.offset, end);
      entry.offset = end;
      const parts = text.split('\n');
      entry.partial = parts.pop() ?? '';
      for (const line of parts) if (shown(line)) print(entry, line);
    }
  }
}

function readRange(file: string, start: number, end: number): string {
  if (end <= start) return '';
  const buffer = Buffer.alloc(end - start);
  const fd = openSync(file, 'r');
  try {
    const read = readSync(fd, buffer, 0, buffer.length, start);
    return buffer.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export const LOGS_COMMAND = cliCommand({
  name: 'logs',
  synopsis: 'logs [--service NAME,...] [--level LEVEL] [--lines N] [--once] [--json] [--data DIR]',
  summary: "follow the services' logs that npm start writes to data/logs/, prefixed by service",
  options: LOGS_OPTIONS,
  run: (values) => logsCommand(values),
});

// `npm run logs -- api-gateway ledger-service`: service names as plain words, as with docker compose logs.
if (require.main === module) {
  const args = process.argv.slice(2);
  const valued = new Set(Object.entries(LOGS_OPTIONS).filter(([, option]) => option.type === 'string').map(([name]) => `--${name}`));
  const names: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (valued.has(arg)) rest.push(arg, args[++i] ?? '');
    else if (arg.startsWith('-')) rest.push(arg);
    else names.push(arg);
  }
  if (names.length > 0) rest.push('--service', names.join(','));
  void (async () => {
    try {
      const parsed = parseCommandLine(LOGS_COMMAND, rest);
      if (parsed.help) {
        process.stdout.write(commandUsage(LOGS_COMMAND));
        return;
      }
      process.exitCode = await logsCommand(parsed.values);
    } catch (error) {
      process.stderr.write(`payrail logs: ${(error as Error).message}\n${error instanceof UsageError ? "'payrail logs --help' lists its options.\n" : ''}`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    }
  })();
}
