/**
 * npm run bench:gateway — durable PaymentIntent creation (each with its own Idempotency-Key) at 64
 * connections, in two settings, each against baselines measured in the same runs, alternated:
 *
 * 1. The gateway alone (vault + gateway, LOG_LEVEL=warn) against an empty express handler with the same
 *    body parsing, and against stripe-stateful-mock (an in-memory Stripe emulator; it has no
 *    PaymentIntents, so its nearest create: POST /v1/customers, a form body with metadata).
 * 2. The whole stack as `npm start` runs it (payrail start: every service, logs on, merchant-sim
 *    registered as the demo merchant's webhook endpoint, so each create is also delivered, verified and
 *    journaled by merchant-sim) against the empty handler measured while the stack is idle.
 *
 * After the runs, `payrail verify` must pass on both data folders. BENCH_SECONDS (default 5) and
 * BENCH_RUNS (default 5) change the runs; GATEWAY_WORKERS the stack's gateway processes (default: as
 * npm start, one per core, at most 4).
 */
import * as path from 'node:path';
import { freePort, makeTempDataDir, startNode, startService, testEnv, waitFor, type RunningChild } from '@payrail/testing';
import { startPayrail } from '@payrail/cli/dist/testing/payrailStart';
import { CONNECTIONS, alternate, heading, postRate, row, spread, target, verifyData } from './runs';

const DURATION_S = Number(process.env['BENCH_SECONDS'] ?? 5);
const KEY = testEnv('').DEMO_MERCHANT_API_KEY as string;

const json = (n: number): string => JSON.stringify({ amount: 1099, currency: 'usd', metadata: { order: String(n) } });
const createIntent = (url: string) => () => postRate(url, '/v1/payment-intents', 'application/json', json, DURATION_S);

function startChild(script: string, args: string[], env: NodeJS.ProcessEnv, ready: (child: RunningChild) => boolean, what: string): Promise<RunningChild> {
  const child = startNode(script, args, env);
  return waitFor(() => ready(child), 15_000, what).then(() => child);
}

async function stop(child: RunningChild): Promise<void> {
  if (child.child.exitCode === null) child.child.kill();
  await child.exited;
}

async function main(): Promise<void> {
  const emptyPort = await freePort();
  const empty = await startChild(path.join(__dirname, 'emptyServer.js'), [String(emptyPort)], {}, (c) => c.lines.includes('ready'), 'the empty server');
  const mockPort = await freePort();
  const mock = await startChild(require.resolve('stripe-stateful-mock/dist/cli.js'), [], { PORT: String(mockPort), LOG_LEVEL: 'warn' }, () => true, 'stripe-stateful-mock');
  for (let attempt = 0; (await fetch(`http://127.0.0.1:${mockPort}/v1/customers`, { headers: { authorization: `Bearer ${KEY}` } }).catch(() => null))?.ok !== true; attempt++) {
    if (attempt > 150) throw new Error('stripe-stateful-mock did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const emptyUrl = `http://127.0.0.1:${emptyPort}`;
  const { dir, cleanup } = makeTempDataDir('bench-gateway');
  const env = testEnv(dir, { LOG_LEVEL: 'warn', DEMO_RATE_LIMIT_REQUESTS: '100000000' });
  try {
    // 1. The gateway alone.
    const vault = await startService('vault-service', 'VAULT_PORT', env);
    const gateway = await startService('api-gateway', 'GATEWAY_PORT', { ...env, VAULT_URL: vault.url });
    let alone: Record<'empty' | 'mock' | 'gateway', number[]>;
    try {
      alone = await alternate({
        empty: createIntent(emptyUrl),
        mock: () => postRate(`http://127.0.0.1:${mockPort}`, '/v1/customers', 'application/x-www-form-urlencoded', (n) => `email=bench${n}%40example.com&metadata[order]=${n}`, DURATION_S),
        gateway: createIntent(gateway.url),
      });
    } finally {
      await gateway.stop();
      await vault.stop();
    }
    const aloneVerified = verifyData(dir);

    // 2. The whole stack under payrail start (npm start), logs on.
    // As a user runs it: GATEWAY_WORKERS unset means the default (one gateway process per core, at most 4).
    const stack = await startPayrail('bench-stack', { LOG_LEVEL: 'info', DEMO_RATE_LIMIT_REQUESTS: '100000000', GATEWAY_WORKERS: process.env['GATEWAY_WORKERS'] ?? '0' }, 60_000);
    let whole: Record<'idle' | 'stack', number[]>;
    try {
      whole = await alternate({ idle: createIntent(emptyUrl), stack: createIntent(stack.url('GATEWAY_PORT')) });
      // Let the dispatcher deliver what is still queued before verifying.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    } finally {
      await stack.interrupt(60_000).catch(() => undefined);
    }
    const stackVerified = verifyData(stack.dir);
    await stack.cleanup();

    console.log(heading(`POST /v1/payment-intents, ${CONNECTIONS} connections, ${DURATION_S} s per run (durable: every answer follows an fsync)`));
    console.log(' the gateway alone (vault + gateway, LOG_LEVEL=warn)');
    console.log(row('empty express handler, same body parsing', alone.empty, 'req/s', 'baseline'));
    console.log(row('stripe-stateful-mock: POST /v1/customers (in memory)', alone.mock, 'req/s', alone.empty));
    console.log(row('gateway: create PaymentIntent', alone.gateway, 'req/s', alone.empty));
    console.log(' the whole stack under npm start (logs on, every create delivered to merchant-sim)');
    console.log(row('empty express handler, the stack idle', whole.idle, 'req/s', 'baseline'));
    console.log(row('npm start: create PaymentIntent', whole.stack, 'req/s', whole.idle));
    const ratio = (a: number[], b: number[]): number => spread(a).median / spread(b).median;
    console.log(target('gateway alone >= 0.70x the empty handler', ratio(alone.gateway, alone.empty) >= 0.7, `x${ratio(alone.gateway, alone.empty).toFixed(2)}`));
    console.log(target('gateway alone >= 1.0x stripe-stateful-mock', ratio(alone.gateway, alone.mock) >= 1, `x${ratio(alone.gateway, alone.mock).toFixed(2)}`));
    console.log(target('npm start >= 0.30x the empty handler', ratio(whole.stack, whole.idle) >= 0.3, `x${ratio(whole.stack, whole.idle).toFixed(2)}`));
    console.log(`  payrail verify after the runs: ${aloneVerified} | ${stackVerified}`);
  } finally {
    await stop(empty);
    await stop(mock);
    cleanup();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
