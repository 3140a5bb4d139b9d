// First: installs the HTTP, express and fetch instrumentations before anything loads express.
import { startTracingOrExit } from '@payrail/tracing/start';
import * as path from 'node:path';
import { Journal } from '@payrail/journal';
import { ServiceMetrics, configOrExit, createLogger, listen, loadDotEnv, onShutdown, readinessProbe, serviceUrls, withMetrics } from '@payrail/service-kit';
import { createApp } from './app';
import { loadMerchantSimConfig } from './config';
import { DELIVERIES_LOCK, DELIVERIES_STREAM } from './deliveries/deliveryRecord';
import { DeliveryLog } from './deliveries/DeliveryLog';
import { ApiKeyStore } from './envs/ApiKeyStore';
import { MerchantView } from './MerchantView';
import { ModeBoard } from './modes/ModeBoard';
import { SecretStore } from './secrets/SecretStore';
import type { WebhookEnv } from './webhooks/webhookEnvs';
import { SnapshotWriter } from './snapshots/SnapshotWriter';
import { Checkout } from './storefront/Checkout';
import { GatewayApi } from './storefront/GatewayApi';
import { ORDERS_STREAM } from './storefront/orderRecords';

async function main(): Promise<void> {
  const env = loadDotEnv(path.resolve('.env'));
  const config = configOrExit(() => loadMerchantSimConfig(env));
  const logger = createLogger({ service: 'merchant-sim', level: config.LOG_LEVEL });
  const tracing = startTracingOrExit({ service: 'merchant-sim', env, dataDir: path.resolve(config.DATA_DIR), logger });
  const view = new MerchantView();
  const snapshots = new SnapshotWriter({ dataDir: config.DATA_DIR, view, logger });
  const journal = await Journal.open({
    dataDir: config.DATA_DIR,
    streams: [DELIVERIES_STREAM, ORDERS_STREAM],
    lockName: DELIVERIES_LOCK,
    onEvent: (_stream, line) => {
      view.apply(line);
      snapshots.schedule();
    },
    onReset: () => view.clear(),
    logger,
  });
  const secrets = await SecretStore.open({ file: path.join(config.DATA_DIR, 'merchant-sim', 'secrets.json'), key: config.MERCHANT_SIM_SECRET_KEY, seed: config.secretsSeed });
  const apiKeys = await ApiKeyStore.open({ file: path.join(config.DATA_DIR, 'merchant-sim', 'api_keys.json'), key: config.MERCHANT_SIM_SECRET_KEY, fallback: config.merchantApiKey });
  const gatewayUrl = serviceUrls(config).gateway;
  const apiKeyFor = (env: WebhookEnv): string => apiKeys.get(env);
  const gatewayApi = new GatewayApi(gatewayUrl, apiKeyFor);
  const stopping = new AbortController();
  const app = createApp({
    internalToken: config.INTERNAL_TOKEN,
    logger,
    view,
    deliveries: new DeliveryLog(journal, view.deliveries),
    secrets,
    modes: new ModeBoard(config.initialModes),
    gateway: { baseUrl: gatewayUrl, apiKeyFor },
    gatewayApi,
    checkout: new Checkout({ journal, placed: view.placed, gateway: gatewayApi, logger }),
    apiKeys,
    secretKey: config.MERCHANT_SIM_SECRET_KEY,
    ready: readinessProbe({ folders: { merchant_sim: path.join(path.resolve(config.DATA_DIR), 'merchant-sim') }, journals: { merchant_sim: journal } }),
    stopping: stopping.signal,
  });
  snapshots.schedule();
  const metrics = new ServiceMetrics('merchant-sim');
  await metrics.startJsonl({ dataDir: path.resolve(config.DATA_DIR), interval_ms: config.METRICS_INTERVAL_MS });
  const server = await listen(withMetrics(metrics, app), { port: config.MERCHANT_SIM_PORT, host: config.HOST, logger });
  logger.info({ url: server.url, events: view.deliveries.newestFirst().length, orders: view.placed.newestFirst().length, secrets: Object.fromEntries(Object.entries(secrets.summary()).map(([env, s]) => [env, s.count])) }, 'merchant-sim listening');

  onShutdown(async () => {
    await metrics.stop();
    stopping.abort(); // deliveries held by timeout mode are answered now
    await server.close();
    await journal.close();
    await snapshots.close();
    await tracing.shutdown();
  }, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`merchant-sim failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
