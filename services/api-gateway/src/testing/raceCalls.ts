import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from './gatewayHarness';

/** One answer of a gateway child process: status, parsed body and the raw text. */
export type Answer = { status: number; body: any; text: string };

/** How long one call of a race may take. */
export const CALL_TIMEOUT_MS = 20_000;

/** Polls `read` until `done` holds, for at most `timeout_ms`; returns the last reading. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeout_ms = 15_000): Promise<T> {
  const deadline = Date.now() + timeout_ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** A JSON call to a gateway process as the demo merchant (or as the holder of `apiKey`), with an Idempotency-Key when `key` is given. */
export async function call(gateway: RunningService, method: string, route: string, body?: unknown, key?: string, apiKey = DEMO_KEY): Promise<Answer> {
  const res = await fetch(`${gateway.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), text };
}

type GatewayEnvs = [NodeJS.ProcessEnv, NodeJS.ProcessEnv];

/** Two gateway processes on one data folder with their vault and provider-sim, as every race suite starts them. */
export interface RaceStack {
  dir: string;
  env: NodeJS.ProcessEnv;
  vault: RunningService;
  sim: RunningService;
  gateways: [RunningService, RunningService];
  /** A vault token of a card that succeeds. */
  token: string;
  /** Stops every process and removes the folder. */
  close(): Promise<void>;
}

/**
 * Starts vault-service, provider-sim and two api-gateway processes on one temporary data folder, with
 * `routing` as its routing.json and `env` over the race defaults (fast resolver, no rate or velocity
 * limit); `gatewayEnvs[i]` goes to gateway i only. The first gateway starts alone (so the demo merchant is
 * created once) and owns GATEWAY_URL, where provider-sim sends its webhooks.
 */
export async function startRaceStack(options: {
  label: string;
  routing: unknown;
  env?: NodeJS.ProcessEnv;
  /** Each gateway's own environment, or a function of the data folder giving them (a second mount of it, say). */
  gatewayEnvs?: GatewayEnvs | ((dir: string) => Promise<GatewayEnvs>);
}): Promise<RaceStack> {
  const { dir, cleanup } = makeTempDataDir(options.label);
  await fs.mkdir(path.join(dir, 'gateway'), { recursive: true });
  await fs.writeFile(path.join(dir, 'gateway', 'routing.json'), JSON.stringify(options.routing));
  const [vaultPort, simPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const env = testEnv(dir, {
    VAULT_URL: `http://127.0.0.1:${vaultPort}`,
    PROVIDER_SIM_URL: `http://127.0.0.1:${simPort}`,
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
    PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400,800',
    PROVIDER_TIMEOUT_MS: '3000',
    PROCESSOR_TIMEOUT_MS: '800',
    RESOLVER_INTERVAL_MS: '200',
    DEMO_RATE_LIMIT_REQUESTS: '100000',
    VELOCITY_MAX_PAYMENTS: '100000',
    ...options.env,
  });
  const started: RunningService[] = [];
  let stack: RaceStack | null = null;
  // A suite may replace a gateway it killed or restarted (stack.gateways[i] = ...): those are stopped too.
  const close = async (): Promise<void> => {
    await Promise.all([...new Set([...started, ...(stack?.gateways ?? [])])].map((service) => service.stop().catch(() => undefined)));
    cleanup();
  };
  try {
    const gatewayEnvs = typeof options.gatewayEnvs === 'function' ? await options.gatewayEnvs(dir) : options.gatewayEnvs;
    const vault = await startService('vault-service', 'VAULT_PORT', { ...env, VAULT_PORT: String(vaultPort) });
    started.push(vault);
    const sim = await startService('provider-sim', 'PROVIDER_SIM_PORT', { ...env, PROVIDER_SIM_PORT: String(simPort) });
    started.push(sim);
    const first = await startService('api-gateway', 'GATEWAY_PORT', { ...env, GATEWAY_PORT: String(gatewayPort), ...gatewayEnvs?.[0] });
    started.push(first);
    const second = await startService('api-gateway', 'GATEWAY_PORT', { ...env, ...gatewayEnvs?.[1] });
    started.push(second);
    const res = await fetch(`${vault.url}/tokens`, {
      method: 'POST',
      headers: { 'x-internal-token': env['INTERNAL_TOKEN'] as string, 'content-type': 'application/json' },
      body: JSON.stringify({ pan: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvv: '123' }),
    });
    const token = ((await res.json()) as { token: string }).token;
    stack = { dir, env, vault, sim, gateways: [first, second], token, close };
    return stack;
  } catch (error) {
    await close();
    throw error;
  }
}

/** What a payment looks like in the ledger (through a gateway) or in its processor's own books. */
export interface MoneyView {
  status: string | undefined;
  captured: number;
  refunded: number;
}

/**
 * Every payment whose ledger state (read through `readers`, in turn) differs from its processor's own
 * books (provider-sim's inquiry APIs: providerA's charges, providerB's payments), or which the books hold
 * other than exactly once. Empty when ledger and books agree on every payment.
 */
export async function ledgerVsBooks(stack: { sim: RunningService; env: NodeJS.ProcessEnv }, readers: RunningService | readonly RunningService[], payments: readonly string[], apiKeyOf: (payment: string) => string = () => DEMO_KEY): Promise<unknown[]> {
  const internal = { 'x-internal-token': stack.env['INTERNAL_TOKEN'] as string };
  const through = Array.isArray(readers) ? readers : [readers as RunningService];
  const disagreements: unknown[] = [];
  for (const [n, id] of payments.entries()) {
    const intent = (await call(through[n % through.length] as RunningService, 'GET', `/v1/payment-intents/${id}`, undefined, undefined, apiKeyOf(id))).body;
    const ledger: MoneyView = { status: intent.status, captured: intent.amount_received, refunded: intent.amount_refunded };
    const books = intent.processor === 'providerA' ? await providerABooks(id) : await providerBBooks(id);
    if (JSON.stringify(ledger) !== JSON.stringify(books)) disagreements.push({ id, processor: intent.processor, ledger, books });
  }
  return disagreements;

  async function providerABooks(id: string): Promise<MoneyView | string> {
    const res = await fetch(`${stack.sim.url}/providerA/v1/charges?payment_intent=${id}`, { headers: internal, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    const charges = ((await res.json()) as { data: any[] }).data.filter((c) => c.status === 'succeeded');
    if (charges.length !== 1) return `${charges.length} succeeded charges`;
    const charge = charges[0];
    const status = charge.captured ? 'captured' : charge.refunded ? 'reversed' : 'authorized';
    return { status, captured: charge.amount_captured, refunded: charge.captured ? charge.amount_refunded : 0 };
  }

  async function providerBBooks(id: string): Promise<MoneyView | string> {
    const res = await fetch(`${stack.sim.url}/providerB/v68/payments?reference=${id}`, { headers: internal, signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    const found = ((await res.json()) as { data: any[] }).data.filter((p) => p.resultCode === 'Authorised');
    if (found.length !== 1) return `${found.length} authorised payments`;
    const payment = found[0];
    const status = ({ Authorised: 'authorized', Captured: 'captured', Cancelled: 'reversed' } as Record<string, string>)[payment.status];
    const sum = (list: Array<{ amount: { value: number } }>): number => list.reduce((total, m) => total + m.amount.value, 0);
    return { status, captured: sum(payment.captures), refunded: sum(payment.refunds) };
  }
}
