import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, freePort, makeTempDataDir, startNode, testEnv, waitFor, type RunningChild } from '@payrail/testing';

/** What `npm start` prints once every service is up and the demo endpoint is registered. */
export const STARTED_LINE = 'Ctrl-C stops everything.';

/** The ports `npm start` is given, by the env var that names each. */
export const PORT_ENVS = ['GATEWAY_PORT', 'PROVIDER_SIM_PORT', 'LEDGER_PORT', 'VAULT_PORT', 'MERCHANT_SIM_PORT', 'STRIPE_API_PORT'] as const;

/** `payrail start` (what `npm start` runs) as a child process on a temporary data folder and free ports. */
export interface PayrailStart {
  run: RunningChild;
  dir: string;
  env: NodeJS.ProcessEnv;
  url(portEnv: (typeof PORT_ENVS)[number]): string;
  /** Every line of the data folder's `logs/<service>.log`, parsed (lines that are not JSON are left out). */
  logLines(service: string): Array<Record<string, unknown>>;
  /** Every pid the services logged (each process's lines carry its pid). */
  servicePids(): Set<number>;
  /** SIGINT (Ctrl-C), then waits for the exit; answers the exit code or signal. */
  interrupt(timeout_ms?: number): Promise<number | string>;
  /** Stops it if still running and removes the data folder. */
  cleanup(): Promise<void>;
}

/** Starts `node shared/cli/bin/payrail.js start` with `extra` over the test environment and waits for its table (at most `ready_timeout_ms`). */
export async function startPayrail(label: string, extra: NodeJS.ProcessEnv = {}, ready_timeout_ms = 20_000): Promise<PayrailStart> {
  const { dir, cleanup } = makeTempDataDir(label);
  const ports = Object.fromEntries(await Promise.all(PORT_ENVS.map(async (name) => [name, String(await freePort())])));
  const env = testEnv(dir, { ...ports, ...extra });
  const run = startNode(path.join(REPO_ROOT, 'shared', 'cli', 'bin', 'payrail.js'), ['start'], env);
  const logLines = (service: string): Array<Record<string, unknown>> => {
    const file = path.join(dir, 'logs', `${service}.log`);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  };
  const interrupt = async (timeout_ms = 20_000): Promise<number | string> => {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`payrail start did not exit within ${timeout_ms} ms of SIGINT`)), timeout_ms);
    });
    try {
      return await Promise.race([run.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  const started: PayrailStart = {
    run,
    dir,
    env,
    url: (portEnv) => `http://127.0.0.1:${env[portEnv]}`,
    logLines,
    servicePids: () => {
      const pids = new Set<number>();
      const logs = path.join(dir, 'logs');
      for (const file of existsSync(logs) ? readdirSync(logs) : []) {
        for (const line of logLines(file.replace(/\.log$/, ''))) if (typeof line['pid'] === 'number' && line['service'] !== 'payrail-start') pids.add(line['pid']);
      }
      return pids;
    },
    interrupt,
    cleanup: async () => {
      if (run.child.exitCode === null && run.child.signalCode === null) await interrupt().catch(() => run.child.kill('SIGKILL'));
      cleanup();
    },
  };
  try {
    await waitFor(() => run.lines.some((line) => line.trim() === STARTED_LINE) || run.child.exitCode !== null, ready_timeout_ms, 'the table of payrail start');
  } catch (error) {
    await started.cleanup();
    throw new Error(`${(error as Error).message}\n${run.lines.slice(-40).join('\n')}\n${run.stderr()}`);
  }
  if (run.child.exitCode !== null) {
    cleanup();
    throw new Error(`payrail start exited with ${run.child.exitCode}:\n${run.lines.slice(-40).join('\n')}\n${run.stderr()}`);
  }
  return started;
}

/** True while a process with this pid exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every file or folder under `dir` whose name ends in `.lock` (proper-lockfile's lock folders). */
export function locksUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.name.endsWith('.lock')) found.push(path.relative(dir, full));
      else if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return found;
}
