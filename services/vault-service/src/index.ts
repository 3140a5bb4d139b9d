// First: installs the HTTP, express and fetch instrumentations before anything loads express.
import { startTracingOrExit } from '@payrail/tracing/start';
import * as path from 'node:path';
import { JournalCorruptError, JournalUnavailableError } from '@payrail/journal';
import { ServiceMetrics, configOrExit, createLogger, listen, loadConfig, loadDotEnv, onShutdown, readinessProbe, withMetrics } from '@payrail/service-kit';
import { createApp } from './app';
import { SnapshotWriter } from './cards/snapshotWriter';
import { VAULT_CONFIG } from './config';
import { KeyService } from './keys/keyService';
import { ReencryptionWorker } from './keys/reencryptionWorker';
import { openVault, VaultStartError } from './startup/openVault';
import { TokenService } from './tokens/tokenService';

async function main(): Promise<void> {
  const env = loadDotEnv(path.resolve('.env'));
  const config = configOrExit(() => loadConfig(VAULT_CONFIG, env));
  const logger = createLogger({ service: 'vault-service', level: config.LOG_LEVEL });
  const tracing = startTracingOrExit({ service: 'vault-service', env, dataDir: path.resolve(config.DATA_DIR), logger });
  const { journal, store, ring } = await openVault({ dataDir: config.DATA_DIR, logger }).catch((error: unknown) => {
    // These say what is wrong and how to fix it; anything else is a bug and keeps its stack.
    if (!(error instanceof VaultStartError || error instanceof JournalCorruptError || error instanceof JournalUnavailableError)) throw error;
    process.stderr.write(`vault-service: ${error.message}\n`);
    return process.exit(1);
  });
  const snapshots = new SnapshotWriter({ dataDir: config.DATA_DIR, store, interval_ms: config.VAULT_SNAPSHOT_INTERVAL_MS, logger });
  await snapshots.flush();
  snapshots.start();
  const worker = new ReencryptionWorker({ journal, store, ring, batch_size: config.VAULT_REENCRYPT_BATCH, logger });
  const app = createApp({
    config,
    logger,
    tokens: new TokenService({ journal, store, ring }),
    keys: new KeyService({ journal, store, ring, worker }),
    ready: readinessProbe({ folders: { vault: path.join(path.resolve(config.DATA_DIR), 'vault') }, journals: { vault: journal } }),
  });
  const metrics = new ServiceMetrics('vault-service');
  await metrics.startJsonl({ dataDir: path.resolve(config.DATA_DIR), interval_ms: config.METRICS_INTERVAL_MS });
  const server = await listen(withMetrics(metrics, app), { port: config.VAULT_PORT, host: config.HOST, logger });
  logger.info({ url: server.url, cards: store.size, active_key_id: ring.active.id }, 'vault-service listening');
  // A rotation interrupted by a restart carries on.
  if (worker.hasWork()) worker.kick();

  onShutdown(async () => {
    await metrics.stop();
    await server.close();
    await worker.stop();
    await journal.close();
    await snapshots.stop();
    await tracing.shutdown();
  }, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`vault-service failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
