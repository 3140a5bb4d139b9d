import { listen, type RunningServer } from '@payrail/service-kit';
import { freePort, startService, testEnv, type RunningService } from '@payrail/testing';
import { openGateway, type Harness } from './gatewayHarness';

export interface Stack {
  gw: Harness;
  gatewayUrl: string;
  vault: RunningService;
  sim: RunningService;
  env: NodeJS.ProcessEnv;
  tokenize(pan: string): Promise<string>;
  /** provider-sim's admin API. */
  simAdmin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/**
 * The gateway in this process (listening on loopback, so provider-sim's webhooks reach it) with real
 * vault-service and provider-sim child processes on one temporary data folder.
 */
export async function startStack(dataDir: string, options: { gatewayEnv?: NodeJS.ProcessEnv; simEnv?: NodeJS.ProcessEnv } = {}): Promise<Stack> {
  const [vaultPort, simPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const env = testEnv(dataDir, { VAULT_PORT: String(vaultPort), PROVIDER_SIM_PORT: String(simPort), GATEWAY_PORT: String(gatewayPort) });
  const urls = { VAULT_URL: `http://127.0.0.1:${vaultPort}`, PROVIDER_SIM_URL: `http://127.0.0.1:${simPort}`, GATEWAY_URL: `http://127.0.0.1:${gatewayPort}` };
  const vault = await startService('vault-service', 'VAULT_PORT', { ...env, ...urls });
  const sim = await startService('provider-sim', 'PROVIDER_SIM_PORT', { ...env, ...urls, PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400,800,1600', PROVIDER_DISPUTE_DELAY_MS: '300', ...options.simEnv });
  const gw = await openGateway(dataDir, { vaultUrl: urls.VAULT_URL, providerSimUrl: urls.PROVIDER_SIM_URL, env: { ...urls, GATEWAY_PORT: String(gatewayPort), ...options.gatewayEnv } });
  const server: RunningServer = await listen(gw.app, { port: gatewayPort, host: '127.0.0.1', logger: gw.deps.logger });
  const internal = { 'x-internal-token': env.INTERNAL_TOKEN as string, 'content-type': 'application/json' };
  return {
    gw,
    gatewayUrl: server.url,
    vault,
    sim,
    env,
    tokenize: async (pan) => {
      const res = await fetch(`${vault.url}/tokens`, { method: 'POST', headers: internal, body: JSON.stringify({ pan, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvv: pan.startsWith('37') ? '1234' : '123' }) });
      const body = (await res.json()) as { token?: string };
      if (body.token === undefined) throw new Error(`tokenize failed: ${JSON.stringify(body)}`);
      return body.token;
    },
    simAdmin: async (method, path, body) => {
      const res = await fetch(`${sim.url}${path}`, { method, headers: { 'x-admin-token': env.ADMIN_TOKEN as string, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    close: async () => {
      await server.close();
      await gw.close();
      await Promise.all([vault.stop(), sim.stop()]);
    },
  };
}
