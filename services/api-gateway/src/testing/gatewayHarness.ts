import { Writable } from 'node:stream';
import { createLogger } from '@payrail/service-kit';
import { testEnv } from '@payrail/testing';
import { createApp } from '../app';
import type { GatewayDeps } from '../common/deps';
import { loadGatewayConfig } from '../config';
import { openGatewayDeps } from '../gatewayDeps';

export const DEMO_KEY = testEnv('').DEMO_MERCHANT_API_KEY as string;

/** A loopback port nothing listens on: a service a test does not need. */
const NOBODY = 'http://127.0.0.1:9';

export interface Harness {
  app: ReturnType<typeof createApp>['app'];
  deps: GatewayDeps;
  logLines: string[];
  close(): Promise<void>;
}

/**
 * The gateway app in this process on real files (a temp data folder), talking to real vault and
 * provider-sim processes at `vaultUrl` and `providerSimUrl` (nobody, when a test needs neither).
 * Its log lines are captured in `logLines`.
 */
export async function openGateway(dataDir: string, options: { env?: NodeJS.ProcessEnv; vaultUrl?: string; providerSimUrl?: string } = {}): Promise<Harness> {
  const env = testEnv(dataDir, { LOG_LEVEL: 'info', VAULT_URL: options.vaultUrl ?? NOBODY, PROVIDER_SIM_URL: options.providerSimUrl ?? NOBODY, ...options.env });
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ service: 'api-gateway', level: 'info', destination: sink });
  const { deps, close } = await openGatewayDeps(loadGatewayConfig(env), env, logger);
  return { app: createApp(deps).app, deps, logLines, close };
}
