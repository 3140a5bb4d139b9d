import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PayrailError, hmacSha256, newId } from '@payrail/core';
import { Journal, writeJsonAtomic, type JournalEvent, type JournalLogger } from '@payrail/journal';

import { DEMO_MERCHANT_ID } from '@payrail/ledger';
import type { ApiKeyScope } from './apiKeyScopes';
import { KeyUseLog } from './keyUseLog';

export { DEMO_MERCHANT_ID };
const STREAM = 'gateway/merchants';
/** How many presented API keys' hashes are remembered (see presentedHash). */
const PRESENTED_KEYS_MAX = 1_024;
/** How many characters of a key are kept in clear to tell keys apart (`sk_test_4eC3`). */
const KEY_PREFIX_LENGTH = 12;

export interface MerchantKey {
  id: string;
  prefix: string;
  hash: string;
  created: string;
  expires_at: string | null;
  /** Its name, for self-service keys that were given one. */
  name: string | null;
  /** What a restricted key may do besides reading; null for an unrestricted key (everything). */
  scopes: ApiKeyScope[] | null;
}

/** A merchant and the key it called with. */
export interface Authenticated {
  merchant: Merchant;
  key: MerchantKey;
}

/** What POST /v1/merchants/me/api-keys asks for. */
export interface NewKeyOptions {
  name?: string;
  /** Absent: an unrestricted key. */
  scopes?: ApiKeyScope[];
  expires_at?: Date;
}

/** Whether a key still works at `now` (deleted keys are gone from the merchant's list). */
export const isKeyActive = (key: MerchantKey, now = Date.now()): boolean => key.expires_at === null || Date.parse(key.expires_at) > now;

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
  private readonly byKeyHash = new Map<string, Authenticated>();
  /** Hashes of deleted keys: a key deleted through the API never comes back (see ensureDemoMerchant). */
  private readonly revokedHashes = new Set<string>();
  private readonly presented = new Map<string, string>();
  private journal: Journal | null = null;

  private constructor(private readonly dataDir: string, private readonly pepper: string, private readonly logger: JournalLogger | undefined, private readonly uses: KeyUseLog) {}

  static async open(options: { dataDir: string; pepper: string; logger?: JournalLogger }): Promise<MerchantStore> {
    const uses = await KeyUseLog.open({ dataDir: options.dataDir, ...(options.logger ? { logger: options.logger } : {}) });
    const store = new MerchantStore(options.dataDir, options.pepper, options.logger, uses);
    try {
      store.journal = await Journal.open({
        dataDir: options.dataDir,
        streams: [STREAM],
        lockName: 'gateway/.journal',
        onEvent: (_stream, event) => store.apply(event),
        onReset: () => {
          store.merchants.clear();
          store.byKeyHash.clear();
          store.revokedHashes.clear();
        },
        ...(options.logger ? { logger: options.logger } : {}),
      });
    } catch (error) {
      await uses.close();
      throw error;
    }
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

  /**
   * The merchant a key belongs to, and the key, if the key is known, not deleted and not past its
   * expiry. Call refresh() first so that a key added, deleted or rotated by another gateway process counts.
   */
  authenticate(apiKey: string, now = Date.now()): Authenticated | null {
    const found = this.byKeyHash.get(this.presentedHash(apiKey));
    if (found === undefined || !isKeyActive(found.key, now)) return null;
    return found;
  }

  /**
   * Reads what other gateway processes appended to the merchants stream (new, deleted and expiring
   * keys), so that a key change made in any process applies in this one at once. When nothing was
   * appended this is one fstat.
   */
  async refresh(): Promise<void> {
    await this.journal?.catchUp();
  }

  /** The merchant's keys that still work (the newest last). */
  activeKeys(merchantId: string, now = Date.now()): MerchantKey[] {
    return (this.merchants.get(merchantId)?.keys ?? []).filter((key) => isKeyActive(key, now));
  }

  /**
   * Adds a key to a merchant: unrestricted unless `scopes` are given (then it starts `rk_test_`, as
   * Stripe's restricted keys do). The key is returned once and stored as its keyed hash only. Checked
   * under the journal's lock, so two gateway processes cannot both pass `max` active keys.
   */
  async addKey(merchantId: string, options: NewKeyOptions, max: number): Promise<{ key: MerchantKey; api_key: string }> {
    const apiKey = newApiKey(options.scopes === undefined ? 'sk_test_' : 'rk_test_');
    const keyId = newId('key');
    await this.commit((append) => {
      this.mustGet(merchantId);
      const active = this.activeKeys(merchantId);
      if (active.length >= max) {
        throw new PayrailError('api_key_limit_reached', `This merchant has ${active.length} active API keys, the most API_KEYS_PER_MERCHANT_MAX (${max}) allows: delete one first (DELETE /v1/merchants/me/api-keys/{id}).`);
      }
      append('merchant.key_added', merchantId, {
        key_id: keyId,
        key_hash: this.hashKey(apiKey),
        key_prefix: apiKey.slice(0, KEY_PREFIX_LENGTH),
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.scopes === undefined ? {} : { scopes: options.scopes }),
        ...(options.expires_at === undefined ? {} : { expires_at: options.expires_at.toISOString() }),
      });
    });
    const key = this.mustGet(merchantId).keys.find((candidate) => candidate.id === keyId);
    if (key === undefined) throw new Error(`MerchantStore: key ${keyId} was committed but not applied`);
    return { key, api_key: apiKey };
  }

  /**
   * Deletes a key: it stops working in every gateway process at once (each refreshes before it
   * authenticates). The merchant's last unrestricted key without an expiry cannot be deleted, so a
   * merchant can always manage its keys; checked under the lock, as two deletions may race.
   */
  async revokeKey(merchantId: string, keyId: string): Promise<MerchantKey> {
    let revoked: MerchantKey | undefined;
    await this.commit((append) => {
      const merchant = this.mustGet(merchantId);
      const key = merchant.keys.find((candidate) => candidate.id === keyId);
      if (key === undefined) throw new PayrailError('resource_missing', `No such API key: '${keyId.slice(0, 64)}'.`, { param: 'id' });
      const lasting = (candidate: MerchantKey): boolean => candidate.scopes === null && candidate.expires_at === null;
      if (lasting(key) && !merchant.keys.some((other) => other !== key && lasting(other))) {
        throw new PayrailError('api_key_last_unrestricted', `${key.id} is this merchant's last unrestricted API key without an expiry: create another (POST /v1/merchants/me/api-keys without scopes) before deleting it.`, { param: 'id' });
      }
      revoked = key;
      append('merchant.key_revoked', merchantId, { key_id: keyId });
    });
    if (revoked === undefined) throw new Error(`MerchantStore: revocation of ${keyId} committed nothing`);
    return revoked;
  }

  /** Records that a key answered a request without an error (KeyUseLog: at most once an hour per key and process). */
  noteUse(found: Authenticated): void {
    this.uses.note(found.merchant.id, found.key.id);
  }

  /** The merchant's working keys, newest first, each with when it was last used (read from every process). */
  async activeKeysWithUse(merchantId: string, now = Date.now()): Promise<Array<{ key: MerchantKey; last_used: string | null }>> {
    await this.uses.refresh();
    return this.activeKeys(merchantId, now).reverse().map((key) => ({ key, last_used: this.uses.lastUsedAt(key.id) }));
  }

  get(id: string): Merchant | undefined {
    return this.merchants.get(id);
  }

  list(): Merchant[] {
    return [...this.merchants.values()];
  }

  /**
   * Creates the demo merchant with the key from .env on first start (or adds the key if .env changed
   * it). Its rate limit is not stored: it follows DEMO_RATE_LIMIT_REQUESTS at every start. A key the
   * merchant deleted through the API stays deleted: a restart does not bring it back from .env.
   */
  async ensureDemoMerchant(apiKey: string): Promise<void> {
    await this.journal?.catchUp();
    const hash = this.hashKey(apiKey);
    if (this.byKeyHash.get(hash)?.merchant.id === DEMO_MERCHANT_ID) return;
    if (this.revokedHashes.has(hash)) {
      this.logger?.warn({ merchant: DEMO_MERCHANT_ID }, 'DEMO_MERCHANT_API_KEY was deleted through the API and stays deleted: put a new key in .env (or use another of the merchant\'s keys)');
      return;
    }
    await this.commit((append) => {
      if (!this.merchants.has(DEMO_MERCHANT_ID)) append('merchant.created', DEMO_MERCHANT_ID, { name: 'Demo merchant' });
      if (!this.byKeyHash.has(hash)) append('merchant.key_added', DEMO_MERCHANT_ID, { key_id: newId('key'), key_hash: hash, key_prefix: apiKey.slice(0, KEY_PREFIX_LENGTH) });
    });
  }

  /** Creates a merchant with a fresh key; the key is returned once and never stored in clear. */
  async create(name: string, rateLimit?: number): Promise<{ merchant: Merchant; api_key: string }> {
    const id = newId('m');
    const apiKey = newApiKey();
    await this.commit((append) => {
      append('merchant.created', id, { name, ...(rateLimit === undefined ? {} : { rate_limit_requests: rateLimit }) });
      append('merchant.key_added', id, { key_id: newId('key'), key_hash: this.hashKey(apiKey), key_prefix: apiKey.slice(0, KEY_PREFIX_LENGTH) });
    });
    return { merchant: this.mustGet(id), api_key: apiKey };
  }

  /** Adds a new (unrestricted) key; every older key stays valid for `grace_ms`, then stops working. */
  async rotateKey(id: string, grace_ms: number): Promise<{ merchant: Merchant; api_key: string }> {
    const apiKey = newApiKey();
    const expiresAt = new Date(Date.now() + grace_ms).toISOString();
    await this.commit((append) => {
      const merchant = this.mustGet(id);
      for (const key of merchant.keys) {
        if (key.expires_at === null || Date.parse(key.expires_at) > Date.parse(expiresAt)) append('merchant.key_expiring', id, { key_id: key.id, expires_at: expiresAt });
      }
      append('merchant.key_added', id, { key_id: newId('key'), key_hash: this.hashKey(apiKey), key_prefix: apiKey.slice(0, KEY_PREFIX_LENGTH) });
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
    await this.uses.close();
    const journal = this.journal;
    this.journal = null;
    await journal?.close();
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
        const key: MerchantKey = {
          id: data['key_id'] as string,
          prefix: data['key_prefix'] as string,
          hash: data['key_hash'] as string,
          created: event.timestamp,
          expires_at: (data['expires_at'] as string | undefined) ?? null,
          name: (data['name'] as string | undefined) ?? null,
          scopes: (data['scopes'] as ApiKeyScope[] | undefined) ?? null,
        };
        merchant.keys.push(key);
        this.byKeyHash.set(key.hash, { merchant, key });
        break;
      }
      case 'merchant.key_expiring': {
        const key = this.merchants.get(event.ref)?.keys.find((k) => k.id === data['key_id']);
        if (key !== undefined) key.expires_at = data['expires_at'] as string;
        break;
      }
      case 'merchant.key_revoked': {
        const merchant = this.merchants.get(event.ref);
        const key = merchant?.keys.find((k) => k.id === data['key_id']);
        if (merchant === undefined || key === undefined) return;
        merchant.keys = merchant.keys.filter((k) => k !== key);
        this.byKeyHash.delete(key.hash);
        this.revokedHashes.add(key.hash);
        break;
      }
      default:
        break;
    }
  }
}

function newApiKey(prefix: 'sk_test_' | 'rk_test_' = 'sk_test_'): string {
  return `${prefix}${randomBytes(20).toString('hex')}`;
}
