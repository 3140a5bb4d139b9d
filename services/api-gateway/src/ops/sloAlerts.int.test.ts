import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { makeTempDataDir, startService, waitFor, type RunningService } from '@payrail/testing';
import { DEMO_KEY } from '../testing/gatewayHarness';
import { startStack, type Stack } from '../testing/stack';
import { DEFAULT_SLOS, type SloConfig } from './sloConfig';
import { SloEvaluator } from './sloEvaluator';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };

/** The defaults, on a clock a test can watch: a 3 s long window, a 1 s short one, evaluated every 200 ms. */
const FAST: SloConfig = {
  budget_period: '1h',
  evaluation_interval: '200ms',
  policies: [{ name: 'fast burn', severity: 'page', burn_rate: 14.4, long_window: '3s', short_window: '1s', min_events: 5 }],
  slos: DEFAULT_SLOS.slos.filter((slo) => slo.id === 'payment-creation-availability' || slo.id === 'payment-confirmation-availability'),
};

interface AlertLine {
  seq: number;
  type: string;
  ref: string;
  timestamp: string;
  data: { slo: string; policy: string; long: { good: number; total: number; burn_rate: number }; short: { burn_rate: number }; fired_at?: string; message: string };
}

describe('SLO burn-rate alerts, from the metrics samples of a real gateway', () => {
  let dir: string;
  let cleanup: () => void;
  let stack: Stack;
  let vault: RunningService | null = null;
  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('slo-alerts'));
    mkdirSync(path.join(dir, 'gateway'), { recursive: true });
    writeFileSync(path.join(dir, 'gateway', 'slos.json'), JSON.stringify(FAST));
    stack = await startStack(dir, { gatewayEnv: { VELOCITY_MAX_PAYMENTS: '10000' } });
    await stack.gw.deps.metrics.startJsonl({ dataDir: dir, interval_ms: 200 });
  }, 60_000);
  afterAll(async () => {
    await vault?.stop();
    await stack.close();
    cleanup();
  });

  const alerts = (): AlertLine[] => {
    try {
      return readFileSync(path.join(dir, 'ops', 'alerts.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as AlertLine);
    } catch {
      return [];
    }
  };
  const confirmAlerts = (): AlertLine[] => alerts().filter((line) => line.ref === 'payment-confirmation-availability/fast burn');

  async function pay(token: string): Promise<number> {
    // The card comes with the confirmation: creating needs no vault, confirming does.
    const created = await request(stack.gw.app).post('/v1/payment-intents').set(auth).set('Idempotency-Key', `slo-${randomUUID()}`).send({ amount: 1_200, currency: 'usd' });
    if (created.status !== 201 && created.status !== 200) throw new Error(`create answered ${created.status}`);
    const confirmed = await request(stack.gw.app).post(`/v1/payment-intents/${created.body.id as string}/confirm`).set(auth).send({ payment_method: token });
    return confirmed.status;
  }

  /** Pays for `ms` (and then until `until()` holds), a payment at a time, and says which statuses the confirmations got. */
  async function traffic(token: string, ms: number, until: () => boolean = () => true): Promise<Record<string, number>> {
    const statuses: Record<string, number> = {};
    for (const end = Date.now() + ms; Date.now() < end || !until();) {
      const status = String(await pay(token));
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    return statuses;
  }

  it('an outage of the vault fires the fast burn within its window, and it resolves once confirmations succeed again', async () => {
    const token = await stack.tokenize('4242424242424242');
    expect(await traffic(token, 1_500)).toEqual({ 200: expect.any(Number) });
    await stack.gw.deps.slos.evaluate();
    expect(confirmAlerts()).toEqual([]);

    // The outage: the vault dies (kill -9), so no confirmation can read its card: 503 each.
    await stack.vault.kill();
    const outageStarted = Date.now();
    expect(Object.keys(await traffic(token, 1_200))).toEqual(['503']);
    await waitFor(() => confirmAlerts().length === 1, 5_000, 'the fast-burn alert');
    const fired = confirmAlerts()[0] as AlertLine;
    // Within its window: the long window is 3 s; it fired well inside it.
    expect(Date.parse(fired.timestamp) - outageStarted).toBeLessThan(3_000);
    expect(fired).toMatchObject({ type: 'slo.alert_fired', data: { slo: 'payment-confirmation-availability', policy: 'fast burn', severity: 'page' } });
    expect(fired.data.long.burn_rate).toBeGreaterThanOrEqual(14.4);
    expect(fired.data.short.burn_rate).toBeGreaterThanOrEqual(14.4);
    expect(fired.data.long.total - fired.data.long.good).toBeGreaterThan(0);
    // Creations never needed the vault: their SLO did not fire.
    expect(alerts().filter((line) => line.ref.startsWith('payment-creation-availability/'))).toEqual([]);

    const report = await request(stack.gw.app).get('/admin/slos').set('x-admin-token', stack.env.ADMIN_TOKEN as string);
    expect(report.status).toBe(200);
    expect(report.body.firing.map((alert: AlertLine) => alert.ref)).toEqual(['payment-confirmation-availability/fast burn']);
    const confirmation = report.body.slos.find((slo: { id: string }) => slo.id === 'payment-confirmation-availability');
    expect(confirmation.error_budget.remaining).toBeLessThan(1);

    // The vault comes back on the same port and folder; confirmations succeed and the short window clears.
    vault = await startService('vault-service', 'VAULT_PORT', { ...stack.env });
    expect(await traffic(token, 1_500)).toEqual({ 200: expect.any(Number) });
    await waitFor(() => confirmAlerts().length === 2, 5_000, 'the alert to resolve');
    const resolved = confirmAlerts()[1] as AlertLine;
    expect(resolved).toMatchObject({ type: 'slo.alert_resolved', data: { slo: 'payment-confirmation-availability', policy: 'fast burn', fired_at: fired.timestamp } });
    expect(resolved.data.short.burn_rate).toBeLessThan(14.4);
    expect(resolved.seq).toBe(fired.seq + 1);

    const listed = await request(stack.gw.app).get('/admin/alerts?limit=5').set('x-admin-token', stack.env.ADMIN_TOKEN as string);
    expect(listed.body.data.map((alert: AlertLine) => alert.type)).toEqual(['slo.alert_resolved', 'slo.alert_fired']);
    expect((await request(stack.gw.app).get('/admin/slos').set(auth)).status).toBe(401);
  }, 60_000);

  it('two evaluators on one folder (two gateways) racing to record the same alert write it once', async () => {
    const token = await stack.tokenize('4242424242424242');
    const before = confirmAlerts().length;
    const other = new SloEvaluator({ dataDir: dir, config: FAST, logger: stack.gw.deps.logger });
    await other.start();
    try {
      await vault?.kill();
      // The failures go on until both evaluators are done: on a slow machine the 1 s short window
      // would otherwise empty before the last evaluation, and that one would resolve the alert.
      let evaluated = false;
      const failing = traffic(token, 1_200, () => evaluated);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        for (let round = 0; round < 50 && confirmAlerts().length === before; round++) {
          await Promise.all([other.evaluate(), stack.gw.deps.slos.evaluate()]);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await Promise.all([other.evaluate(), stack.gw.deps.slos.evaluate()]);
      } finally {
        evaluated = true;
      }
      expect(Object.keys(await failing)).toEqual(['503']);
      expect(confirmAlerts().slice(before).map((line) => line.type)).toEqual(['slo.alert_fired']);
      expect(other.current().firing.map((alert) => alert.ref)).toContain('payment-confirmation-availability/fast burn');
    } finally {
      await other.stop();
    }
  }, 30_000);
});
