// First: installs the HTTP, express and fetch instrumentations before anything loads express.
import { startTracingOrExit } from '@payrail/tracing/start';
import * as path from 'node:path';
import { configOrExit, createLogger, listen, loadDotEnv, onShutdown, type Logger } from '@payrail/service-kit';
import { createApp } from './app';
import { createStripeApp } from './stripe/stripeApp';
import { loadGatewayConfig, type GatewayConfig } from './config';
import { openGatewayDeps } from './gatewayDeps';
import { EscrowClock } from './escrows/escrowClock';
import { InFlightResolver } from './paymentIntents/inFlightResolver';
import { PixExpiry } from './paymentIntents/pixExpiry';
import { defaultGatewayWorkers, runGatewayWorkers } from './cluster/gatewayWorkers';

async function main(env: NodeJS.ProcessEnv, config: GatewayConfig, logger: Logger): Promise<void> {
  const tracing = startTracingOrExit({ service: 'api-gateway', env, dataDir: path.resolve(config.DATA_DIR), logger });
  const { deps, close } = await openGatewayDeps(config, env, logger);
  const { app } = createApp(deps);
  const resolver = new InFlightResolver(deps, 3 * config.PROCESSOR_TIMEOUT_MS);
  resolver.start(config.RESOLVER_INTERVAL_MS);
  const escrowClock = new EscrowClock(deps);
  escrowClock.start(config.ESCROW_INTERVAL_MS);
  const pixExpiry = new PixExpiry(deps);
  pixExpiry.start(config.PIX_EXPIRY_INTERVAL_MS);
  await deps.metrics.startJsonl({
    dataDir: deps.config.DATA_DIR,
    interval_ms: config.METRICS_INTERVAL_MS,
    extra: () => ({ breakers: Object.fromEntries(deps.processors.health().map((h) => [h.provider, h.breaker])), payments: deps.ledger.state.payments.size, ...deps.metrics.takeGatewaySample() }),
  });
  const server = await listen(app, { port: config.GATEWAY_PORT, host: config.HOST, logger });
  logger.info({ url: server.url, data_dir: deps.config.DATA_DIR, payments: deps.ledger.state.payments.size }, 'api-gateway listening');
  const stripe = config.STRIPE_API_PORT === 0 ? null : await listen(createStripeApp(deps), { port: config.STRIPE_API_PORT, host: config.HOST, logger });
  if (stripe !== null) logger.info({ url: stripe.url }, 'Stripe-compatible API listening (new Stripe(key, { host, port, protocol: "http" }))');
  onShutdown(async () => {
    await stripe?.close();
    await server.close();
    await resolver.stop();
    await escrowClock.stop();
    await pixExpiry.stop();
    await close();
    await tracing.shutdown();
  }, logger);
}

const env = loadDotEnv(path.resolve('.env'));
const config = configOrExit(() => loadGatewayConfig(env));
const logger = createLogger({ service: 'api-gateway', level: config.LOG_LEVEL });
runGatewayWorkers(config.GATEWAY_WORKERS === 0 ? defaultGatewayWorkers() : config.GATEWAY_WORKERS, () => main(env, config, logger), logger);
