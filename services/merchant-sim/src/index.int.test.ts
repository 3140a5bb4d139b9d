import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { generateWebhookSecret, signStandardWebhook } from '@payrail/core';
import { makeTempDataDir, startService, testEnv, waitFor, type RunningService } from '@payrail/testing';

const TOKEN = testEnv('').INTERNAL_TOKEN as string;

describe('merchant-sim across a restart (real process)', () => {
  let cleanup: () => void;
  let dataDir: string;
  let service: RunningService | undefined;

  beforeAll(() => {
    ({ dir: dataDir, cleanup } = makeTempDataDir('merchant-sim-restart'));
  });

  afterAll(async () => {
    await service?.kill();
    cleanup?.();
  });

  it('keeps every delivery, the pushed secret and the orders; rebuilds deleted snapshots', async () => {
    const file = (name: string) => path.join(dataDir, 'merchant-sim', name);
    service = await startService('merchant-sim', 'MERCHANT_SIM_PORT', testEnv(dataDir));
    const secret = generateWebhookSecret();
    const pushed = await fetch(`${service.url}/admin/secrets/local`, { method: 'PUT', headers: { 'x-internal-token': TOKEN, 'content-type': 'application/json' }, body: JSON.stringify({ secrets: [secret] }) });
    expect(pushed.status).toBe(200);
    expect(statSync(file('secrets.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(file('secrets.json'), 'utf8')).not.toContain(secret.slice('whsec_'.length, 20)); // encrypted at rest

    const body = JSON.stringify({ id: 'evt_restart', type: 'payment_intent.captured', created: Math.floor(Date.now() / 1000), data: { object: { id: 'pi_restart', object: 'payment_intent', amount: 1, currency: 'USD', status: 'captured' } } });
    const headers = signStandardWebhook({ id: 'evt_restart', timestamp: Math.floor(Date.now() / 1000), body, secrets: [secret] });
    expect((await fetch(`${service.url}/webhooks/local`, { method: 'POST', headers, body })).status).toBe(200);
    await waitFor(() => existsSync(file('orders.json')) && readFileSync(file('orders.json'), 'utf8').includes('pi_restart'), 5_000, 'orders.json');
    expect(readFileSync(file('events.json'), 'utf8')).toContain('evt_restart');

    await service.kill(); // kill -9: acknowledged deliveries are in the stream already
    rmSync(file('events.json'));
    rmSync(file('orders.json'));
    service = await startService('merchant-sim', 'MERCHANT_SIM_PORT', testEnv(dataDir));

    const again = await fetch(`${service.url}/webhooks/local`, { method: 'POST', headers, body });
    expect(await again.json()).toMatchObject({ attempt: 2, duplicate: true });
    const event = (await (await fetch(`${service.url}/events/evt_restart`)).json()) as any;
    expect(event).toMatchObject({ processed: true, badges: { signature: 'SIG OK', retries: 1 } });
    expect(((await (await fetch(`${service.url}/orders/pi_restart`)).json()) as any).status).toBe('captured');
    await waitFor(() => existsSync(file('events.json')) && existsSync(file('orders.json')), 5_000, 'rebuilt snapshots');
  });

  it('starts in the modes of MERCHANT_SIM_MODES, and answers deliveries held by timeout mode when stopped', async () => {
    const { dir, cleanup: remove } = makeTempDataDir('merchant-sim-held');
    const secret = generateWebhookSecret();
    const env = testEnv(dir, { MERCHANT_SIM_SECRETS: JSON.stringify({ local: [secret] }), MERCHANT_SIM_MODES: JSON.stringify({ local: { mode: 'timeout', timeout_ms: 60_000 } }) });
    let held: RunningService | undefined = await startService('merchant-sim', 'MERCHANT_SIM_PORT', env);
    try {
      const body = JSON.stringify({ id: 'evt_held', type: 'payment_intent.created', created: Math.floor(Date.now() / 1000), data: { object: { id: 'pi_held', object: 'payment_intent', status: 'created' } } });
      const headers = signStandardWebhook({ id: 'evt_held', timestamp: Math.floor(Date.now() / 1000), body, secrets: [secret] });
      const answer = fetch(`${held.url}/webhooks/local`, { method: 'POST', headers, body });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const stopping = Date.now();
      await held.stop();
      expect(Date.now() - stopping).toBeLessThan(5_000);
      expect((await answer).status).toBe(200);
      held = await startService('merchant-sim', 'MERCHANT_SIM_PORT', env);
      const event = (await (await fetch(`${held.url}/events/evt_held`)).json()) as any;
      expect(event.timeline[0]).toMatchObject({ mode: 'timeout', timeout_ms: 60_000, status: 200 });
    } finally {
      await held?.kill();
      remove();
    }
  });

  it('refuses to start on a malformed MERCHANT_SIM_SECRETS, naming it without echoing it', async () => {
    const { dir, cleanup: remove } = makeTempDataDir('merchant-sim-badconfig');
    try {
      const refused = await startService('merchant-sim', 'MERCHANT_SIM_PORT', testEnv(dir, { MERCHANT_SIM_SECRETS: '{"local":["whsec_leakme"]}' }), 5_000).then(
        () => null,
        (error: Error) => error.message,
      );
      expect(refused).toMatch(/MERCHANT_SIM_SECRETS: local\[0\] is not a webhook secret/);
      expect(refused).not.toContain('leakme');
      await expect(startService('merchant-sim', 'MERCHANT_SIM_PORT', testEnv(dir, { MERCHANT_SIM_MODES: '{"local":"asleep"}' }), 5_000)).rejects.toThrow(/MERCHANT_SIM_MODES\.local/);
    } finally {
      remove();
    }
  });
});
