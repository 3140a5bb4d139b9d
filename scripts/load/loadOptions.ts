import { parseArgs } from 'node:util';
import { DEFAULT_STAGES, parseStages, type StageSpec } from './loadStages';

/** Every default of `npm run load`, in one place. */
export const LOAD_DEFAULTS = Object.freeze({
  duration_s: 60,
  connections: 32,
  seed: 1,
  stages: DEFAULT_STAGES,
});

export const DURATION_S_MAX = 3_600;
export const CONNECTIONS_MAX = 256;
const SEED_MAX = 2 ** 32 - 1;

export interface LoadOptions {
  duration_s: number;
  connections: number;
  seed: number;
  stages: StageSpec[];
  stages_text: string;
  /** Where the JSON report goes; null: test-output/load/load_<timestamp>.json under the repository. */
  report: string | null;
  /** Keep the temporary data folder of a stack this run started. */
  keep_data: boolean;
}

export const LOAD_USAGE = `usage: npm run load [-- options]

Drives the checkout mix (create, confirm, decline, capture, cancel, refund; cards tokenized at the
vault) through the gateway with autocannon, in stages, and prints throughput and latency per operation.
Uses the running stack (GATEWAY_URL, VAULT_URL, LEDGER_URL... or the ports of .env); when nothing
answers, starts npm start on a temporary data folder for the run and stops it afterwards.

options:
  --duration S        seconds the stages take together (default: ${LOAD_DEFAULTS.duration_s}, at most ${DURATION_S_MAX})
  --connections N     connections at the peak (default: ${LOAD_DEFAULTS.connections}, at most ${CONNECTIONS_MAX})
  --seed N            the synthetic traffic's seed: one seed, the same checkouts (default: ${LOAD_DEFAULTS.seed})
  --stages SPEC       name:duration_percent:connections_percent,... each stage ramps linearly to its
                      share of --connections (default: ${LOAD_DEFAULTS.stages})
  --report PATH       the JSON report (default: test-output/load/load_<timestamp>.json)
  --keep-data         keep the temporary data folder of a stack the run started
  -h, --help          print this usage and exit

Exit codes: 0 every threshold met, 1 a threshold failed or the run could not start, 2 a bad command line.
`;

/** A command line `npm run load` cannot run as written. */
export class LoadUsageError extends Error {}

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) throw new LoadUsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return value;
}

/** The options of `argv`, or `help`; throws a LoadUsageError naming what is wrong. */
export function parseLoadOptions(argv: string[]): LoadOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        duration: { type: 'string' },
        connections: { type: 'string' },
        seed: { type: 'string' },
        stages: { type: 'string' },
        report: { type: 'string' },
        'keep-data': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new LoadUsageError((error as Error).message);
  }
  if (values['help'] === true) return 'help';
  const durationText = values['duration'] as string | undefined;
  const duration_s = durationText === undefined ? LOAD_DEFAULTS.duration_s : Number(durationText);
  if (!Number.isFinite(duration_s) || duration_s < 1 || duration_s > DURATION_S_MAX) throw new LoadUsageError(`--duration must be a number of seconds from 1 to ${DURATION_S_MAX}, got ${JSON.stringify(durationText)}`);
  const stages_text = (values['stages'] as string | undefined) ?? LOAD_DEFAULTS.stages;
  let stages: StageSpec[];
  try {
    stages = parseStages(stages_text);
  } catch (error) {
    throw new LoadUsageError((error as Error).message);
  }
  return {
    duration_s,
    connections: integer('connections', values['connections'] as string | undefined, LOAD_DEFAULTS.connections, 1, CONNECTIONS_MAX),
    seed: integer('seed', values['seed'] as string | undefined, LOAD_DEFAULTS.seed, 0, SEED_MAX),
    stages,
    stages_text,
    report: (values['report'] as string | undefined) ?? null,
    keep_data: values['keep-data'] === true,
  };
}
