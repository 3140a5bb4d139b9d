import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PayrailError } from '@payrail/core';
import { readJsonFile, writeJsonAtomic } from '@payrail/journal';
import * as lockfile from 'proper-lockfile';

export type DailyJobKind = 'settlement' | 'reconciliation';

/** The lock of a job and day: a holder that stops refreshing it for this long has died, and it is taken over. */
export const JOB_LOCK_STALE_MS = 30_000;
/** How often a running job refreshes its lock. */
export const JOB_LOCK_UPDATE_MS = 5_000;

/** `reports/.done/<kind>_YYYY-MM-DD`: written once a job has completed a day. */
export const doneMarkerName = (kind: DailyJobKind, date: string): string => path.posix.join('reports', '.done', `${kind}_${date}`);

const lockTargetName = (kind: DailyJobKind, date: string): string => path.posix.join('reports', '.locks', `${kind}_${date}`);

/** What a done marker holds: when, and the run's summary. */
export interface DoneMarker<S = unknown> {
  kind: DailyJobKind;
  date: string;
  finished_at: string;
  summary: S;
}

export type DailyJobResult<S> = { ran: true; summary: S; completed: boolean } | { ran: false; reason: 'already_done'; marker: DoneMarker<S> };

/** The done marker of a job and day, or null. */
export async function readDoneMarker<S>(dataDir: string, kind: DailyJobKind, date: string): Promise<DoneMarker<S> | null> {
  return readJsonFile<DoneMarker<S> | null>(path.join(dataDir, doneMarkerName(kind, date)), null);
}

/**
 * Runs a job for one business day at most once at a time across processes, and once per day unless
 * forced: a day with a done marker is skipped (unless `force`); otherwise the job takes a lock per job
 * and day (proper-lockfile, refreshed while it runs, taken over when its holder died), checks the
 * marker again under the lock, runs, and writes the marker atomically when `completed(summary)` says
 * the day is done (a reconciliation still awaiting its bank file is not). A day already running
 * elsewhere throws `job_already_running`.
 */
export async function runDailyJob<S>(options: {
  dataDir: string;
  kind: DailyJobKind;
  date: string;
  force: boolean;
  run: () => Promise<S>;
  completed?: (summary: S) => boolean;
}): Promise<DailyJobResult<S>> {
  const { dataDir, kind, date } = options;
  if (!options.force) {
    const marker = await readDoneMarker<S>(dataDir, kind, date);
    if (marker !== null) return { ran: false, reason: 'already_done', marker };
  }
  const target = path.join(dataDir, lockTargetName(kind, date));
  await fs.mkdir(path.dirname(target), { recursive: true });
  let lost: Error | null = null;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(target, {
      realpath: false,
      lockfilePath: `${target}.lock`,
      stale: JOB_LOCK_STALE_MS,
      update: JOB_LOCK_UPDATE_MS,
      retries: 0,
      onCompromised: (error) => {
        lost = error;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new PayrailError('job_already_running', `The ${kind} of ${date} is running in another process or request; it was not started again.`, { param: 'date' });
    }
    throw error;
  }
  try {
    if (!options.force) {
      const marker = await readDoneMarker<S>(dataDir, kind, date);
      if (marker !== null) return { ran: false, reason: 'already_done', marker };
    }
    const summary = await options.run();
    if (lost !== null) throw new Error(`the ${kind} lock of ${date} was lost while the job ran (${(lost as Error).message}); its marker was not written`);
    const completed = options.completed?.(summary) ?? true;
    if (completed) {
      const marker: DoneMarker<S> = { kind, date, finished_at: new Date().toISOString(), summary };
      await writeJsonAtomic(path.join(dataDir, doneMarkerName(kind, date)), marker);
    }
    return { ran: true, summary, completed };
  } finally {
    if (lost === null) await release().catch(() => undefined);
  }
}
