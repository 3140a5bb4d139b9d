// First: installs the HTTP, express and fetch instrumentations before anything loads express.
import { startTracingOrExit } from '@payrail/tracing/start';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { JournalCorruptError } from '@payrail/journal';
import { openShardCount } from '@payrail/ledger';
import { ServiceMetrics, configOrExit, createLogger, listen, loadDotEnv, onShutdown, serviceUrls, withMetrics } from '@payrail/service-kit';
import { createApp } from './app';
import { loadLedgerConfig } from './config';
import { EndpointDirectory } from './endpoints/endpointDirectory';
import { GatewayClient } from './endpoints/gatewayClient';
import { createJobs } from './jobs';
import { jobMetrics } from './jobs/jobMetrics';
import { LEASE_FILE, LeaseRunner } from './lease';
import { Ledger } from './ledger/ledger';
import { AttemptLog } from './outbox/attemptLog';
import { deliveryMetrics } from './outbox/deliveryMetrics';

async function main(): Promise<void> {
  const env = loadDotEnv(path.resolve('.env'));
  const config = configOrExit(() => loadLedgerConfig(env));
  const logger = createLogger({ service: 'ledger-service', level: config.LOG_LEVEL });
  const dataDir = path.resolve(config.DATA_DIR);
  const tracing = startTracingOrExit({ service: 'ledger-service', env, dataDir, logger });
  const urls = serviceUrls(config);

  const ledger = await Ledger.open({ dataDir, shards: openShardCount(dataDir, config.LEDGER_SHARDS), logger });
  const metrics = new ServiceMetrics('ledger-service');
  const attempts = deliveryMetrics(metrics);
  // Only the holder of the dispatcher lease delivers webhooks and runs the nightly jobs; every replica serves its API.
  const jobs = createJobs({ dataDir, config, logger, ledger, metrics: jobMetrics(metrics), mayRun: () => outbox.holdsLease() });
  const outbox: LeaseRunner = new LeaseRunner({
    lease: {
      file: path.join(dataDir, LEASE_FILE),
      holder: `${os.hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`,
      ttl_ms: config.LEDGER_LEASE_TTL_MS,
      renew_ms: config.LEDGER_LEASE_RENEW_MS,
    },
    logger,
    ledger,
    jobs,
    offsetsFile: path.join(dataDir, 'outbox', 'offsets.json'),
    openLog: () => AttemptLog.open({ dataDir, logger }),
    newEndpoints: () => new EndpointDirectory(dataDir, config.WEBHOOK_SECRET_KEY, logger, config.TAIL_POLL_MS),
    dispatcher: {
      onAttempt: attempts.onAttempt,
      dataDir,
      ledger,
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
    },
  }, await AttemptLog.open({ dataDir, logger }));
  await outbox.start();

  metrics.gauge('outbox_backlog', 'Deliveries queued, in flight or waiting for a retry', [], function collect() {
    const totals = outbox.totals();
    this.set((totals['queued'] ?? 0) + (totals['in_flight'] ?? 0) + (totals['pending_retries'] ?? 0));
  });
  metrics.gauge('dispatcher_lease_active', 'Whether this process holds the dispatcher lease (1) and so delivers webhooks and runs the nightly jobs, or stands by (0)', [], function collect() {
    this.set(outbox.holdsLease() ? 1 : 0);
  });
  metrics.gauge('dispatcher_lease_epoch', 'The epoch of the dispatcher lease as this process last read or wrote it (one more at every takeover)', [], function collect() {
    this.set(outbox.leaseState().epoch);
  });
  await metrics.startJsonl({
    dataDir,
    interval_ms: config.METRICS_INTERVAL_MS,
    extra: () => {
      const { role, epoch, holder } = outbox.leaseState();
      return { ...attempts.sample(), outbox: outbox.totals(), lease: { role, epoch, holder } };
    },
  });
  const app = withMetrics(metrics, createApp({ config, logger, dataDir, ledger, dispatcher: outbox, jobs }));
  const server = await listen(app, { port: config.LEDGER_PORT, host: config.HOST, logger });
  logger.info({ url: server.url, data_dir: dataDir, payments: ledger.state.payments.size, lease: outbox.leaseState() }, 'ledger-service listening');
  onShutdown(async () => {
    await server.close();
    // Stops delivering and the jobs, then releases the lease: a standby takes over at once.
    await outbox.stop();
    await metrics.stop();
    await ledger.close();
    await tracing.shutdown();
  }, logger);
}

main().catch((error: Error) => {
  const message = error instanceof JournalCorruptError ? error.message : (error.stack ?? error.message);
  process.stderr.write(`ledger-service failed to start: ${message}\n`);
  process.exit(1);
});
