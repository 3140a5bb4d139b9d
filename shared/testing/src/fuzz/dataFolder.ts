import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { filesUnder } from '../files';

/** Relative path → sha256 of the bytes, for every file of a data folder a refused request must not touch. */
export type FolderDigest = Map<string, string>;

/**
 * Written on a timer whatever the requests are (metrics samples), counted for every request, refused or
 * not (the merchants' shared rate-limit buckets), renewed on a timer (ledger-service's dispatcher lease), or not data at all: logs, spans, and the journal locks'
 * metadata (each lock turn takes an epoch, `<lock>.epoch`, even for a command refused under the lock; a
 * waiter marks `<lock>.waiting`).
 */
const IGNORED = /^(?:metrics|logs?|traces)(?:\/|$)|\.log$|\.epoch(?:\.\d+\.tmp)?$|\.waiting$|^gateway\/rate_limits\.json(?:\.\d+\.tmp)?$|^ops\/\.?dispatcher\.lease\.json/;

/** The digest of `dir`: every file but metrics/, logs, traces/, the temp files of atomic writes and those `ignored` names. */
export function digestFolder(dir: string, ignored?: RegExp): FolderDigest {
  const digest: FolderDigest = new Map();
  for (const file of filesUnder(dir)) {
    const relative = path.relative(dir, file).split(path.sep).join('/');
    if (IGNORED.test(relative) || ignored?.test(relative) === true) continue;
    try {
      digest.set(relative, createHash('sha256').update(readFileSync(file)).digest('hex'));
    } catch {
      // removed between the listing and the read: absent, as it is now
    }
  }
  return digest;
}

/** The files that appeared, disappeared or changed between two digests; empty when equal. */
export function changedFiles(before: FolderDigest, after: FolderDigest): string[] {
  const changed = [...after].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file);
  const removed = [...before.keys()].filter((file) => !after.has(file)).map((file) => `${file} (removed)`);
  return [...changed, ...removed];
}

/**
 * Waits until nothing in `dir` changes for `quiet_ms` (background writers finishing what a request
 * started: snapshots, re-encryption), for at most `timeout_ms`, and returns the digest then.
 */
export async function settledDigest(dir: string, { quiet_ms = 150, timeout_ms = 5_000, ignored }: { quiet_ms?: number; timeout_ms?: number; ignored?: RegExp | undefined } = {}): Promise<FolderDigest> {
  const deadline = Date.now() + timeout_ms;
  let last = digestFolder(dir, ignored);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quiet_ms));
    const now = digestFolder(dir, ignored);
    if (changedFiles(last, now).length === 0 || Date.now() > deadline) return now;
    last = now;
  }
}
