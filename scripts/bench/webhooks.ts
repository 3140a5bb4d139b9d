/**
 * npm run bench:webhooks — merchant webhooks end to end, on real processes: api-gateway takes a sustained
 * 500 payments per second (each one durable ledger event, payment_intent.created), ledger-service's
 * dispatcher tails the ledger and delivers each event, signed, to one healthy endpoint: merchant-sim,
 * which verifies and journals every delivery before answering. Prints the webhook lag, from the ledger
 * commit (the event's timestamp) to merchant-sim's receipt, p50/p99. Target: p99 under 100 ms.
 *
 * A second run of the same load then goes to a bare receiver (a process that answers 200 at once) as a
 * baseline: what the gateway and the dispatcher cost without the merchant's own work.
 *
 * Both are measured BENCH_RUNS times (default 5), alternated; the table gives min / median / max of each
 * run's p99 lag. BENCH_RATE (payments/s, default 500), BENCH_SECONDS (measured, default 10) and
 * BENCH_WARMUP_SECONDS (default 2, not measured) change a run. Each run also prints the CPU time each
 * service spent per payment (from /proc, on Linux): on a shared machine it is steadier than the lag, and
 * says which process the cores went to. BENCH_KEEP_DATA=1 keeps the data folder for a look afterwards;
 * BENCH_RECEIVERS=merchant-sim (or bare) measures one receiver only, for a profile of just that load.
 * WEBHOOK_*, TAIL_* and OTEL_* variables of the bench's environment reach the services (to try settings).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDotEnv } from '@payrail/service-kit';
import { REPO_ROOT, freePort, stopChild } from '@payrail/testing';
import { RUNS, heading, row as spreadRow, spread, target, verifyData } from './runs';

const SERVICES = {
  gateway: { entry: require.resolve('@payrail/api-gateway'), portEnv: 'GATEWAY_PORT', label: 'api-gateway' },
  ledger: { entry: require.resolve('@payrail/ledger-service'), portEnv: 'LEDGER_PORT', label: 'ledger-service' },
  merchantSim: { entry: require.resolve('@payrail/merchant-sim'), portEnv: 'MERCHANT_SIM_PORT', label: 'merchant-sim' },
} as const;
const RATE = Number(process.env['BENCH_RATE'] ?? 500);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2);
const LAG_P99_TARGET_MS = 100;
const LAG_P99_TARGET_BARE_MS = 30;
/** Requests the load generator keeps in flight at most; past it the schedule falls behind (and says so). */
const IN_FLIGHT_MAX = 256;
const TICK_MS = 5;
const READY_TIMEOUT_MS = 20_000;
const DRAIN_TIMEOUT_MS = 60_000;
const KEEP_DATA = process.env['BENCH_KEEP_DATA'] === '1';
const RECEIVERS = new Set((process.env['BENCH_RECEIVERS'] ?? 'merchant-sim,bare').split(','));
/** The kernel's clock ticks per second (USER_HZ), in which /proc/<pid>/stat counts CPU time. */
const CLOCK_TICKS_PER_S = 100;
const INTERNAL_TOKEN = 'bench-internal-token-0123456789';
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const API_KEY = 'sk_test_bench_0123456789abcdefghij';

/** The baseline receiver: answers 200 at once and serves `GET /arrivals` (webhook-id → arrival ms). */
const BARE_RECEIVER = `
const arrivals = {};
require('node:http').createServer((req, res) => {
  const at = Date.now();
  if (req.method === 'GET') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(arrivals));
  req.resume();
  req.on('end', () => { arrivals[req.headers['webhook-id']] ??= at; res.writeHead(200).end(); });
}).listen(Number(process.argv[1]), '127.0.0.1');
`;

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT_MAX });

/**
 * One request on the keep-alive agent. A request that could be sent twice safely (a GET, a PUT, or a
 * POST with an Idempotency-Key) is sent again once when the server had just closed the reused socket.
 */
function call(port: number, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const again = method !== 'POST' || headers['Idempotency-Key'] !== undefined;
  return callOnce(port, method, route, body, headers).catch((error: NodeJS.ErrnoException) => {
    if (!again || error.code !== 'ECONNRESET') throw error;
    return callOnce(port, method, route, body, headers);
  });
}

function callOnce(port: number, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, method, path: route, agent,
      headers: {
        Authorization: `Bearer ${API_KEY}`,
        'X-Internal-Token': INTERNAL_TOKEN,
        ...headers,
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
      },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The project's .env (every service's required settings), under the variables this bench sets. */
async function waitReady(name: string, child: ChildProcess, port: number, route: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while ((await call(port, 'GET', route).catch(() => ({ status: 0 }))).status !== 200) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${name} did not become ready`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The dispatcher's and tracing's settings (WEBHOOK_*, TAIL_*, OTEL_*) from the bench's own environment, to try other values. */
const tuning = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(WEBHOOK|TAIL|OTEL)_/.test(name)));

async function startService(name: keyof typeof SERVICES, env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const nodeArgs = (process.env['PAYRAIL_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, SERVICES[name].entry], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: { ...loadDotEnv(path.join(REPO_ROOT, '.env')), ...tuning(), ...env, [SERVICES[name].portEnv]: String(port) } });
  await waitReady(name, child, port, '/ready');
  return child;
}

/**
 * Sends `rate` payments per second for `seconds` on a fixed schedule (open loop); answers their latencies
 * and how far (in payments) the schedule ever fell behind because IN_FLIGHT_MAX were unanswered.
 */
async function load(port: number, rate: number, seconds: number, prefix: string): Promise<{ sent: number; failed: number; latencies: number[]; ms: number; behind: number }> {
  const latencies: number[] = [];
  const total = Math.round(rate * seconds);
  let sent = 0;
  let failed = 0;
  let inFlight = 0;
  let behind = 0;
  const started = performance.now();
  const pending: Array<Promise<void>> = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    while (sent < due) {
      if (inFlight >= IN_FLIGHT_MAX) {
        behind = Math.max(behind, due - sent);
        break;
      }
      const i = sent++;
      inFlight += 1;
      const t0 = performance.now();
      pending.push(call(port, 'POST', '/v1/payment-intents', { amount: 100 + (i % 10_000), currency: 'usd' }, { 'Idempotency-Key': `${prefix}-${i}` }).then(
        (res) => {
          if (res.status === 200) latencies.push(performance.now() - t0);
          else failed += 1;
        },
        () => {
          failed += 1;
        },
      ).finally(() => {
        inFlight -= 1;
      }));
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(pending);
  return { sent, failed, latencies: latencies.sort((a, b) => a - b), ms: performance.now() - started, behind };
}

function readLines(file: string): Array<{ event_id: string; timestamp: string; idempotency?: { key: string }; data: Record<string, any> }> {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((line) => line.endsWith('}')).map((line) => JSON.parse(line));
  } catch {
    return [];
  }
}

/** CPU milliseconds (user + system) a process has used so far, or null where /proc is not there. */
/**
 * CPU milliseconds (user + system) a service has used: the process and every process under it (the
 * gateway's cluster workers do its work; its primary only hands out connections). A worker that ended
 * takes its CPU with it: the figure is of the processes alive now.
 */
function cpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    let ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) ms += cpuMs(Number(child)) ?? 0;
    }
    return ms;
  } catch {
    return null;
  }
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
const row = (name: string, sorted: number[], digits = 0): string =>
  `  ${name.padEnd(40)} p50 ${quantile(sorted, 0.5).toFixed(digits).padStart(7)}   p99 ${quantile(sorted, 0.99).toFixed(digits).padStart(7)}   max ${(sorted[sorted.length - 1] ?? 0).toFixed(digits).padStart(7)}`;

/**
 * One measured run: registers an endpoint at `url`, sends the load, waits until `arrivals` has every
 * event, prints the lags, disables the endpoint. Answers the lag p99 and whether every event arrived.
 */
async function measure(dir: string, gatewayPort: number, processes: Record<string, ChildProcess>, name: string, url: string, arrivals: () => Promise<Map<string, number>>, onSecret: (secret: string) => Promise<void>): Promise<{ p99: number; complete: boolean; lost: number; duplicates: number }> {
  const endpoint = await call(gatewayPort, 'POST', '/v1/webhook-endpoints', { url, enabled_events: ['*'] });
  if (endpoint.status !== 200) throw new Error(`cannot register the endpoint: ${JSON.stringify(endpoint.body)}`);
  await onSecret(endpoint.body.secret);
  if (WARMUP_SECONDS > 0) await load(gatewayPort, RATE, WARMUP_SECONDS, `${name}-warmup`);
  const cpuBefore = Object.entries(processes).map(([process, child]) => [process, cpuMs(child.pid)] as const);
  const run = await load(gatewayPort, RATE, SECONDS, `${name}-bench`);

  const committed = new Map(readLines(path.join(dir, 'ledger/payments.jsonl')).filter((e) => e.idempotency?.key.startsWith(`${name}-bench-`)).map((e) => [e.event_id, Date.parse(e.timestamp)]));
  let received = new Map<string, number>();
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    received = new Map([...(await arrivals())].filter(([id]) => committed.has(id)));
    if (received.size >= committed.size || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const cpu = cpuBefore.map(([process, before]) => {
    const after = cpuMs(processes[process]?.pid);
    return before === null || after === null ? null : `${process} ${((after - before) / Math.max(1, committed.size)).toFixed(2)}`;
  });
  await call(gatewayPort, 'POST', `/v1/webhook-endpoints/${endpoint.body.id}`, { disabled: true });

  const lags = [...received].map(([id, at]) => at - (committed.get(id) ?? at)).sort((a, b) => a - b);
  const attempts = readLines(path.join(dir, 'outbox/deliveries.jsonl')).filter((l) => committed.has(l.data['event_id'] as string));
  const roundTrips = attempts.map((l) => l.data['latency_ms'] as number).sort((a, b) => a - b);
  const answered = attempts.filter((l) => l.data['outcome'] === 'delivered').map((l) => Date.parse(l.data['attempted_at'] as string) + (l.data['latency_ms'] as number) - (committed.get(l.data['event_id'] as string) ?? 0)).sort((a, b) => a - b);
  const dispatch = attempts.map((l) => Date.parse(l.data['attempted_at'] as string) - (committed.get(l.data['event_id'] as string) ?? 0)).sort((a, b) => a - b);
  console.log(`${name}: ${run.latencies.length} of ${run.sent} payments accepted (${run.failed} failed), sustained ${Math.round(run.latencies.length / (run.ms / 1000))}/s${run.behind > 0 ? `, the schedule fell up to ${run.behind} payments behind (${IN_FLIGHT_MAX} unanswered)` : ''}`);
  console.log(`  ${received.size} of ${committed.size} events received, ${attempts.length} attempts (${attempts.filter((l) => l.data['outcome'] !== 'delivered').length} not delivered)`);
  console.log(row('POST /v1/payment-intents ms', run.latencies, 1));
  console.log(row('dispatch ms (commit → POST sent)', dispatch));
  console.log(row('round trip ms (POST → 2xx)', roundTrips, 1));
  console.log(row('webhook lag ms (commit → receipt)', lags));
  console.log(row('answered ms (commit → 2xx at the sender)', answered));
  if (!cpu.includes(null)) console.log(`  CPU ms per payment, load and drain: ${cpu.join(', ')}`);
  // Delivered more than once (a retry after a lost answer): merchant-sim applies it once (duplicate: true).
  const perEvent = new Map<string, number>();
  for (const attempt of attempts) if (attempt.data['outcome'] === 'delivered') perEvent.set(attempt.data['event_id'] as string, (perEvent.get(attempt.data['event_id'] as string) ?? 0) + 1);
  const duplicates = [...perEvent.values()].filter((n) => n > 1).length;
  return { p99: quantile(lags, 0.99), complete: received.size === committed.size, lost: committed.size - received.size, duplicates };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-webhooks-'));
  const ports = { gateway: await freePort(), ledger: await freePort(), merchantSim: await freePort(), bare: await freePort() };
  const env: NodeJS.ProcessEnv = {
    DATA_DIR: dir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    INTERNAL_TOKEN,
    ADMIN_TOKEN,
    DEMO_MERCHANT_API_KEY: API_KEY,
    DEMO_RATE_LIMIT_REQUESTS: '100000000',
    GATEWAY_PORT: String(ports.gateway),
    LEDGER_PORT: String(ports.ledger),
    MERCHANT_SIM_PORT: String(ports.merchantSim),
  };
  const children: ChildProcess[] = [];
  const processes: Record<string, ChildProcess> = {};
  try {
    for (const name of ['merchantSim', 'ledger', 'gateway'] as const) children.push((processes[SERVICES[name].label] = await startService(name, env, ports[name])));
    const bare = spawn(process.execPath, ['-e', BARE_RECEIVER, String(ports.bare)], { stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(bare);
    processes['bare receiver'] = bare;
    await waitReady('bare receiver', bare, ports.bare, '/arrivals');
    console.log(`merchant webhooks: ${RATE} payments/s for ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up), one endpoint subscribed to every event, ${os.cpus().length} cores, node ${process.version}`);

    const runs: Record<'merchantSim' | 'bare', Array<{ p99: number; complete: boolean; lost: number; duplicates: number }>> = { merchantSim: [], bare: [] };
    for (let run = 0; run < RUNS; run++) {
      if (RECEIVERS.has('merchant-sim')) runs.merchantSim.push(await measure(dir, ports.gateway, processes, `merchant-sim-${run}`, `http://127.0.0.1:${ports.merchantSim}/webhooks/local`, async () => {
        const arrivals = new Map<string, number>();
        for (const line of readLines(path.join(dir, 'merchant-sim/deliveries.jsonl'))) {
          const id = line.data['webhook_id'] as string | undefined;
          if (id !== undefined && !arrivals.has(id)) arrivals.set(id, Date.parse(line.data['received_at'] as string));
        }
        return arrivals;
      }, async (secret) => {
        if ((await call(ports.merchantSim, 'PUT', '/admin/secrets/local', { secrets: [secret] })).status !== 200) throw new Error('merchant-sim refused the secret');
      }));
      if (RECEIVERS.has('bare')) runs.bare.push(await measure(dir, ports.gateway, processes, `bare-receiver-${run}`, `http://127.0.0.1:${ports.bare}/hook`, async () => {
        const answer = await call(ports.bare, 'GET', '/arrivals');
        return new Map(Object.entries(answer.body as Record<string, number>));
      }, async () => undefined));
    }
    const p99 = (name: keyof typeof runs): number[] => runs[name].map((r) => r.p99);
    const sum = (name: keyof typeof runs, field: 'lost' | 'duplicates'): number => runs[name].reduce((total, r) => total + r[field], 0);
    console.log(heading(`webhook lag p99 (commit -> receipt), ${RATE} payments/s for ${SECONDS} s per run`));
    // A receiver left out (BENCH_RECEIVERS) has no figures: it is said so, never judged on zeros.
    const measured = (name: keyof typeof runs): boolean => runs[name].length > 0;
    const notMeasured = (what: string): string => `  ${what}: not measured (BENCH_RECEIVERS=${[...RECEIVERS].join(',')})`;
    console.log(measured('bare') ? spreadRow('bare receiver (answers 200 at once)', p99('bare'), 'ms', 'baseline') : notMeasured('bare receiver'));
    console.log(measured('merchantSim') ? spreadRow('merchant-sim (verifies and journals each delivery)', p99('merchantSim'), 'ms', measured('bare') ? p99('bare') : undefined) : notMeasured('merchant-sim'));
    console.log(`  lost: ${sum('merchantSim', 'lost')} to merchant-sim, ${sum('bare', 'lost')} to the bare receiver; delivered twice: ${sum('merchantSim', 'duplicates')} and ${sum('bare', 'duplicates')}`);
    const judged = (name: keyof typeof runs, text: string, limit: number): string =>
      measured(name) ? target(text, spread(p99(name)).median < limit && sum(name, 'lost') === 0, `median ${spread(p99(name)).median} ms`) : `  target ${text}: not judged (not measured)`;
    console.log(judged('merchantSim', `p99 < ${LAG_P99_TARGET_MS} ms to merchant-sim`, LAG_P99_TARGET_MS));
    console.log(judged('bare', `p99 < ${LAG_P99_TARGET_BARE_MS} ms to a bare receiver`, LAG_P99_TARGET_BARE_MS));
    console.log(`  payrail verify after the runs: ${verifyData(dir)}`);
  } finally {
    agent.destroy();
    for (const child of children.reverse()) await stopChild(child);
    if (KEEP_DATA) console.log(`  the data folder is kept: ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
