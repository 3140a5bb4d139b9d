import { spawn, type ChildProcess } from 'node:child_process';

/** A child process whose stdout lines are collected as they arrive. */
export interface RunningChild {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string>;
  stderr(): string;
}

/** Starts `node script args` and collects its complete stdout lines. */
export function startNode(script: string, args: string[], env: NodeJS.ProcessEnv = {}): RunningChild {
  // PAYRAIL_NODE_ARGS: extra node flags for every child (profiling a benchmark: '--cpu-prof --cpu-prof-dir=/tmp/prof').
  const nodeArgs = (env['PAYRAIL_NODE_ARGS'] ?? process.env['PAYRAIL_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let errors = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, lines, exited, stderr: () => errors };
}

/** Waits until `predicate` holds, polling every 5 ms, for at most `timeout_ms`. */
export async function waitFor(predicate: () => boolean, timeout_ms: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout_ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout_ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sends SIGTERM to a child still running and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
