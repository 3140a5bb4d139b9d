import { randomUUID } from 'node:crypto';
import { freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';

/** What a call answered: its status and its parsed JSON body (null when empty). */
export interface Answer {
  status: number;
  body: any;
}

const REQUEST_TIMEOUT_MS = 20_000;
/** Settlement and reconciliation runs through the admin relays take longer. */
const ADMIN_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 15_000;
const POLL_MS = 100;

export async function call(url: string, method: string, body: unknown, headers: Record<string, string>, timeout_ms = REQUEST_TIMEOUT_MS): Promise<Answer> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(timeout_ms) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

/** Polls `probe` until it answers something, at most `timeout_ms`. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeout_ms = STEP_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeout_ms;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout_ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * The whole stack the console talks to (vault, provider-sim, ledger-service, merchant-sim, gateway) on
 * free loopback ports and a temporary data folder, with quick webhooks both ways (a failing delivery
 * dead-letters and a dispute opens within a test), and what a merchant's server does against it.
 */
export class ConsoleStack {
  services: RunningService[] = [];
  gateway!: RunningService;
  merchantSim!: RunningService;
  vault!: RunningService;
  providerSim!: RunningService;

  private constructor(readonly env: NodeJS.ProcessEnv, readonly cleanup: () => void) {}

  static async start(name: string, overrides: NodeJS.ProcessEnv = {}): Promise<ConsoleStack> {
    const { dir, cleanup } = makeTempDataDir(name);
    const [gateway, sim, ledger, vault, merchant] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    const env = testEnv(dir, {
      GATEWAY_PORT: String(gateway), PROVIDER_SIM_PORT: String(sim), LEDGER_PORT: String(ledger), VAULT_PORT: String(vault), MERCHANT_SIM_PORT: String(merchant),
      PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400,800,1600', PROVIDER_DISPUTE_DELAY_MS: '300',
      WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms', WEBHOOK_JITTER_PCT: '0', WEBHOOK_TIMEOUT_MS: '2000', TAIL_POLL_MS: '50',
      VELOCITY_MAX_PAYMENTS: '1000',
      ...overrides,
    });
    const stack = new ConsoleStack(env, cleanup);
    try {
      [stack.vault, stack.providerSim] = await Promise.all([startService('vault-service', 'VAULT_PORT', env), startService('provider-sim', 'PROVIDER_SIM_PORT', env)]);
      stack.services.push(stack.vault, stack.providerSim);
      const started = await Promise.all([startService('ledger-service', 'LEDGER_PORT', env), startService('merchant-sim', 'MERCHANT_SIM_PORT', env), startService('api-gateway', 'GATEWAY_PORT', env)]);
      stack.services.push(...started);
      [, stack.merchantSim, stack.gateway] = started;
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  get key(): string {
    return this.env['DEMO_MERCHANT_API_KEY'] as string;
  }

  get dataDir(): string {
    return this.env['DATA_DIR'] as string;
  }

  /** A merchant route, with the demo merchant's key unless another is given. */
  api(method: string, route: string, body?: unknown, key = this.key): Promise<Answer> {
    return call(`${this.gateway.url}${route}`, method, body, { authorization: `Bearer ${key}`, 'idempotency-key': randomUUID() });
  }

  /** An admin route of the gateway. */
  admin(method: string, route: string, body?: unknown): Promise<Answer> {
    return call(`${this.gateway.url}${route}`, method, body, { 'x-admin-token': this.env['ADMIN_TOKEN'] as string, 'idempotency-key': randomUUID() }, ADMIN_TIMEOUT_MS);
  }

  internal(url: string, method: string, body?: unknown): Promise<Answer> {
    return call(url, method, body, { 'x-internal-token': this.env['INTERNAL_TOKEN'] as string, 'x-admin-token': this.env['ADMIN_TOKEN'] as string });
  }

  /** A test card tokenized at the vault: its token. */
  async tokenize(pan: string): Promise<string> {
    const token = await this.internal(`${this.vault.url}/tokens`, 'POST', { pan, exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvv: '123' });
    expect(token.status).toBe(201);
    return token.body.token as string;
  }

  /** What a merchant's server does: tokenize at the vault, create, confirm (a decline is an answer too); answers the payment. */
  async pay(pan: string, amount: number, extra: Record<string, unknown> = {}, key = this.key): Promise<any> {
    const created = await this.api('POST', '/v1/payment-intents', { amount, currency: 'usd', payment_method: await this.tokenize(pan), ...extra }, key);
    expect(created.status).toBe(200);
    const confirmed = await this.api('POST', `/v1/payment-intents/${created.body.id}/confirm`, {}, key);
    expect([200, 402]).toContain(confirmed.status);
    return (await this.api('GET', `/v1/payment-intents/${created.body.id}`, undefined, key)).body;
  }

  /** An escrow (BRL unless `extra` says otherwise) of the sum of `payees`, paid with the test card `pan` (null: left awaiting payment); answers the escrow as it is then. */
  async escrow(payees: Array<{ payee: string; role: 'seller' | 'platform_fee'; amount: number }>, pan: string | null, extra: Record<string, unknown> = {}, key = this.key): Promise<any> {
    const amount = payees.reduce((sum, payee) => sum + payee.amount, 0);
    const created = await this.api('POST', '/v1/escrows', { amount, currency: 'brl', payees, ...extra }, key);
    expect(created.status).toBe(200);
    if (pan !== null) {
      const confirmed = await this.api('POST', `/v1/payment-intents/${created.body.payment_intent}/confirm`, { payment_method: await this.tokenize(pan) }, key);
      expect(confirmed.body.status).toBe('captured');
    }
    return (await this.api('GET', `/v1/escrows/${created.body.id}`, undefined, key)).body;
  }

  /** merchant-sim's `local` receiver as the merchant's endpoint for every event, with its secret (what `npm start` does); answers its id. */
  async registerEndpoint(): Promise<string> {
    const created = await this.api('POST', '/v1/webhook-endpoints', { url: `${this.merchantSim.url}/webhooks/local`, enabled_events: ['*'] });
    expect(created.status).toBe(200);
    expect((await this.internal(`${this.merchantSim.url}/admin/secrets/local`, 'PUT', { secrets: [created.body.secret] })).status).toBe(200);
    return created.body.id as string;
  }

  /** An endpoint on a loopback port nobody listens on: every delivery to it fails and dead-letters. */
  async registerDeadEndpoint(events: string[]): Promise<{ id: string; url: string }> {
    const url = `http://127.0.0.1:${await freePort()}/hooks/gone`;
    const created = await this.api('POST', '/v1/webhook-endpoints', { url, enabled_events: events });
    expect(created.status).toBe(200);
    return { id: created.body.id, url };
  }

  async simMode(mode: 'normal' | 'offline'): Promise<void> {
    expect((await this.internal(`${this.merchantSim.url}/admin/modes/local`, 'PUT', { mode })).status).toBe(200);
  }

  async close(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop()));
    this.cleanup();
  }
}
