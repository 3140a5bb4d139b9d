import * as path from 'node:path';
import { Journal } from '@payrail/journal';
import { ServiceMetrics, configOrExit, createLogger, listen, loadDotEnv, onShutdown, readinessProbe, serviceUrls, withMetrics } from '@payrail/service-kit';
import { createApp } from './app';
import { loadMerchantSimConfig } from './config';
import { DELIVERIES_LOCK, DELIVERIES_STREAM } from './deliveries/deliveryRecord';
import { DeliveryLog } from './deliveries/DeliveryLog';
import { MerchantView } from './MerchantView';
import { ModeBoard } from './modes/ModeBoard';
import { SecretStore } from './secrets/SecretStore';
import { SnapshotWriter } from './snapshots/SnapshotWriter';

async function main(): Promise<void> {
  const config = configOrExit(() => loadMerchantSimConfig(loadDotEnv(path.resolve('.env'))));
  const logger = createLogger({ service: 'merchant-sim', level: config.LOG_LEVEL });
  const view = new MerchantView();
  const snapshots = new SnapshotWriter({ dataDir: config.DATA_DIR, view, logger });
  const journal = await Journal.open({
    dataDir: config.DATA_DIR,
    streams: [DELIVERIES_STREAM],
    lockName: DELIVERIES_LOCK,
    onEvent: (_stream, line) => {
      view.apply(line);
      snapshots.schedule();
    },
    onReset: () => view.clear(),
    logger,
  });
  const secrets = await SecretStore.open({ file: path.join(config.DATA_DIR, 'merchant-sim', 'secrets.json'), key: config.MERCHANT_SIM_SECRET_KEY, seed: config.secretsSeed });
  const stopping = new AbortController();
  const app = createApp({
    internalToken: config.INTERNAL_TOKEN,
    logger,
    view,
    deliveries: new DeliveryLog(journal, view.deliveries),
    secrets,
    modes: new ModeBoard(config.initialModes),
    gateway: { baseUrl: serviceUrls(config).gateway, apiKey: config.merchantApiKey },
    ready: readinessProbe({ folders: { merchant_sim: path.join(path.resolve(config.DATA_DIR), 'merchant-sim') }, journals: { merchant_sim: journal } }),
    stopping: stopping.signal,
  });
  snapshots.schedule();
  const metrics = new ServiceMetrics('merchant-sim');
  await metrics.startJsonl({ dataDir: path.resolve(config.DATA_DIR), interval_ms: config.METRICS_INTERVAL_MS });
  const server = await listen(withMetrics(metrics, app), { port: config.MERCHANT_SIM_PORT, host: config.HOST, logger });
  logger.info({ url: server.url, events: view.deliveries.newestFirst().length, secrets: Object.fromEntries(Object.entries(secrets.summary()).map(([env, s]) => [env, s.count])) }, 'merchant-sim listening');

  onShutdown(async () => {
    await metrics.stop();
    stopping.abort(); // deliveries held by timeout mode are answered now
    await server.close();
    await journal.close();
    await snapshots.close();
  }, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`merchant-sim failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
