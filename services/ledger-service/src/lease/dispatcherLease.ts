import { watch, promises as fs, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { fsyncDir } from '@payrail/journal';
import type { Logger } from '@payrail/service-kit';
import * as lockfile from 'proper-lockfile';

/** `ops/dispatcher.lease.json`: who may run the outbox dispatcher and the nightly jobs, until when. */
export interface LeaseRecord {
  /** The holding process: `<hostname>/<pid>/<random>`. */
  holder: string;
  /** One more than the lease before it: every takeover increments it, a renewal keeps it. */
  epoch: number;
  acquired_at: string;
  renewed_at: string;
  /** Wall-clock time after which any process may take the lease over (a release sets it to the release time). */
  expires_at: string;
}

export type LeaseRole = 'active' | 'standby';

/** Why this process stopped holding the lease. */
export type LeaseLossReason =
  /** Another process holds it now (or the file no longer names this holder and epoch). */
  | 'taken_over'
  /** It was not renewed in time (a pause, a slow or unwritable disk, a lock held elsewhere). */
  | 'not_renewed'
  /** Given up on purpose at shutdown. */
  | 'released';

export type LeaseChange = { role: 'active'; epoch: number } | { role: 'standby'; epoch: number; reason: LeaseLossReason };

export interface LeaseState {
  role: LeaseRole;
  /** This process's holder id. */
  self: string;
  /** The holder and epoch of the lease as last read or written (null before any lease file exists). */
  holder: string | null;
  epoch: number;
  expires_at: string | null;
}

export interface LeaseOptions {
  /** The lease file (its proper-lockfile lock is `<file>.lock`). */
  file: string;
  holder: string;
  ttl_ms: number;
  /** How often the holder renews and a standby looks; also the holder's safety margin (see held()). */
  renew_ms: number;
  logger: Logger;
  /** Told of every change of role, in order. */
  onChange?: (change: LeaseChange) => void;
  /** The wall clock (tests move it). */
  now?: () => number;
}

/**
 * The lease file's lock: proper-lockfile's minimum staleness (a lock left by a process that died
 * holding it is taken over after this long). The lock is held only for one read and one rewrite.
 */
export const LEASE_LOCK_STALE_MS = 2_000;
const LEASE_LOCK_UPDATE_MS = 1_000;
/** Waiting for the lock: at most about a second, then the pass gives up until the next one. */
const LEASE_LOCK_RETRIES = { retries: 20, factor: 1.3, minTimeout: 5, maxTimeout: 60 };
/**
 * A pass that held the lock this long may have been paused past the lock's staleness, so another
 * process may have taken the lock (and the lease) meanwhile: it writes nothing.
 */
const LEASE_PASS_MS_MAX = LEASE_LOCK_STALE_MS / 2;
const HOLDER_CHARS_MAX = 200;

/**
 * A lease in the data folder that lets one ledger-service of several (replicas, hosts) sharing it run
 * the outbox dispatcher and the nightly jobs. The record is read and rewritten (temp file, fsync,
 * rename) under a proper-lockfile lock on the file. The holder renews it every `renew_ms`; a standby
 * looks every `renew_ms` (and at once when the file changes) and takes it over, with the next epoch,
 * once it has expired. The holder acts only while its lease has more than `renew_ms` left by its own
 * clock (held()), so a holder that was paused or could not renew stops before anyone may take over;
 * expiry is wall-clock, so hosts need synchronised clocks (NTP), skewed by less than `renew_ms`.
 */
export class DispatcherLease {
  private role: LeaseRole = 'standby';
  /** The record this process last wrote as the holder (null while standby). */
  private mine: LeaseRecord | null = null;
  /** The record last read or written. */
  private seen: LeaseRecord | null = null;
  /** The highest epoch ever read or written: a lost or unreadable file never makes epochs go back. */
  private epochMax = 0;
  private passing: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private deadline: NodeJS.Timeout | null = null;
  private watcher: FSWatcher | null = null;
  private stopped = false;
  private failures = 0;
  private folderMade = false;
  private readonly now: () => number;

  constructor(private readonly options: LeaseOptions) {
    this.now = options.now ?? Date.now;
    if (options.holder.length === 0 || options.holder.length > HOLDER_CHARS_MAX) throw new Error(`DispatcherLease: the holder id must have 1 to ${HOLDER_CHARS_MAX} characters`);
    if (!(options.renew_ms > 0 && options.ttl_ms > options.renew_ms)) throw new Error('DispatcherLease: ttl_ms must be longer than renew_ms, and renew_ms positive');
  }

  /** Takes or looks at the lease once (awaited), then keeps renewing or watching it. */
  async start(): Promise<void> {
    await this.check();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.check(), this.options.renew_ms);
    this.timer.unref();
    try {
      // A released or rewritten lease wakes a standby at once (the folder is watched: the file is replaced by rename).
      this.watcher = watch(path.dirname(this.options.file), (_event, name) => {
        if (this.role === 'standby' && name === path.basename(this.options.file)) void this.check();
      });
      this.watcher.on('error', () => this.watcher?.close());
      this.watcher.unref();
    } catch {
      // No change notification here (some network file systems): the poll every renew_ms remains.
    }
  }

  /** Whether this process may act for the lease now: it holds it with more than renew_ms left. */
  held(): boolean {
    return this.role === 'active' && this.mine !== null && this.now() < Date.parse(this.mine.expires_at) - this.options.renew_ms;
  }

  /** held(), for the epoch a piece of work was started under. */
  heldAt(epoch: number): boolean {
    return this.held() && this.mine?.epoch === epoch;
  }

  get epoch(): number {
    return this.mine?.epoch ?? 0;
  }

  state(): LeaseState {
    return {
      role: this.held() ? 'active' : 'standby',
      self: this.options.holder,
      holder: this.seen?.holder ?? null,
      epoch: this.seen?.epoch ?? 0,
      expires_at: this.seen?.expires_at ?? null,
    };
  }

  /** One pass now (renew, or take over when expired); a pass already running is followed by one more. */
  check(): Promise<void> {
    if (this.passing !== null) {
      this.again = true;
      return this.passing;
    }
    this.passing = (async () => {
      try {
        do {
          this.again = false;
          await this.passOnce();
        } while (this.again && !this.stopped);
      } finally {
        this.passing = null;
      }
    })();
    return this.passing;
  }

  /** Stops renewing and watching (the lease is left to expire: see release()). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.clearDeadline();
    this.watcher?.close();
    this.watcher = null;
    await this.passing;
  }

  /** Stops, then gives the lease up if this process still holds it, so a standby takes over at once. */
  async release(): Promise<void> {
    await this.stop();
    if (this.role !== 'active' || this.mine === null) return;
    const mine = this.mine;
    try {
      await this.underLock(async (fence) => {
        const current = await this.read();
        if (!sameLease(current, mine)) return;
        const at = new Date(this.now()).toISOString();
        await this.write({ ...mine, renewed_at: at, expires_at: at }, fence);
      });
      this.options.logger.info({ epoch: mine.epoch, holder: mine.holder }, 'dispatcher lease released: a standby takes over at once');
    } catch (error) {
      this.options.logger.warn({ err: (error as Error).message, epoch: mine.epoch }, 'dispatcher lease: cannot release it; a standby takes over when it expires');
    }
    this.lose('released', this.seen);
  }

  private async passOnce(): Promise<void> {
    if (this.stopped) return;
    try {
      if (this.role === 'active') await this.renew();
      else await this.lookAndTake();
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      const log = this.failures === 1 ? this.options.logger.warn.bind(this.options.logger) : this.options.logger.debug.bind(this.options.logger);
      log({ err: (error as Error).message, role: this.role, failures: this.failures }, this.role === 'active' ? 'dispatcher lease: cannot renew it; retrying' : 'dispatcher lease: cannot read or take it; retrying');
    }
    // However the pass went, a holder past its margin stops acting now.
    if (this.role === 'active' && !this.held()) this.lose('not_renewed', this.seen);
  }

  private async renew(): Promise<void> {
    const mine = this.mine as LeaseRecord;
    await this.underLock(async (fence) => {
      const current = await this.read();
      if (!sameLease(current, mine)) {
        this.lose('taken_over', current);
        return;
      }
      // Too late to renew: the margin is gone, so a standby may be about to take over. Step down instead.
      if (!this.held()) return;
      const at = this.now();
      const renewed: LeaseRecord = { ...mine, renewed_at: new Date(at).toISOString(), expires_at: new Date(at + this.options.ttl_ms).toISOString() };
      await this.write(renewed, fence);
      if (this.role === 'active' && this.mine === mine) {
        this.mine = renewed;
        this.armDeadline();
      }
    });
  }

  private async lookAndTake(): Promise<void> {
    // A standby reads without the lock (the file is replaced whole) and takes the lock only to take over.
    if (!this.vacant(await this.read())) return;
    await this.underLock(async (fence) => {
      const current = await this.read();
      if (!this.vacant(current) || this.stopped) return;
      const at = this.now();
      const taken: LeaseRecord = {
        holder: this.options.holder,
        epoch: Math.max(current?.epoch ?? 0, this.epochMax) + 1,
        acquired_at: new Date(at).toISOString(),
        renewed_at: new Date(at).toISOString(),
        expires_at: new Date(at + this.options.ttl_ms).toISOString(),
      };
      await this.write(taken, fence);
      this.role = 'active';
      this.mine = taken;
      this.armDeadline();
      this.options.logger.warn(
        { epoch: taken.epoch, holder: taken.holder, previous_holder: current?.holder ?? null, previous_expires_at: current?.expires_at ?? null },
        'dispatcher lease acquired: this process now delivers webhooks and runs the nightly jobs',
      );
      this.options.onChange?.({ role: 'active', epoch: taken.epoch });
    });
  }

  /** No one may act for this lease now: none yet, or expired by this host's clock. */
  private vacant(current: LeaseRecord | null): boolean {
    return current === null || this.now() >= Date.parse(current.expires_at);
  }

  private lose(reason: LeaseLossReason, current: LeaseRecord | null): void {
    if (this.role !== 'active') return;
    const mine = this.mine as LeaseRecord;
    this.role = 'standby';
    this.mine = null;
    this.clearDeadline();
    if (reason !== 'released') {
      this.options.logger.warn(
        { reason, epoch: mine.epoch, expires_at: mine.expires_at, holder_now: current?.holder ?? null, epoch_now: current?.epoch ?? null },
        'dispatcher lease lost: this process stops delivering webhooks and running the nightly jobs, and stands by',
      );
    }
    this.options.onChange?.({ role: 'standby', epoch: mine.epoch, reason });
  }

  /** When the margin runs out, the holder steps down even if a pass is stuck (a hung disk). */
  private armDeadline(): void {
    this.clearDeadline();
    if (this.mine === null) return;
    const in_ms = Date.parse(this.mine.expires_at) - this.options.renew_ms - this.now();
    this.deadline = setTimeout(() => {
      this.deadline = null;
      if (this.role === 'active' && !this.held()) this.lose('not_renewed', this.seen);
      else if (this.role === 'active') this.armDeadline();
    }, Math.max(0, in_ms) + 1);
    this.deadline.unref();
  }

  private clearDeadline(): void {
    if (this.deadline !== null) clearTimeout(this.deadline);
    this.deadline = null;
  }

  /** Runs `work` under the lease file's lock; `fence` throws when writing is no longer safe. */
  private async underLock(work: (fence: () => void) => Promise<void>): Promise<void> {
    let compromised: Error | null = null;
    if (!this.folderMade) {
      await fs.mkdir(path.dirname(this.options.file), { recursive: true });
      this.folderMade = true;
    }
    const release = await lockfile.lock(this.options.file, {
      realpath: false,
      lockfilePath: `${this.options.file}.lock`,
      stale: LEASE_LOCK_STALE_MS,
      update: LEASE_LOCK_UPDATE_MS,
      retries: LEASE_LOCK_RETRIES,
      onCompromised: (error) => {
        compromised = error;
      },
    });
    // performance.now() counts a SIGSTOP too (it is the monotonic clock), and cannot be set back.
    const locked = performance.now();
    const fence = (): void => {
      if (compromised !== null) throw new Error(`the lease file's lock was lost: ${(compromised as Error).message}`);
      if (performance.now() - locked > LEASE_PASS_MS_MAX) throw new Error(`the lease pass took over ${LEASE_PASS_MS_MAX} ms under the lock (paused?); nothing written`);
    };
    try {
      await work(fence);
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** The lease file, checked; null when there is none. A file that does not hold a lease counts as none (logged). */
  private async read(): Promise<LeaseRecord | null> {
    let text: string;
    try {
      text = await fs.readFile(this.options.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const record = parseLease(text);
    if (record === null) {
      this.options.logger.error({ file: this.options.file }, 'dispatcher lease: the lease file does not hold a lease; it is taken over as vacant (epochs continue from the highest seen)');
      return null;
    }
    this.seen = record;
    this.epochMax = Math.max(this.epochMax, record.epoch);
    return record;
  }

  /**
   * Writes the record atomically (temp file, fsync, rename, fsync of the folder). The fence is checked
   * right before the rename: a pass that was paused under the lock writes nothing.
   */
  private async write(record: LeaseRecord, fence: () => void): Promise<void> {
    const file = this.options.file;
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      fence();
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    await fsyncDir(path.dirname(file));
    this.seen = record;
    this.epochMax = Math.max(this.epochMax, record.epoch);
  }
}

/** The same lease: same holder and epoch. */
function sameLease(a: LeaseRecord | null, b: LeaseRecord | null): boolean {
  return a !== null && b !== null && a.holder === b.holder && a.epoch === b.epoch;
}

/** A lease record read from text, checked field by field; null when it is not one. */
export function parseLease(text: string): LeaseRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const time = (v: unknown): v is string => typeof v === 'string' && Number.isFinite(Date.parse(v));
  if (typeof r['holder'] !== 'string' || r['holder'].length === 0 || r['holder'].length > HOLDER_CHARS_MAX) return null;
  if (!Number.isSafeInteger(r['epoch']) || (r['epoch'] as number) < 1) return null;
  if (!time(r['acquired_at']) || !time(r['renewed_at']) || !time(r['expires_at'])) return null;
  return { holder: r['holder'], epoch: r['epoch'] as number, acquired_at: r['acquired_at'], renewed_at: r['renewed_at'], expires_at: r['expires_at'] };
}
