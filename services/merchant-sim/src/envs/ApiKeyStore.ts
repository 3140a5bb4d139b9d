import { isWebhookEnv, perEnv, type WebhookEnv } from '../webhooks/webhookEnvs';
import { readSealed, writeSealed } from '../secrets/sealedFile';

/** A gateway secret key as merchant-sim accepts one: `sk_test_` (or `sk_live_`) and 8 to 128 more characters. */
export const API_KEY_PATTERN = /^sk_(?:test|live)_[A-Za-z0-9_]{8,128}$/;
/** What the gateway shows of a key (GET /admin/merchants `keys[].prefix`): its first 12 characters. */
export const API_KEY_PREFIX_CHARS = 12;

/** What may be shown of an env's key: where it comes from and its first characters, never the key. */
export interface ApiKeySummary {
  /** `env`: pushed for this env (PUT /admin/api-keys/:env); `default`: MERCHANT_API_KEY; `none`: no key at all. */
  source: 'env' | 'default' | 'none';
  prefix: string | null;
}

/**
 * The gateway API key each receiver environment places its orders with: each env is its own merchant
 * account (as a sandbox and a staging account are at a real PSP), so an order's webhooks go to the
 * endpoint of its env only. Keys pushed at run time (npm start creates the accounts) are kept in
 * `api_keys.json`, sealed like `secrets.json`; an env without one uses MERCHANT_API_KEY.
 */
export class ApiKeyStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly fallback: string,
    private readonly keys: Partial<Record<WebhookEnv, string>>,
  ) {}

  static async open({ file, key, fallback }: { file: string; key: string; fallback: string }): Promise<ApiKeyStore> {
    const stored = await readSealed(file, key, 'npm start pushes the keys again');
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) throw new Error(`${file}: expected an object keyed by env. Fix or delete the file (npm start pushes the keys again).`);
    const keys: Partial<Record<WebhookEnv, string>> = {};
    for (const [env, value] of Object.entries(stored)) {
      if (!isWebhookEnv(env) || typeof value !== 'string' || !API_KEY_PATTERN.test(value)) throw new Error(`${file}: '${env}' is not an env with an API key. Fix or delete the file (npm start pushes the keys again).`);
      keys[env] = value;
    }
    return new ApiKeyStore(file, key, fallback, keys);
  }

  /** The key env's orders are placed with; empty when there is none. */
  get(env: WebhookEnv): string {
    return this.keys[env] ?? this.fallback;
  }

  /** Sets an env's key; resolves once it is on disk. Writes happen one at a time, in call order. */
  set(env: WebhookEnv, apiKey: string): Promise<void> {
    const write = this.writing.then(async () => {
      const previous = this.keys[env];
      this.keys[env] = apiKey;
      try {
        await writeSealed(this.file, this.key, this.keys);
      } catch (error) {
        if (previous === undefined) delete this.keys[env];
        else this.keys[env] = previous;
        throw error;
      }
    });
    this.writing = write.catch(() => undefined);
    return write;
  }

  summary(): Record<WebhookEnv, ApiKeySummary> {
    return perEnv((env) => {
      const own = this.keys[env];
      if (own !== undefined) return { source: 'env', prefix: own.slice(0, API_KEY_PREFIX_CHARS) };
      return this.fallback === '' ? { source: 'none', prefix: null } : { source: 'default', prefix: this.fallback.slice(0, API_KEY_PREFIX_CHARS) };
    });
  }
}
