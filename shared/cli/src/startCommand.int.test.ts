import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, startNode, waitFor } from '@payrail/testing';
import { registerDemoWebhookEndpoint } from './demoEndpoint';
import { registerMerchantSimEnvs } from './merchantSimEnvs';
import { isAlive, locksUnder, startPayrail, type PayrailStart } from './testing/payrailStart';

const SERVICES = ['vault-service', 'provider-sim', 'ledger-service', 'api-gateway', 'merchant-sim'];

describe('npm start (payrail start): every service as a supervised child process', () => {
  let payrail: PayrailStart;
  let started_ms: number;
  beforeAll(async () => {
    const begun = Date.now();
    // The bar: every service ready within 20 s.
    payrail = await startPayrail('npm-start', { LOG_LEVEL: 'info', METRICS_INTERVAL_MS: '500' }, 20_000);
    started_ms = Date.now() - begun;
  }, 30_000);
  afterAll(async () => {
    await payrail?.cleanup();
  });

  it('prints one table of service, URL and status (all ready within 20 s), then the API, docs and console URLs and the demo key', () => {
    expect(started_ms).toBeLessThan(20_000);
    const text = payrail.run.lines.join('\n');
    expect(text).toMatch(/^service +url +status$/m);
    const urls: Record<string, string> = { 'vault-service': payrail.url('VAULT_PORT'), 'provider-sim': payrail.url('PROVIDER_SIM_PORT'), 'ledger-service': payrail.url('LEDGER_PORT'), 'api-gateway': payrail.url('GATEWAY_PORT'), 'merchant-sim': payrail.url('MERCHANT_SIM_PORT') };
    for (const service of SERVICES) expect(text).toMatch(new RegExp(`^${service} +${urls[service]} +ready$`, 'm'));
    expect(text).toContain(`${payrail.url('GATEWAY_PORT')}/docs`);
    expect(text).toContain(`${payrail.url('GATEWAY_PORT')}/console`);
    expect(text).toContain(`Bearer ${payrail.env['DEMO_MERCHANT_API_KEY']}`);
    expect(text).toMatch(/webhook endpoint: we_[0-9a-z]{26} \(registered now\)/);
  });

  it('prefixes every service line by the service on its output (JSON when not a terminal) and writes each to data/logs/<service>.log', () => {
    for (const service of SERVICES) {
      expect(existsSync(path.join(payrail.dir, 'logs', `${service}.log`))).toBe(true);
      expect(payrail.logLines(service).some((line) => line['service'] === service && /listening/.test(String(line['msg'])))).toBe(true);
      const prefixed = payrail.run.lines.filter((line) => line.startsWith(`${service.padEnd(15)}| {`));
      expect(prefixed.length).toBeGreaterThan(0);
      expect(() => JSON.parse(prefixed[0]?.slice(17) ?? '')).not.toThrow();
    }
  });

  it('every service serves Prometheus /metrics and appends samples to metrics/service_metrics.jsonl', async () => {
    const ports = { 'vault-service': 'VAULT_PORT', 'provider-sim': 'PROVIDER_SIM_PORT', 'ledger-service': 'LEDGER_PORT', 'api-gateway': 'GATEWAY_PORT', 'merchant-sim': 'MERCHANT_SIM_PORT' } as const;
    for (const [service, port] of Object.entries(ports)) {
      const res = await fetch(`${payrail.url(port)}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain(`service="${service}"`);
      expect(text).toContain('process_cpu_seconds_total');
    }
    const gatewayMetrics = await (await fetch(`${payrail.url('GATEWAY_PORT')}/metrics`)).text();
    for (const name of ['payments_total', 'payment_duration_seconds', 'provider_requests_total', 'journal_append_seconds', 'journal_batch_size']) expect(gatewayMetrics).toContain(name);
    const ledgerMetrics = await (await fetch(`${payrail.url('LEDGER_PORT')}/metrics`)).text();
    for (const name of ['webhook_deliveries_total', 'webhook_lag_seconds', 'outbox_backlog']) expect(ledgerMetrics).toContain(name);
    const file = path.join(payrail.dir, 'metrics', 'service_metrics.jsonl');
    const sampled = (): Set<string> => new Set(existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { data: { service: string } }).data.service) : []);
    await waitFor(() => sampled().size === SERVICES.length, 10_000, 'a metrics sample from every service');
  });

  it("registers merchant-sim's local receiver as the demo merchant's webhook endpoint once", async () => {
    const again = await registerDemoWebhookEndpoint({ gateway: payrail.url('GATEWAY_PORT'), merchantSim: payrail.url('MERCHANT_SIM_PORT'), apiKey: payrail.env['DEMO_MERCHANT_API_KEY'] as string, internalToken: payrail.env['INTERNAL_TOKEN'] as string });
    expect(again).toMatch(/already registered/);
    const list = await fetch(`${payrail.url('GATEWAY_PORT')}/v1/webhook-endpoints?limit=100`, { headers: { authorization: `Bearer ${payrail.env['DEMO_MERCHANT_API_KEY']}` } });
    const endpoints = ((await list.json()) as { data: Array<{ url: string }> }).data;
    expect(endpoints.filter((e) => e.url === `${payrail.url('MERCHANT_SIM_PORT')}/webhooks/local`)).toHaveLength(1);
  });

  it("connects merchant-sim's sandbox and staging receivers as merchant accounts of their own (key, endpoint, secret), once", async () => {
    const text = payrail.run.lines.join('\n');
    expect(text).toMatch(/storefront +http:\/\/\S+\/shop\/orders .*envs: sandbox m_[0-9a-z]{26}, endpoint we_[0-9a-z]{26} \(connected now\); staging m_[0-9a-z]{26}, endpoint we_[0-9a-z]{26} \(connected now\)/);
    const args = { gateway: payrail.url('GATEWAY_PORT'), merchantSim: payrail.url('MERCHANT_SIM_PORT'), adminToken: payrail.env['ADMIN_TOKEN'] as string, internalToken: payrail.env['INTERNAL_TOKEN'] as string };
    expect(await registerMerchantSimEnvs(args)).toMatch(/^sandbox m_[0-9a-z]{26} \(already connected\); staging m_[0-9a-z]{26} \(already connected\)$/);
    const keys = await fetch(`${args.merchantSim}/admin/api-keys`, { headers: { 'x-internal-token': args.internalToken } });
    const data = ((await keys.json()) as { data: Record<string, { source: string; prefix: string | null }> }).data;
    expect([data['sandbox']?.source, data['staging']?.source]).toEqual(['env', 'env']);
    expect(data['sandbox']?.prefix).not.toBe(data['staging']?.prefix);
    expect(JSON.stringify(data)).not.toContain(payrail.env['DEMO_MERCHANT_API_KEY'] as string);
  });

  it('restarts a service that crashes (kill -9), after a backoff, and logs the restart', async () => {
    const pidOf = (): number | undefined => payrail.logLines('provider-sim').filter((l) => l['service'] === 'provider-sim' && /listening/.test(String(l['msg']))).pop()?.['pid'] as number | undefined;
    const first = pidOf() as number;
    process.kill(first, 'SIGKILL');
    await waitFor(() => payrail.run.lines.some((line) => /^payrail: provider-sim exited \(SIGKILL\); restart #1 in \d+ ms$/.test(line)), 5_000, 'the restart line');
    await waitFor(() => pidOf() !== first, 15_000, 'provider-sim to start again');
    const ready = await fetch(`${payrail.url('PROVIDER_SIM_PORT')}/ready`);
    expect(ready.status).toBe(200);
    expect(isAlive(first)).toBe(false);
    expect(payrail.logLines('provider-sim')).toContainEqual(expect.objectContaining({ service: 'payrail-start', restarted: 'provider-sim', exit: 'SIGKILL', restart: 1 }));
  }, 30_000);

  it('refuses to start a second time on ports that are taken, naming them, instead of crash-looping', async () => {
    const second = startNode(path.join(REPO_ROOT, 'shared', 'cli', 'bin', 'payrail.js'), ['start'], payrail.env);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(/something already listens on the port of vault-service \(VAULT_PORT=\d+\)/);
  });

  it('stops every service on Ctrl-C: exit 0, no process left behind, no lock left in the data folder', async () => {
    const pids = payrail.servicePids();
    expect(pids.size).toBeGreaterThanOrEqual(SERVICES.length + 1); // one more: provider-sim was restarted
    expect(await payrail.interrupt()).toBe(0);
    expect(payrail.run.lines).toContain('payrail: stopped.');
    expect([...pids].filter(isAlive)).toEqual([]);
    expect(locksUnder(payrail.dir)).toEqual([]);
    for (const service of SERVICES) {
      expect(payrail.logLines(service)).toContainEqual(expect.objectContaining({ service, msg: 'shutting down' }));
    }
  }, 30_000);
});
