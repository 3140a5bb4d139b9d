/**
 * npm run bench:stripe — what the Stripe-compatible surface costs over the native API: PaymentIntent
 * creation (durable, each with its own Idempotency-Key) at 64 connections, native JSON on GATEWAY_PORT
 * against a Stripe form body on STRIPE_API_PORT of the same gateway process, alternated over several
 * runs; prints min / median / max of each and the ratio of the medians.
 */
import { freePort, makeTempDataDir, startService, testEnv } from '@payrail/testing';
import { CONNECTIONS, postRate, spread } from './runs';

const DURATION_S = Number(process.env['BENCH_SECONDS'] ?? 5);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);

async function main(): Promise<void> {
  const { dir, cleanup } = makeTempDataDir('bench-stripe');
  const stripePort = await freePort();
  const gateway = await startService('api-gateway', 'GATEWAY_PORT', testEnv(dir, { LOG_LEVEL: 'warn', STRIPE_API_PORT: String(stripePort) }));
  try {
    const native: number[] = [];
    const stripe: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      native.push(await postRate(gateway.url, '/v1/payment-intents', 'application/json', (n) => JSON.stringify({ amount: 1099, currency: 'usd', metadata: { order: String(n) } }), DURATION_S));
      stripe.push(await postRate(`http://127.0.0.1:${stripePort}`, '/v1/payment_intents', 'application/x-www-form-urlencoded', (n) => `amount=1099&currency=usd&metadata[order]=${n}`, DURATION_S));
    }
    const row = (name: string, values: number[], baseline?: number): string => {
      const { min, median, max } = spread(values);
      return `  ${name.padEnd(48)} ${[min, median, max].map((v) => String(Math.round(v)).padStart(6)).join(' / ')} req/s${baseline === undefined ? '' : `   x${(median / baseline).toFixed(2)}`}`;
    };
    console.log(`create PaymentIntent, ${CONNECTIONS} connections, ${RUNS} runs of ${DURATION_S} s each, alternated (min / median / max; ratio of medians)`);
    console.log(row('native: POST /v1/payment-intents (JSON)', native));
    console.log(row('Stripe: POST /v1/payment_intents (form, qs)', stripe, spread(native).median));
  } finally {
    await gateway.stop();
    cleanup();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
