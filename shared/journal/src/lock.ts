import * as lockfile from 'proper-lockfile';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Every lock option, with its default. All are passed to proper-lockfile explicitly. */
export interface LockOptions {
  /** A lock whose holder has not refreshed it for this long is taken over (the holder died). Minimum 2000. */
  stale_ms: number;
  /** How often the holder refreshes the lock's mtime. Minimum 1000, at most stale_ms / 2. */
  update_ms: number;
  /** How long to wait for a busy lock before giving up with journal_unavailable. */
  wait_ms_max: number;
  /** Longest pause between two attempts while waiting. */
  retry_ms_max: number;
}

export const LOCK_DEFAULTS: Readonly<LockOptions> = Object.freeze({
  stale_ms: 5_000,
  update_ms: 1_000,
  wait_ms_max: 15_000,
  retry_ms_max: 4,
});

/**
 * The cross-process lock of one journal: a mkdir lock (proper-lockfile) that also works on network file
 * systems. Losing it (compromise) never crashes the process: `compromised` is set and the batch in
 * flight aborts before it writes.
 */
export class JournalLock {
  private release: (() => void) | null = null;
  compromised: Error | null = null;
  private readonly options: LockOptions;

  constructor(
    private readonly target: string,
    options: Partial<LockOptions> = {},
    private readonly onCompromised: (error: Error) => void = () => {},
  ) {
    this.options = { ...LOCK_DEFAULTS, ...options };
  }

  /** Whether this journal holds the lock now (false again once it is released or lost). */
  get held(): boolean {
    return this.release !== null;
  }

  /** The longest pause between two attempts of a waiter (retry_ms_max). */
  get retryPauseMaxMs(): number {
    return this.options.retry_ms_max;
  }

  get lockPath(): string {
    return `${this.target}.lock`;
  }

  /**
   * `<lock>.waiting` beside the lock: created by a writer that found the lock busy, removed by the one
   * that takes it or gives it up for fairness. A holder with more work keeps the lock while the file is
   * absent (nobody waits: releasing would only cost a mkdir and an rmdir), and yields when it exists.
   */
  get waitingPath(): string {
    return `${this.target}.waiting`;
  }

  /** Whether a writer in another process has said it waits for this lock (one stat). */
  get contended(): boolean {
    return existsSync(this.waitingPath);
  }

  /** Forgets the waiting mark (its writers, still waiting, make it again at their next attempt). */
  clearWaiting(): void {
    try {
      rmSync(this.waitingPath, { force: true });
    } catch {
      // An unwritable folder: the mark stays, and holders yield as they did before marks existed.
    }
  }

  /** Takes the lock, waiting at most wait_ms_max; `whileWaiting` runs between attempts. */
  async acquire(whileWaiting: () => void = () => {}): Promise<void> {
    if (this.release !== null) throw new Error('JournalLock.acquire: already held by this journal');
    mkdirSync(path.dirname(this.target), { recursive: true });
    this.compromised = null;
    const { stale_ms, update_ms, wait_ms_max, retry_ms_max } = this.options;
    // Each attempt is synchronous (mkdir, and a stat of a busy lock for staleness): an attempt costs tens
    // of microseconds, while an async attempt waits for the thread pool. Between attempts we pause a
    // little, at random, in our own bounded loop (proper-lockfile's sync API has no retries).
    const deadline = Date.now() + wait_ms_max;
    for (let attempt = 0; ; attempt++) {
      try {
        this.release = lockfile.lockSync(this.target, {
          lockfilePath: this.lockPath,
          realpath: false,
          stale: stale_ms,
          update: update_ms,
          onCompromised: (error: Error) => {
            this.compromised = error;
            this.release = null;
            this.onCompromised(error);
          },
        });
        if (attempt > 0) this.clearWaiting();
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() >= deadline) throw error;
        if (attempt === 0 || attempt % SPIN_ATTEMPTS === 0) this.markWaiting();
        whileWaiting();
        await pauseBeforeAttempt(attempt, retry_ms_max);
      }
    }
  }

  private markWaiting(): void {
    try {
      writeFileSync(this.waitingPath, `${process.pid}\n`);
    } catch {
      // Best effort: without the mark the holder still yields at its hold budget's end when it sees one.
    }
  }

  /** Releases the lock; a lock already lost is not an error here (the batch already knows). */
  releaseQuietly(): void {
    const release = this.release;
    this.release = null;
    if (release === null) return;
    try {
      release();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERELEASED') throw error;
    }
  }
}

/** The first attempts follow each other at once (a held lock is usually released within a millisecond or two); later ones back off at random up to retry_ms_max. */
function pauseBeforeAttempt(attempt: number, retry_ms_max: number): Promise<void> {
  if (attempt < SPIN_ATTEMPTS) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * retry_ms_max));
}

const SPIN_ATTEMPTS = 16;
