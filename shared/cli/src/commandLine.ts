import { parseArgs } from 'node:util';

/** One option of a payrail command: how it is parsed, and how its line of the usage reads. */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  /** What the value is called in the usage (`--data DIR`); string options only. */
  readonly value?: string;
  /** The value when the option is not given. */
  readonly default?: string;
  /** An environment variable that, when set, replaces `default`. */
  readonly env?: string;
  /** The default as the usage says it, when the command works it out itself (`yesterday (UTC)`). */
  readonly default_text?: string;
  readonly help: string;
}

export type CliOptions = Readonly<Record<string, CliOption>>;

/** The parsed values of `O`: booleans are false unless given; a string with a default is always set. */
export type OptionValues<O extends CliOptions> = {
  -readonly [K in keyof O]: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { default: string } ? string : string | undefined;
};

export interface CliCommand<O extends CliOptions = CliOptions> {
  readonly name: string;
  /** The command line in brief, after `payrail `: `verify [--data DIR] [--json]`. */
  readonly synopsis: string;
  readonly summary: string;
  readonly options: O;
  run(values: OptionValues<O>): Promise<number>;
}

/** A command whose `run` gets values typed by its own options. */
export const cliCommand = <const O extends CliOptions>(command: CliCommand<O>): CliCommand<O> => command;

/** `--data DIR`, as every command that reads or writes the data folder takes it. */
export const DATA_OPTION = { type: 'string', value: 'DIR', default: './data', env: 'DATA_DIR', help: 'the data folder' } as const;

/** `--json`: one JSON object on stdout instead of the table. */
export const JSON_OPTION = { type: 'boolean', help: 'print one JSON object instead of the table' } as const;

/** Exit code of a command line payrail cannot run as written (unknown command or option, a missing one). */
export const USAGE_EXIT_CODE = 2;

/** A command line payrail cannot run as written: payrail exits USAGE_EXIT_CODE with the message and where to read the usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage the hint names; undefined: payrail's own. */
    readonly command?: string,
  ) {
    super(message);
  }
}

/** The `--help` every command takes. */
const HELP_OPTION = { type: 'boolean', short: 'h' } as const;

const PARSE_ARGS_ERRORS = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL']);

function defaultOf(option: CliOption): string | boolean | undefined {
  if (option.type === 'boolean') return false;
  const fromEnv = option.env === undefined ? undefined : process.env[option.env];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : option.default;
}

/**
 * Reads `args` by the options of `command` (plus `--help`, `-h`): `help` when the usage is asked
 * for, else the values with their defaults. A command line it cannot read throws a UsageError.
 */
export function parseCommandLine<O extends CliOptions>(command: CliCommand<O>, args: string[]): { help: true } | { help: false; values: OptionValues<O> } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; default?: string | boolean }> = { help: HELP_OPTION };
  for (const [name, option] of Object.entries(command.options)) {
    const fallback = defaultOf(option);
    options[name] = fallback === undefined ? { type: option.type } : { type: option.type, default: fallback };
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    if (PARSE_ARGS_ERRORS.has((error as NodeJS.ErrnoException).code ?? '')) throw new UsageError((error as Error).message, command.name);
    throw error;
  }
  if (values['help'] === true) return { help: true };
  delete values['help'];
  return { help: false, values: values as OptionValues<O> };
}

const OPTION_COLUMN_WIDTH = 28;

function optionDefault(option: CliOption): string {
  if (option.default_text !== undefined) return ` (default: ${option.default_text})`;
  if (option.default === undefined) return option.env === undefined ? '' : ` (default: $${option.env})`;
  return option.env === undefined ? ` (default: ${option.default})` : ` (default: $${option.env}, else ${option.default})`;
}

/** What `payrail <command> --help` prints: the synopsis, what it does, and every option with its default. */
export function commandUsage(command: CliCommand): string {
  const lines = [`usage: payrail ${command.synopsis}`, '', command.summary, '', 'options:'];
  const entries: Array<[string, string]> = Object.entries(command.options).map(([name, option]) => [`--${name}${option.value === undefined ? '' : ` ${option.value}`}`, `${option.help}${optionDefault(option)}`]);
  entries.push(['-h, --help', 'print this usage and exit']);
  for (const [flag, help] of entries) lines.push(flag.length < OPTION_COLUMN_WIDTH - 2 ? `  ${flag.padEnd(OPTION_COLUMN_WIDTH - 2)}${help}` : `  ${flag}\n${' '.repeat(OPTION_COLUMN_WIDTH)}${help}`);
  return `${lines.join('\n')}\n`;
}

/** What `payrail --help` prints: every command in brief. */
export function payrailUsage(commands: readonly CliCommand[]): string {
  const lines = ['usage: payrail <command> [options]', '', 'commands:'];
  for (const command of commands) {
    lines.push(command.synopsis.length < OPTION_COLUMN_WIDTH - 2 ? `  ${command.synopsis.padEnd(OPTION_COLUMN_WIDTH - 2)}${command.summary}` : `  ${command.synopsis}\n${' '.repeat(OPTION_COLUMN_WIDTH)}${command.summary}`);
  }
  lines.push('', "'payrail <command> --help' (or 'payrail help <command>') prints a command's options and their defaults.");
  lines.push(`Exit codes: 0 done, 1 the command failed or found a problem, ${USAGE_EXIT_CODE} a command line it cannot read.`);
  return `${lines.join('\n')}\n`;
}
