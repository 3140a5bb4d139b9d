import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { adyenHmacSignature, stripeSignatureHeader } from '@payrail/core';
import { freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';

// Real processes: vault, provider-sim and two gateways sharing one data folder.
describe('processor webhooks into the gateway', () => {
  let dir: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  let vault: RunningService;
  let sim: RunningService;
  let gateways: RunningService[];
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('provider-webhooks'));
    const [vaultPort, simPort, gatewayPort] = await Promise.all([freePort(), freePort(), freePort()]);
    env = testEnv(dir, {
      VAULT_URL: `http://127.0.0.1:${vaultPort}`, PROVIDER_SIM_URL: `http://127.0.0.1:${simPort}`, GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
      PROVIDER_WEBHOOK_RETRY_SCHEDULE_MS: '100,200,400,800', VELOCITY_MAX_PAYMENTS: '1000',
    });
    vault = await startService('vault-service', 'VAULT_PORT', { ...env, VAULT_PORT: String(vaultPort) });
    sim = await startService('provider-sim', 'PROVIDER_SIM_PORT', { ...env, PROVIDER_SIM_PORT: String(simPort) });
    gateways = [await startService('api-gateway', 'GATEWAY_PORT', { ...env, GATEWAY_PORT: String(gatewayPort) })];
    gateways.push(await startService('api-gateway', 'GATEWAY_PORT', env));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...gateways, vault, sim].map((s) => s.stop()));
    cleanup();
  });

  const api = async (gateway: RunningService, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gateway.url}${url}`, { method, headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const lines = async (stream: string) => (await fs.readFile(path.join(dir, `${stream}.jsonl`), 'utf8')).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  async function manualPayment(amount: number): Promise<{ id: string; reference: string }> {
    const token = await fetch(`${vault.url}/tokens`, { method: 'POST', headers: { 'x-internal-token': env.INTERNAL_TOKEN as string, 'content-type': 'application/json' }, body: JSON.stringify({ pan: '4242424242424242', exp_month: 12, exp_year: 2031 }) }).then((r) => r.json() as Promise<{ token: string }>);
    const created = await api(gateways[0] as RunningService, 'POST', '/v1/payment-intents', { amount, currency: 'usd', payment_method: token.token, capture_method: 'manual' }, { 'idempotency-key': `m-${randomUUID()}` });
    const confirmed = await api(gateways[0] as RunningService, 'POST', `/v1/payment-intents/${created.body.id}/confirm`, {});
    expect(confirmed.body.status).toBe('authorized');
    return { id: created.body.id, reference: confirmed.body.processor_reference };
  }

  it('an invalid signature is stored, flagged, and answered 400; nothing is applied', async () => {
    const body = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'charge.captured', data: { object: { id: 'ch_x', payment_intent: 'pi_x' } } });
    const res = await fetch(`${gateways[0]?.url}/v1/webhooks/provider/providerA`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, 'whsec_wrong_secret_0123456789', Math.floor(Date.now() / 1000)) }, body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error).toMatchObject({ code: 'webhook_signature_invalid' });
    const inbox = await lines('gateway/provider_webhooks');
    expect(inbox.find((l) => l.data.provider_event_id === 'evt_forged')?.data).toMatchObject({ signature_valid: false, outcome: 'rejected' });
    const unsigned = await fetch(`${gateways[1]?.url}/v1/webhooks/provider/providerB`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: { eventCode: 'CAPTURE', pspReference: 'X', merchantReference: 'pi_x', merchantAccountCode: 'M', amount: { value: 1, currency: 'USD' }, success: 'true' } }] }) });
    expect(unsigned.status).toBe(400);
  });

  it('20 concurrent deliveries of one capture webhook, over two gateway processes, apply it exactly once', async () => {
    const { id, reference } = await manualPayment(123_000); // >= 100000 USD routes to providerA
    const body = JSON.stringify({ id: 'evt_capture_once', object: 'event', type: 'charge.captured', created: Math.floor(Date.now() / 1000), data: { object: { id: reference, object: 'charge', amount: 123_000, amount_captured: 123_000, captured: true, payment_intent: id, metadata: { payment_intent: id } } } });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${gateways[i % 2]?.url}/v1/webhooks/provider/providerA`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, env.PROVIDER_A_WEBHOOK_SECRET as string, Math.floor(Date.now() / 1000)) },
      body,
    }).then((r) => r.status)));
    expect(new Set(answers)).toEqual(new Set([200]));
    const captured = (await lines('ledger/payments')).filter((l) => l.ref === id && l.type === 'payment_intent.captured');
    expect(captured).toHaveLength(1);
    expect(captured[0].causation_id).toBe('providerA:evt_capture_once');
    const intent = await api(gateways[1] as RunningService, 'GET', `/v1/payment-intents/${id}`);
    expect(intent.body).toMatchObject({ status: 'captured', amount_received: 123_000 });
  });

  it('an out-of-order webhook never moves a payment backwards', async () => {
    const { id, reference } = await manualPayment(2_500);
    await api(gateways[0] as RunningService, 'POST', `/v1/payment-intents/${id}/capture`, {});
    const item = { eventCode: 'AUTHORISATION', success: 'true', pspReference: reference, originalReference: '', merchantAccountCode: 'PayRailSandbox', merchantReference: id, amount: { value: 2_500, currency: 'USD' }, eventDate: new Date().toISOString(), reason: '' };
    const signed = { ...item, additionalData: { hmacSignature: adyenHmacSignature(item, env.PROVIDER_B_HMAC_KEY as string) } };
    const res = await fetch(`${gateways[1]?.url}/v1/webhooks/provider/providerB`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: signed }] }) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('[accepted]');
    expect((await api(gateways[0] as RunningService, 'GET', `/v1/payment-intents/${id}`)).body.status).toBe('captured');
  });

  it("the processor's duplicate webhooks are answered 200 and applied once", async () => {
    const faults = await fetch(`${sim.url}/admin/faults`, { method: 'PUT', headers: { 'x-admin-token': env.ADMIN_TOKEN as string, 'content-type': 'application/json' }, body: JSON.stringify({ providerA: { duplicate_webhook_percent: 100 } }) });
    expect(faults.status).toBe(200);
    const { id } = await manualPayment(150_000);
    await api(gateways[0] as RunningService, 'POST', `/v1/payment-intents/${id}/capture`, {});
    let duplicates: unknown[] = [];
    for (let i = 0; i < 100 && duplicates.length === 0; i++) {
      duplicates = (await lines('gateway/provider_webhooks')).filter((l) => l.data.payment_intent === id && l.data.outcome === 'duplicate');
      if (duplicates.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(duplicates.length).toBeGreaterThan(0);
    const events = (await lines('ledger/payments')).filter((l) => l.ref === id);
    expect(events.filter((l) => l.type === 'payment_intent.captured')).toHaveLength(1);
    expect(events.filter((l) => l.type === 'payment_intent.authorized')).toHaveLength(1);
  });

  it('refunds from two gateway processes at once never add up to more than was captured', async () => {
    const { id } = await manualPayment(10_000);
    expect((await api(gateways[0] as RunningService, 'POST', `/v1/payment-intents/${id}/capture`, {})).body.status).toBe('captured');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => api(gateways[i % 2] as RunningService, 'POST', '/v1/refunds', { payment_intent: id, amount: 1_000 })));
    const succeeded = answers.filter((a) => a.status === 200 && a.body.status === 'succeeded');
    expect(succeeded).toHaveLength(10);
    expect(answers.filter((a) => a.status === 400 && a.body.error.code === 'amount_exceeds_refundable')).toHaveLength(10);
    const refunds = (await lines('ledger/refunds')).filter((l) => l.type === 'refund.created' && l.data.payment_intent === id);
    expect(refunds.reduce((total, l) => total + l.data.amount, 0)).toBe(10_000);
  });
});
