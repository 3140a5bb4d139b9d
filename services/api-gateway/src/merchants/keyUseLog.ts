import { Journal, type JournalEvent, type JournalLogger } from '@payrail/journal';

const STREAM = 'gateway/api_key_uses';
/**
 * How precise a key's `last_used` is: each gateway process records a key's use at most this often
 * (the first use at once), so that using a key costs a map lookup, not a journal write per request.
 */
export const LAST_USED_RESOLUTION_MS = 3_600_000;

/**
 * When each API key last answered a request without an error: `merchant.key_used` lines in their own
 * stream and lock (`gateway/api_key_uses.jsonl`, `gateway/.api_key_uses`), apart from the keys
 * themselves, so that recording a use never holds up a request reading the keys (every authentication
 * refreshes the merchants stream, which waits for that stream's writes in flight).
 */
export class KeyUseLog {
  private readonly lastUsed = new Map<string, string>();
  /** When this process last recorded each key's use. */
  private readonly recorded = new Map<string, number>();
  private pending: Promise<void> = Promise.resolve();
  private journal: Journal | null = null;

  private constructor(private readonly logger: JournalLogger | undefined) {}

  static async open(options: { dataDir: string; logger?: JournalLogger }): Promise<KeyUseLog> {
    const log = new KeyUseLog(options.logger);
    log.journal = await Journal.open({
      dataDir: options.dataDir,
      streams: [STREAM],
      lockName: 'gateway/.api_key_uses',
      onEvent: (_stream, event) => log.apply(event),
      onReset: () => log.lastUsed.clear(),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return log;
  }

  /** When the key last answered without an error (as far as this process has read), or null. */
  lastUsedAt(keyId: string): string | null {
    return this.lastUsed.get(keyId) ?? null;
  }

  /** Reads the uses other gateway processes recorded (before a list shows them). */
  async refresh(): Promise<void> {
    await this.journal?.catchUp();
  }

  /**
   * Records a use of the key: at most once per LAST_USED_RESOLUTION_MS per key in this process, in
   * the background, never failing the request (a failed write is logged and tried on a later use).
   */
  note(merchantId: string, keyId: string, now = Date.now()): void {
    const known = this.lastUsed.get(keyId);
    const last = this.recorded.get(keyId) ?? (known === undefined ? 0 : Date.parse(known));
    if (now - last < LAST_USED_RESOLUTION_MS || this.journal === null) return;
    this.recorded.set(keyId, now);
    const journal = this.journal;
    this.pending = this.pending
      .then(async () => {
        await journal.append(STREAM, { type: 'merchant.key_used', ref: merchantId, merchant_id: merchantId, data: { key_id: keyId } });
      })
      .catch((error: Error) => {
        this.recorded.delete(keyId);
        this.logger?.warn({ err: error.message, key_id: keyId }, 'merchants: could not record an API key use');
      });
  }

  async close(): Promise<void> {
    await this.pending;
    const journal = this.journal;
    this.journal = null;
    await journal?.close();
  }

  private apply(event: JournalEvent): void {
    if (event.type === 'merchant.key_used') this.lastUsed.set(event.data['key_id'] as string, event.timestamp);
  }
}
