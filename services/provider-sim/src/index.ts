// First: installs the HTTP, express and fetch instrumentations before anything loads express.
import { startTracingOrExit } from '@payrail/tracing/start';
import * as path from 'node:path';
import { Journal } from '@payrail/journal';
import { ServiceMetrics, configOrExit, createLogger, listen, loadDotEnv, onShutdown, readinessProbe, serviceUrls, withMetrics } from '@payrail/service-kit';
import { createApp } from './app';
import { ALL_BOOK_STREAMS, BOOKS_LOCK } from './books/bookStreams';
import { SimBooks } from './books/simBooks';
import { ChargeService } from './charges/chargeService';
import { loadProviderSimConfig } from './config';
import { DisputeScheduler } from './disputes/disputeScheduler';
import { FaultInjector } from './faults/faultInjector';
import { PixAutoPay } from './pix/pixAutoPay';
import { stripeDialect } from './providerA/stripeDialect';
import { adyenDialect } from './providerB/adyenDialect';
import { scheduleNightlySettlement } from './settlement/nightlySettlement';
import { SettlementWriter } from './settlement/settlementWriter';
import { WebhookDispatcher } from './webhooks/webhookDispatcher';

async function main(): Promise<void> {
  const env = loadDotEnv(path.resolve('.env'));
  const config = configOrExit(() => loadProviderSimConfig(env));
  const logger = createLogger({ service: 'provider-sim', level: config.LOG_LEVEL });
  const dataDir = path.resolve(config.DATA_DIR);
  const tracing = startTracingOrExit({ service: 'provider-sim', env, dataDir, logger });

  const books = new SimBooks();
  const journal = await Journal.open({
    dataDir,
    streams: ALL_BOOK_STREAMS,
    lockName: BOOKS_LOCK,
    onEvent: (_stream, event) => books.apply(event),
    onReset: () => books.clear(),
    logger,
  });
  const faults = new FaultInjector(config.faults);
  const dialects = { providerA: stripeDialect(config.PROVIDER_A_WEBHOOK_SECRET), providerB: adyenDialect(config.PROVIDER_B_HMAC_KEY) };
  const charges = new ChargeService({ journal, books, faults, dialects });
  const dispatcher = new WebhookDispatcher({
    books,
    journal,
    faults,
    dialects,
    gatewayUrl: serviceUrls(config).gateway,
    retry_schedule_ms: config.webhook_retry_schedule_ms,
    attempt_timeout_ms: config.PROVIDER_WEBHOOK_TIMEOUT_MS,
    logger,
  });
  const disputes = new DisputeScheduler({
    books,
    charges,
    open_delay_ms: config.PROVIDER_DISPUTE_DELAY_MS,
    auto_outcome: config.PROVIDER_DISPUTE_AUTO_OUTCOME,
    auto_delay_ms: config.PROVIDER_DISPUTE_AUTO_DELAY_MS,
    logger,
  });
  const pixAutoPay = new PixAutoPay({ books, charges, delay_ms: config.PIX_AUTO_PAY_MS, logger });
  charges.onCommitted(() => {
    dispatcher.kick();
    disputes.sync();
    pixAutoPay.sync();
  });
  const settlement = new SettlementWriter({ dataDir, books, journal, faults });
  const nightly = scheduleNightlySettlement(config.SETTLEMENT_BANK_CRON, settlement, logger);

  const app = createApp({
    internalToken: config.INTERNAL_TOKEN,
    adminToken: config.ADMIN_TOKEN,
    timeout_ms: config.PROVIDER_TIMEOUT_MS,
    simulated_delay_ms: config.PROVIDER_SIMULATED_DELAY_MS,
    books,
    charges,
    faults,
    settlement,
    logger,
    ready: readinessProbe({ folders: { books: path.join(dataDir, 'providers', 'sim'), settlement: path.join(dataDir, 'settlement') }, journals: { books: journal } }),
  });
  const metrics = new ServiceMetrics('provider-sim');
  await metrics.startJsonl({ dataDir: path.resolve(config.DATA_DIR), interval_ms: config.METRICS_INTERVAL_MS });
  const server = await listen(withMetrics(metrics, app), { port: config.PROVIDER_SIM_PORT, host: config.HOST, logger });
  // What the books still owe from before a restart: webhooks, dispute and Pix timers.
  dispatcher.kick();
  disputes.sync();
  pixAutoPay.sync();
  logger.info({ url: server.url, data_dir: dataDir, seed: config.faults.seed }, 'provider-sim listening');

  onShutdown(async () => {
    await metrics.stop();
    await nightly.stop();
    dispatcher.close();
    disputes.close();
    pixAutoPay.close();
    await server.close();
    await journal.close();
    await tracing.shutdown();
  }, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`provider-sim failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
