import { chmod } from 'node:fs/promises';
import { fernetDecrypt, fernetEncrypt } from '@payrail/core';
import { readJsonFile, writeJsonAtomic } from '@payrail/journal';

/**
 * Reads a file written by writeSealed: `{"encrypted": "<Fernet token>"}` of a JSON value. A missing
 * file is `{}`; one the key cannot open throws, naming the file and the fix (`what` says what it holds).
 */
export async function readSealed(file: string, key: string, what: string): Promise<unknown> {
  const sealed = await readJsonFile<{ encrypted?: string }>(file, {});
  if (sealed.encrypted === undefined) return {};
  try {
    return JSON.parse(fernetDecrypt(key, sealed.encrypted).toString('utf8'));
  } catch {
    throw new Error(`${file} cannot be decrypted with MERCHANT_SIM_SECRET_KEY. Restore the key, or delete the file (${what}).`);
  }
}

/** Writes `value` as one Fernet token under `key`, atomically, readable by its owner only (mode 0600). */
export async function writeSealed(file: string, key: string, value: unknown): Promise<void> {
  await writeJsonAtomic(file, { encrypted: fernetEncrypt(key, JSON.stringify(value)) });
  await chmod(file, 0o600);
}
