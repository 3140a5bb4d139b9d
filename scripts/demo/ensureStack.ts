import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { DEMO_SERVICES, type DemoTarget } from './demoTarget';

/** Longest wait for `npm start` to print its table (every service ready, the demo endpoint registered). */
const START_TIMEOUT_MS = 45_000;
/** Longest wait for `npm start` to stop its services after Ctrl-C. */
const STOP_TIMEOUT_MS = 20_000;
/** Lines of `npm start`'s output kept to explain a failed start. */
const OUTPUT_LINES_KEPT = 200;
/** What `npm start` prints once everything is up. */
const STARTED_LINE = 'Ctrl-C stops everything.';
/** A service's log line as `npm start` prefixes it: `api-gateway    | {...}`. */
const SERVICE_LINE = /^[a-z-]+ *\| /;

/** The stack the demo runs against; `stop()` stops it only if the demo started it. */
export interface StackHandle {
  startedHere: boolean;
  stop(): Promise<void>;
}

/**
 * Uses the stack that answers at the target's URLs; when none does, starts one with `npm start`
 * (`payrail start`, with this process's environment, so DATA_DIR and ports carry over) and waits
 * for its table. A stack where only some services answer is an error: the ports are taken.
 */
export async function ensureStack(target: DemoTarget, out: NodeJS.WritableStream): Promise<StackHandle> {
  const services = await Promise.all(Object.entries(DEMO_SERVICES).map(async ([name, key]) => ({ name, url: target.urls[key], ready: await isReady(target.urls[key]) })));
  if (services.every((s) => s.ready)) {
    out.write(`Using the running stack (api-gateway at ${target.urls.gateway}, data in ${target.dataDir}).\n`);
    return { startedHere: false, stop: async () => {} };
  }
  if (services.some((s) => s.ready)) {
    const missing = services.filter((s) => !s.ready).map((s) => `${s.name} (${s.url})`);
    throw new Error(`only part of the stack answers; not ready: ${missing.join(', ')}. Stop it, or start the rest with npm start.`);
  }
  out.write(`No stack answers at ${target.urls.gateway}: starting one with npm start (data in ${target.dataDir}, service logs in ${path.join(target.dataDir, 'logs')}).\n`);
  // Its own process group: a Ctrl-C at the terminal reaches the demo, which then stops npm start once.
  const child = spawn(process.execPath, [path.join(target.root, 'shared', 'cli', 'bin', 'payrail.js'), 'start'], { cwd: target.root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output: string[] = [];
  let started = false;
  const startedOrExited = new Promise<void>((resolve) => {
    const collect = (stream: NodeJS.ReadableStream | null): void => {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          output.push(line);
          if (output.length > OUTPUT_LINES_KEPT) output.shift();
          // The table and URLs are worth showing; the services' own lines are in data/logs/.
          if (!started && !SERVICE_LINE.test(line)) out.write(`  ${line}\n`);
          if (line.trim() === STARTED_LINE) {
            started = true;
            resolve();
          }
        }
      });
    };
    collect(child.stdout);
    collect(child.stderr);
    child.once('exit', () => resolve());
  });
  const stop = (): Promise<void> => stopChild(child);
  const timer = setTimeout(() => void stop(), START_TIMEOUT_MS);
  await startedOrExited;
  clearTimeout(timer);
  if (!started || output.some((line) => /NOT READY/.test(line))) {
    await stop();
    throw new Error(`npm start did not bring the stack up within ${START_TIMEOUT_MS / 1000} s; its last lines:\n${output.slice(-30).join('\n')}`);
  }
  return { startedHere: true, stop };
}

async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) })).ok;
  } catch {
    return false;
  }
}

/** Ctrl-C for `npm start` (it stops every service), then SIGKILL if it has not exited in time. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
