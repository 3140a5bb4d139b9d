import type { Server } from 'node:http';
import { makeTempDataDir, startService, testEnv, waitFor, type RunningService } from '@payrail/testing';
import express from 'express';

/*
 * Test helpers: a real provider-sim child process on loopback with a temp data folder, and a tiny
 * express "gateway" that records every webhook it receives (raw bytes and headers) and answers as
 * told. Build first (`npx tsc -b services/provider-sim`): the child runs dist.
 */

export const INTERNAL_TOKEN = 'test-internal-token-0123456789';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const WEBHOOK_SECRET = 'whsec_test_provider_sim_0123456789';
export const HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

export interface Delivery {
  provider: string;
  raw: string;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  at: number;
}

/** The gateway's webhook endpoint, recording deliveries; `answer` decides the reply to each. */
export class Receiver {
  readonly deliveries: Delivery[] = [];
  answer: (delivery: Delivery) => { status: number; body: string } = (delivery) => ({
    status: 200,
    body: delivery.provider === 'providerB' ? '[accepted]' : '{"received":true}',
  });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    const app = express();
    let receiver: Receiver | null = null;
    app.post('/v1/webhooks/provider/:provider', express.raw({ type: '*/*' }), (req, res) => {
      const raw = (req.body as Buffer).toString('utf8');
      const delivery: Delivery = { provider: String(req.params['provider']), raw, body: JSON.parse(raw) as Record<string, unknown>, headers: req.headers, at: Date.now() };
      receiver?.deliveries.push(delivery);
      const reply = receiver?.answer(delivery) ?? { status: 200, body: '' };
      res.status(reply.status).type('text/plain').send(reply.body);
    });
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    receiver = new Receiver(server, `http://127.0.0.1:${port}`);
    return receiver;
  }

  /** The deliveries for one processor, in arrival order. */
  of(provider: 'providerA' | 'providerB'): Delivery[] {
    return this.deliveries.filter((delivery) => delivery.provider === provider);
  }

  async waitFor(predicate: (deliveries: Delivery[]) => boolean, what: string, timeout_ms = 5_000): Promise<void> {
    await waitFor(() => predicate(this.deliveries), timeout_ms, what);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The Stripe event type of a delivery, or the Adyen eventCode. */
export function typeOf(delivery: Delivery): string {
  if (delivery.provider === 'providerA') return String(delivery.body['type']);
  return String(adyenItem(delivery)['eventCode']);
}

/** The one NotificationRequestItem of an Adyen delivery. */
export function adyenItem(delivery: Delivery): Record<string, unknown> & { additionalData?: Record<string, unknown> } {
  const items = delivery.body['notificationItems'] as Array<{ NotificationRequestItem: Record<string, unknown> }>;
  return items[0]?.NotificationRequestItem ?? {};
}

/** The dedupe id of a delivery: the Stripe event id, or Adyen's `pspReference:eventCode`. */
export function webhookId(delivery: Delivery): string {
  if (delivery.provider === 'providerA') return String(delivery.body['id']);
  const item = adyenItem(delivery);
  return `${String(item['pspReference'])}:${String(item['eventCode'])}`;
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
  ms: number;
}

/** A running sim with a receiver and typed calls. */
export interface Sim {
  service: RunningService;
  receiver: Receiver;
  dataDir: string;
  /** A processor call (X-Internal-Token), with an optional Idempotency-Key. */
  call(method: string, path: string, body?: unknown, options?: { idempotencyKey?: string; timeout_ms?: number }): Promise<Answer>;
  /** An admin call (X-Admin-Token). */
  admin(method: string, path: string, body?: unknown): Promise<Answer>;
  /** Stops the sim (keeps the data folder) and starts it again on the same folder. */
  restart(extraEnv?: NodeJS.ProcessEnv): Promise<void>;
  stop(): Promise<void>;
}

async function request(url: string, method: string, headers: Record<string, string>, body: unknown, timeout_ms = 10_000): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeout_ms),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>), headers: response.headers, ms: Date.now() - started };
}

/** Starts a receiver and a provider-sim process that sends its webhooks there, with fast test timings. */
export async function startSim(extraEnv: NodeJS.ProcessEnv = {}): Promise<Sim> {
  const receiver = await Receiver.start();
  const { dir, cleanup } = makeTempDataDir('provider-sim');
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
    testEnv(dir, {
      GATEWAY_URL: receiver.url,
      PROVIDER_A_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PROVIDER_B_HMAC_KEY: HMAC_KEY,
      PROVIDER_TIMEOUT_MS: '1500',
      PROVIDER_DISPUTE_DELAY_MS: '300',
      PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '50,100,200',
      PROVIDER_WEBHOOK_TIMEOUT_MS: '2000',
      ...extraEnv,
      ...extra,
    });
  let service = await startService('provider-sim', 'PROVIDER_SIM_PORT', env({}));
  const sim: Sim = {
    get service() {
      return service;
    },
    receiver,
    dataDir: dir,
    call: (method, path, body, options = {}) =>
      request(
        `${service.url}${path}`,
        method,
        { 'X-Internal-Token': INTERNAL_TOKEN, ...(options.idempotencyKey === undefined ? {} : { 'Idempotency-Key': options.idempotencyKey }) },
        body,
        options.timeout_ms,
      ),
    admin: (method, path, body) => request(`${service.url}${path}`, method, { 'X-Admin-Token': ADMIN_TOKEN }, body),
    async restart(extra = {}) {
      await service.stop();
      service = await startService('provider-sim', 'PROVIDER_SIM_PORT', env({ PROVIDER_SIM_PORT: String(service.port), ...extra }));
    },
    async stop() {
      await service.stop();
      await receiver.close();
      cleanup();
    },
  };
  return sim;
}

/** A providerA charge body. */
export function stripeCharge(number: string, options: { amount?: number; capture?: boolean; payment_intent?: string; currency?: string } = {}): Record<string, unknown> {
  return {
    amount: options.amount ?? 1099,
    currency: options.currency ?? 'usd',
    card: { number, exp_month: 12, exp_year: 2034, cvc: '123' },
    capture: options.capture ?? true,
    metadata: { payment_intent: options.payment_intent ?? `pi_test_${Math.random().toString(36).slice(2, 12)}` },
  };
}

/** A providerB payment body. */
export function adyenPayment(number: string, options: { value?: number; autoCapture?: boolean; reference?: string } = {}): Record<string, unknown> {
  return {
    amount: { value: options.value ?? 2500, currency: 'EUR' },
    reference: options.reference ?? `pi_test_${Math.random().toString(36).slice(2, 12)}`,
    merchantAccount: 'PayRailECOM',
    paymentMethod: { type: 'scheme', number, expiryMonth: '03', expiryYear: '2034', cvc: '737' },
    ...(options.autoCapture === true ? { captureDelayHours: 0 } : {}),
  };
}

/** Sets every fault of both processors back to none, keeping `seed`. */
export async function clearFaults(sim: Sim, seed = 1): Promise<void> {
  const none = {
    timeout_percent: 0,
    decline_percent: 0,
    latency_ms: 0,
    latency_jitter_ms: 0,
    outage: 'none',
    duplicate_webhook_percent: 0,
    webhook_out_of_order: false,
    settlement_mismatch_percent: 0,
  };
  const answer = await sim.admin('PUT', '/admin/faults', { seed, providerA: none, providerB: none });
  if (answer.status !== 200) throw new Error(`could not clear faults: ${JSON.stringify(answer.body)}`);
}
