import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateFernetKey } from '@payrail/core';
import { freePort, makeTempDataDir, REPO_ROOT, startNode, testEnv } from '@payrail/testing';
import { ADMIN, call, readJsonl, startVault, testPan, tokenize, waitForReencryption } from '../testing/vaultHarness';

const VAULT_ENTRY = path.join(REPO_ROOT, 'services/vault-service/dist/index.js');

/** Runs the vault expecting it to refuse to start; answers its exit code and stderr. */
async function startRefused(dataDir: string): Promise<{ code: number | string; stderr: string }> {
  const child = startNode(VAULT_ENTRY, [], testEnv(dataDir, { VAULT_PORT: String(await freePort()) }));
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([child.exited, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still running'), 10_000)))]);
  clearTimeout(timer);
  if (exit === 'still running') child.child.kill('SIGKILL');
  return { code: exit, stderr: child.stderr() };
}

describe('vault start-up', () => {
  const data = makeTempDataDir('vault-start');
  const vaultDir = path.join(data.dir, 'vault');
  const keysFile = path.join(vaultDir, 'keys.json');
  afterAll(() => data.cleanup());

  it('on a first start with no vault data, creates keys.json with one active key and a fingerprint key, and says so', async () => {
    const vault = await startVault(data.dir);
    try {
      const keys = JSON.parse(readFileSync(keysFile, 'utf8'));

      expect(keys).toEqual({
        keys: [{ id: expect.stringMatching(/^key_/), key: expect.any(String), created_at: expect.any(String), status: 'active' }],
        fingerprint_key: expect.any(String),
      });
      expect(Buffer.from(keys.fingerprint_key, 'base64')).toHaveLength(32);
      expect(statSync(keysFile).mode & 0o777).toBe(0o600);
      expect(vault.lines.some((line) => line.includes('created keys.json'))).toBe(true);
      expect(vault.lines.join('\n')).not.toContain(keys.keys[0].key);
      await tokenize(vault, testPan('4000', 16, 1));
    } finally {
      await vault.stop();
    }
  });

  it('rebuilds tokens.json and encrypted_cards.json from the journal when they are deleted', async () => {
    const snapshots = ['tokens.json', 'encrypted_cards.json'].map((name) => path.join(vaultDir, name));
    const before = snapshots.map((file) => readFileSync(file, 'utf8'));
    for (const file of snapshots) rmSync(file);

    const vault = await startVault(data.dir);
    await vault.stop();

    expect(snapshots.map((file) => readFileSync(file, 'utf8'))).toEqual(before);
    expect(Object.keys(JSON.parse(before[0] as string).tokens)).toHaveLength(1);
  });

  it('refuses to start, naming keys.json, when keys.json is missing but cards exist, and makes no new key', async () => {
    const saved = readFileSync(keysFile, 'utf8');
    rmSync(keysFile);

    const { code, stderr } = await startRefused(data.dir);

    expect(code).toBe(1);
    expect(stderr).toContain(keysFile);
    expect(stderr).toMatch(/missing.*refuses to start/);
    expect(existsSync(keysFile)).toBe(false);
    writeFileSync(keysFile, saved);
  });

  it('refuses to start, naming keys.json, when keys.json is corrupt, and leaves the file as it was', async () => {
    const saved = readFileSync(keysFile, 'utf8');
    for (const corrupt of ['{"keys": [', JSON.stringify({ ...JSON.parse(saved), fingerprint_key: 'short' }), '{}']) {
      writeFileSync(keysFile, corrupt);

      const { code, stderr } = await startRefused(data.dir);

      expect(code).toBe(1);
      expect(stderr).toContain(`${keysFile} is corrupt`);
      expect(readFileSync(keysFile, 'utf8')).toBe(corrupt);
    }
    writeFileSync(keysFile, saved);
  });

  it('refuses to start when keys.json lacks the key the stored cards use', async () => {
    const saved = readFileSync(keysFile, 'utf8');
    const keys = JSON.parse(saved);
    const usedKey = keys.keys[0].id;
    writeFileSync(keysFile, JSON.stringify({ ...keys, keys: [{ ...keys.keys[0], id: 'key_01kaaaaaaaaaaaaaaaaaaaaaaa', key: generateFernetKey() }] }));

    const { code, stderr } = await startRefused(data.dir);

    expect(code).toBe(1);
    expect(stderr).toContain(usedKey);
    writeFileSync(keysFile, saved);
  });

  it('starts again once keys.json is restored, and the card is still there', async () => {
    const vault = await startVault(data.dir);
    try {
      const keys = await call(vault, 'GET', '/keys', undefined, ADMIN);

      expect(keys.body.keys[0].ciphertexts).toBe(1);
    } finally {
      await vault.stop();
    }
  });

  it('finishes at start-up a rotation that a crash interrupted after keys.json had the new key', async () => {
    const keys = JSON.parse(readFileSync(keysFile, 'utf8'));
    const [oldKey] = keys.keys;
    const newKey = { id: 'key_01m80zzzzzzzzzzzzzzzzzzzzz', key: generateFernetKey(), created_at: new Date().toISOString(), status: 'active' };
    writeFileSync(keysFile, JSON.stringify({ ...keys, keys: [{ ...oldKey, status: 'retiring' }, newKey] }));

    const vault = await startVault(data.dir);
    try {
      const status = await waitForReencryption(vault);

      expect(status.body.keys).toEqual([
        expect.objectContaining({ id: oldKey.id, status: 'retired', ciphertexts: 0 }),
        expect.objectContaining({ id: newKey.id, status: 'active', ciphertexts: 1 }),
      ]);
      const events = readJsonl(path.join(vaultDir, 'cards.jsonl'));
      expect(events.filter((event) => event.type === 'vault.key_added').map((event) => event.data.key_id)).toEqual([oldKey.id, newKey.id]);
      expect(events.at(-1)).toMatchObject({ type: 'vault.key_retired', data: { key_id: oldKey.id } });
    } finally {
      await vault.stop();
    }
  });
});
