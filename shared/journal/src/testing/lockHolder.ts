/**
 * A JournalLock holder in its own process, for the fencing tests (proper-lockfile keeps one lock per
 * file and process, so a takeover needs a second process).
 *
 *   node lockHolder.js <lock target> <stale_ms>
 *
 * Takes the lock, prints `epoch <n>`, holds it, and at SIGTERM releases it, prints `released` and exits.
 */
import { JournalLock } from '../lock';

async function main(): Promise<void> {
  const [target, staleText] = process.argv.slice(2);
  if (target === undefined) throw new Error('usage: lockHolder <lock target> [stale_ms]');
  const stale_ms = Number(staleText ?? 2_000);
  const lock = new JournalLock(target, { stale_ms, update_ms: Math.max(1_000, stale_ms / 2) });
  await lock.acquire();
  process.stdout.write(`epoch ${lock.epoch}\n`);
  const alive = setInterval(() => {}, 1_000);
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  clearInterval(alive);
  lock.releaseQuietly();
  process.stdout.write('released\n');
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
