import { isWebhookSecret, sha256Hex } from '@payrail/core';
import { isWebhookEnv, perEnv, WEBHOOK_ENVS, type WebhookEnv } from '../webhooks/webhookEnvs';
import { readSealed, writeSealed } from './sealedFile';

/** A rotation keeps the old secret or two beside the new one; more is a mistake. */
export const SECRETS_PER_ENV_MAX = 4;

export type SecretsByEnv = Partial<Record<WebhookEnv, string[]>>;

/** What may be shown of a secret: how many there are and a short hash of each, never the secret. */
export interface SecretsSummary {
  count: number;
  fingerprints: string[];
}

/** The first 12 hex of the secret's sha256: enough to tell secrets apart in a rotation, useless to an attacker. */
export const fingerprintOf = (secret: string): string => sha256Hex(secret).slice(0, 12);

/**
 * Checks a `{env: ["whsec_..."]}` map (from `secrets.json` or MERCHANT_SIM_SECRETS). Returns the
 * problem, naming the env and position but never the value, or null.
 */
export function secretsMapProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `expected an object like {"local": ["whsec_..."]}`;
  for (const [env, list] of Object.entries(value)) {
    if (!isWebhookEnv(env)) return `unknown env '${env}' (expected ${WEBHOOK_ENVS.join(', ')})`;
    if (!Array.isArray(list) || list.length > SECRETS_PER_ENV_MAX) return `${env}: expected a list of at most ${SECRETS_PER_ENV_MAX} secrets`;
    const bad = list.findIndex((secret) => !isWebhookSecret(secret));
    if (bad >= 0) return `${env}[${bad}] is not a webhook secret ('whsec_' + base64 of 24-64 bytes)`;
  }
  return null;
}

/**
 * The merchant's signing secrets per environment, persisted in `secrets.json` (written atomically,
 * mode 0600) as one Fernet token under MERCHANT_SIM_SECRET_KEY: no secret is ever in a file in clear.
 * The file wins over the seed from the environment, which only fills envs the file lacks: a rotation
 * pushed at run time survives a restart.
 */
export class SecretStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly secrets: Record<WebhookEnv, readonly string[]>,
  ) {}

  static async open({ file, key, seed = {} }: { file: string; key: string; seed?: SecretsByEnv }): Promise<SecretStore> {
    const stored = await readSealed(file, key, 'the gateway pushes the secrets again when it registers the endpoint');
    const problem = secretsMapProblem(stored);
    if (problem !== null) throw new Error(`${file}: ${problem}. Fix or delete the file (the gateway pushes the secrets again when it registers the endpoint).`);
    const fromFile = stored as SecretsByEnv;
    const store = new SecretStore(file, key, perEnv((env) => Object.freeze([...(fromFile[env] ?? seed[env] ?? [])])));
    const seeded = WEBHOOK_ENVS.some((env) => fromFile[env] === undefined && seed[env] !== undefined);
    if (seeded) await store.persist();
    return store;
  }

  get(env: WebhookEnv): readonly string[] {
    return this.secrets[env];
  }

  /** Replaces an env's secrets; resolves once they are on disk. Writes happen one at a time, in call order. */
  set(env: WebhookEnv, secrets: readonly string[]): Promise<void> {
    const write = this.writing.then(async () => {
      const previous = this.secrets[env];
      this.secrets[env] = Object.freeze([...secrets]);
      try {
        await this.persist();
      } catch (error) {
        this.secrets[env] = previous;
        throw error;
      }
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  summary(): Record<WebhookEnv, SecretsSummary> {
    return perEnv((env) => ({ count: this.secrets[env].length, fingerprints: this.secrets[env].map(fingerprintOf) }));
  }

  private async persist(): Promise<void> {
    const content = Object.fromEntries(WEBHOOK_ENVS.filter((env) => this.secrets[env].length > 0).map((env) => [env, this.secrets[env]]));
    await writeSealed(this.file, this.key, content);
  }
}
