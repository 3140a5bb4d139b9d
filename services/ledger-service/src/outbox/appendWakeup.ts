import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '@payrail/service-kit';

/**
 * Calls `wake` on every write to `file` the kernel reports (inotify on Linux), at once and unthrottled.
 *
 * The journal's tailer wakes on chokidar's change events, but chokidar 4 passes on at most one change per
 * file per 50 ms (and stats the file before it does): at a few hundred commits per second most appends
 * were found by the tailer's TAIL_POLL_MS poll instead, 10 ms late on average and 20 ms at worst, on the
 * critical path of every delivery. A wake-up only starts a read (the tailer coalesces wake-ups while it
 * reads and always reads to the last complete newline), so a spurious or repeated one costs one fstat.
 * Where the file cannot be watched (it does not exist yet, or a file system without notifications), the
 * tailer's own watcher and poll remain the wake-ups; answers null then.
 */
export function wakeOnAppend(file: string, wake: () => void, logger: Logger): FSWatcher | null {
  try {
    const watcher = watch(file, { persistent: false }, () => wake());
    watcher.on('error', (error) => {
      logger.warn({ file, err: error.message }, 'outbox: lost the file-system watch on a ledger stream; the tailer poll wakes the dispatcher instead');
      watcher.close();
    });
    return watcher;
  } catch (error) {
    logger.warn({ file, err: (error as Error).message }, 'outbox: cannot watch a ledger stream; the tailer poll wakes the dispatcher instead');
    return null;
  }
}
