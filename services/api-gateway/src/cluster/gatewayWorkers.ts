import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { JournalCorruptError } from '@payrail/journal';
import type { Logger } from '@payrail/service-kit';

/** GATEWAY_WORKERS=0 (the default) means this many: one per core, at most four. */
export function defaultGatewayWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, WORKERS_DEFAULT_MAX));
}

const WORKERS_DEFAULT_MAX = 4;
/** A worker that dies this many times within CRASH_WINDOW_MS stops the whole gateway (the orchestrator restarts it). */
const CRASHES_MAX = 5;
const CRASH_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 500;
/** How long the primary waits for its workers' graceful shutdown before it kills them. */
const SHUTDOWN_WAIT_MS = 15_000;

/**
 * Runs the gateway as `workers` processes sharing its ports (Node's cluster module: the primary accepts
 * the connections and hands them to the workers in turn). Each worker is a whole gateway, with its own
 * journal writers on the shared data folder, exactly as two gateways started by hand would be; the
 * primary opens nothing and serves nothing. With one worker, `main` runs in this process, as before.
 *
 * The primary restarts a worker that dies (after RESTART_DELAY_MS), stops everything if one dies
 * CRASHES_MAX times within CRASH_WINDOW_MS or before it ever listened (a bad config, a corrupt journal:
 * a restart would only fail again), and on SIGTERM or SIGINT stops every worker gracefully and exits.
 * A worker whose primary is gone (kill -9 of the primary) shuts itself down.
 */
export function runGatewayWorkers(workers: number, main: () => Promise<void>, logger: Logger): void {
  if (workers <= 1 || cluster.isWorker) {
    if (cluster.isWorker) process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
    main().catch(failedToStart);
    return;
  }
  new Supervisor(workers, logger).start();
}

function failedToStart(error: Error): void {
  const message = error instanceof JournalCorruptError ? error.message : (error.stack ?? error.message);
  process.stderr.write(`api-gateway failed to start: ${message}\n`);
  process.exit(1);
}

class Supervisor {
  private stopping = false;
  private readonly crashes: number[] = [];
  /** Workers that have listened on their ports (only a worker that got that far is worth restarting). */
  private readonly listened = new WeakSet<Worker>();

  constructor(
    private readonly workers: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.logger.info({ workers: this.workers }, 'api-gateway: starting workers (GATEWAY_WORKERS)');
    for (let i = 0; i < this.workers; i++) this.fork();
    process.once('SIGINT', () => void this.stop('SIGINT'));
    process.once('SIGTERM', () => void this.stop('SIGTERM'));
  }

  private fork(): void {
    const worker = cluster.fork();
    worker.on('listening', () => this.listened.add(worker));
    worker.on('exit', (code, signal) => this.exited(worker, code, signal));
  }

  private exited(worker: Worker, code: number | null, signal: string | null): void {
    if (this.stopping) return;
    const pid = worker.process.pid;
    if (!this.listened.has(worker)) {
      this.logger.error({ pid, code, signal }, 'api-gateway: a worker exited before it listened; stopping the others');
      void this.stop('SIGTERM', code === 0 || code === null ? 1 : code);
      return;
    }
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && (this.crashes[0] as number) < now - CRASH_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length >= CRASHES_MAX) {
      this.logger.error({ pid, code, signal, crashes: this.crashes.length }, 'api-gateway: workers keep dying; stopping');
      void this.stop('SIGTERM', 1);
      return;
    }
    this.logger.warn({ pid, code, signal, restart_in_ms: RESTART_DELAY_MS }, 'api-gateway: a worker died; starting another');
    setTimeout(() => {
      if (!this.stopping) this.fork();
    }, RESTART_DELAY_MS);
  }

  private async stop(signal: NodeJS.Signals, exitCode = 0): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.logger.info({ signal }, 'api-gateway: stopping workers');
    const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    const exits = running.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const w of running) if (!w.isDead()) w.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const w of running) if (!w.isDead()) w.process.kill('SIGKILL');
    }, SHUTDOWN_WAIT_MS);
    await Promise.all(exits);
    clearTimeout(timer);
    process.exit(exitCode);
  }
}
