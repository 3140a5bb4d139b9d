import * as path from 'node:path';
import { writeJsonAtomic } from '@payrail/journal';
import type { Logger } from '@payrail/service-kit';
import type { CardStore } from './cardStore';

export const TOKENS_FILE = 'vault/tokens.json';
export const ENCRYPTED_CARDS_FILE = 'vault/encrypted_cards.json';

/**
 * Writes `vault/tokens.json` (token → metadata and key id) and `vault/encrypted_cards.json`
 * (token → key id and ciphertext) from the projection: at most once per interval while cards change,
 * and on `flush()`. Both are snapshots: the vault never reads them, and rebuilds them from the journal.
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | null = null;
  private writtenVersion = -1;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: { dataDir: string; store: CardStore; interval_ms: number; logger: Logger },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.options.interval_ms);
    this.timer.unref();
  }

  /** Writes both files now if cards changed since the last write; one write at a time. */
  flush(): Promise<void> {
    const run = this.writing.catch(() => undefined).then(async () => {
      const { store, dataDir, logger } = this.options;
      const version = store.version;
      if (version === this.writtenVersion) return;
      const tokens: Record<string, object> = {};
      const cards: Record<string, object> = {};
      // Fields in a fixed order, so that a snapshot rebuilt from the journal is byte for byte the same.
      for (const { token, brand, bin, last4, exp_month, exp_year, fingerprint, created, key_id, ciphertext } of store.all()) {
        tokens[token] = { brand, bin, last4, exp_month, exp_year, fingerprint, created, key_id };
        cards[token] = { key_id, ciphertext };
      }
      try {
        await writeJsonAtomic(path.join(dataDir, TOKENS_FILE), { seq: store.cardsSeq, tokens });
        await writeJsonAtomic(path.join(dataDir, ENCRYPTED_CARDS_FILE), { seq: store.cardsSeq, cards });
        this.writtenVersion = version;
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'vault: snapshot write failed; the journal is intact and the next write retries');
        throw error;
      }
    });
    this.writing = run;
    return run;
  }

  /** Stops the timer and writes what changed since the last write. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
