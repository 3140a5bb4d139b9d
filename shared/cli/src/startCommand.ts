import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, type WriteStream } from 'node:fs';
import { connect } from 'node:net';
import * as path from 'node:path';
import { loadDotEnv } from '@payrail/service-kit';
import { prettyFactory } from 'pino-pretty';
import { cliCommand } from './commandLine';
import { registerDemoWebhookEndpoint } from './demoEndpoint';
import { registerMerchantSimEnvs } from './merchantSimEnvs';

/** The repository root: this file runs from shared/cli/dist. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** What a service's package.json says about how to run it (`"payrail": {...}`). */
export interface ServiceSpec {
  name: string;
  dir: string;
  entry: string;
  /** The env var holding its port; its readiness is `GET http://HOST:port/ready`. */
  port_env: string;
  /** Lower starts first. */
  order: number;
}

/** Every workspace under services/ that declares a `payrail.port_env`, in start order. */
export function discoverServices(root = REPO_ROOT): ServiceSpec[] {
  const servicesDir = path.join(root, 'services');
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(servicesDir, entry.name, 'package.json')))
    .map((entry) => {
      const dir = path.join(servicesDir, entry.name);
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main?: string; payrail?: { port_env?: string; order?: number } };
      return { name: entry.name, dir, entry: path.join(dir, pkg.main ?? 'dist/index.js'), port_env: pkg.payrail?.port_env ?? '', order: pkg.payrail?.order ?? 50 };
    })
    .filter((spec) => spec.port_env !== '')
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

const RESTART_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];
/** A service that ran this long before it exited is restarted with the shortest delay again. */
const STABLE_RUN_MS = 60_000;
const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

interface Supervised {
  spec: ServiceSpec;
  child: ChildProcess | null;
  /** Restarts in a row, each after a run shorter than STABLE_RUN_MS: picks the backoff delay. */
  restarts: number;
  started_ms: number;
  log: WriteStream;
}

/**
 * `payrail start` (npm start): runs every service as a child process on ./data with the ports of .env,
 * prefixes their logs (pretty on a terminal, JSON otherwise; always JSON in data/logs/), waits for each
 * /ready, registers merchant-sim as the demo merchant's webhook endpoint, restarts a crashed service
 * with backoff, and stops them all on Ctrl-C. `--watch` (npm run dev) rebuilds and restarts on change.
 */
export async function startCommand(options: { watch: boolean } = { watch: false }): Promise<number> {
  const env = { ...loadDotEnv(path.join(REPO_ROOT, '.env')) };
  const dataDir = path.resolve(REPO_ROOT, env['DATA_DIR'] ?? './data');
  env['DATA_DIR'] = dataDir;
  const host = env['HOST'] ?? '127.0.0.1';
  const services = discoverServices();
  if (services.length === 0) {
    process.stdout.write('payrail: no service under services/ yet; nothing to start.\n');
    return 0;
  }
  // A port already taken (often: npm start running in another terminal) would make its service crash and restart forever.
  const taken = (await Promise.all(services.map(async (spec) => ((await isListening(host, Number(env[spec.port_env]))) ? `${spec.name} (${spec.port_env}=${env[spec.port_env]})` : null)))).filter((t) => t !== null);
  if (taken.length > 0) {
    process.stderr.write(`payrail: something already listens on the port of ${taken.join(', ')} on ${host}. Is npm start running elsewhere? Stop it, or set other ports in .env or the environment.\n`);
    return 1;
  }
  mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  let stopping = false;
  const supervised: Supervised[] = services.map((spec) => ({
    spec,
    child: null,
    restarts: 0,
    started_ms: 0,
    log: createWriteStream(path.join(dataDir, 'logs', `${spec.name}.log`), { flags: 'a' }),
  }));

  const pretty = process.stdout.isTTY ? prettyFactory({ colorize: true, translateTime: 'HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true }) : null;
  let compiler: ChildProcess | null = null;
  if (options.watch) {
    compiler = spawn(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', '--watch', '--preserveWatchOutput'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const launch = (entry: Supervised): void => {
    const child = spawn(process.execPath, [...(options.watch ? ['--watch'] : []), entry.spec.entry], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    entry.child = child;
    entry.started_ms = Date.now();
    const prefix = `${entry.spec.name.padEnd(15)}| `;
    for (const stream of [child.stdout, child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          process.stdout.write(`${prefix}${pretty !== null && line.startsWith('{') ? pretty(line).trimEnd() : line}\n`);
          if (!entry.log.writableEnded) entry.log.write(`${line}\n`);
        }
      });
    }
    child.on('exit', (code, signal) => {
      entry.child = null;
      if (stopping) return;
      if (Date.now() - entry.started_ms >= STABLE_RUN_MS) entry.restarts = 0;
      const delay_ms = RESTART_DELAYS_MS[Math.min(entry.restarts, RESTART_DELAYS_MS.length - 1)] ?? 30_000;
      entry.restarts += 1;
      const exit = signal ?? `code ${code}`;
      const message = `${entry.spec.name} exited (${exit}); restart #${entry.restarts} in ${delay_ms} ms`;
      process.stdout.write(`payrail: ${message}\n`);
      // The restart is in the service's own log file too, where its crash is.
      entry.log.write(`${JSON.stringify({ level: 'warn', time: new Date().toISOString(), service: 'payrail-start', pid: process.pid, restarted: entry.spec.name, exit, restart: entry.restarts, delay_ms, msg: message })}\n`);
      setTimeout(() => !stopping && launch(entry), delay_ms).unref();
    });
  };

  const stopAll = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\npayrail: stopping every service...\n');
    // 'close' follows the exit once the child's output is read to the end, so no line of it is lost.
    const exits = supervised.map((entry) => new Promise<void>((resolve) => {
      const child = entry.child;
      if (child === null || child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      child.once('close', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    }));
    await Promise.all(exits);
    compiler?.kill('SIGTERM');
    await Promise.all(supervised.map((entry) => new Promise<void>((resolve) => entry.log.end(resolve))));
    process.stdout.write('payrail: stopped.\n');
  };
  // The first Ctrl-C stops every service gracefully; a second one does not wait for them.
  const onSignal = (): void => {
    if (stopping) {
      process.stdout.write('payrail: stopping now (SIGKILL).\n');
      for (const entry of supervised) entry.child?.kill('SIGKILL');
      process.exit(130);
    }
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  for (const entry of supervised) launch(entry);
  const rows = await Promise.all(supervised.map(async (entry) => {
    const url = `http://${host}:${env[entry.spec.port_env] ?? '?'}`;
    const ready = await waitReady(`${url}/ready`, READY_TIMEOUT_MS);
    return { service: entry.spec.name, url, status: ready ? 'ready' : 'NOT READY' };
  }));
  const gateway = `http://${host}:${env['GATEWAY_PORT'] ?? 8080}`;
  const merchantSim = `http://${host}:${env['MERCHANT_SIM_PORT'] ?? 8084}`;
  const registration = await registerDemoWebhookEndpoint({ gateway, merchantSim, apiKey: env['DEMO_MERCHANT_API_KEY'] ?? '', internalToken: env['INTERNAL_TOKEN'] ?? '' })
    .catch((error: Error) => `not registered (${error.message})`);
  // sandbox and staging: an account, API key, endpoint and secret of their own (merchantSimEnvs.ts).
  const envAccounts = await registerMerchantSimEnvs({ gateway, merchantSim, adminToken: env['ADMIN_TOKEN'] ?? '', internalToken: env['INTERNAL_TOKEN'] ?? '' })
    .catch((error: Error) => `not connected (${error.message})`);
  // One write, so that no service's log line lands inside the table.
  process.stdout.write([
    table(rows),
    '',
    `  API            ${gateway}/v1   (Authorization: Bearer ${env['DEMO_MERCHANT_API_KEY'] ?? '?'})`,
    `  API docs       ${gateway}/docs`,
    `  Stripe API     ${env['STRIPE_API_PORT'] === '0' ? `${gateway}/stripe/v1` : `http://${host}:${env['STRIPE_API_PORT'] ?? 8085}/v1`}   (new Stripe(key, { host, port, protocol: 'http' }))`,
    `  console        ${gateway}/console`,
    `  merchant-sim   ${merchantSim}/events   (webhook endpoint: ${registration})`,
    `  storefront     ${merchantSim}/shop/orders   (POST /orders; envs: ${envAccounts})`,
    `  data           ${dataDir}   (npx payrail verify checks it)`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n'));
  return new Promise<number>(() => {}); // runs until Ctrl-C
}

/** True when a TCP connection to host:port is accepted within a second. */
function isListening(host: string, port: number): Promise<boolean> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return Promise.resolve(false); // the service's own config check names it
  return new Promise((resolve) => {
    const socket = connect({ host: host === '0.0.0.0' ? '127.0.0.1' : host, port });
    const done = (listening: boolean): void => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitReady(url: string, timeout_ms: number): Promise<boolean> {
  const deadline = Date.now() + timeout_ms;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function table(rows: Array<{ service: string; url: string; status: string }>): string {
  const width = Math.max(7, ...rows.map((r) => r.service.length));
  const urlWidth = Math.max(3, ...rows.map((r) => r.url.length));
  const lines = [`${'service'.padEnd(width)}  ${'url'.padEnd(urlWidth)}  status`, ...rows.map((r) => `${r.service.padEnd(width)}  ${r.url.padEnd(urlWidth)}  ${r.status}`)];
  return `\n${lines.join('\n')}`;
}

export const START_COMMAND = cliCommand({
  name: 'start',
  synopsis: 'start [--watch]',
  summary: 'run every service on ./data, on the ports of .env or the environment (npm start)',
  options: { watch: { type: 'boolean', help: 'rebuild on change and restart the services (npm run dev)' } },
  run: (values) => startCommand(values),
});
