import * as lockfile from 'proper-lockfile';
import * as fs from 'node:fs';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
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
 *
 * Fencing: proper-lockfile takes a lock over when its folder's mtime is older than stale_ms, compared
 * with this host's clock; a holder that was only paused (SIGSTOP, a long GC, a VM migration) or whose
 * mtime reached another host late (an NFS attribute cache) then still believes it holds the lock. So each
 * holder also takes an epoch: `<lock>.epoch` beside the lock's folder holds the newest holder's number,
 * one more than any before it (and than any epoch on the streams' lines, should the file be lost). The
 * holder stamps its epoch on every line it writes and, right before each write, reads the file back:
 * a newer number means the lock was taken over, and the write is abandoned before any byte reaches the
 * stream. Its release then leaves the new holder's lock folder alone.
 */
export class JournalLock {
  private release: (() => void) | null = null;
  compromised: Error | null = null;
  /** This holder's epoch, 0 while the lock is not held. */
  epoch = 0;
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

  /** `<lock>.epoch`: the newest holder's epoch, a decimal number and a newline. */
  get epochPath(): string {
    return `${this.target}.epoch`;
  }

  /** The epoch the file names now (0 when there is none yet or it cannot be read as one). */
  readEpoch(): number {
    let text: string;
    try {
      text = readFileSync(this.epochPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const epoch = Number(text.trim());
    return Number.isSafeInteger(epoch) && epoch > 0 ? epoch : 0;
  }

  /**
   * Right before a write: whether this process still holds the lock, by proper-lockfile's account and by
   * the epoch file's. Once the file names a newer epoch the lock is lost for good (`compromised`).
   */
  stillHeld(): boolean {
    if (this.release === null || this.compromised !== null) return false;
    let current: number;
    try {
      current = this.readEpoch();
    } catch (error) {
      this.lose(new Error(`cannot read the lock's epoch file: ${(error as Error).message}`));
      return false;
    }
    if (current === this.epoch) return true;
    this.lose(new Error(`the lock was taken over: its epoch is ${current}, this holder's ${this.epoch}`));
    return false;
  }

  /**
   * Gives the lock up as lost. The lock folder is now another holder's: proper-lockfile forgets this
   * holder's lock (its refresh timer, and its removal at exit) with every removal of the folder skipped.
   */
  private lose(error: Error): void {
    const release = this.release;
    this.compromised = error;
    this.release = null;
    this.epoch = 0;
    this.keepFolder = true;
    try {
      release?.();
    } catch {
      // ERELEASED: proper-lockfile found it compromised first.
    } finally {
      this.keepFolder = false;
    }
    this.onCompromised(error);
  }

  /** While set, proper-lockfile's removal of the lock folder is skipped (see lose). */
  private keepFolder = false;

  /** The file system proper-lockfile uses: node's, but for the removal lose() skips. */
  private readonly lockFs = {
    ...fs,
    rmdirSync: (target: fs.PathLike, options?: fs.RmDirOptions): void => {
      if (!this.keepFolder) fs.rmdirSync(target, options);
    },
  };

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

  /**
   * Takes the lock, waiting at most wait_ms_max; `whileWaiting` runs between attempts. The new epoch is
   * above both the file's and `epochFloor` (the highest epoch the caller read on its streams).
   */
  async acquire(whileWaiting: () => void = () => {}, epochFloor = 0): Promise<void> {
    if (this.release !== null) throw new Error('JournalLock.acquire: already held by this journal');
    mkdirSync(path.dirname(this.target), { recursive: true });
    this.compromised = null;
    // Each attempt is synchronous (mkdir, and a stat of a busy lock for staleness): an attempt costs tens
    // of microseconds, while an async attempt waits for the thread pool. Between attempts we wait in our
    // own bounded loop (proper-lockfile's sync API has no retries): for the lock's folder entry to change
    // (the holder's rmdir, seen through fs.watch), or for a short random pause, whichever comes first.
    // The watch wakes a waiter within microseconds of the release without polling, which leaves the CPU
    // to the holder; the pause covers file systems without change notification (NFS) and a missed event.
    const deadline = Date.now() + this.options.wait_ms_max;
    const changes = new LockChanges(this.lockPath);
    try {
      await this.attempts(deadline, changes, whileWaiting);
    } finally {
      changes.close();
    }
    try {
      this.epoch = this.takeEpoch(epochFloor);
    } catch (error) {
      this.releaseQuietly();
      throw error;
    }
  }

  /** Under the lock: writes the next epoch (a temporary file renamed over the old one: never half written). */
  private takeEpoch(floor: number): number {
    const epoch = Math.max(this.readEpoch(), floor) + 1;
    const temporary = `${this.epochPath}.${process.pid}.tmp`;
    writeFileSync(temporary, `${epoch}\n`);
    renameSync(temporary, this.epochPath);
    return epoch;
  }

  private async attempts(deadline: number, changes: LockChanges, whileWaiting: () => void): Promise<void> {
    const { stale_ms, update_ms, retry_ms_max } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        let release: (() => void) | null = null;
        release = lockfile.lockSync(this.target, {
          lockfilePath: this.lockPath,
          realpath: false,
          stale: stale_ms,
          update: update_ms,
          fs: this.lockFs,
          onCompromised: (error: Error) => {
            if (release !== null && this.release === release) this.lose(error);
          },
        });
        this.release = release;
        if (attempt > 0) this.clearWaiting();
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() >= deadline) throw error;
        if (attempt === 0) changes.start();
        if (attempt === 0 || changes.watching || attempt % SPIN_ATTEMPTS === 0) this.markWaiting();
        whileWaiting();
        await changes.next(attempt, retry_ms_max);
      }
    }
  }

  /**
   * Says this process waits: creates the mark if absent. A mark already there is left as it is (a
   * truncating rewrite costs ten times an exclusive create on ext4), so it names the first waiter.
   */
  private markWaiting(): void {
    try {
      writeFileSync(this.waitingPath, `${process.pid}\n`, { flag: 'wx' });
    } catch {
      // Best effort: without the mark the holder still yields at its hold budget's end when it sees one.
    }
  }

  /**
   * Releases the lock; a lock already lost is not an error here (the batch already knows). A lock
   * taken over meanwhile (a newer epoch) is left to its new holder.
   */
  releaseQuietly(): void {
    if (this.release === null || !this.stillHeld()) return;
    const release = this.release;
    this.release = null;
    this.epoch = 0;
    try {
      release();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERELEASED') throw error;
    }
  }
}

/**
 * What a waiter waits on between two attempts: a change of the lock's entry in its folder (fs.watch on
 * the folder, filtered by name), or a random pause up to retry_ms_max. Without a working watch (it could
 * not start, or failed), the first SPIN_ATTEMPTS attempts follow each other at once (a held lock is
 * usually released within a millisecond or two) and later ones back off at random.
 */
class LockChanges {
  private watcher: FSWatcher | null = null;
  private wake: (() => void) | null = null;
  /** A change seen while no attempt waited: the next attempt goes at once. */
  private changed = false;

  constructor(private readonly lockPath: string) {}

  /** Whether the watch runs (waiters then attempt only after a change, and mark that they wait each time). */
  get watching(): boolean {
    return this.watcher !== null;
  }

  /** Starts watching (after the first busy attempt: an uncontended lock costs no watch). */
  start(): void {
    const name = path.basename(this.lockPath);
    try {
      this.watcher = watch(path.dirname(this.lockPath), { persistent: false }, (_event, filename) => {
        if (filename !== null && filename.toString() !== name) return;
        this.changed = true;
        this.wake?.();
      });
      this.watcher.on('error', () => this.close());
    } catch {
      this.watcher = null;
    }
  }

  next(attempt: number, retry_ms_max: number): Promise<void> {
    if (this.watcher === null) {
      if (attempt < SPIN_ATTEMPTS) return new Promise((resolve) => setImmediate(resolve));
      return new Promise((resolve) => setTimeout(resolve, Math.random() * retry_ms_max));
    }
    // The attempt right after the watch started may find the lock already released (no event for that).
    if (attempt === 0 || this.changed) {
      this.changed = false;
      return new Promise((resolve) => setImmediate(resolve));
    }
    return new Promise((resolve) => {
      // Whichever comes first: the attempt that follows sees every change made before it.
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        this.changed = false;
        resolve();
      };
      const timer = setTimeout(done, Math.random() * retry_ms_max);
      this.wake = done;
    });
  }

  close(): void {
    this.wake = null;
    const watcher = this.watcher;
    this.watcher = null;
    watcher?.close();
  }
}

const SPIN_ATTEMPTS = 16;
