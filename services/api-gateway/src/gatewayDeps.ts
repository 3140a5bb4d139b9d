import * as path from 'node:path';
import { openShardCount } from '@payrail/ledger';
import { serviceUrls, type Logger } from '@payrail/service-kit';
import type { GatewayDeps } from './common/deps';
import { GatewayMetrics } from './common/gatewayMetrics';
import type { GatewayConfig } from './config';
import { Ledger } from './ledger/ledger';
import { MerchantStore } from './merchants/merchantStore';
import { CanaryResults } from './routing/canary';
import { loadSloConfig } from './ops/sloConfig';
import { SloEvaluator } from './ops/sloEvaluator';
import { openProcessors } from './processors/processors';
import { VaultClient } from './processors/vaultClient';
import { WebhookInbox } from './providerWebhooks/webhookInbox';
import { openWebhooks } from './webhooks';
import { CustomerStore } from './stripe/customerStore';
import { RateLimiter } from './merchants/rateLimiter';

/** Opens everything the gateway's routes stand on (the composition root's work, shared with tests). */
export async function openGatewayDeps(config: GatewayConfig, env: NodeJS.ProcessEnv, logger: Logger): Promise<{ deps: GatewayDeps; close(): Promise<void> }> {
  const dataDir = path.resolve(config.DATA_DIR);
  const urls = serviceUrls(config);
  const metrics = new GatewayMetrics();
  const canaryResults = new CanaryResults();
  const ledger = await Ledger.open({
    dataDir,
    shards: openShardCount(dataDir, config.LEDGER_SHARDS),
    logger,
    idempotencyTtlMs: config.IDEMPOTENCY_TTL_MS,
    onBatch: (stats) => metrics.observeBatch(stats),
    onCorrupt: (error) => metrics.journalCorrupt.inc({ stream: error.stream }),
    onApplied: (event, state) => {
      metrics.observeLedgerEvent(event, state.payments.get(event.ref)?.processor ?? null);
      canaryResults.observe(event);
    },
  });
  const merchants = await MerchantStore.open({ dataDir, pepper: config.API_KEY_PEPPER, logger });
  await merchants.ensureDemoMerchant(config.DEMO_MERCHANT_API_KEY);
  const processors = await openProcessors(config, dataDir, urls.providerSim, (provider, answered) => metrics.observeProviderCall(provider, answered), { results: canaryResults, logger });
  metrics.watchBreakers(() => processors.health());
  const webhooks = await openWebhooks({ dataDir, env, logger });
  const vault = new VaultClient(urls.vault, config.INTERNAL_TOKEN);
  const inbox = await WebhookInbox.open(dataDir, logger);
  const customers = await CustomerStore.open({ dataDir, logger });
  const sloConfig = await loadSloConfig(config.SLO_FILE === '' ? path.join(dataDir, 'gateway', 'slos.json') : config.SLO_FILE);
  const slos = new SloEvaluator({ dataDir, config: sloConfig, logger });
  await slos.start();
  const rateLimiter = new RateLimiter(dataDir, config.RATE_LIMIT_WINDOW_MS, logger);
  const deps: GatewayDeps = { config: { ...config, DATA_DIR: dataDir }, logger, ledger, merchants, vault, processors, webhooks, metrics, inbox, customers, slos, rateLimiter };
  return {
    deps,
    close: async () => {
      await slos.stop();
      await ledger.close();
      await merchants.close();
      await webhooks.close();
      await processors.breakers.stop();
      await processors.canaries?.stop();
      await metrics.stop();
      await inbox.close();
      await customers.close();
    },
  };
}
