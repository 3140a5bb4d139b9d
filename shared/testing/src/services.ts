import { createServer } from 'node:net';
import * as path from 'node:path';
import { startNode, type RunningChild } from './childProcess';

/** The repository root (this file runs from shared/testing/src or dist). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** A port the OS says is free on loopback right now. */
export function freePort(): Promise<number> {
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
