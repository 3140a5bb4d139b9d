/** The summary `npm run load` prints, and where its JSON report goes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadReport } from './loadRun';
import type { OperationSummary } from './loadStats';

/** What each operation is, for the table's reader. */
const OPERATION_NOTES: Record<string, string> = {
  tokenize: 'vault POST /tokens (new cards only)',
  create: 'POST /v1/payment-intents',
  confirm: 'POST .../confirm, a card that pays',
  decline: 'POST .../confirm, a decline test card (402)',
  capture: 'POST .../capture (manual capture)',
  cancel: 'POST .../cancel (void)',
  refund: 'POST /v1/refunds',
  retrieve: 'GET /v1/payment-intents/{id} (idle filler)',
};

function table(header: string[], rows: string[][], rightAligned: number[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

const figure = (value: number | undefined): string => (value === undefined ? '-' : value >= 100 ? String(Math.round(value)) : value.toFixed(1));

function statusesText(op: OperationSummary): string {
  return Object.entries(op.statuses).sort().map(([status, count]) => `${status}×${count}`).join(' ');
}

/** The summary table and the lines under it. */
export function formatReport(report: LoadReport): string {
  const lines: string[] = [];
  const { options, totals, flows } = report;
  lines.push('');
  lines.push(`PayRail load: ${options.duration_s} s, up to ${options.connections} connections, seed ${options.seed}, ${report.target.gateway}${report.target.started_here ? ' (a stack started for the run)' : ''}`);
  lines.push(`  ${report.machine.cores} cores, node ${report.machine.node}; ran ${(report.run_ms / 1000).toFixed(1)} s, then ${report.drain.requests} steps of open checkouts finished in ${(report.drain.ms / 1000).toFixed(1)} s`);
  lines.push('');
  lines.push(
    table(
      ['stage', 'seconds', 'connections', 'answers', 'req/s'],
      report.stages.map((s) => [s.name, ((s.end_ms - s.start_ms) / 1000).toFixed(1), s.connections_from === s.connections_to ? String(s.connections_to) : `${s.connections_from}→${s.connections_to}`, String(s.answers), figure(s.per_s)]),
      [1, 2, 3, 4],
    ),
  );
  lines.push('');
  const used = report.operations.filter((op) => op.requests > 0 || op.no_answer > 0 || op.operation !== 'retrieve');
  lines.push(
    table(
      ['operation', 'requests', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'statuses', 'what'],
      used.map((op) => [
        op.operation,
        String(op.requests),
        figure(op.per_s),
        figure(op.latency_ms?.p50),
        figure(op.latency_ms?.p90),
        figure(op.latency_ms?.p99),
        figure(op.latency_ms?.max),
        String(op.unexpected + op.no_answer),
        statusesText(op) || '-',
        OPERATION_NOTES[op.operation] ?? '',
      ]),
      [1, 2, 3, 4, 5, 6, 7],
    ),
  );
  lines.push(`  gateway total: ${totals.gateway_requests} requests, ${figure(totals.gateway_per_s)} req/s; 5xx: ${totals.status_5xx}; unanswered: ${totals.no_answer}`);
  lines.push('');
  const errors = report.operations.flatMap((op) => Object.entries(op.errors).map(([key, count]) => [op.operation, key, String(count)]));
  if (errors.length === 0) lines.push('errors by operation and status: none');
  else lines.push(`errors by operation and status:\n${table(['operation', 'status / error', 'count'], errors, [2])}`);
  const velocity = report.operations.reduce((sum, op) => sum + op.velocity_declined, 0);
  if (velocity > 0) lines.push(`  declined by the velocity rule (not counted as errors): ${velocity}; raise VELOCITY_MAX_PAYMENTS on the stack, or let the load start its own`);
  const replayed = report.operations.reduce((sum, op) => sum + op.replayed, 0);
  const unfinished = Object.entries(flows.unfinished).map(([step, n]) => `${n} awaiting ${step}`).join(', ') || 'none';
  lines.push('');
  lines.push(`checkouts: ${flows.started} started, ${flows.completed} completed as planned, ${flows.velocity_declined} declined by the velocity rule, ${flows.failed} failed; unfinished: ${unfinished}`);
  lines.push(`  endings: ${Object.entries(flows.endings).sort((a, b) => b[1] - a[1]).map(([how, n]) => `${how} ${n}`).join(', ') || 'none'}`);
  lines.push(`  retries with the same Idempotency-Key answered Idempotent-Replayed: ${replayed}; idle retrieves (no checkout ready): ${flows.idle_retrieves}`);
  const hooks = report.webhooks;
  if (hooks === null) {
    lines.push('webhooks: not read (ledger-service /metrics did not answer)');
  } else {
    const outcomes = Object.entries(hooks.deliveries).map(([outcome, n]) => `${n} ${outcome}`).join(', ') || 'none';
    const lag = hooks.lag_ms === null ? 'no delivery' : `p50 ${figure(hooks.lag_ms.p50)} ms, p90 ${figure(hooks.lag_ms.p90)} ms, p99 ${figure(hooks.lag_ms.p99)} ms, mean ${figure(hooks.lag_ms.mean)} ms, max <= ${hooks.lag_ms.max_at_most === null ? '?' : `${figure(hooks.lag_ms.max_at_most)} ms`}`;
    lines.push(`webhooks to merchant-sim (${hooks.source}, read ${(hooks.settle_ms / 1000).toFixed(1)} s after the run): ${outcomes}; backlog ${hooks.backlog ?? '?'}`);
    lines.push(`  lag from ledger commit to delivered: ${lag} (interpolated in the histogram's buckets)`);
  }
  lines.push('');
  lines.push('thresholds:');
  for (const t of report.thresholds) lines.push(`  ${t.met ? 'met    ' : 'NOT met'}  ${t.name} (${t.value})`);
  if (report.verify !== undefined) lines.push(`payrail verify on the run's data folder: ${report.verify}`);
  return `${lines.join('\n')}\n`;
}

/** The default report file: test-output/load/load_<timestamp>.json under the repository (git ignores test-output/). */
export function defaultReportPath(root: string, startedAt: string): string {
  return path.join(root, 'test-output', 'load', `load_${startedAt.replace(/[:.]/g, '-')}.json`);
}

export function writeReport(file: string, report: LoadReport): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
