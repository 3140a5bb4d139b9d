import { createReadStream, existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO_MERCHANT_ID, ledgerShards, readShardCount, shardOf, streamKind } from '@payrail/ledger';
import type { DemoClient } from './demoClient';
import { jqProgram, runJq, type JqQuery } from './jq';

/** Evidence lines printed per query; the rest are counted. */
const EVIDENCE_LINES_MAX = 12;
/** Characters of one printed evidence line. */
const EVIDENCE_LINE_CHARS_MAX = 240;
/** How often a wait looks again. */
const WAIT_POLL_MS = 200;

/** Terminal styles, empty when the output is not a terminal. */
export interface Styles {
  bold: (text: string) => string;
  dim: (text: string) => string;
  green: (text: string) => string;
  red: (text: string) => string;
}

export function stylesFor(stream: NodeJS.WritableStream): Styles {
  const tty = (stream as NodeJS.WriteStream).isTTY === true && process.env['NO_COLOR'] === undefined;
  const wrap = (open: number, close: number) => (text: string) => (tty ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), red: wrap(31, 39) };
}

/**
 * What a scenario works with: the client, and a narrator that prints each step in plain words, the
 * evidence read from the data folder (as the jq command a reader would type), and each check.
 */
export class DemoContext {
  readonly failures: string[] = [];
  private steps = 0;
  private readonly style: Styles;

  constructor(readonly client: DemoClient, private readonly out: NodeJS.WritableStream) {
    this.style = stylesFor(out);
  }

  get dataDir(): string {
    return this.client.target.dataDir;
  }

  /** A numbered step: what the scenario does next. */
  step(text: string): void {
    this.steps += 1;
    this.write(`\n  ${this.style.bold(`${this.steps}.`)} ${text}`);
  }

  /** What came of it, under the step. */
  detail(text: string): void {
    for (const line of text.split('\n')) this.write(`     ${line}`);
  }

  /** An assertion: printed, and the scenario fails if any does not hold. */
  check(label: string, ok: boolean, whyNot?: string): boolean {
    if (ok) this.write(`     ${this.style.green('✔')} ${label}`);
    else {
      this.write(`     ${this.style.red('✘')} ${label}${whyNot === undefined ? '' : ` ${this.style.dim(`(${whyNot})`)}`}`);
      this.failures.push(whyNot === undefined ? label : `${label}: ${whyNot}`);
    }
    return ok;
  }

  /**
   * Where a data file is: a ledger file (`ledger/payments.jsonl`, ...) of a sharded ledger
   * (LEDGER_SHARDS) is the demo merchant's shard's (`ledger/shards/<i>/payments.jsonl`).
   */
  located(relative: string): string {
    const kind = relative.endsWith('.jsonl') ? streamKind(relative.slice(0, -'.jsonl'.length)) : undefined;
    if (kind === undefined) return relative;
    const shards = readShardCount(this.dataDir);
    if (shards === 1) return relative;
    return `${ledgerShards(shards)[shardOf(DEMO_MERCHANT_ID, shards)]?.streams[kind]}.jsonl`;
  }

  /** The path of a data file as a reader would type it (relative when under the working folder). */
  shown(relative: string): string {
    const absolute = path.join(this.dataDir, this.located(relative));
    const fromHere = path.relative(process.cwd(), absolute);
    return fromHere.startsWith('..') ? absolute : fromHere;
  }

  /**
   * Evidence from a file of the data folder: runs `query` over each line of a JSONL file (or over a
   * JSON document), prints the jq command and what it selects, and answers every result.
   */
  async evidence(relative: string, query: JqQuery): Promise<unknown[]> {
    const file = path.join(this.dataDir, this.located(relative));
    const inputs = relative.endsWith('.jsonl') ? await readJsonLines(file) : existsSync(file) ? [JSON.parse(await fs.readFile(file, 'utf8')) as unknown] : [];
    const results = runJq(inputs, query);
    this.printEvidence(`jq -c '${jqProgram(query)}' ${this.shown(relative)}`, existsSync(file) ? results.map((r) => JSON.stringify(r)) : ['(no such file)']);
    return results;
  }

  /**
   * Evidence from a CSV file: the header and the rows mentioning any of `needles`, as `grep -E` shows
   * them; answers those rows keyed by the header's columns (the files the demo reads hold ids and
   * numbers only, never a quoted field).
   */
  async csvEvidence(relative: string, needles: readonly string[]): Promise<Array<Record<string, string>>> {
    const file = path.join(this.dataDir, relative);
    const lines = existsSync(file) ? (await fs.readFile(file, 'utf8')).split('\n').filter((line) => line !== '') : [];
    const rows = lines.slice(1).filter((line) => needles.some((needle) => line.includes(needle)));
    this.printEvidence(`grep -E '${needles.join('|')}' ${this.shown(relative)}`, existsSync(file) ? [...lines.slice(0, 1), ...rows] : ['(no such file)']);
    const columns = lines[0]?.split(',') ?? [];
    return rows.map((row) => {
      const cells = row.split(',');
      return Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? '']));
    });
  }

  /** Polls `probe` until it answers a value other than undefined, for at most `timeout_ms`; undefined when it never does. */
  async waitFor<T>(probe: () => Promise<T | undefined>, timeout_ms: number): Promise<T | undefined> {
    const deadline = Date.now() + timeout_ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() >= deadline) return undefined;
      await sleep(WAIT_POLL_MS);
    }
  }

  private printEvidence(command: string, lines: string[]): void {
    this.write(`     ${this.style.dim('$')} ${this.style.bold(command)}`);
    for (const line of lines.slice(0, EVIDENCE_LINES_MAX)) {
      this.write(`       ${this.style.dim(line.length > EVIDENCE_LINE_CHARS_MAX ? `${line.slice(0, EVIDENCE_LINE_CHARS_MAX - 1)}…` : line)}`);
    }
    if (lines.length > EVIDENCE_LINES_MAX) this.write(`       ${this.style.dim(`… ${lines.length - EVIDENCE_LINES_MAX} more`)}`);
    if (lines.length === 0) this.write(`       ${this.style.dim('(nothing)')}`);
  }

  private write(line: string): void {
    this.out.write(`${line}\n`);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every complete line of a JSONL file, parsed, read as a stream (a torn last line is left out); none when it does not exist. */
async function readJsonLines(file: string): Promise<unknown[]> {
  if (!existsSync(file)) return [];
  const lines: unknown[] = [];
  const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of reader) {
    if (line === '') continue;
    try {
      lines.push(JSON.parse(line));
    } catch {
      // a line being written right now: not evidence yet
    }
  }
  return lines;
}
