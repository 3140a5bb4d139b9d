import { createServer } from 'node:net';
import * as path from 'node:path';
import { startNode, type RunningChild } from './childProcess';

/** The repository root (this file runs from shared/testing/src or dist). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * Ports handed to services a test starts come from below the kernel's ephemeral range (32768-60999 on
 * Linux), in a block of their own for each jest worker. A port from listen(0) is ephemeral: released,
 * it can go to the next listen(0) anywhere on the machine, or be the source port of an outgoing
 * connection, before the service that was meant to take it binds it. That race once put another suite's
 * gateway on the port a demo stack had chosen for its vault.
 */
const TEST_PORTS_FROM = 20_000;
const TEST_PORTS_PER_WORKER = 1_500;
const TEST_PORT_WORKERS = 8;
const handedOut = new Set<number>();
let cursor = Math.floor(Math.random() * TEST_PORTS_PER_WORKER);

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A loopback port free right now, from this jest worker's block, never the same one twice in a process. */
export async function freePort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID ?? 0) % TEST_PORT_WORKERS;
  const base = TEST_PORTS_FROM + worker * TEST_PORTS_PER_WORKER;
  for (let attempt = 0; attempt < TEST_PORTS_PER_WORKER; attempt++) {
    const port = base + (cursor++ % TEST_PORTS_PER_WORKER);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await canListen(port)) return port;
  }
  return ephemeralPort();
}

export interface RunningService extends RunningChild {
  url: string;
  port: number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9), then waits for the exit. */
  kill(): Promise<void>;
}

/** The environment every service needs in a test: loopback, quiet logs, test tokens, a data folder. */
export function testEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    INTERNAL_TOKEN: 'test-internal-token-0123456789',
    ADMIN_TOKEN: 'test-admin-token-0123456789',
    DEMO_MERCHANT_API_KEY: 'sk_test_demo_0123456789abcdefghij',
    PROVIDER_A_WEBHOOK_SECRET: 'whsec_test_providerA_0123456789',
    PROVIDER_B_HMAC_KEY: '00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF',
    WEBHOOK_SECRET_KEY: 'dGVzdC13ZWJob29rLXNlY3JldC1rZXktMDEyMzQ1Njc=',
    MERCHANT_SIM_SECRET_KEY: 'dGVzdC1tZXJjaGFudC1zaW0tc2VjcmV0cy1rZXktMDE=',
    // The Stripe-compatible port is off in tests (they run many gateways at once); a test that wants it sets a free one.
    STRIPE_API_PORT: '0',
    // One gateway process per gateway started (tests run many at once); the cluster tests set more.
    GATEWAY_WORKERS: '1',
    ...extra,
  };
}

/**
 * Starts the compiled service `services/<name>` (run `tsc -b` first; `npm test` does) as a real child
 * process, with `portEnv` set to a free port, and waits until `GET /ready` answers 200.
 */
export async function startService(name: string, portEnv: string, env: NodeJS.ProcessEnv, ready_timeout_ms = 20_000): Promise<RunningService> {
  const port = Number(env[portEnv] ?? (await freePort()));
  const entry = path.join(REPO_ROOT, 'services', name, 'dist', 'index.js');
  const running = startNode(entry, [], { ...env, [portEnv]: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + ready_timeout_ms;
  for (;;) {
    if (running.child.exitCode !== null) throw new Error(`${name} exited with ${running.child.exitCode} before it was ready:\n${running.stderr()}\n${running.lines.join('\n')}`);
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      running.child.kill('SIGKILL');
      throw new Error(`${name} not ready after ${ready_timeout_ms} ms:\n${running.stderr()}\n${running.lines.slice(-20).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill(signal);
    await running.exited;
  };
  return { ...running, url, port, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
