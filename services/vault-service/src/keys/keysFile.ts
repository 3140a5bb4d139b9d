import { chmod, readFile } from 'node:fs/promises';
import { fernetEncrypt, isFernetError } from '@payrail/core';
import { writeJsonAtomic } from '@payrail/journal';
import { compileSchema } from '@payrail/schemas';

/** `active` encrypts new cards; `retiring` still decrypts cards not yet re-encrypted; `retired` is referenced by no card. */
export type KeyStatus = 'active' | 'retiring' | 'retired';

/** One Fernet key of the vault, as stored in `vault/keys.json`. */
export interface KeyRecord {
  id: string;
  /** The Fernet key: 32 bytes in base64url. Secret: never logged, never answered. */
  key: string;
  created_at: string;
  status: KeyStatus;
  retired_at?: string;
}

/** The whole of `vault/keys.json`. */
export interface KeysFile {
  keys: KeyRecord[];
  /** 32 random bytes in base64: the HMAC key of card fingerprints. It never rotates, so fingerprints stay stable. */
  fingerprint_key: string;
}

/** Where the keys live, relative to the data folder. */
export const KEYS_FILE = 'vault/keys.json';

/** Far above any sane rotation history; bounds what one corrupt file can make the vault load. */
const KEYS_MAX = 10_000;
const FINGERPRINT_KEY_BYTES = 32;

const checkShape = compileSchema({
  type: 'object',
  additionalProperties: false,
  required: ['keys', 'fingerprint_key'],
  properties: {
    keys: {
      type: 'array',
      minItems: 1,
      maxItems: KEYS_MAX,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'key', 'created_at', 'status'],
        properties: {
          id: { type: 'string', pattern: '^key_[0-9a-z]{26}$' },
          key: { type: 'string', minLength: 43, maxLength: 44 },
          created_at: { type: 'string', format: 'date-time' },
          status: { type: 'string', enum: ['active', 'retiring', 'retired'] },
          retired_at: { type: 'string', format: 'date-time' },
        },
      },
    },
    fingerprint_key: { type: 'string', pattern: '^[A-Za-z0-9+/]{43}=$' },
  },
});

/** keys.json is missing or unusable; `reason` says which, and the message how to recover. */
export class KeysFileError extends Error {
  constructor(
    readonly reason: 'missing' | 'corrupt',
    message: string,
  ) {
    super(message);
    this.name = 'KeysFileError';
  }
}

/** Checks the text of keys.json: shape, unique ids, exactly one active key, usable key material. */
export function parseKeysFile(text: string, file: string): KeysFile {
  const corrupt = (why: string): KeysFileError => new KeysFileError('corrupt', `${file} is corrupt: ${why}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw corrupt(`not valid JSON (${(error as Error).message})`);
  }
  const problem = checkShape(parsed);
  if (problem !== null) throw corrupt(problem);
  const keys = parsed as KeysFile;
  const ids = new Set<string>();
  for (const record of keys.keys) {
    if (ids.has(record.id)) throw corrupt(`the key id ${record.id} appears twice`);
    ids.add(record.id);
    try {
      fernetEncrypt(record.key, '');
    } catch (error) {
      if (!isFernetError(error)) throw error;
      throw corrupt(`the key ${record.id} is not a Fernet key (${error.message})`);
    }
  }
  const active = keys.keys.filter((record) => record.status === 'active').length;
  if (active !== 1) throw corrupt(`exactly one key must have status "active"; ${active} do`);
  if (Buffer.from(keys.fingerprint_key, 'base64').length !== FINGERPRINT_KEY_BYTES) {
    throw corrupt(`fingerprint_key must be ${FINGERPRINT_KEY_BYTES} bytes in base64`);
  }
  return keys;
}

/** Reads and checks keys.json; a missing file is a KeysFileError with reason `missing`. */
export async function readKeysFile(file: string): Promise<KeysFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new KeysFileError('missing', `${file} does not exist`);
    throw new KeysFileError('corrupt', `${file} cannot be read: ${(error as Error).message}`);
  }
  return parseKeysFile(text, file);
}

/** Writes keys.json atomically (temp file, fsync, rename), readable by its owner only where the file system allows. */
export async function writeKeysFile(file: string, keys: KeysFile): Promise<void> {
  await writeJsonAtomic(file, keys);
  try {
    await chmod(file, 0o600);
  } catch (error) {
    // Some shared mounts refuse chmod; the keys are written all the same, and failing now would leave
    // keys.json ahead of the ring in memory.
    if (!['EPERM', 'ENOTSUP', 'EINVAL'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}
