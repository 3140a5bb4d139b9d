import { createHmac } from 'node:crypto';
import { fernetDecrypt, fernetEncrypt, generateFernetKey, sha256Hex } from '@payrail/core';
import { KeyRing } from './keyRing';
import type { KeysFile } from './keysFile';

const contents = (fingerprintByte: number): KeysFile => ({
  keys: [
    { id: 'key_01m80aaaaaaaaaaaaaaaaaaaaa', key: generateFernetKey(), created_at: '2026-11-22T10:00:00.000Z', status: 'retiring' },
    { id: 'key_01m80bbbbbbbbbbbbbbbbbbbbb', key: generateFernetKey(), created_at: '2026-11-22T11:00:00.000Z', status: 'active' },
  ],
  fingerprint_key: Buffer.alloc(32, fingerprintByte).toString('base64'),
});

describe('KeyRing', () => {
  it('fingerprints a PAN with HMAC-SHA256 under the fingerprint key, never a plain hash', () => {
    const ring = new KeyRing('/unused/keys.json', contents(0));
    // Known answer: HMAC-SHA256(32 zero bytes, "4242424242424242"), first 16 bytes, base64url.
    const expected = createHmac('sha256', Buffer.alloc(32)).update('4242424242424242').digest().subarray(0, 16).toString('base64url');

    expect(ring.fingerprint('4242424242424242')).toBe(expected);
    expect(ring.fingerprint('4242424242424242')).toBe(ring.fingerprint('4242424242424242'));
    expect(ring.fingerprint('4242424242424242')).not.toBe(ring.fingerprint('4000056655665556'));
    expect(Buffer.from(ring.fingerprint('4242424242424242'), 'base64url').toString('hex')).not.toBe(sha256Hex('4242424242424242').slice(0, 32));
    expect(new KeyRing('/unused/keys.json', contents(1)).fingerprint('4242424242424242')).not.toBe(expected);
  });

  it('encrypts under the active key and decrypts under the key a ciphertext names', () => {
    const keys = contents(0);
    const ring = new KeyRing('/unused/keys.json', keys);

    const { key_id, ciphertext } = ring.encrypt('{"pan":"4242424242424242"}');
    const older = ring.decrypt('key_01m80aaaaaaaaaaaaaaaaaaaaa', fernetEncrypt(keys.keys[0]?.key as string, 'old'));

    expect(key_id).toBe('key_01m80bbbbbbbbbbbbbbbbbbbbb');
    expect(fernetDecrypt(keys.keys[1]?.key as string, ciphertext).toString()).toBe('{"pan":"4242424242424242"}');
    expect(ring.decrypt(key_id, ciphertext).toString()).toBe('{"pan":"4242424242424242"}');
    expect(older.toString()).toBe('old');
    expect(() => ring.decrypt('key_01m80aaaaaaaaaaaaaaaaaaaaa', ciphertext)).toThrow(/signature/);
  });
});
