import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { COMMANDS } from './commands';

const BIN = path.resolve(__dirname, '../bin/payrail.js');

function payrail(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, DATA_DIR: '', SETTLEMENT_TIMEZONE: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every command and the options its usage must name, as a person types them. */
const OPTIONS: Record<string, string[]> = {
  start: ['--watch'],
  reset: ['--yes', '--data'],
  verify: ['--data', '--json'],
  reshard: ['--shards', '--data', '--json'],
  settle: ['--date', '--data', '--timezone', '--force', '--json'],
  reconcile: ['--date', '--data', '--timezone', '--force', '--dry-run', '--json'],
  explain: ['--date', '--data', '--json'],
  triage: ['--data', '--since', '--json'],
  draft: ['--id', '--key', '--pdf', '--json'],
  generate: [
    '--direct', '--data', '--via-api', '--vault', '--key', '--concurrency', '--seed', '--start', '--days', '--timezone', '--payments', '--merchants',
    '--mix', '--refund-percent', '--manual-capture-percent', '--dispute-lost-percent', '--mismatch-percent', '--shards', '--json',
  ],
  health: ['--json'],
  logs: ['--service', '--level', '--lines', '--once', '--json', '--data'],
};

/** The entry of `option` in a usage: its line, and the next when the option is too wide to share one with its help. */
function optionEntry(usage: string, option: string): string | undefined {
  const lines = usage.split('\n');
  const at = lines.findIndex((line) => line.startsWith(`  ${option} `) || line === `  ${option}`);
  if (at === -1) return undefined;
  return lines[at] === `  ${option}` ? `${lines[at]}\n${lines[at + 1] ?? ''}` : lines[at];
}

describe('payrail --help: every command prints its usage and exits 0', () => {
  it('payrail --help, -h and help list every command (a command takes -h too); payrail alone prints the list on stderr and exits 2', () => {
    expect(COMMANDS.map((command) => command.name)).toEqual(Object.keys(OPTIONS));
    for (const args of [['--help'], ['-h'], ['help']]) {
      const { status, stdout } = payrail(...args);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^usage: payrail <command> \[options\]$/m);
      for (const name of Object.keys(OPTIONS)) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
      expect(stdout).toContain("'payrail <command> --help'");
    }
    expect(payrail('settle', '-h')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^usage: payrail settle --date/) });
    const bare = payrail();
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^usage: payrail <command> \[options\]$/m);
  });

  it.each(Object.keys(OPTIONS))('payrail %s --help (and payrail help <command>) names every option, with its default', (name) => {
    const command = COMMANDS.find((candidate) => candidate.name === name);
    const outputs = [payrail(name, '--help'), payrail('help', name)];
    for (const { status, stdout, stderr } of outputs) {
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(stdout).toBe(outputs[0]?.stdout);
      expect(stdout.split('\n')[0]).toMatch(new RegExp(`^usage: payrail ${name}\\b`));
      for (const option of [...(OPTIONS[name] ?? []), '-h, --help']) expect(optionEntry(stdout, option)).toBeDefined();
      for (const [option, spec] of Object.entries(command?.options ?? {})) {
        const shown = spec.default_text ?? spec.default;
        if (shown === undefined) continue;
        const entry = optionEntry(stdout, `--${option}${spec.value === undefined ? '' : ` ${spec.value}`}`);
        expect(entry).toMatch(/\(default: .*\)$/);
        expect(entry).toContain(shown);
      }
    }
  });

  it.each(Object.keys(OPTIONS))('payrail %s with an unknown option exits 2 and says where its usage is', (name) => {
    const { status, stdout, stderr } = payrail(name, '--no-such-option');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    const [message, hint, ...rest] = stderr.split('\n');
    expect(message).toMatch(/^payrail: Unknown option '--no-such-option'/);
    expect(hint).toBe(`'payrail ${name} --help' lists its options.`);
    expect(rest).toEqual(['']);
  });

  it('an unknown command, or a command missing a required option, exits 2 with the same hint', () => {
    expect(payrail('nope')).toMatchObject({ status: 2, stderr: "payrail: unknown command 'nope'\n'payrail --help' lists the commands.\n" });
    expect(payrail('help', 'nope')).toMatchObject({ status: 2 });
    expect(payrail('settle')).toMatchObject({ status: 2, stderr: "payrail: settle needs --date YYYY-MM-DD\n'payrail settle --help' lists its options.\n" });
    expect(payrail('generate', '--seed', '7')).toMatchObject({ status: 2, stderr: expect.stringContaining("'payrail generate --help' lists its options.") });
  });

  it('the operations commands refuse a value they cannot read, naming it, and touch nothing', () => {
    expect(payrail('triage', '--since', 'yesterday', '--data', '/nonexistent')).toMatchObject({ status: 2, stdout: '', stderr: expect.stringContaining('--since yesterday: give a duration back from now (30m, 1h, 2d) or an ISO time') });
    expect(payrail('explain')).toMatchObject({ status: 2, stderr: "payrail: explain needs --date YYYY-MM-DD\n'payrail explain --help' lists its options.\n" });
    expect(payrail('explain', '--date', '2026-13-45')).toMatchObject({ status: 2, stderr: expect.stringContaining('--date: date must be a calendar day written YYYY-MM-DD') });
    expect(payrail('explain', '--date', '2026-02-09', '--data', '/nonexistent')).toMatchObject({ status: 1, stderr: expect.stringContaining('reconciliation_report_2026-02-09.json does not exist: run `npx payrail reconcile --date 2026-02-09` first') });
    expect(payrail('draft', '--id', 'pi_123')).toMatchObject({ status: 2, stderr: expect.stringContaining('draft needs a dispute id: payrail draft dp_...') });
  });
});
