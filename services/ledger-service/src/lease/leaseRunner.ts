import type { Logger } from '@payrail/service-kit';
import type { EndpointDirectory } from '../endpoints/endpointDirectory';
import type { Jobs } from '../jobs';
import type { Ledger } from '../ledger/ledger';
import type { AttemptLog } from '../outbox/attemptLog';
import { Checkpoint } from '../outbox/checkpoint';
import { Dispatcher, notTheHolder, type DispatcherDeps } from '../outbox/dispatcher';
import type { OutboxControl } from '../outbox/outboxRoutes';
import { DispatcherLease, type LeaseChange, type LeaseOptions, type LeaseState } from './dispatcherLease';

export interface LeaseRunnerDeps {
  lease: Omit<LeaseOptions, 'onChange' | 'logger'>;
  logger: Logger;
  ledger: Ledger;
  jobs: Jobs;
  /** `outbox/offsets.json`. */
  offsetsFile: string;
  /** Opens the attempt log afresh (replayed from its first line). */
  openLog: () => Promise<AttemptLog>;
  /** A new, unstarted view of the webhook endpoints (each dispatcher owns one). */
  newEndpoints: () => EndpointDirectory;
  /** Everything else a dispatcher is built from. */
  dispatcher: Omit<DispatcherDeps, 'endpoints' | 'log' | 'checkpoint' | 'mayAct' | 'epoch'>;
}

/**
 * Runs the outbox dispatcher and the nightly jobs only while this process holds the dispatcher lease
 * (DispatcherLease): on taking it over, a new dispatcher starts from `outbox/offsets.json` and the
 * attempts on record (the previous holder's retries are rescheduled); on losing it, the dispatcher
 * stops at once without writing anything, the jobs' schedule stops, and the attempt log is reopened
 * from the file (it may hold this process's reservations of attempts that were never recorded).
 * Either way the HTTP routes keep answering: a standby's outbox status is read from the files, and a
 * manual retry it is asked for answers 503.
 */
export class LeaseRunner implements OutboxControl {
  private readonly lease: DispatcherLease;
  private log: AttemptLog;
  /** Whether the log served a dispatcher since it was opened (and so must be reopened before the next). */
  private logUsed = false;
  private active: { dispatcher: Dispatcher; epoch: number } | null = null;
  /** The endpoints a standby's status names (started on first use). */
  private reader: EndpointDirectory | null = null;
  /** Role changes, one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(private readonly deps: LeaseRunnerDeps, log: AttemptLog) {
    this.log = log;
    this.lease = new DispatcherLease({ ...deps.lease, logger: deps.logger, onChange: (change) => this.follow(change) });
  }

  /** Takes the lease or stands by, and waits until the dispatcher runs if this process took it. */
  async start(): Promise<void> {
    await this.lease.start();
    await this.queue;
  }

  /** Whether the dispatcher and jobs of this process may act now. */
  holdsLease(): boolean {
    return this.lease.held();
  }

  leaseState(): LeaseState {
    return this.lease.state();
  }

  /** The running dispatcher's totals (none while standby). */
  totals(): Record<string, number> {
    return (this.active?.dispatcher.status()['totals'] ?? {}) as Record<string, number>;
  }

  async status(): Promise<Record<string, unknown>> {
    const active = this.active;
    if (active !== null) return { ...active.dispatcher.status(), lease: this.lease.state() };
    return this.enqueue(async () => ({ ...(await this.standbyStatus()), lease: this.lease.state() }));
  }

  retryNow(...args: Parameters<Dispatcher['retryNow']>): ReturnType<Dispatcher['retryNow']> {
    const active = this.active;
    if (active === null || !this.lease.heldAt(active.epoch)) return Promise.reject(notTheHolder(this.lease.state().holder));
    return active.dispatcher.retryNow(...args);
  }

  /** Stops the dispatcher and jobs (in flight attempts get their short grace), then releases the lease. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.enqueue(() => this.deactivate(false));
    await this.lease.release();
    await this.reader?.stop();
    await this.log.close();
  }

  private follow(change: LeaseChange): void {
    void this.enqueue(async () => {
      if (change.role === 'active') await this.activate(change.epoch);
      else if (change.reason !== 'released') await this.deactivate(true);
    }).catch((error: Error) => this.deps.logger.error({ err: error, epoch: change.epoch, role: change.role }, 'dispatcher lease: the change of role failed'));
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const done = this.queue.then(work);
    this.queue = done.then(() => undefined, () => undefined);
    return done;
  }

  private async activate(epoch: number): Promise<void> {
    if (this.stopping || !this.lease.heldAt(epoch)) return;
    const started = performance.now();
    if (this.logUsed) await this.reopenLog();
    // What the previous holder recorded and the ledger's appends since this process last read them.
    await Promise.all([this.log.catchUp(), this.deps.ledger.catchUp()]);
    const checkpoint = await Checkpoint.load(this.deps.offsetsFile);
    if (this.stopping || !this.lease.heldAt(epoch)) return;
    const mayAct = (): boolean => this.lease.heldAt(epoch);
    this.log.fence(mayAct);
    this.logUsed = true;
    const dispatcher = new Dispatcher({ ...this.deps.dispatcher, endpoints: this.deps.newEndpoints(), log: this.log, checkpoint, mayAct, epoch });
    this.active = { dispatcher, epoch };
    await dispatcher.start();
    this.deps.jobs.start();
    this.deps.logger.info({ epoch, start_ms: Math.round(performance.now() - started) }, 'dispatcher lease: dispatcher and nightly jobs started');
    // Lost while starting: the loss queued behind this stops it again.
  }

  private async deactivate(lost: boolean): Promise<void> {
    const active = this.active;
    if (active === null) return;
    this.active = null;
    await Promise.all([active.dispatcher.stop({ lost }), this.deps.jobs.stop()]);
    if (lost && !this.stopping) await this.reopenLog();
    this.deps.logger.info({ epoch: active.epoch, lost }, 'dispatcher lease: dispatcher and nightly jobs stopped');
  }

  private async reopenLog(): Promise<void> {
    await this.log.close();
    this.log = await this.deps.openLog();
    this.logUsed = false;
  }

  /** The outbox as the files say (another process delivers): a dispatcher that is never started only reads. */
  private async standbyStatus(): Promise<Record<string, unknown>> {
    if (this.reader === null) {
      this.reader = this.deps.newEndpoints();
      await this.reader.start();
    }
    await Promise.all([this.log.catchUp(), this.deps.ledger.catchUp(), this.reader.refresh()]);
    const checkpoint = await Checkpoint.load(this.deps.offsetsFile);
    return new Dispatcher({ ...this.deps.dispatcher, endpoints: this.reader, log: this.log, checkpoint, mayAct: () => false }).status();
  }
}
