import * as path from 'node:path';
import { JournalCorruptError } from '@payrail/journal';
import { configOrExit, createLogger, listen, loadDotEnv, onShutdown, serviceUrls } from '@payrail/service-kit';
import { createApp } from './app';
import { loadGatewayConfig } from './config';
import { Ledger } from './ledger/ledger';
import { MerchantStore } from './merchants/merchantStore';
import { ConfirmationResolver } from './paymentIntents/confirmationResolver';
import { openProcessors } from './processors/processors';
import { VaultClient } from './processors/vaultClient';
import { openWebhooks } from './webhooks';

async function main(): Promise<void> {
  const env = loadDotEnv(path.resolve('.env'));
  const config = configOrExit(() => loadGatewayConfig(env));
  const logger = createLogger({ service: 'api-gateway', level: config.LOG_LEVEL });
  const dataDir = path.resolve(config.DATA_DIR);
  const urls = serviceUrls(config);
  const ledger = await Ledger.open({ dataDir, logger, idempotencyTtlMs: config.IDEMPOTENCY_TTL_MS });
  const merchants = await MerchantStore.open({ dataDir, pepper: config.API_KEY_PEPPER, logger });
  await merchants.ensureDemoMerchant(config.DEMO_MERCHANT_API_KEY);
  const processors = await openProcessors(config, dataDir, urls.providerSim);
  const vault = new VaultClient(urls.vault, config.INTERNAL_TOKEN);
  const webhooks = await openWebhooks({ dataDir, env, logger });
  const deps = { config: { ...config, DATA_DIR: dataDir }, logger, ledger, merchants, vault, processors, webhooks };
  const { app } = createApp(deps);
  const resolver = new ConfirmationResolver(deps, 3 * config.PROCESSOR_TIMEOUT_MS);
  resolver.start(config.RESOLVER_INTERVAL_MS);
  const server = await listen(app, { port: config.GATEWAY_PORT, host: config.HOST });
  logger.info({ url: server.url, data_dir: dataDir, payments: ledger.state.payments.size }, 'api-gateway listening');
  onShutdown(async () => {
    await server.close();
    await resolver.stop();
    await ledger.close();
    await merchants.close();
    await webhooks.close();
    await processors.breakers.stop();
  }, logger);
}

main().catch((error: Error) => {
  const message = error instanceof JournalCorruptError ? error.message : (error.stack ?? error.message);
  process.stderr.write(`api-gateway failed to start: ${message}\n`);
  process.exit(1);
});
