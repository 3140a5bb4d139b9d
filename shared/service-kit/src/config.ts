import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import Ajv from 'ajv';
import { LOG_LEVELS } from './logger';

interface VarBase {
  readonly description: string;
  /** Never echo the value back, not even in an error message. */
  readonly secret?: boolean;
}

/** One environment variable a service reads; without a default it is required. */
export type ConfigVar = VarBase &
  (
    | { readonly type: 'string'; readonly default?: string; readonly pattern?: string; readonly minLength?: number }
    | {
        readonly type: 'integer' | 'port' | 'duration_ms';
        readonly default?: number;
        readonly minimum?: number;
        readonly maximum?: number;
      }
    | { readonly type: 'boolean'; readonly default?: boolean }
    | { readonly type: 'enum'; readonly values: readonly string[]; readonly default?: string }
  );

/** The whitelist of variables a service reads, keyed by variable name. */
export type ConfigSpec = Readonly<Record<string, ConfigVar>>;

type ValueOf<V extends ConfigVar> = V extends { type: 'enum'; values: readonly (infer E)[] }
  ? E
  : V extends { type: 'string' }
    ? string
    : V extends { type: 'boolean' }
      ? boolean
      : number;

/** The validated, frozen configuration a spec describes. */
export type Config<S extends ConfigSpec> = { readonly [K in keyof S]: ValueOf<S[K]> };

/** Raised at start-up when the environment does not satisfy a spec; the message says how to fix it. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** The variables every service shares, from the one `.env`. */
export const COMMON_CONFIG = {
  DATA_DIR: { type: 'string', default: './data', description: 'the folder holding every stream and snapshot' },
  GATEWAY_PORT: { type: 'port', default: 8080, description: 'the port of api-gateway' },
  PROVIDER_SIM_PORT: { type: 'port', default: 8081, description: 'the port of provider-sim' },
  LEDGER_PORT: { type: 'port', default: 8082, description: 'the port of ledger-service' },
  VAULT_PORT: { type: 'port', default: 8083, description: 'the port of vault-service' },
  MERCHANT_SIM_PORT: { type: 'port', default: 8084, description: 'the port of merchant-sim' },
  HOST: { type: 'string', default: '127.0.0.1', description: 'the interface services listen on (0.0.0.0 in containers)' },
  INTERNAL_TOKEN: {
    type: 'string',
    minLength: 16,
    secret: true,
    description: 'the token services send as X-Internal-Token to call each other',
  },
  LOG_LEVEL: { type: 'enum', values: LOG_LEVELS, default: 'info', description: 'the least severe level that is logged' },
  METRICS_INTERVAL_MS: { type: 'duration_ms', minimum: 100, default: 10_000, description: 'how often each service appends a sample to metrics/service_metrics.jsonl' },
} as const satisfies ConfigSpec;

/** Where each service is reached; empty means `http://127.0.0.1:<its port>` (docker compose sets service names). */
export const SERVICE_URL_CONFIG = {
  GATEWAY_URL: { type: 'string', default: '', description: 'base URL of api-gateway as other services reach it' },
  PROVIDER_SIM_URL: { type: 'string', default: '', description: 'base URL of provider-sim' },
  LEDGER_URL: { type: 'string', default: '', description: 'base URL of ledger-service' },
  VAULT_URL: { type: 'string', default: '', description: 'base URL of vault-service' },
  MERCHANT_SIM_URL: { type: 'string', default: '', description: 'base URL of merchant-sim' },
} as const satisfies ConfigSpec;

/** The ledger's layout, read by every writer of the ledger (api-gateway, ledger-service): both must agree. */
export const LEDGER_SHARDS_CONFIG = {
  LEDGER_SHARDS: {
    type: 'integer',
    minimum: 0,
    maximum: 64,
    default: 0,
    description: "the ledger's shards: its streams split by merchant, each shard its own files, lock and hash chains under ledger/shards/<i>/ (ledger/shards.json records the count); 0 follows the data folder (1 when it has no shards.json); a count the folder does not have is refused: re-shard it offline with payrail reshard",
  },
} as const satisfies ConfigSpec;

/** The base URL of every service, from SERVICE_URL_CONFIG with the loopback defaults filled in. */
export function serviceUrls(config: Config<typeof COMMON_CONFIG & typeof SERVICE_URL_CONFIG>): Record<'gateway' | 'providerSim' | 'ledger' | 'vault' | 'merchantSim', string> {
  const orLoopback = (url: string, port: number): string => (url === '' ? `http://127.0.0.1:${port}` : url.replace(/\/$/, ''));
  return {
    gateway: orLoopback(config.GATEWAY_URL, config.GATEWAY_PORT),
    providerSim: orLoopback(config.PROVIDER_SIM_URL, config.PROVIDER_SIM_PORT),
    ledger: orLoopback(config.LEDGER_URL, config.LEDGER_PORT),
    vault: orLoopback(config.VAULT_URL, config.VAULT_PORT),
    merchantSim: orLoopback(config.MERCHANT_SIM_URL, config.MERCHANT_SIM_PORT),
  };
}

const PORT_MIN = 1;
const PORT_MAX = 65535;

// Strings from the environment become integers and booleans here; defaults are filled in and checked too.
const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: true });

function schemaOf(spec: ConfigVar): Record<string, unknown> {
  const schema = keywordsOf(spec);
  // ajv's strict mode rejects keywords whose value is undefined.
  return Object.fromEntries(Object.entries(schema).filter(([, value]) => value !== undefined));
}

function keywordsOf(spec: ConfigVar): Record<string, unknown> {
  const base = { default: spec.default };
  switch (spec.type) {
    case 'string':
      return { ...base, type: 'string', minLength: spec.minLength, pattern: spec.pattern };
    case 'integer':
      return { ...base, type: 'integer', minimum: spec.minimum, maximum: spec.maximum };
    case 'duration_ms':
      return { ...base, type: 'integer', minimum: spec.minimum ?? 0, maximum: spec.maximum };
    case 'port':
      return { ...base, type: 'integer', minimum: spec.minimum ?? PORT_MIN, maximum: spec.maximum ?? PORT_MAX };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'enum':
      return { ...base, type: 'string', enum: spec.values };
  }
}

function range(minimum: number | undefined, maximum: number | undefined): string {
  if (minimum !== undefined && maximum !== undefined) return ` from ${minimum} to ${maximum}`;
  if (minimum !== undefined) return ` of at least ${minimum}`;
  if (maximum !== undefined) return ` of at most ${maximum}`;
  return '';
}

function expectation(spec: ConfigVar): string {
  switch (spec.type) {
    case 'string': {
      const length = spec.minLength === undefined ? '' : ` of at least ${spec.minLength} characters`;
      const pattern = spec.pattern === undefined ? '' : ` matching /${spec.pattern}/`;
      return `a string${length}${pattern}`;
    }
    case 'integer':
      return `a whole number${range(spec.minimum, spec.maximum)}`;
    case 'duration_ms':
      return `a duration in milliseconds (a whole number${range(spec.minimum ?? 0, spec.maximum)})`;
    case 'port':
      return `a port number ${spec.minimum ?? PORT_MIN}-${spec.maximum ?? PORT_MAX}`;
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
  }
}

function describeProblem(name: string, spec: ConfigVar, raw: string | undefined): string {
  const expected = `expected ${expectation(spec)} (${spec.description})`;
  if (raw === undefined) return `${name} is not set: ${expected}. Set it in .env or the environment.`;
  const shown = spec.secret === true ? `<secret of ${raw.length} characters>` : JSON.stringify(raw);
  return `${name}=${shown} is not valid: ${expected}. Fix it in .env or the environment.`;
}

/**
 * Reads the variables of `spec` (and no others) from `env`, coerces and validates them with ajv,
 * fills in defaults, and returns them frozen. An empty value counts as unset, as docker compose
 * passes `${VAR}` through empty when it is not defined. Throws a `ConfigError` naming every bad variable.
 */
export function loadConfig<const S extends ConfigSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): Config<S> {
  const raw: Record<string, string> = {};
  for (const name of Object.keys(spec)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const validate = ajv.compile({
    type: 'object',
    properties: Object.fromEntries(Object.entries(spec).map(([name, variable]) => [name, schemaOf(variable)])),
    required: Object.entries(spec)
      .filter(([, variable]) => variable.default === undefined)
      .map(([name]) => name),
  });
  const values: Record<string, unknown> = { ...raw };
  if (!validate(values)) {
    const names = new Set(
      (validate.errors ?? []).map((error) =>
        error.keyword === 'required' ? String(error.params['missingProperty']) : error.instancePath.slice(1),
      ),
    );
    throw new ConfigError([...names].map((name) => describeProblem(name, spec[name] as ConfigVar, raw[name])));
  }
  return Object.freeze(values) as Config<S>;
}

/**
 * Reads a `.env` file and returns `env` layered over it: a variable set in the real environment
 * wins over the file. A missing file is not an error, since containers get their variables directly.
 */
export function loadDotEnv(file: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...env };
    throw error;
  }
  return { ...parseEnv(content), ...env };
}

/**
 * Runs a service's config loader at start-up; on a `ConfigError` prints its message to stderr and
 * exits 1, so a misconfigured service refuses to start with the fix in front of the operator.
 */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
