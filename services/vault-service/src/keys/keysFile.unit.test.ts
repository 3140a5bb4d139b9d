import { generateFernetKey } from '@payrail/core';
import { KeysFileError, parseKeysFile } from './keysFile';

const FILE = '/data/vault/keys.json';
const key = (id: string, status: string) => ({ id, key: generateFernetKey(), created_at: '2026-11-22T10:00:00.000Z', status });
const valid = () => ({
  keys: [key('key_01m80aaaaaaaaaaaaaaaaaaaaa', 'retired'), key('key_01m80bbbbbbbbbbbbbbbbbbbbb', 'active')],
  fingerprint_key: Buffer.alloc(32, 7).toString('base64'),
});

describe('parseKeysFile', () => {
  it('accepts keys with ids, material, creation times and one active key', () => {
    const contents = valid();

    expect(parseKeysFile(JSON.stringify(contents), FILE)).toEqual(contents);
  });

  it.each([
    ['text that is not JSON', '{"keys": [', /not valid JSON/],
    ['no key at all', JSON.stringify({ ...valid(), keys: [] }), /keys/],
    ['two active keys', JSON.stringify({ ...valid(), keys: [key('key_01m80aaaaaaaaaaaaaaaaaaaaa', 'active'), key('key_01m80bbbbbbbbbbbbbbbbbbbbb', 'active')] }), /exactly one key .* 2 do/],
    ['no active key', JSON.stringify({ ...valid(), keys: [key('key_01m80aaaaaaaaaaaaaaaaaaaaa', 'retiring')] }), /exactly one key .* 0 do/],
    ['one id twice', JSON.stringify({ ...valid(), keys: [key('key_01m80aaaaaaaaaaaaaaaaaaaaa', 'retired'), key('key_01m80aaaaaaaaaaaaaaaaaaaaa', 'active')] }), /appears twice/],
    ['a key that is not Fernet', JSON.stringify({ ...valid(), keys: [{ ...key('key_01m80aaaaaaaaaaaaaaaaaaaaa', 'active'), key: '!'.repeat(44) }] }), /not a Fernet key/],
    ['a short fingerprint key', JSON.stringify({ ...valid(), fingerprint_key: Buffer.alloc(16).toString('base64') }), /fingerprint_key/],
    ['no fingerprint key', JSON.stringify({ keys: valid().keys }), /fingerprint_key/],
  ])('refuses %s, naming the file', (_case, text, reason) => {
    const parse = () => parseKeysFile(text, FILE);

    expect(parse).toThrow(KeysFileError);
    expect(parse).toThrow(`${FILE} is corrupt`);
    expect(parse).toThrow(reason);
  });
});
