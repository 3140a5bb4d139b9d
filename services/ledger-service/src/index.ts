// First: installs the HTTP, express and fetch instrumentations before anything loads express.
import { startTracingOrExit } from '@payrail/tracing/start';
import * as path from 'node:path';
import { JournalCorruptError } from '@payrail/journal';
import { ServiceMetrics, configOrExit, createLogger, listen, loadDotEnv, onShutdown, serviceUrls, withMetrics } from '@payrail/service-kit';
import { createApp } from './app';
import { loadLedgerConfig } from './config';
import { EndpointDirectory } from './endpoints/endpointDirectory';
import { GatewayClient } from './endpoints/gatewayClient';
import { createJobs } from './jobs';
import { jobMetrics } from './jobs/jobMetrics';
import { Ledger } from './ledger/ledger';
import { AttemptLog } from './outbox/attemptLog';
import { Checkpoint } from './outbox/checkpoint';
import { deliveryMetrics } from './outbox/deliveryMetrics';
import { Dispatcher } from './outbox/dispatcher';

async function main(): Promise<void> {
  const env = loadDotEnv(path.resolve('.env'));
  const config = configOrExit(() => loadLedgerConfig(env));
  const logger = createLogger({ service: 'ledger-service', level: config.LOG_LEVEL });
  const dataDir = path.resolve(config.DATA_DIR);
  const tracing = startTracingOrExit({ service: 'ledger-service', env, dataDir, logger });
  const urls = serviceUrls(config);

  const ledger = await Ledger.open({ dataDir, logger });
  const log = await AttemptLog.open({ dataDir, logger });
  const metrics = new ServiceMetrics('ledger-service');
  const attempts = deliveryMetrics(metrics);
  const dispatcher = new Dispatcher({
    onAttempt: attempts.onAttempt,
    dataDir,
    ledger,
    endpoints: new EndpointDirectory(dataDir, config.WEBHOOK_SECRET_KEY, logger, config.TAIL_POLL_MS),
    log,
    checkpoint: await Checkpoint.load(path.join(dataDir, 'outbox', 'offsets.json')),
    gateway: new GatewayClient(urls.gateway, config.INTERNAL_TOKEN),
    logger,
    settings: {
      timeout_ms: config.WEBHOOK_TIMEOUT_MS,
      schedule_ms: config.retrySchedule_ms,
      jitter_pct: config.WEBHOOK_JITTER_PCT,
      retry_after_max_ms: config.WEBHOOK_RETRY_AFTER_MAX_MS,
      concurrency_per_endpoint: config.WEBHOOK_CONCURRENCY_PER_ENDPOINT,
      concurrency_total: config.WEBHOOK_CONCURRENCY_TOTAL,
      poll_ms: config.TAIL_POLL_MS,
    },
  });
  await dispatcher.start();

  const jobs = createJobs({ dataDir, config, logger, ledger, metrics: jobMetrics(metrics) });
  jobs.start();

  metrics.gauge('outbox_backlog', 'Deliveries queued, in flight or waiting for a retry', [], function collect() {
    const totals = (dispatcher.status()['totals'] ?? {}) as Record<string, number>;
    this.set((totals['queued'] ?? 0) + (totals['in_flight'] ?? 0) + (totals['pending_retries'] ?? 0));
  });
  await metrics.startJsonl({
    dataDir,
    interval_ms: config.METRICS_INTERVAL_MS,
    extra: () => ({ ...attempts.sample(), outbox: (dispatcher.status()['totals'] ?? {}) as object }),
  });
  const app = withMetrics(metrics, createApp({ config, logger, dataDir, ledger, dispatcher, jobs }));
  const server = await listen(app, { port: config.LEDGER_PORT, host: config.HOST, logger });
  logger.info({ url: server.url, data_dir: dataDir, payments: ledger.state.payments.size }, 'ledger-service listening');
  onShutdown(async () => {
    await server.close();
    await dispatcher.stop();
    await jobs.stop();
    await metrics.stop();
    await log.close();
    await ledger.close();
    await tracing.shutdown();
  }, logger);
}

main().catch((error: Error) => {
  const message = error instanceof JournalCorruptError ? error.message : (error.stack ?? error.message);
  process.stderr.write(`ledger-service failed to start: ${message}\n`);
  process.exit(1);
});
