import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';

export type SimEnv = 'local' | 'sandbox' | 'staging';

export interface Answer {
  status: number;
  /** Parsed JSON, read loosely as a merchant's code would. */
  body: any;
  headers: Headers;
}

/** One line of merchant-sim's `deliveries.jsonl`: what the merchant received. */
export interface SimDelivery {
  webhook_id?: string;
  env: SimEnv;
  attempt: number;
  status: number;
  signature_valid: boolean;
  duplicate: boolean;
  headers: Record<string, string>;
  body?: unknown;
  received_at: string;
}

/**
 * The three processes of merchant webhooks, for real: api-gateway (endpoints, events API),
 * ledger-service (the dispatcher) and merchant-sim (the receiver), on one temporary data folder.
 */
export class WebhookStack {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  gateway!: RunningService;
  ledger!: RunningService;
  merchantSim!: RunningService;
  private readonly cleanup: () => void;
  private merchants = 0;
  private payments = 0;

  private constructor(label: string, extra: NodeJS.ProcessEnv, ports: number[]) {
    ({ dir: this.dir, cleanup: this.cleanup } = makeTempDataDir(label));
    this.env = testEnv(this.dir, {
      GATEWAY_PORT: String(ports[0]),
      LEDGER_PORT: String(ports[1]),
      MERCHANT_SIM_PORT: String(ports[2]),
      RATE_LIMIT_REQUESTS: '100000',
      TAIL_POLL_MS: '50',
      // A ledger-service restarted after kill -9 waits for the dead one's lease to expire: keep that short.
      LEDGER_LEASE_TTL_MS: '3000',
      LEDGER_LEASE_RENEW_MS: '500',
      ...extra,
    });
  }

  static async start(label: string, extra: NodeJS.ProcessEnv = {}): Promise<WebhookStack> {
    const stack = new WebhookStack(label, extra, [await freePort(), await freePort(), await freePort()]);
    [stack.gateway, stack.ledger, stack.merchantSim] = await Promise.all([
      startService('api-gateway', 'GATEWAY_PORT', stack.env),
      startService('ledger-service', 'LEDGER_PORT', stack.env),
      startService('merchant-sim', 'MERCHANT_SIM_PORT', stack.env),
    ]);
    return stack;
  }

  get demoKey(): string {
    return this.env['DEMO_MERCHANT_API_KEY'] as string;
  }

  /** A call to the gateway's public API as the merchant with `key`. */
  api(key: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return call(`${this.gateway.url}${route}`, method, body, { authorization: `Bearer ${key}`, ...headers });
  }

  /** A call to merchant-sim (its admin routes need the internal token). */
  sim(method: string, route: string, body?: unknown): Promise<Answer> {
    return call(`${this.merchantSim.url}${route}`, method, body, { 'x-internal-token': this.env['INTERNAL_TOKEN'] as string });
  }

  /** A call to ledger-service's internal routes. */
  internal(method: string, route: string, body?: unknown): Promise<Answer> {
    return call(`${this.ledger.url}${route}`, method, body, { 'x-internal-token': this.env['INTERNAL_TOKEN'] as string });
  }

  /** A new merchant (so a test sees only its own events), returning its API key. */
  async newMerchant(): Promise<string> {
    const answer = await call(`${this.gateway.url}/admin/merchants`, 'POST', { name: `Shop ${++this.merchants}` }, { 'x-admin-token': this.env['ADMIN_TOKEN'] as string });
    if (answer.status !== 200) throw new Error(`cannot create a merchant: ${JSON.stringify(answer.body)}`);
    return answer.body.api_key as string;
  }

  /** Registers an endpoint pointing at merchant-sim's receiver for `simEnv`, and gives merchant-sim its secret. */
  async endpoint(key: string, simEnv: SimEnv, enabled_events: string[] = ['*']): Promise<{ id: string; secret: string }> {
    const created = await this.api(key, 'POST', '/v1/webhook-endpoints', { url: `${this.merchantSim.url}/webhooks/${simEnv}`, enabled_events });
    if (created.status !== 200) throw new Error(`cannot create an endpoint: ${JSON.stringify(created.body)}`);
    await this.setSimSecrets(simEnv, [created.body.secret]);
    return { id: created.body.id, secret: created.body.secret };
  }

  async setSimSecrets(simEnv: SimEnv, secrets: string[]): Promise<void> {
    const answer = await this.sim('PUT', `/admin/secrets/${simEnv}`, { secrets });
    if (answer.status !== 200) throw new Error(`merchant-sim refused the secrets: ${JSON.stringify(answer.body)}`);
  }

  async setSimMode(simEnv: SimEnv, mode: 'normal' | 'offline' | 'timeout' | 'flaky', options: { timeout_ms?: number; flaky_pct?: number } = {}): Promise<void> {
    const answer = await this.sim('PUT', `/admin/modes/${simEnv}`, { mode, ...options });
    if (answer.status !== 200) throw new Error(`merchant-sim refused the mode: ${JSON.stringify(answer.body)}`);
  }

  /** Creates a PaymentIntent (no payment method: one `payment_intent.created` event) and returns its event id. */
  async payment(key: string, amount = 1_000): Promise<{ payment: string; event: string }> {
    const created = await this.api(key, 'POST', '/v1/payment-intents', { amount, currency: 'usd' }, { 'idempotency-key': `order-${++this.payments}` });
    if (created.status !== 200) throw new Error(`cannot create a payment: ${JSON.stringify(created.body)}`);
    const events = await this.api(key, 'GET', `/v1/events?payment_intent=${created.body.id}`);
    return { payment: created.body.id, event: events.body.data[0].id };
  }

  /** The gateway's attempts for an event (`GET /v1/events/{id}/deliveries`). */
  async deliveries(key: string, eventId: string): Promise<Answer['body']> {
    return (await this.api(key, 'GET', `/v1/events/${eventId}/deliveries`)).body;
  }

  /** Waits until the event's deliveries satisfy `predicate`, and returns them. */
  async waitForDeliveries(key: string, eventId: string, predicate: (body: Answer['body']) => boolean, timeout_ms: number, what: string): Promise<Answer['body']> {
    let last: Answer['body'] = null;
    const deadline = Date.now() + timeout_ms;
    for (;;) {
      last = await this.deliveries(key, eventId);
      if (predicate(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeout_ms} ms waiting for ${what}; deliveries: ${JSON.stringify(last)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** What merchant-sim received, line by line (its journal is the truth). */
  simDeliveries(): SimDelivery[] {
    let text = '';
    try {
      text = readFileSync(path.join(this.dir, 'merchant-sim', 'deliveries.jsonl'), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').filter((line) => line.endsWith('}')).map((line) => JSON.parse(line).data as SimDelivery);
  }

  /** The lines of one of the data folder's JSONL streams. */
  lines(stream: string): Array<{ type: string; data: Record<string, unknown> }> {
    try {
      return readFileSync(path.join(this.dir, `${stream}.jsonl`), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    } catch {
      return [];
    }
  }

  /** Waits until merchant-sim has processed every id in `eventIds`. */
  async waitForMerchant(eventIds: readonly string[], timeout_ms: number): Promise<void> {
    const wanted = new Set(eventIds);
    await waitForAsync(() => {
      const done = new Set(this.simDeliveries().filter((d) => d.status === 200 && !d.duplicate && d.webhook_id !== undefined && wanted.has(d.webhook_id)).map((d) => d.webhook_id));
      return done.size === wanted.size;
    }, timeout_ms, `merchant-sim to process ${wanted.size} events`);
  }

  /** Another ledger-service on the same data folder (a replica), on a port of its own, with `extra` in its environment. */
  async startLedgerReplica(extra: NodeJS.ProcessEnv = {}): Promise<RunningService> {
    return startService('ledger-service', 'LEDGER_PORT', { ...this.env, LEDGER_PORT: String(await freePort()), ...extra });
  }

  /** Restarts ledger-service: gracefully, or with kill -9. */
  async restartLedger(how: 'stop' | 'kill'): Promise<void> {
    await (how === 'kill' ? this.ledger.kill() : this.ledger.stop());
    this.ledger = await startService('ledger-service', 'LEDGER_PORT', this.env);
  }

  async close(): Promise<void> {
    await Promise.all([this.gateway?.stop(), this.ledger?.stop(), this.merchantSim?.stop()]);
    this.cleanup();
  }
}

async function call(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** waitFor for a predicate that reads files: polls every 20 ms, for at most `timeout_ms`. */
export async function waitForAsync(predicate: () => boolean | Promise<boolean>, timeout_ms: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout_ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout_ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

