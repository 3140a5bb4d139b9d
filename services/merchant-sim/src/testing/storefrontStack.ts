import { randomUUID } from 'node:crypto';
import { generateWebhookSecret } from '@payrail/core';
import { freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import type { WebhookEnv } from '../webhooks/webhookEnvs';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

const REQUEST_TIMEOUT_MS = 30_000;
const POLL_MS = 50;

export async function call(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // an HTML page, or nothing
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Polls `probe` until it answers something truthy, for at most `timeout_ms`. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeout_ms = 15_000): Promise<T> {
  const deadline = Date.now() + timeout_ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout_ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** What one env of merchant-sim is connected to at the gateway: its merchant account's key, and its endpoint's secret. */
export interface EnvAccount {
  apiKey: string;
  secret: string;
  endpoint: string | null;
}

/**
 * The whole stack a storefront order goes through, for real (vault, provider-sim, ledger-service with
 * the dispatcher, merchant-sim, gateway), on free loopback ports and a temporary data folder, with
 * quick webhook retries; and each receiver env connected as `npm start` connects it: `local` under the
 * demo merchant, `sandbox` and `staging` as merchant accounts of their own.
 */
export class StorefrontStack {
  services: RunningService[] = [];
  gateway!: RunningService;
  merchantSim!: RunningService;
  providerSim!: RunningService;
  readonly accounts: Partial<Record<WebhookEnv, EnvAccount>> = {};

  private constructor(readonly env: NodeJS.ProcessEnv, readonly cleanup: () => void) {}

  static async start(name: string, overrides: NodeJS.ProcessEnv = {}): Promise<StorefrontStack> {
    const { dir, cleanup } = makeTempDataDir(name);
    const [gateway, sim, ledger, vault, merchant] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const env = testEnv(dir, {
      GATEWAY_PORT: String(gateway), PROVIDER_SIM_PORT: String(sim), LEDGER_PORT: String(ledger), VAULT_PORT: String(vault), MERCHANT_SIM_PORT: String(merchant),
      WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms', WEBHOOK_JITTER_PCT: '0', WEBHOOK_TIMEOUT_MS: '2000', TAIL_POLL_MS: '50',
      VELOCITY_MAX_PAYMENTS: '1000', RATE_LIMIT_REQUESTS: '100000', DEMO_RATE_LIMIT_REQUESTS: '100000',
      ...overrides,
    });
    const stack = new StorefrontStack(env, cleanup);
    try {
      const first = await Promise.all([startService('vault-service', 'VAULT_PORT', env), startService('provider-sim', 'PROVIDER_SIM_PORT', env)]);
      stack.services.push(...first);
      stack.providerSim = first[1];
      const started = await Promise.all([startService('ledger-service', 'LEDGER_PORT', env), startService('merchant-sim', 'MERCHANT_SIM_PORT', env), startService('api-gateway', 'GATEWAY_PORT', env)]);
      stack.services.push(...started);
      [, stack.merchantSim, stack.gateway] = started;
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  get dataDir(): string {
    return this.env['DATA_DIR'] as string;
  }

  /** A call to merchant-sim (with the internal token, which its open routes ignore). */
  sim(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return call(`${this.merchantSim.url}${route}`, method, body, { 'x-internal-token': this.env['INTERNAL_TOKEN'] as string, ...headers });
  }

  /** A call to the gateway's public API as `env`'s merchant account. */
  api(env: WebhookEnv, method: string, route: string, body?: unknown): Promise<Answer> {
    const account = this.accounts[env];
    if (account === undefined) throw new Error(`env ${env} is not connected`);
    return call(`${this.gateway.url}${route}`, method, body, { authorization: `Bearer ${account.apiKey}`, ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}) });
  }

  /** provider-sim's admin API. */
  simAdmin(method: string, route: string, body?: unknown): Promise<Answer> {
    return call(`${this.providerSim.url}${route}`, method, body, { 'x-admin-token': this.env['ADMIN_TOKEN'] as string });
  }

  /**
   * Connects a receiver env: `local` uses the demo merchant, the others a merchant account of their
   * own (its key pushed to merchant-sim); with `endpoint`, a gateway endpoint at `/webhooks/:env`,
   * else only a secret merchant-sim verifies with (a test then signs deliveries itself).
   */
  async connect(env: WebhookEnv, { endpoint = true }: { endpoint?: boolean } = {}): Promise<EnvAccount> {
    let apiKey = this.env['DEMO_MERCHANT_API_KEY'] as string;
    if (env !== 'local') {
      const created = await call(`${this.gateway.url}/admin/merchants`, 'POST', { name: `merchant-sim ${env}` }, { 'x-admin-token': this.env['ADMIN_TOKEN'] as string });
      if (created.status !== 200) throw new Error(`cannot create a merchant: ${JSON.stringify(created.body)}`);
      apiKey = created.body.api_key as string;
      const pushed = await this.sim('PUT', `/admin/api-keys/${env}`, { api_key: apiKey });
      if (pushed.status !== 200) throw new Error(`merchant-sim refused the key: ${JSON.stringify(pushed.body)}`);
    }
    this.accounts[env] = { apiKey, secret: '', endpoint: null };
    let secret: string;
    let id: string | null = null;
    if (endpoint) {
      const created = await this.api(env, 'POST', '/v1/webhook-endpoints', { url: `${this.merchantSim.url}/webhooks/${env}`, enabled_events: ['*'] });
      if (created.status !== 200) throw new Error(`cannot create an endpoint: ${JSON.stringify(created.body)}`);
      secret = created.body.secret as string;
      id = created.body.id as string;
    } else {
      secret = generateWebhookSecret();
    }
    const pushed = await this.sim('PUT', `/admin/secrets/${env}`, { secrets: [secret] });
    if (pushed.status !== 200) throw new Error(`merchant-sim refused the secret: ${JSON.stringify(pushed.body)}`);
    const account = { apiKey, secret, endpoint: id };
    this.accounts[env] = account;
    return account;
  }

  /** Places an order on merchant-sim's storefront. */
  order(body: unknown, key: string = randomUUID()): Promise<Answer> {
    return this.sim('POST', '/orders', body, { 'idempotency-key': key });
  }

  /** Waits until the order's status (from webhooks) is `status`, and answers the order. */
  waitForStatus(id: string, status: string, timeout_ms = 15_000): Promise<any> {
    return until(`order ${id} to be ${status}`, async () => {
      const order = await this.sim('GET', `/orders/${id}`);
      return order.body?.status === status ? order.body : null;
    }, timeout_ms);
  }

  /** Stops the gateway, runs `meanwhile` while it is down, and starts it again on its port. */
  async withGatewayDown<T>(meanwhile: () => Promise<T>): Promise<T> {
    await this.gateway.stop();
    this.services = this.services.filter((service) => service !== this.gateway);
    try {
      return await meanwhile();
    } finally {
      this.gateway = await startService('api-gateway', 'GATEWAY_PORT', this.env);
      this.services.push(this.gateway);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop()));
    this.cleanup();
  }
}
