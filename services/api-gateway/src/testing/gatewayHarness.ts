import * as path from 'node:path';
import { createLogger, type Logger } from '@payrail/service-kit';
import { testEnv } from '@payrail/testing';
import { Writable } from 'node:stream';
import { createApp } from '../app';
import type { GatewayDeps } from '../common/deps';
import { loadGatewayConfig, type GatewayConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { MerchantStore } from '../merchants/merchantStore';
import { openProcessors } from '../processors/processors';
import { VaultClient } from '../processors/vaultClient';
import { openWebhooks } from '../webhooks';

export const DEMO_KEY = testEnv('').DEMO_MERCHANT_API_KEY as string;

export interface Harness {
  app: ReturnType<typeof createApp>['app'];
  deps: GatewayDeps;
  logLines: string[];
  close(): Promise<void>;
}

/**
 * The gateway app in this process on real files (a temp data folder), with real vault and
 * provider-sim clients pointed at `urls` (a closed port when a test needs neither).
 */
export async function openGateway(dataDir: string, options: { env?: NodeJS.ProcessEnv; vaultUrl?: string; providerSimUrl?: string } = {}): Promise<Harness> {
  const env = testEnv(dataDir, { LOG_LEVEL: 'info', ...options.env });
  const config: GatewayConfig = loadGatewayConfig(env);
  const logLines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { logLines.push(String(chunk)); done(); } });
  const logger: Logger = createLogger({ service: 'api-gateway', level: 'info', destination: sink });
  const ledger = await Ledger.open({ dataDir, idempotencyTtlMs: config.IDEMPOTENCY_TTL_MS });
  const merchants = await MerchantStore.open({ dataDir, pepper: config.API_KEY_PEPPER });
  await merchants.ensureDemoMerchant(config.DEMO_MERCHANT_API_KEY);
  const closed = 'http://127.0.0.1:9';
  const providerSim = options.providerSimUrl ?? closed;
  const webhooks = await openWebhooks({ dataDir, env, logger });
  const processors = await openProcessors(config, path.resolve(dataDir), providerSim);
  const deps: GatewayDeps = {
    config: { ...config, DATA_DIR: path.resolve(dataDir) },
    logger,
    ledger,
    merchants,
    vault: new VaultClient(options.vaultUrl ?? closed, config.INTERNAL_TOKEN),
    webhooks,
    processors,
  };
  const { app } = createApp(deps);
  return {
    app,
    deps,
    logLines,
    close: async () => {
      await ledger.close();
      await merchants.close();
      await webhooks.close();
      await processors.breakers.stop();
    },
  };
}
