import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createLogger, correlation, errorHandler, jsonBody, notFound, ServiceMetrics } from '@payrail/service-kit';
import { TrafficPlan, trafficOptions, writeDirectLedger } from '@payrail/settlement';
import { makeTempDataDir, waitFor } from '@payrail/testing';
import express from 'express';
import * as lockfile from 'proper-lockfile';
import request from 'supertest';
import { Ledger } from '../ledger/ledger';
import { createJobs, type Jobs } from './createJobs';
import { jobMetrics } from './jobMetrics';
import { jobsConfigProblems } from './jobsConfig';

const logger = createLogger({ service: 'ledger-service', level: 'silent' });
const DAY1 = '2026-02-09';
const DAY2 = '2026-02-10';

describe('ledger-service jobs', () => {
  let dir: string;
  let cleanup: () => void;
  let ledger: Ledger;
  let jobs: Jobs | null = null;

  beforeEach(async () => {
    ({ dir, cleanup } = makeTempDataDir('jobs'));
    const plan = new TrafficPlan(trafficOptions({ seed: 11, start: DAY1, days: 2, payments: 300 }));
    await writeDirectLedger({ dataDir: dir, plan, mismatchPercent: 10 });
    ledger = await Ledger.open({ dataDir: dir });
  });
  afterEach(async () => {
    await jobs?.stop();
    jobs = null;
    await ledger.close();
    cleanup();
  });

  let metrics = new ServiceMetrics('ledger-service');
  const open = (config: { cron?: string; now?: () => Date } = {}): Jobs =>
    (jobs = createJobs({
      dataDir: dir,
      logger,
      ledger,
      metrics: jobMetrics((metrics = new ServiceMetrics('ledger-service'))),
      config: { SETTLEMENT_CRON: config.cron ?? '0 2 * * *', SETTLEMENT_TIMEZONE: 'UTC', SETTLEMENT_CATCHUP_DAYS: 1 },
      ...(config.now === undefined ? {} : { now: config.now }),
    }));

  const app = (router: express.Router) => express().use(correlation(logger), jsonBody(), router, notFound(), errorHandler(logger));
  const outcomes = (type: string) => [...ledger.state.eventsByPayment.values()].flat().filter(({ event }) => event.type === type).length;

  it('settles and reconciles a day on demand over HTTP, again idempotently, and appends through the open ledger', async () => {
    const http = request(app(open().router));
    const settled = await http.post(`/jobs/settlement/${DAY1}`).expect(200);
    expect(settled.body).toMatchObject({ ran: true, object: 'settlement', date: DAY1, file: `settlement/payouts_${DAY1}.csv` });
    expect(existsSync(path.join(dir, settled.body.file))).toBe(true);

    const reconciled = await http.post(`/jobs/reconciliation/${DAY1}`).set('X-Correlation-Id', 'corr_test_run').expect(200);
    expect(reconciled.body).toMatchObject({ ran: true, object: 'reconciliation_report', status: 'unbalanced', events: { unchanged: 0 } });
    const { settled: settledEvents, flagged } = reconciled.body.events as { settled: number; flagged: number };
    expect(settledEvents).toBe(reconciled.body.summary.matched.count);
    expect(flagged).toBeGreaterThan(0);
    // The service's own LedgerState saw its appends: what the gateway shows after its catch-up.
    expect(outcomes('payment_intent.settled')).toBe(settledEvents);
    const flaggedPayment = [...ledger.state.payments.values()].find((payment) => payment.reconciliation_status !== null && payment.reconciliation_status !== 'matched');
    expect(flaggedPayment?.reconciliation_status).toMatch(/^(missing_at_bank|amount_mismatch|currency_mismatch|fee_mismatch|unexpected_at_bank)$/);
    const event = ledger.state.eventsByPayment.get(flaggedPayment?.id ?? '')?.at(-1)?.event;
    expect(event).toMatchObject({ type: 'payment_intent.reconciliation_flagged', correlation_id: 'corr_test_run' });

    const again = await http.post(`/jobs/reconciliation/${DAY1}`).expect(200);
    expect(again.body.events).toEqual({ settled: 0, flagged: 0, unchanged: settledEvents + flagged });
    const text = await metrics.registry.metrics();
    expect(text).toContain('settlement_job_runs_total{job="settlement",trigger="http",outcome="ran",service="ledger-service"} 1');
    expect(text).toContain('settlement_job_runs_total{job="reconciliation",trigger="http",outcome="ran",service="ledger-service"} 2');
    expect(text).toMatch(/settlement_job_duration_seconds_count\{[^}]*job="reconciliation",trigger="http"[^}]*\} 2/);
    expect(text).toMatch(/settlement_job_last_success_timestamp_seconds\{job="settlement",service="ledger-service"\} \d+/);
  });

  it('answers 400 naming the date for a day that does not exist, and 409 while the day runs elsewhere', async () => {
    const http = request(app(open().router));
    const bad = await http.post('/jobs/reconciliation/2026-02-30').expect(400);
    expect(bad.body.error).toMatchObject({ code: 'parameter_invalid', param: 'date' });
    const target = path.join(dir, 'reports', '.locks', `reconciliation_${DAY1}`);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const release = await lockfile.lock(target, { realpath: false, lockfilePath: `${target}.lock` });
    try {
      const busy = await http.post(`/jobs/reconciliation/${DAY1}`).expect(409);
      expect(busy.body.error).toMatchObject({ type: 'state_error', code: 'job_already_running' });
      expect(await metrics.registry.metrics()).toContain('settlement_job_runs_total{job="reconciliation",trigger="http",outcome="running_elsewhere",service="ledger-service"} 1');
    } finally {
      await release();
    }
    expect(outcomes('payment_intent.settled')).toBe(0);
  });

  it('runs the nightly pass on its cron schedule (every second here) once per day, catching up the day before', async () => {
    open({ cron: '* * * * * *', now: () => new Date('2026-02-11T02:00:00Z') }).start();
    const done = (kind: string, date: string) => existsSync(path.join(dir, 'reports', '.done', `${kind}_${date}`));
    await waitFor(() => done('settlement', DAY1) && done('reconciliation', DAY1) && done('settlement', DAY2) && done('reconciliation', DAY2), 8_000, 'the nightly run of both days');
    const settledAfterFirstRun = outcomes('payment_intent.settled');
    expect(settledAfterFirstRun).toBeGreaterThan(0);
    const reportMtime = (await fs.stat(path.join(dir, 'reports', `reconciliation_report_${DAY2}.json`))).mtimeMs;
    // Later ticks find both days done: no report rewritten, no event appended.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    await jobs?.stop();
    expect((await fs.stat(path.join(dir, 'reports', `reconciliation_report_${DAY2}.json`))).mtimeMs).toBe(reportMtime);
    expect(outcomes('payment_intent.settled')).toBe(settledAfterFirstRun);
    expect(existsSync(path.join(dir, 'settlement', `payouts_${DAY1}.csv`))).toBe(true);
    const text = await metrics.registry.metrics();
    expect(text).toContain('settlement_job_runs_total{job="settlement",trigger="nightly",outcome="ran",service="ledger-service"} 2');
    expect(text).toMatch(/settlement_job_runs_total\{job="settlement",trigger="nightly",outcome="already_done",service="ledger-service"\} [1-9]/);
  });

  it('refuses a cron expression or time zone that cannot work, naming the variable', () => {
    expect(jobsConfigProblems({ SETTLEMENT_CRON: 'at two', SETTLEMENT_TIMEZONE: 'Moon/Base', SETTLEMENT_CATCHUP_DAYS: 1 })).toEqual([
      expect.stringContaining('SETTLEMENT_CRON='),
      expect.stringContaining('SETTLEMENT_TIMEZONE='),
    ]);
    expect(jobsConfigProblems({ SETTLEMENT_CRON: '0 2 * * *', SETTLEMENT_TIMEZONE: 'UTC', SETTLEMENT_CATCHUP_DAYS: 2 })).toEqual([]);
  });
});
