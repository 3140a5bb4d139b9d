/**
 * One load run against a stack that answers: tokenize a first batch of checkouts, run the stages,
 * finish the checkouts still open, wait for the outbox to deliver what the run caused, and gather
 * everything into the report.
 */
import * as os from 'node:os';
import { CheckoutTraffic, PLAN_PAYMENTS, type FlowSummary, type HttpStep } from './checkoutTraffic';
import { runConnections, REQUEST_TIMEOUT_S } from './connectionRunner';
import { loadSchedule, type Stage } from './loadStages';
import { LoadStats, OPERATIONS, type OperationSummary } from './loadStats';
import type { LoadOptions } from './loadOptions';
import { readOutbox, webhookLag, type WebhookLag } from './outboxMetrics';

/** Checkouts still open after the stages are finished by this many requests in flight, for at most DRAIN_MS_MAX. */
const DRAIN_CONCURRENCY = 8;
const DRAIN_MS_MAX = 5_000;
/** After the run, how long to wait for the outbox to deliver the webhooks it caused, and how often to look. */
const WEBHOOK_SETTLE_MS_MAX = 10_000;
const WEBHOOK_POLL_MS = 250;
/** Share of answers, and of checkouts, that may go wrong before the run fails. */
export const UNEXPECTED_SHARE_MAX = 0.01;

export interface LoadTarget {
  gateway: string;
  vault: string;
  ledger: string;
  apiKey: string;
  internalToken: string;
  dataDir: string;
  startedHere: boolean;
}

export interface Threshold {
  name: string;
  met: boolean;
  value: string;
}

export interface LoadReport {
  object: 'load_report';
  started_at: string;
  finished_at: string;
  machine: { cores: number; node: string; platform: string };
  target: { gateway: string; vault: string; ledger: string; data_dir: string; started_here: boolean };
  options: { duration_s: number; connections: number; seed: number; stages: string; plan_payments: number; request_timeout_s: number };
  stages: Array<Stage & { answers: number; per_s: number }>;
  run_ms: number;
  drain: { requests: number; ms: number };
  operations: OperationSummary[];
  /** The gateway's answers (every operation but tokenize, which is the vault's), and what went wrong anywhere. */
  totals: { gateway_requests: number; gateway_per_s: number; unexpected: number; status_5xx: number; no_answer: number; connections_cut: number };
  flows: FlowSummary;
  webhooks: (WebhookLag & { source: string; settle_ms: number }) | null;
  thresholds: Threshold[];
  verify?: string;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

export async function runLoad(target: LoadTarget, options: LoadOptions, log: (line: string) => void): Promise<LoadReport> {
  const started_at = new Date().toISOString();
  const stats = new LoadStats();
  let t0 = performance.now();
  const now = (): number => performance.now() - t0;
  const runId = started_at.replace(/[-:.TZ]/g, '').slice(0, 17);
  const traffic = new CheckoutTraffic({ seed: options.seed, runId, apiKey: target.apiKey, vaultUrl: target.vault, internalToken: target.internalToken, stats, readyTarget: Math.max(64, 4 * options.connections), now });
  const outboxBefore = await readOutbox(target.ledger);
  log(`Tokenizing the first checkouts at the vault (seed ${options.seed})...`);
  await traffic.prefill();

  const schedule = loadSchedule(options.stages, Math.round(options.duration_s * 1000), options.connections);
  log(`Running ${options.duration_s} s: ${schedule.stages.map((s) => `${s.name} ${((s.end_ms - s.start_ms) / 1000).toFixed(1)} s ${s.connections_from === s.connections_to ? s.connections_to : `${s.connections_from}→${s.connections_to}`}`).join(', ')} connections...`);
  t0 = performance.now();
  const runner = await runConnections(schedule.windows, target.gateway, traffic, now);
  const run_ms = now();
  traffic.stop();

  // The checkouts the stages left open (created, not yet confirmed...) are finished, so every chain ends.
  const drainStarted = now();
  let drained = 0;
  const deadline = drainStarted + DRAIN_MS_MAX;
  await Promise.all(Array.from({ length: Math.min(DRAIN_CONCURRENCY, options.connections) }, async () => {
    for (let step = await traffic.nextFollowUp(deadline); step !== null && now() < deadline; step = await traffic.nextFollowUp(deadline)) {
      drained += 1;
      await send(target.gateway, step, traffic, now);
    }
  }));
  const drain_ms = now() - drainStarted;

  const settleStarted = performance.now();
  let outboxAfter = outboxBefore === null ? null : await readOutbox(target.ledger);
  if (outboxBefore !== null) {
    // Until the outbox has nothing queued and its delivery count stopped moving.
    for (let last = -1; outboxAfter !== null && performance.now() - settleStarted < WEBHOOK_SETTLE_MS_MAX; ) {
      const attempts = Object.values(outboxAfter.deliveries).reduce((sum, n) => sum + n, 0);
      if ((outboxAfter.backlog ?? 0) === 0 && attempts === last) break;
      last = attempts;
      await new Promise((resolve) => setTimeout(resolve, WEBHOOK_POLL_MS));
      outboxAfter = await readOutbox(target.ledger);
    }
  }
  const settle_ms = Math.round(performance.now() - settleStarted);

  const total_ms = run_ms + drain_ms;
  const operations = stats.summary(total_ms);
  const flows = traffic.summary();
  const requests = operations.reduce((sum, op) => sum + op.requests, 0);
  const gatewayRequests = operations.filter((op) => op.operation !== 'tokenize').reduce((sum, op) => sum + op.requests, 0);
  const unexpected = operations.reduce((sum, op) => sum + op.unexpected, 0);
  const status_5xx = operations.reduce((sum, op) => sum + Object.entries(op.statuses).filter(([status]) => status.startsWith('5')).reduce((n, [, count]) => n + count, 0), 0);
  const no_answer = operations.reduce((sum, op) => sum + op.no_answer, 0);
  const unfinished = Object.values(flows.unfinished).reduce((sum, n) => sum + n, 0);
  const share = (part: number, whole: number): string => `${((100 * part) / Math.max(whole, 1)).toFixed(2)} %`;
  const thresholds: Threshold[] = [
    { name: 'no 5xx answer', met: status_5xx === 0, value: String(status_5xx) },
    { name: `unexpected answers <= ${UNEXPECTED_SHARE_MAX * 100} %`, met: unexpected <= UNEXPECTED_SHARE_MAX * requests, value: `${unexpected} of ${requests}, ${share(unexpected, requests)}` },
    { name: `checkouts failed <= ${UNEXPECTED_SHARE_MAX * 100} %`, met: flows.failed <= UNEXPECTED_SHARE_MAX * flows.started, value: `${flows.failed} of ${flows.started}, ${share(flows.failed, flows.started)}` },
    { name: 'every checkout finished', met: unfinished === 0, value: `${unfinished} unfinished` },
  ];
  const webhooks = outboxBefore !== null && outboxAfter !== null ? { ...webhookLag(outboxBefore, outboxAfter), source: `${target.ledger}/metrics`, settle_ms } : null;
  return {
    object: 'load_report',
    started_at,
    finished_at: new Date().toISOString(),
    machine: { cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}` },
    target: { gateway: target.gateway, vault: target.vault, ledger: target.ledger, data_dir: target.dataDir, started_here: target.startedHere },
    options: { duration_s: options.duration_s, connections: options.connections, seed: options.seed, stages: options.stages_text, plan_payments: PLAN_PAYMENTS, request_timeout_s: REQUEST_TIMEOUT_S },
    stages: schedule.stages.map((stage) => {
      const answers = stats.answersBetween(stage.start_ms, stage.end_ms);
      return { ...stage, answers, per_s: round1(answers / Math.max((stage.end_ms - stage.start_ms) / 1000, 0.001)) };
    }),
    run_ms: Math.round(run_ms),
    drain: { requests: drained, ms: Math.round(drain_ms) },
    operations: OPERATIONS.map((op) => operations.find((o) => o.operation === op)).filter((o): o is OperationSummary => o !== undefined),
    totals: { gateway_requests: gatewayRequests, gateway_per_s: round1(gatewayRequests / Math.max(total_ms / 1000, 0.001)), unexpected, status_5xx, no_answer, connections_cut: runner.cut },
    flows,
    webhooks,
    thresholds,
  };
}

/** One request of the drain, through fetch (autocannon needs a connection busy all the time; the drain has gaps). */
async function send(gateway: string, step: HttpStep, traffic: CheckoutTraffic, now: () => number): Promise<void> {
  const sent = now();
  try {
    const response = await fetch(`${gateway}${step.path}`, {
      method: step.method,
      headers: step.headers,
      ...(step.method === 'POST' ? { body: step.body } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_S * 1000),
    });
    const text = await response.text();
    const at = now();
    traffic.answered(step, response.status, text, Object.fromEntries(response.headers), at - sent, at);
  } catch (error) {
    traffic.unanswered(step, (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection error');
  }
}
