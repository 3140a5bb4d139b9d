import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PayrailError, hmacSha256, newId } from '@payrail/core';
import { Journal, writeJsonAtomic, type JournalEvent, type JournalLogger } from '@payrail/journal';

import { DEMO_MERCHANT_ID } from '@payrail/ledger';

export { DEMO_MERCHANT_ID };
const STREAM = 'gateway/merchants';
/** How many presented API keys' hashes are remembered (see presentedHash). */
const PRESENTED_KEYS_MAX = 1_024;

export interface MerchantKey {
  id: string;
  prefix: string;
  hash: string;
  created: string;
  expires_at: string | null;
}

export interface Merchant {
  id: string;
  name: string;
  rate_limit_requests: number | null;
  keys: MerchantKey[];
  created: string;
}

/**
 * Merchants and their API keys. Keys are stored only as `hmac-sha256:<hex>` under API_KEY_PEPPER, so
 * neither the stream nor the snapshot `gateway/merchants.json` can be used to call the API.
 */
export class MerchantStore {
  private readonly merchants = new Map<string, Merchant>();
  private readonly byKeyHash = new Map<string, { merchant: Merchant; key: MerchantKey }>();
  private readonly presented = new Map<string, string>();
  private journal: Journal | null = null;

  private constructor(private readonly dataDir: string, private readonly pepper: string) {}

  static async open(options: { dataDir: string; pepper: string; logger?: JournalLogger }): Promise<MerchantStore> {
    const store = new MerchantStore(options.dataDir, options.pepper);
    store.journal = await Journal.open({
      dataDir: options.dataDir,
      streams: [STREAM],
      lockName: 'gateway/.journal',
      onEvent: (_stream, event) => store.apply(event),
      onReset: () => {
        store.merchants.clear();
        store.byKeyHash.clear();
      },
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return store;
  }

  hashKey(apiKey: string): string {
    return `hmac-sha256:${hmacSha256(this.pepper, apiKey).toString('hex')}`;
  }

  /**
   * hashKey of a key presented on a request, remembered for the keys seen last (an HMAC per request
   * was 4% of a create's CPU). Only the hash is remembered: which merchant it names, and whether it
   * has expired, is looked up on every request, so a rotation or a new key applies at once.
   */
  private presentedHash(apiKey: string): string {
    let hash = this.presented.get(apiKey);
    if (hash === undefined) {
      if (this.presented.size >= PRESENTED_KEYS_MAX) this.presented.clear(); // bounded, whatever keys are sprayed at it
      hash = this.hashKey(apiKey);
      this.presented.set(apiKey, hash);
    }
    return hash;
  }

  /** The merchant a key belongs to, if the key is known and not past its rotation grace period. */
  authenticate(apiKey: string, now = Date.now()): Merchant | null {
    const found = this.byKeyHash.get(this.presentedHash(apiKey));
    if (found === undefined) return null;
    if (found.key.expires_at !== null && Date.parse(found.key.expires_at) <= now) return null;
    return found.merchant;
  }

  get(id: string): Merchant | undefined {
    return this.merchants.get(id);
  }

  list(): Merchant[] {
    return [...this.merchants.values()];
  }

  /**
   * Creates the demo merchant with the key from .env on first start (or adds the key if .env changed
   * it). Its rate limit is not stored: it follows DEMO_RATE_LIMIT_REQUESTS at every start.
   */
  async ensureDemoMerchant(apiKey: string): Promise<void> {
    await this.journal?.catchUp();
    const hash = this.hashKey(apiKey);
    if (this.byKeyHash.get(hash)?.merchant.id === DEMO_MERCHANT_ID) return;
    await this.commit((append) => {
      if (!this.merchants.has(DEMO_MERCHANT_ID)) append('merchant.created', DEMO_MERCHANT_ID, { name: 'Demo merchant' });
      if (!this.byKeyHash.has(hash)) append('merchant.key_added', DEMO_MERCHANT_ID, { key_id: newId('key'), key_hash: hash, key_prefix: apiKey.slice(0, 12) });
    });
  }

  /** Creates a merchant with a fresh key; the key is returned once and never stored in clear. */
  async create(name: string, rateLimit?: number): Promise<{ merchant: Merchant; api_key: string }> {
    const id = newId('m');
    const apiKey = newApiKey();
    await this.commit((append) => {
      append('merchant.created', id, { name, ...(rateLimit === undefined ? {} : { rate_limit_requests: rateLimit }) });
      append('merchant.key_added', id, { key_id: newId('key'), key_hash: this.hashKey(apiKey), key_prefix: apiKey.slice(0, 12) });
    });
    return { merchant: this.mustGet(id), api_key: apiKey };
  }

  /** Adds a new key; every older key stays valid for `grace_ms`, then stops working. */
  async rotateKey(id: string, grace_ms: number): Promise<{ merchant: Merchant; api_key: string }> {
    const apiKey = newApiKey();
    const expiresAt = new Date(Date.now() + grace_ms).toISOString();
    await this.commit((append) => {
      const merchant = this.mustGet(id);
      for (const key of merchant.keys) {
        if (key.expires_at === null || Date.parse(key.expires_at) > Date.parse(expiresAt)) append('merchant.key_expiring', id, { key_id: key.id, expires_at: expiresAt });
      }
      append('merchant.key_added', id, { key_id: newId('key'), key_hash: this.hashKey(apiKey), key_prefix: apiKey.slice(0, 12) });
    });
    return { merchant: this.mustGet(id), api_key: apiKey };
  }

  /** Public view: key ids, prefixes and expiry, never hashes. */
  static view(merchant: Merchant): Record<string, unknown> {
    return {
      id: merchant.id,
      object: 'merchant',
      name: merchant.name,
      rate_limit_requests: merchant.rate_limit_requests,
      keys: merchant.keys.map(({ id, prefix, created, expires_at }) => ({ id, prefix, created, expires_at })),
      created: merchant.created,
    };
  }

  async close(): Promise<void> {
    await this.journal?.close();
  }

  private mustGet(id: string): Merchant {
    const merchant = this.merchants.get(id);
    if (merchant === undefined) throw new PayrailError('resource_missing', `No such merchant: ${id}`, { param: 'id' });
    return merchant;
  }

  private async commit(build: (append: (type: string, ref: string, data: Record<string, unknown>) => void) => void): Promise<void> {
    if (this.journal === null) throw new Error('MerchantStore is not open');
    await this.journal.transact((tx) => build((type, ref, data) => tx.append(STREAM, { type, ref, data, merchant_id: ref })));
    await writeJsonAtomic(path.join(this.dataDir, 'gateway', 'merchants.json'), Object.fromEntries(this.list().map((m) => [m.id, m])));
  }

  private apply(event: JournalEvent): void {
    const data = event.data;
    switch (event.type) {
      case 'merchant.created':
        this.merchants.set(event.ref, {
          id: event.ref,
          name: data['name'] as string,
          rate_limit_requests: (data['rate_limit_requests'] as number | undefined) ?? null,
          keys: [],
          created: event.timestamp,
        });
        break;
      case 'merchant.key_added': {
        const merchant = this.merchants.get(event.ref);
        if (merchant === undefined) return;
        const key: MerchantKey = { id: data['key_id'] as string, prefix: data['key_prefix'] as string, hash: data['key_hash'] as string, created: event.timestamp, expires_at: null };
        merchant.keys.push(key);
        this.byKeyHash.set(key.hash, { merchant, key });
        break;
      }
      case 'merchant.key_expiring': {
        const key = this.merchants.get(event.ref)?.keys.find((k) => k.id === data['key_id']);
        if (key !== undefined) key.expires_at = data['expires_at'] as string;
        break;
      }
      default:
        break;
    }
  }
}

function newApiKey(): string {
  return `sk_test_${randomBytes(20).toString('hex')}`;
}
