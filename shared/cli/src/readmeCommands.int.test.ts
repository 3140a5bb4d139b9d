import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseEnv } from 'node:util';
import { REPO_ROOT, freePort, makeTempDataDir } from '@payrail/testing';
import { PORT_ENVS, startPayrail, type PayrailStart } from './testing/payrailStart';

/**
 * Every ```sh block of README.md, run as written with bash against a real stack (`payrail start` on
 * free loopback ports and a temporary data folder), in README order, as a reader in one terminal would:
 * each block is `bash -euo pipefail -c`, from a checkout folder holding the test's `.env` and `data/`,
 * with the variables the blocks before it exported. The reader has started PayRail on other ports
 * and exported them; that `.env` holds the test's tokens and ports nobody listens on, so a block that
 * lets `.env` override those exports fails. Literal default URLs (`127.0.0.1:8081`, `localhost:8080`)
 * get the test's ports.
 *
 * A block that cannot run here is skipped by a visible rule with its reason: the comment
 * `<!-- readme-test: skip (reason) -->` on the line right before it. Any other block runs, so a new block that cannot run
 * fails the test until it is fixed or marked.
 *
 * Each `curl` a block runs is the real curl, given `--max-time` and `-D <file>` (its output is
 * unchanged); after the block, every response must be 2xx, a GET must have printed a body, and a JSON
 * response must parse.
 */

const README = path.join(REPO_ROOT, 'README.md');
const SKIP_MARKER = /^<!-- readme-test: skip \((.+)\) -->$/;
const BLOCK_TIMEOUT_MS = 20_000;
const CURL_TIMEOUT_S = 10;

interface ShellBlock {
  /** The line of the opening fence, 1-based. */
  line: number;
  section: string;
  text: string;
  /** The reason of its skip marker, if it has one. */
  marker: string | null;
}

/** Why a block is not run, or null: it runs. */
const skipOf = (block: ShellBlock): string | null => block.marker;

/** Every ```sh (bash, shell) block of the README with its section (## heading) and skip marker, and every readme-test comment that is not a marker of one. */
function shellBlocks(markdown: string): { blocks: ShellBlock[]; badMarkers: string[] } {
  const lines = markdown.split('\n');
  const blocks: ShellBlock[] = [];
  const badMarkers: string[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('## ')) section = line.slice(3).trim();
    if (line.startsWith('<!-- readme-test')) {
      if (!SKIP_MARKER.test(line)) badMarkers.push(`README.md:${i + 1}: not a marker (<!-- readme-test: skip (reason) -->): ${line}`);
      else if (!/^```(sh|bash|shell)\s*$/.test(lines[i + 1] ?? '')) badMarkers.push(`README.md:${i + 1}: a marker whose next line does not open an sh block`);
    }
    const fence = /^```(\S*)\s*$/.exec(line);
    if (fence === null) continue;
    const end = lines.findIndex((candidate, at) => at > i && /^```\s*$/.test(candidate));
    if (end === -1) throw new Error(`README.md:${i + 1}: a fence that never closes`);
    if (['sh', 'bash', 'shell'].includes(fence[1] ?? '')) {
      const marker = SKIP_MARKER.exec(lines[i - 1] ?? '');
      blocks.push({ line: i + 1, section, text: lines.slice(i + 1, end).join('\n'), marker: marker?.[1] ?? null });
    }
    i = end;
  }
  return { blocks, badMarkers };
}

const { blocks: BLOCKS, badMarkers: BAD_MARKERS } = shellBlocks(readFileSync(README, 'utf8'));

/** Runs every `curl` through the real one with a time limit and a header dump, keeping what it printed. */
const CURL_RECORDER = `curl() {
  local call
  call=$(mktemp -d "$README_TEST_CALLS/call.XXXXXXXX")
  printf '%s\\0' "$@" > "$call/args"
  command curl --max-time ${CURL_TIMEOUT_S} -D "$call/headers" "$@" | tee "$call/stdout"
}
`;

interface CurlCall {
  args: string[];
  status: number | null;
  contentType: string | null;
  body: string;
}

function curlMethod(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '-X' || arg === '--request' || /^-[a-zA-Z]*X$/.test(arg)) return (args[i + 1] ?? '').toUpperCase();
  }
  if (args.some((arg) => arg === '-G' || arg === '--get')) return 'GET';
  return args.some((arg) => /^(-d|--data.*|-F|--form|-T|--upload-file)$/.test(arg)) ? 'POST' : 'GET';
}

function recordedCalls(dir: string): CurlCall[] {
  return readdirSync(dir).filter((name) => name.startsWith('call.')).map((name) => {
    const call = path.join(dir, name);
    const args = readFileSync(path.join(call, 'args'), 'utf8').split('\0').slice(0, -1);
    const headers = readFileSync(path.join(call, 'headers'), 'utf8');
    const stdout = readFileSync(path.join(call, 'stdout'), 'utf8');
    const statuses = [...headers.matchAll(/^HTTP\/\S+ (\d{3})/gm)];
    const types = [...headers.matchAll(/^content-type:\s*(.+?)\s*$/gim)];
    const included = args.some((arg) => arg === '-i' || arg === '--include' || /^-[a-zA-Z]*i[a-zA-Z]*$/.test(arg));
    return { args, status: statuses.length === 0 ? null : Number(statuses[statuses.length - 1]?.[1]), contentType: types[types.length - 1]?.[1] ?? null, body: included ? stdout.slice(headers.length) : stdout };
  });
}

/** The problems of one call: not 2xx, a GET that printed nothing, a JSON answer that does not parse. */
function callProblems(call: CurlCall): string[] {
  const problems: string[] = [];
  const method = curlMethod(call.args);
  if (call.status === null || call.status < 200 || call.status > 299) problems.push(`answered ${call.status ?? 'nothing'}: ${call.body.slice(0, 300)}`);
  if (method === 'GET' && call.body.trim() === '') problems.push('a GET that printed nothing');
  if (call.contentType?.includes('json') === true) {
    try {
      JSON.parse(call.body);
    } catch {
      problems.push(`a JSON answer that does not parse: ${call.body.slice(0, 200)}`);
    }
  }
  return problems.map((problem) => `curl ${method} ${call.args.filter((arg) => arg.startsWith('http') || arg.includes('/v1/') || arg.includes('/admin/')).join(' ')}: ${problem}`);
}

/** How many times a block calls curl (comments aside): each call must be recorded. */
const curlCallsIn = (script: string): number =>
  script
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .map((line) => line.replace(/\s#\s.*$/, ''))
    .reduce((count, line) => count + (line.match(/(^|[\s(|;&])curl\s/g) ?? []).length, 0);

/** Runs `script` with bash in its own process group, killed (with whatever it started) after BLOCK_TIMEOUT_MS. */
function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | string; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${BLOCK_TIMEOUT_MS} ms)`;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, BLOCK_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, stdout, stderr });
    });
  });
}

const DEFAULT_ENV = parseEnv(readFileSync(path.join(REPO_ROOT, '.env'), 'utf8')) as Record<string, string>;
/** Variables bash sets itself: not part of what a block hands on. */
const SHELL_OWN = new Set(['PWD', 'OLDPWD', 'SHLVL', '_']);

describe('README.md: every sh block runs as written against a real stack', () => {
  let payrail: PayrailStart;
  let checkout: { dir: string; cleanup: () => void };
  /** The exported variables a block hands to the next, as in one terminal. */
  let exported: NodeJS.ProcessEnv;
  /** README default port → the test's port, for literal URLs. */
  const ports = new Map<string, string>();

  beforeAll(async () => {
    payrail = await startPayrail('readme', {}, 20_000);
    checkout = makeTempDataDir('readme-checkout');
    symlinkSync(payrail.dir, path.join(checkout.dir, 'data'));
    const envLines: string[] = [];
    for (const line of readFileSync(path.join(REPO_ROOT, '.env'), 'utf8').split('\n')) {
      const name = /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1];
      if (name === undefined || name === 'DATA_DIR') envLines.push(line);
      else if ((PORT_ENVS as readonly string[]).includes(name)) envLines.push(`${name}=${await freePort()}`);
      else envLines.push(`${name}=${payrail.env[name] ?? DEFAULT_ENV[name] ?? ''}`);
    }
    writeFileSync(path.join(checkout.dir, '.env'), envLines.join('\n'));
    for (const name of PORT_ENVS) {
      const fallback = DEFAULT_ENV[name];
      if (fallback !== undefined) ports.set(fallback, payrail.env[name] as string);
    }
    exported = {
      PATH: process.env['PATH'],
      HOME: checkout.dir,
      LANG: 'C.UTF-8',
      ...Object.fromEntries(PORT_ENVS.map((name) => [name, payrail.env[name]])),
    };
  }, 40_000);

  afterAll(async () => {
    await payrail?.cleanup();
    checkout?.cleanup();
  }, 30_000);

  it('finds the blocks, and every readme-test comment is a skip marker with a reason right before an sh block', () => {
    expect(BLOCKS.filter((block) => skipOf(block) === null).length).toBeGreaterThan(0);
    expect(BAD_MARKERS).toEqual([]);
  });

  for (const [index, block] of BLOCKS.entries()) {
    const title = `README.md:${block.line} (${block.section}): ${block.text.split('\n').find((line) => line.trim() !== '' && !line.startsWith('#')) ?? ''}`.slice(0, 140);
    const skip = skipOf(block);
    if (skip !== null) {
      it.skip(`${title} — skipped: ${skip}`, () => {});
      continue;
    }
    it(title, async () => {
      const calls = path.join(checkout.dir, `.calls-${index}`);
      mkdirSync(calls);
      const script = block.text.replace(/\b(127\.0\.0\.1|localhost):(\d{2,5})\b/g, (all, host: string, port: string) => (ports.has(port) ? `${host}:${ports.get(port)}` : all));
      const envFile = `${calls}.env`;
      const result = await runBash(`${CURL_RECORDER}\n${script}\nenv -0 > ${JSON.stringify(envFile)}\n`, checkout.dir, { ...exported, README_TEST_CALLS: calls });
      const report = `README.md:${block.line}: exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
      if (result.code !== 0) throw new Error(report);
      if (result.stdout.trim() === '') throw new Error(`printed nothing\n${report}`);
      const recorded = recordedCalls(calls);
      // At least one call per curl written (a poll loop runs its curl until what it waits for happens).
      expect(recorded.length).toBeGreaterThanOrEqual(curlCallsIn(script));
      expect(recorded.flatMap(callProblems)).toEqual([]);
      exported = Object.fromEntries(
        readFileSync(envFile, 'utf8')
          .split('\0')
          .filter((entry) => entry.includes('='))
          .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)])
          .filter(([name]) => !SHELL_OWN.has(name as string) && name !== 'README_TEST_CALLS'),
      );
    }, BLOCK_TIMEOUT_MS + 5_000);
  }
});
