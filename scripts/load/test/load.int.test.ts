import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, freePort, makeTempDataDir, startNode, testEnv } from '@payrail/testing';
import { OPERATIONS } from '../loadStats';
import type { LoadReport } from '../loadRun';

/** The whole run: its own stack's start (~10 s on the 2-core machine), 10 s of load, the drain, the stop and payrail verify. */
const RUN_TIMEOUT_MS = 55_000;

describe('npm run load -- --duration 10: the checkout mix against a stack it starts on a temporary data folder', () => {
  let cleanup: () => void;
  let dir: string;
  beforeAll(() => {
    ({ dir, cleanup } = makeTempDataDir('load'));
  });
  afterAll(() => cleanup());

  it('exits 0, prints every operation with its latency percentiles, answers no 5xx, writes a valid JSON report and stops the stack', async () => {
    // Given no stack at these ports
    const ports = { GATEWAY_PORT: await freePort(), PROVIDER_SIM_PORT: await freePort(), LEDGER_PORT: await freePort(), VAULT_PORT: await freePort(), MERCHANT_SIM_PORT: await freePort() };
    const env = testEnv(path.join(dir, 'unused'), { ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), NO_COLOR: '1' });
    const reportFile = path.join(dir, 'report.json');

    // When the load runs for 10 s
    const started = Date.now();
    const load = startNode(path.join(REPO_ROOT, 'scripts', 'dist', 'load', 'index.js'), ['--duration', '10', '--connections', '16', '--report', reportFile], env);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([load.exited, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (code === 'timeout') load.child.kill('SIGINT');
    const output = load.lines.join('\n');
    if (code !== 0) throw new Error(`npm run load exited with ${code} after ${Date.now() - started} ms\n${output.slice(-6_000)}\n${load.stderr()}`);

    // Then it started a stack of its own and printed the table: every operation, its req/s and p50/p90/p99/max
    expect(output).toMatch(/^No stack answers at .*: starting one with npm start/m);
    expect(output).toMatch(/^ {2}operation +requests +req\/s +p50 ms +p90 ms +p99 ms +max ms +errors/m);
    for (const op of OPERATIONS.filter((o) => o !== 'retrieve')) expect(output).toMatch(new RegExp(`^  ${op} +\\d+ +[\\d.]+ `, 'm'));
    expect(output).toMatch(/^ {2}met +no 5xx answer \(0\)$/m);
    expect(output).toMatch(/^webhooks to merchant-sim .*: \d+ delivered/m);
    expect(output).toMatch(/^report: .*report\.json$/m);

    // And the report is the same run, in JSON: no 5xx, every chain finished, the ledger verified
    expect(existsSync(reportFile)).toBe(true);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as LoadReport;
    expect(report).toMatchObject({ object: 'load_report', options: { duration_s: 10, connections: 16, seed: 1 }, target: { started_here: true } });
    expect(report.operations.map((op) => op.operation)).toEqual([...OPERATIONS]);
    const byOp = Object.fromEntries(report.operations.map((op) => [op.operation, op]));
    for (const op of ['tokenize', 'create', 'confirm', 'decline', 'capture', 'refund'] as const) {
      expect({ op, requests: (byOp[op]?.requests ?? 0) > 0, latency: byOp[op]?.latency_ms !== null }).toEqual({ op, requests: true, latency: true });
    }
    const statuses = report.operations.flatMap((op) => Object.keys(op.statuses));
    expect(statuses.filter((status) => status.startsWith('5'))).toEqual([]);
    expect(report.totals.status_5xx).toBe(0);
    // Confirmations follow creations, one for one: a decline card's as a decline, every other card's as a confirm.
    expect((byOp['confirm']?.requests ?? 0) + (byOp['decline']?.requests ?? 0)).toBe(byOp['create']?.requests);
    expect(report.flows.unfinished).toEqual({});
    expect(report.flows.completed).toBe(report.flows.started);
    expect(report.stages.map((s) => s.name)).toEqual(['warm-up', 'ramp', 'steady', 'ramp-down']);
    expect(report.webhooks?.deliveries['delivered'] ?? 0).toBeGreaterThan(report.flows.started);
    expect(report.verify).toMatch(/^\d+ streams OK$/);
    expect(report.thresholds.every((t) => t.met)).toBe(true);

    // And the stack it started is gone
    const stillUp = await fetch(`http://127.0.0.1:${ports.GATEWAY_PORT}/ready`).then(() => true, () => false);
    expect(stillUp).toBe(false);
  }, RUN_TIMEOUT_MS + 10_000);
});
