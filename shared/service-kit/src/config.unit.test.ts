import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMON_CONFIG, ConfigError, loadConfig, loadDotEnv, type ConfigSpec } from './config';

const TOKEN = 'itok_0123456789abcdef';

function problemOf(spec: ConfigSpec, env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(spec, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills in defaults, coerces types and freezes the result', () => {
    const config = loadConfig(COMMON_CONFIG, { INTERNAL_TOKEN: TOKEN, VAULT_PORT: '9083', LOG_LEVEL: '' });

    expect(config).toEqual({
      DATA_DIR: './data',
      GATEWAY_PORT: 8080,
      PROVIDER_SIM_PORT: 8081,
      LEDGER_PORT: 8082,
      VAULT_PORT: 9083,
      MERCHANT_SIM_PORT: 8084,
      HOST: '127.0.0.1',
      INTERNAL_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
      METRICS_INTERVAL_MS: 10_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads only the variables of the spec', () => {
    const config = loadConfig({ FLAG: { type: 'boolean', default: false, description: 'a flag' } }, { FLAG: 'true', PATH: '/bin' });

    expect(config).toEqual({ FLAG: true });
  });

  it.each([
    [{ GATEWAY_PORT: 'abc' }, 'GATEWAY_PORT="abc" is not valid: expected a port number 1-65535 (the port of api-gateway). Fix it in .env or the environment.'],
    [{ LEDGER_PORT: '70000' }, 'LEDGER_PORT="70000" is not valid: expected a port number 1-65535'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud" is not valid: expected one of fatal, error, warn, info, debug, trace, silent'],
    [{ INTERNAL_TOKEN: 'short' }, 'INTERNAL_TOKEN=<secret of 5 characters> is not valid: expected a string of at least 16 characters'],
  ])('names the variable, the value and what is expected: %j', (env, message) => {
    expect(problemOf(COMMON_CONFIG, { INTERNAL_TOKEN: TOKEN, ...env })).toContain(message);
  });

  it('never prints a secret value', () => {
    expect(problemOf(COMMON_CONFIG, { INTERNAL_TOKEN: 'hunter2' })).not.toContain('hunter2');
  });

  it('names a required variable that is missing', () => {
    expect(problemOf(COMMON_CONFIG, {})).toBe(
      'INTERNAL_TOKEN is not set: expected a string of at least 16 characters ' +
        '(the token services send as X-Internal-Token to call each other). Set it in .env or the environment.',
    );
  });

  const SPEC = {
    RETRIES: { type: 'integer', minimum: 0, maximum: 10, default: 3, description: 'how often to retry' },
    LOCK_STALE_MS: { type: 'duration_ms', default: 10_000, description: 'when a lock counts as stale' },
    DRY_RUN: { type: 'boolean', default: false, description: 'whether to write nothing' },
    REGION: { type: 'string', pattern: '^[a-z]{2}$', default: 'eu', description: 'the region code' },
  } as const satisfies ConfigSpec;

  it.each([
    [{ RETRIES: '11' }, 'RETRIES="11" is not valid: expected a whole number from 0 to 10'],
    [{ RETRIES: '1.5' }, 'RETRIES="1.5" is not valid: expected a whole number from 0 to 10'],
    [{ LOCK_STALE_MS: '-1' }, 'LOCK_STALE_MS="-1" is not valid: expected a duration in milliseconds (a whole number of at least 0)'],
    [{ DRY_RUN: 'yes' }, 'DRY_RUN="yes" is not valid: expected true or false'],
    [{ REGION: 'EUR' }, 'REGION="EUR" is not valid: expected a string matching /^[a-z]{2}$/'],
  ])('rejects a bad %j', (env, message) => {
    expect(problemOf(SPEC, env)).toContain(message);
  });

  it('reports every bad variable at once', () => {
    expect(problemOf(SPEC, { RETRIES: 'x', DRY_RUN: 'x' }).split('\n')).toHaveLength(2);
  });

  it('types each value by its spec', () => {
    const config = loadConfig(SPEC, { DRY_RUN: 'true' });
    const retries: number = config.RETRIES;
    const dryRun: boolean = config.DRY_RUN;
    const level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = loadConfig(COMMON_CONFIG, {
      INTERNAL_TOKEN: TOKEN,
    }).LOG_LEVEL;

    expect([retries, dryRun, level]).toEqual([3, true, 'info']);
  });
});

describe('loadDotEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payrail-config-'));
  const file = join(dir, '.env');
  writeFileSync(file, `# shared by every service\nGATEWAY_PORT=9090\nINTERNAL_TOKEN="${TOKEN}"\n`);

  it('layers the real environment over the file', () => {
    const env = loadDotEnv(file, { GATEWAY_PORT: '7070' });

    expect(loadConfig(COMMON_CONFIG, env)).toMatchObject({ GATEWAY_PORT: 7070, INTERNAL_TOKEN: TOKEN });
  });

  it('treats a missing file as empty', () => {
    expect(loadDotEnv(join(dir, 'absent.env'), { HOST: '0.0.0.0' })).toEqual({ HOST: '0.0.0.0' });
  });
});
