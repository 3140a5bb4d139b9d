import { randomBytes } from 'node:crypto';
import { assert, fernetDecrypt, fernetEncrypt, generateFernetKey, hmacSha256, newId } from '@payrail/core';
import { writeKeysFile, type KeyRecord, type KeysFile } from './keysFile';

/** Fingerprints keep 128 of HMAC-SHA256's 256 bits: 22 base64url characters. */
const FINGERPRINT_BYTES = 16;

/** What a rotation changed. */
export interface Rotation {
  added: KeyRecord;
  previous: KeyRecord;
}

/**
 * The vault's keys, mirroring `vault/keys.json`: the active key encrypts, every key it still holds
 * decrypts, and the fingerprint key makes card fingerprints. Every change is written to the file
 * (atomically) before the ring uses it, one change at a time.
 */
export class KeyRing {
  private keys: KeyRecord[];
  private readonly byId = new Map<string, KeyRecord>();
  private readonly fingerprintKey: Buffer;
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    contents: KeysFile,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.keys = contents.keys.map((record) => ({ ...record }));
    for (const record of this.keys) this.byId.set(record.id, record);
    this.fingerprintKey = Buffer.from(contents.fingerprint_key, 'base64');
  }

  /** A ring with one new key and a new fingerprint key, written to `file` first. */
  static async create(file: string, now: () => Date = () => new Date()): Promise<KeyRing> {
    const contents: KeysFile = {
      keys: [{ id: newId('key'), key: generateFernetKey(), created_at: now().toISOString(), status: 'active' }],
      fingerprint_key: randomBytes(32).toString('base64'),
    };
    await writeKeysFile(file, contents);
    return new KeyRing(file, contents, now);
  }

  /** The key new ciphertexts use. */
  get active(): KeyRecord {
    const active = this.keys.find((record) => record.status === 'active');
    assert(active !== undefined, 'a key ring always has one active key');
    return active;
  }

  /** Every key, oldest first: ids, times and statuses (callers must not reveal `key`). */
  list(): readonly Readonly<KeyRecord>[] {
    return this.keys;
  }

  has(keyId: string): boolean {
    return this.byId.has(keyId);
  }

  /** Encrypts under the active key; the ciphertext must be stored with the returned key id. */
  encrypt(plaintext: Buffer | string): { key_id: string; ciphertext: string } {
    const { id, key } = this.active;
    return { key_id: id, ciphertext: fernetEncrypt(key, plaintext) };
  }

  /** Decrypts a ciphertext made under `keyId`; throws a FernetError when it does not verify. */
  decrypt(keyId: string, ciphertext: string): Buffer {
    const record = this.byId.get(keyId);
    if (record === undefined) throw new Error(`the key ${keyId} is not in the key ring`);
    return fernetDecrypt(record.key, ciphertext);
  }

  /** The card's fingerprint: HMAC-SHA256 of the PAN digits under the fingerprint key, never a plain hash. */
  fingerprint(pan: string): string {
    return hmacSha256(this.fingerprintKey, pan).subarray(0, FINGERPRINT_BYTES).toString('base64url');
  }

  /** Adds a new active key; the previous active key becomes `retiring` until no card references it. */
  rotate(): Promise<Rotation> {
    return this.change(() => {
      const previous = this.active;
      const added: KeyRecord = { id: newId('key'), key: generateFernetKey(), created_at: this.now().toISOString(), status: 'active' };
      const keys = this.keys.map((record) => (record === previous ? { ...record, status: 'retiring' as const } : record));
      keys.push(added);
      return { keys, result: { added, previous: { ...previous, status: 'retiring' } } };
    });
  }

  /** Marks these `retiring` keys `retired` (the caller checked that no card references them). */
  retire(keyIds: readonly string[]): Promise<string[]> {
    return this.change(() => {
      const retiredAt = this.now().toISOString();
      const retired: string[] = [];
      const keys = this.keys.map((record) => {
        if (record.status !== 'retiring' || !keyIds.includes(record.id)) return record;
        retired.push(record.id);
        return { ...record, status: 'retired' as const, retired_at: retiredAt };
      });
      return { keys, result: retired };
    });
  }

  /** Runs changes one at a time: compute the new list, write the file, and only then use it. */
  private change<R>(compute: () => { keys: KeyRecord[]; result: R }): Promise<R> {
    const run = this.writing.then(async () => {
      const { keys, result } = compute();
      await writeKeysFile(this.file, { keys, fingerprint_key: this.fingerprintKey.toString('base64') });
      this.keys = keys;
      this.byId.clear();
      for (const record of keys) this.byId.set(record.id, record);
      return result;
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}
