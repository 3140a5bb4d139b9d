import { COMMAND_EVENTS_MAX, type Journal } from '@payrail/journal';
import type { Logger } from '@payrail/service-kit';
import { CARDS_STREAM, type CardStore } from '../cards/cardStore';
import type { KeyRing } from './keyRing';

/** What `GET /keys` shows of the background re-encryption. */
export interface ReencryptionProgress {
  /** `idle` before any work; `running`; `done` when every card is under the active key; `failed` (retrying). */
  state: 'idle' | 'running' | 'done' | 'failed';
  /** The key cards are being moved to. */
  target_key_id: string | null;
  /** Cards found under older keys since the run started. */
  total: number;
  reencrypted: number;
  /** Cards under any key but the active one, right now. */
  remaining: number;
  batches: number;
  started_at: string | null;
  finished_at: string | null;
  last_error: string | null;
}

/** A failed run starts again after this long. */
const REENCRYPT_RETRY_MS = 5_000;
/** Each round handles the cards of one rotation; more rounds than this in one run means a bug. */
const ROUNDS_MAX = 1_000;

/**
 * Moves every ciphertext to the active key after a rotation, in batches of at most `batch_size` cards
 * (one lock and one fsync each), then retires every `retiring` key that no ciphertext references.
 * Each card is decrypted and re-encrypted under the journal lock, against the card as it is then.
 */
export class ReencryptionWorker {
  private progress: Omit<ReencryptionProgress, 'remaining'> = {
    state: 'idle', target_key_id: null, total: 0, reencrypted: 0, batches: 0, started_at: null, finished_at: null, last_error: null,
  };
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: { journal: Journal; store: CardStore; ring: KeyRing; batch_size: number; logger: Logger }) {}

  /** Cards not yet under the active key, right now. */
  private remaining(): number {
    const active = this.deps.ring.active.id;
    let remaining = 0;
    for (const [keyId, count] of this.deps.store.ciphertextCounts()) if (keyId !== active) remaining += count;
    return remaining;
  }

  status(): ReencryptionProgress {
    return { ...this.progress, remaining: this.remaining() };
  }

  /** True when cards sit under an older key or a retiring key could be retired. */
  hasWork(): boolean {
    return this.remaining() > 0 || this.deps.ring.list().some((record) => record.status === 'retiring');
  }

  /** Starts a run, or asks the run in progress for another pass (after a new rotation). */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.again = true;
      return;
    }
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.start(false);
  }

  /** A continuing run (asked for during the previous one) adds to its counts instead of starting over. */
  private start(continuing: boolean): void {
    this.running = this.run(continuing).finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.start(true);
      }
    });
  }

  /** Lets the batch in flight finish and starts no other. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    await this.running;
  }

  private async run(continuing: boolean): Promise<void> {
    const { ring, store, logger } = this.deps;
    this.progress = continuing
      ? { ...this.progress, state: 'running', target_key_id: ring.active.id, finished_at: null, last_error: null }
      : {
          state: 'running', target_key_id: ring.active.id, total: 0, reencrypted: 0, batches: 0,
          started_at: new Date().toISOString(), finished_at: null, last_error: null,
        };
    try {
      for (let round = 0; ; round += 1) {
        if (round >= ROUNDS_MAX) throw new Error(`re-encryption did not settle after ${ROUNDS_MAX} rounds`);
        const target = ring.active.id;
        const pending = store.tokensNotUnder(target);
        if (pending.length === 0) break;
        this.progress.target_key_id = target;
        this.progress.total += pending.length;
        for (let start = 0; start < pending.length; start += this.deps.batch_size) {
          if (this.stopped) return;
          this.progress.reencrypted += await this.reencrypt(pending.slice(start, start + this.deps.batch_size));
          this.progress.batches += 1;
          // Let requests in between batches: the re-encryption is background work.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      await this.retireUnreferenced();
      this.progress.state = 'done';
      this.progress.finished_at = new Date().toISOString();
      if (this.progress.total > 0) {
        logger.info({ key_id: this.progress.target_key_id, reencrypted: this.progress.reencrypted, batches: this.progress.batches }, 'vault: re-encryption done');
      }
    } catch (error) {
      this.progress.state = 'failed';
      this.progress.last_error = (error as Error).message;
      logger.error({ err: (error as Error).message, retry_ms: REENCRYPT_RETRY_MS }, 'vault: re-encryption failed; it will retry');
      if (!this.stopped) {
        this.retryTimer = setTimeout(() => this.kick(), REENCRYPT_RETRY_MS);
        this.retryTimer.unref();
      }
    }
  }

  /**
   * Re-encrypts one batch. A command holds at most COMMAND_EVENTS_MAX events, so a larger batch is
   * several commands queued together: the journal commits them under one lock and one fsync.
   */
  private async reencrypt(tokens: string[]): Promise<number> {
    const { journal, store, ring } = this.deps;
    const commands: Promise<number>[] = [];
    for (let start = 0; start < tokens.length; start += COMMAND_EVENTS_MAX) {
      const chunk = tokens.slice(start, start + COMMAND_EVENTS_MAX);
      commands.push(journal.transact((tx) => {
        let moved = 0;
        for (const token of chunk) {
          const card = store.get(token);
          // Read under the lock: a card already moved (or moved by another run) is skipped.
          if (card === undefined || card.key_id === ring.active.id) continue;
          const { key_id, ciphertext } = ring.encrypt(ring.decrypt(card.key_id, card.ciphertext));
          tx.append(CARDS_STREAM, { type: 'vault.card_reencrypted', ref: token, data: { token, key_id, previous_key_id: card.key_id, ciphertext } });
          moved += 1;
        }
        return moved;
      }));
    }
    return (await Promise.all(commands)).reduce((sum, moved) => sum + moved, 0);
  }

  /** Retires the retiring keys that no ciphertext references any more, in keys.json and then in the journal. */
  private async retireUnreferenced(): Promise<void> {
    const { journal, store, ring, logger } = this.deps;
    const counts = store.ciphertextCounts();
    const idle = ring.list().filter((record) => record.status === 'retiring' && (counts.get(record.id) ?? 0) === 0).map((record) => record.id);
    if (idle.length === 0) return;
    const retired = await ring.retire(idle);
    for (let start = 0; start < retired.length; start += COMMAND_EVENTS_MAX) {
      const chunk = retired.slice(start, start + COMMAND_EVENTS_MAX);
      await journal.append(CARDS_STREAM, chunk.map((keyId) => ({ type: 'vault.key_retired', ref: keyId, data: { key_id: keyId } })));
    }
    logger.info({ key_ids: retired }, 'vault: retired keys that no ciphertext references');
  }
}
