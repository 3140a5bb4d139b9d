import { COMMON_CONFIG, ConfigError, loadConfig, SERVICE_URL_CONFIG, type Config, type ConfigSpec } from '@payrail/service-kit';
import { parseModeSetting, type ModeSetting } from './modes/modeSetting';
import { secretsMapProblem, type SecretsByEnv } from './secrets/SecretStore';
import { isWebhookEnv, WEBHOOK_ENVS, type WebhookEnv } from './webhooks/webhookEnvs';

/** Every variable merchant-sim reads, with its default. */
export const MERCHANT_SIM_CONFIG = {
  ...COMMON_CONFIG,
  ...SERVICE_URL_CONFIG,
  MERCHANT_API_KEY: {
    type: 'string',
    default: '',
    secret: true,
    description: "the merchant's gateway API key (sk_test_...), used by GET /orders/{id}?refresh=true; empty means DEMO_MERCHANT_API_KEY",
  },
  DEMO_MERCHANT_API_KEY: { type: 'string', default: '', secret: true, description: 'the API key of the demo merchant, the default MERCHANT_API_KEY' },
  MERCHANT_SIM_SECRETS: {
    type: 'string',
    default: '',
    secret: true,
    description: 'JSON {"local":["whsec_..."]}: signing secrets per env for envs data/merchant-sim/secrets.json does not list yet',
  },
  MERCHANT_SIM_SECRET_KEY: {
    type: 'string',
    pattern: '^[A-Za-z0-9_-]{43}=?$',
    secret: true,
    description: 'the Fernet key (base64url of 32 bytes) that encrypts data/merchant-sim/secrets.json',
  },
  MERCHANT_SIM_MODES: {
    type: 'string',
    default: '',
    description: 'JSON {"local":"offline"} or {"sandbox":{"mode":"flaky","flaky_pct":30}}: the receiver modes at start',
  },
} as const satisfies ConfigSpec;

export interface MerchantSimConfig extends Config<typeof MERCHANT_SIM_CONFIG> {
  /** MERCHANT_SIM_SECRETS, parsed. */
  readonly secretsSeed: SecretsByEnv;
  /** MERCHANT_SIM_MODES, parsed. */
  readonly initialModes: Partial<Record<WebhookEnv, ModeSetting>>;
  /** MERCHANT_API_KEY, or DEMO_MERCHANT_API_KEY when it is empty. */
  readonly merchantApiKey: string;
}

function parseJson(name: string, raw: string, shown: boolean): unknown {
  if (raw === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new ConfigError([`${name}${shown ? `=${raw}` : ''} is not valid JSON. Fix it in .env or the environment.`]);
  }
}

function parseModes(raw: string): Partial<Record<WebhookEnv, ModeSetting>> {
  const value = parseJson('MERCHANT_SIM_MODES', raw, true);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(['MERCHANT_SIM_MODES must be a JSON object keyed by env.']);
  const modes: Partial<Record<WebhookEnv, ModeSetting>> = {};
  for (const [env, setting] of Object.entries(value)) {
    if (!isWebhookEnv(env)) throw new ConfigError([`MERCHANT_SIM_MODES: unknown env '${env}' (expected ${WEBHOOK_ENVS.join(', ')}).`]);
    const parsed = parseModeSetting(setting);
    if (!parsed.ok) throw new ConfigError([`MERCHANT_SIM_MODES.${env}: ${parsed.problem.message}. Fix it in .env or the environment.`]);
    modes[env] = parsed.setting;
  }
  return modes;
}

function parseSecrets(raw: string): SecretsByEnv {
  const value = parseJson('MERCHANT_SIM_SECRETS', raw, false);
  const problem = secretsMapProblem(value);
  if (problem !== null) throw new ConfigError([`MERCHANT_SIM_SECRETS: ${problem}. Fix it in .env or the environment.`]);
  return value as SecretsByEnv;
}

/** Loads and validates merchant-sim's configuration; throws a ConfigError naming every bad variable, never a secret's value. */
export function loadMerchantSimConfig(env: NodeJS.ProcessEnv = process.env): MerchantSimConfig {
  const base = loadConfig(MERCHANT_SIM_CONFIG, env);
  return Object.freeze({
    ...base,
    secretsSeed: parseSecrets(base.MERCHANT_SIM_SECRETS),
    initialModes: parseModes(base.MERCHANT_SIM_MODES),
    merchantApiKey: base.MERCHANT_API_KEY === '' ? base.DEMO_MERCHANT_API_KEY : base.MERCHANT_API_KEY,
  });
}
