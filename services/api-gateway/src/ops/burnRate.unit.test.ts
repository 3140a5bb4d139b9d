import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir } from '@payrail/testing';
import { SliSeries, burnRate, evaluateSlo, sliCounts } from './burnRate';
import { DEFAULT_SLOS, durationMs, loadSloConfig, sloConfigProblem, type SloDefinition } from './sloConfig';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;
const creation = DEFAULT_SLOS.slos[0] as SloDefinition; // objective 0.999: a budget of 0.1 %

/** An hour of minute buckets of 1,000 requests each; `bad(minute)` of them failed. */
function hourOf(bad: (minute: number) => number): SliSeries {
  const series = new SliSeries(MINUTE, durationMs('30d') ?? 0);
  for (let minute = 0; minute < 60; minute++) series.add(T0 + minute * MINUTE, { good: 1_000 - bad(minute), total: 1_000 });
  return series;
}

describe('burn rates over hand-computed windows', () => {
  const now = T0 + HOUR;

  it('an outage in the last five minutes: 20 % bad there, 1.67 % over the hour, so every policy fires', () => {
    const series = hourOf((minute) => (minute >= 55 ? 200 : 0));
    // 5m: 1,000 bad of 5,000 = 20 % = 200x a 0.1 % budget; 1h: 1,000 of 60,000 = 1.667 % = 16.667x.
    expect(series.window(now, 5 * MINUTE)).toEqual({ good: 4_000, total: 5_000 });
    expect(series.window(now, HOUR)).toEqual({ good: 59_000, total: 60_000 });
    expect(burnRate(series.window(now, 5 * MINUTE), 0.999)).toBeCloseTo(200, 6);
    expect(burnRate(series.window(now, HOUR), 0.999)).toBeCloseTo(16.6667, 3);
    // 30m: 1,000 of 30,000 = 33.333x; 6h and 3d hold the same hour: 16.667x.
    expect(burnRate(series.window(now, 30 * MINUTE), 0.999)).toBeCloseTo(33.3333, 3);

    const status = evaluateSlo(creation, DEFAULT_SLOS.policies, series, now, '30d');
    expect(status.policies.map((policy) => [policy.policy, policy.long.burn_rate, policy.short.burn_rate, policy.firing])).toEqual([
      ['fast burn', 16.667, 200, true],
      ['slow burn', 16.667, 33.333, true],
      ['budget drain', 16.667, 16.667, true],
    ]);
    // The period so far: 60,000 requests allow 60 bad ones; 1,000 were: the budget is overspent 15.67 times over.
    expect(status).toMatchObject({ good: 59_000, total: 60_000, compliance: 0.983333, error_budget: { allowed: 60, spent: 1_000, remaining: -15.667 } });
  });

  it('an outage that ended 55 minutes ago: the hour still burns 16.7x, but the five minutes do not, so the fast burn is resolved', () => {
    const series = hourOf((minute) => (minute < 5 ? 200 : 0));
    const [fast, slow] = evaluateSlo(creation, DEFAULT_SLOS.policies, series, now, '30d').policies;
    expect(fast).toMatchObject({ policy: 'fast burn', firing: false, long: { burn_rate: 16.667 }, short: { good: 5_000, total: 5_000, burn_rate: 0 } });
    // 30m holds minutes 30–59: nothing bad either.
    expect(slow).toMatchObject({ policy: 'slow burn', firing: false, short: { burn_rate: 0 } });
  });

  it('a burn just under the threshold does not fire: 14.3x over both windows', () => {
    // 1.43 % bad in every minute: 14.3x a 0.1 % budget.
    const series = new SliSeries(MINUTE, durationMs('30d') ?? 0);
    for (let minute = 0; minute < 60; minute++) series.add(T0 + minute * MINUTE, { good: 100_000 - 1_430, total: 100_000 });
    const [fast, slow] = evaluateSlo(creation, DEFAULT_SLOS.policies, series, now, '30d').policies;
    expect(fast).toMatchObject({ firing: false, long: { burn_rate: 14.3 }, short: { burn_rate: 14.3 } });
    expect(slow).toMatchObject({ firing: true });
  });

  it('too few events never fire, and say why', () => {
    const series = new SliSeries(MINUTE, durationMs('30d') ?? 0);
    series.add(now - MINUTE, { good: 2, total: 3 });
    const [fast] = evaluateSlo(creation, DEFAULT_SLOS.policies, series, now, '30d').policies;
    expect(fast).toMatchObject({ firing: false, long: { total: 3, burn_rate: 333.333 }, note: '3 events in 1h, fewer than min_events 20' });
  });

  it('no events: compliance unknown, the budget untouched, nothing burning', () => {
    const status = evaluateSlo(creation, DEFAULT_SLOS.policies, new SliSeries(MINUTE, HOUR), now, '30d');
    expect(status).toMatchObject({ compliance: null, error_budget: { allowed: 0, spent: 0, remaining: 1 } });
    expect(status.policies.every((policy) => !policy.firing && policy.long.burn_rate === 0)).toBe(true);
  });

  it('buckets: lines out of order land in their own bucket, and the horizon drops old ones', () => {
    const series = new SliSeries(MINUTE, HOUR);
    series.add(T0 + 2 * MINUTE, { good: 1, total: 1 });
    series.add(T0 + MINUTE + 5, { good: 0, total: 1 });
    series.add(T0 + 2 * MINUTE + 59_999, { good: 1, total: 1 });
    series.add(T0 + MINUTE + 10, { good: 1, total: 1 });
    expect(series.buckets).toBe(2);
    expect(series.window(T0 + 3 * MINUTE, 2 * MINUTE)).toEqual({ good: 3, total: 4 });
    expect(series.window(T0 + 3 * MINUTE, MINUTE)).toEqual({ good: 2, total: 2 });
    series.prune(T0 + HOUR + 2 * MINUTE);
    expect(series.buckets).toBe(1);
  });
});

describe('what a metrics sample adds to each SLI', () => {
  const [creationSlo, confirmSlo, latencySlo, webhookSlo] = DEFAULT_SLOS.slos as SloDefinition[];
  const sample = {
    service: 'api-gateway',
    routes: {
      'POST /v1/payment-intents': { requests: 90, errors: 3, within_ms: { '1000': 90 } },
      'POST /v1/payment_intents': { requests: 10, errors: 1, within_ms: { '1000': 10 } },
      'POST /v1/payment-intents/:id/confirm': { requests: 50, errors: 0, within_ms: { '500': 40, '1000': 46 } },
    },
  };

  it('availability: the routes named, less their 5xx; latency: those within the threshold', () => {
    expect(sliCounts((creationSlo as SloDefinition).sli, sample)).toEqual({ good: 96, total: 100 });
    expect(sliCounts((confirmSlo as SloDefinition).sli, sample)).toEqual({ good: 50, total: 50 });
    expect(sliCounts((latencySlo as SloDefinition).sli, sample)).toEqual({ good: 46, total: 50 });
    expect(sliCounts((creationSlo as SloDefinition).sli, { ...sample, service: 'vault-service' })).toBeNull();
  });

  it('webhooks: delivered within the threshold, over delivered and dead-lettered', () => {
    expect(sliCounts((webhookSlo as SloDefinition).sli, { service: 'ledger-service', webhook_deliveries: { delivered: 8, dead_lettered: 2, within_ms: { '60000': 7 } } })).toEqual({ good: 7, total: 10 });
    expect(sliCounts((webhookSlo as SloDefinition).sli, { service: 'ledger-service', webhook_deliveries: { delivered: 0, dead_lettered: 0, within_ms: {} } })).toBeNull();
  });
});

describe('slos.json', () => {
  it('the defaults pass their own checks', () => {
    expect(sloConfigProblem(DEFAULT_SLOS)).toBeNull();
  });

  it('refuses what cannot be evaluated, naming it', () => {
    const policy = DEFAULT_SLOS.policies[0];
    expect(sloConfigProblem({ ...DEFAULT_SLOS, policies: [{ ...policy, short_window: '2h' }] })).toContain("short_window 2h must be shorter than long_window 1h");
    expect(sloConfigProblem({ ...DEFAULT_SLOS, budget_period: '1m' })).toContain('longer than budget_period');
    expect(sloConfigProblem({ ...DEFAULT_SLOS, slos: [{ ...creation, sli: { kind: 'latency', service: 'api-gateway', routes: ['POST /v1/x'], threshold_ms: 700 } }] })).toContain('threshold_ms');
    expect(sloConfigProblem({ ...DEFAULT_SLOS, slos: [{ ...creation, sli: { kind: 'reconciliation', deadline: '06:00', timezone: 'Mars/Olympus' } }] })).toContain('not an IANA time zone');
    expect(sloConfigProblem({ ...DEFAULT_SLOS, slos: [creation, creation] })).toContain("two SLOs have the id 'payment-creation-availability'");
    expect(sloConfigProblem({ ...DEFAULT_SLOS, evaluation_interval: 'soon' })).toContain('evaluation_interval');
  });

  it('is written with the defaults on first start, and a broken one stops the gateway with the file named', async () => {
    const { dir, cleanup } = makeTempDataDir('slos');
    try {
      const file = path.join(dir, 'gateway', 'slos.json');
      await expect(loadSloConfig(file)).resolves.toEqual(DEFAULT_SLOS);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(DEFAULT_SLOS);
      writeFileSync(file, '{"budget_period": "30d"');
      await expect(loadSloConfig(file)).rejects.toThrow(`${file} is not valid JSON`);
      writeFileSync(file, JSON.stringify({ ...DEFAULT_SLOS, policies: [{ ...DEFAULT_SLOS.policies[0], burn_rate: -1 }] }));
      await expect(loadSloConfig(file)).rejects.toThrow('does not match the SLO schema');
    } finally {
      cleanup();
    }
  });
});
