import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { makeTempDataDir, waitFor, type RunningService } from '@payrail/testing';
import { ADMIN, call, INTERNAL, readJsonl, startVault, testPan, tokenize, waitForReencryption } from '../testing/vaultHarness';

const CARDS = 30;
const BATCH = 7;

describe('vault key rotation', () => {
  const data = makeTempDataDir('vault-keys');
  const keysFile = path.join(data.dir, 'vault/keys.json');
  const encryptedCardsFile = path.join(data.dir, 'vault/encrypted_cards.json');
  const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
  const env = { VAULT_REENCRYPT_BATCH: String(BATCH), VAULT_SNAPSHOT_INTERVAL_MS: '50' };
  const pans = Array.from({ length: CARDS }, (_, i) => testPan('4000', 16, 1_000 + i));
  const tokens: string[] = [];
  let vault: RunningService;

  beforeAll(async () => {
    vault = await startVault(data.dir, env);
    for (const pan of pans) tokens.push(await tokenize(vault, pan));
  });
  afterAll(async () => {
    await vault?.stop();
    data.cleanup();
  });

  it('needs X-Admin-Token on the key routes, besides the internal token', async () => {
    for (const [method, route] of [['GET', '/keys'], ['POST', '/keys/rotate']] as const) {
      const withoutAdmin = await call(vault, method, route, undefined, INTERNAL);
      const wrongAdmin = await call(vault, method, route, undefined, { ...INTERNAL, 'X-Admin-Token': 'wrong-admin-token-0123456789' });

      expect([withoutAdmin.status, withoutAdmin.body.error.code]).toEqual([401, 'admin_token_invalid']);
      expect([wrongAdmin.status, wrongAdmin.body.error.code]).toEqual([401, 'admin_token_invalid']);
    }
    expect(readJson(keysFile).keys).toHaveLength(1);
  });

  it('shows key ids, statuses and ciphertexts per key, never key material', async () => {
    const res = await call(vault, 'GET', '/keys', undefined, ADMIN);
    const [only] = readJson(keysFile).keys;

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      active_key_id: only.id,
      keys: [{ id: only.id, created_at: only.created_at, status: 'active', ciphertexts: CARDS }],
      reencryption: expect.objectContaining({ state: 'idle', remaining: 0 }),
    });
    expect(res.text).not.toContain(only.key);
    expect(res.text).not.toContain(readJson(keysFile).fingerprint_key);
  });

  it('refuses a rotation with parameters, and changes no key', async () => {
    const res = await call(vault, 'POST', '/keys/rotate', { key: 'mine' }, ADMIN);

    expect([res.status, res.body.error.code, res.body.error.param]).toEqual([400, 'parameter_unknown', 'key']);
    expect(readJson(keysFile).keys).toHaveLength(1);
  });

  it('rotates: new tokens use the new key, old cards move to it in bounded batches, the old key retires, old tokens still detokenize', async () => {
    const oldKey = readJson(keysFile).keys[0].id as string;

    const rotated = await call(vault, 'POST', '/keys/rotate', undefined, ADMIN);
    const newKey = rotated.body.active_key_id as string;
    const fresh = await call(vault, 'POST', '/tokens', { pan: testPan('5500', 16, 1), exp_month: 1, exp_year: 2099 });
    const status = await waitForReencryption(vault);

    expect(rotated.status).toBe(201);
    expect(newKey).not.toBe(oldKey);
    expect(readJson(keysFile).keys.map((key: { id: string }) => key.id)).toEqual([oldKey, newKey]);
    expect(fresh.body.key_id).toBe(newKey);
    expect(status.body.reencryption).toMatchObject({ state: 'done', target_key_id: newKey, total: CARDS, reencrypted: CARDS, remaining: 0 });
    expect(status.body.reencryption.batches).toBe(Math.ceil(CARDS / BATCH));
    expect(status.body.keys).toEqual([
      { id: oldKey, created_at: expect.any(String), status: 'retired', retired_at: expect.any(String), ciphertexts: 0 },
      { id: newKey, created_at: expect.any(String), status: 'active', ciphertexts: CARDS + 1 },
    ]);
    expect(readJson(keysFile).keys.map((key: { status: string }) => key.status)).toEqual(['retired', 'active']);

    const old = await call(vault, 'POST', `/tokens/${tokens[0]}/detokenize`, { purpose: 'refund', requester: 'api-gateway' });
    expect(old.body.pan).toBe(pans[0]);
    expect((await call(vault, 'GET', `/tokens/${tokens[0]}`)).body.key_id).toBe(newKey);

    const snapshotKeyIds = () => Object.values(readJson(encryptedCardsFile).cards).map((stored) => (stored as { key_id: string }).key_id);
    await waitFor(() => snapshotKeyIds().length === CARDS + 1 && snapshotKeyIds().every((keyId) => keyId === newKey), 5_000, 'encrypted_cards.json to reference the new key only');

    const types = readJsonl(path.join(data.dir, 'vault/cards.jsonl')).map((event) => event.type);
    expect(types.filter((type) => type === 'vault.card_reencrypted')).toHaveLength(CARDS);
    expect(types.filter((type) => type === 'vault.key_added')).toHaveLength(2);
    expect(types.at(-1)).toBe('vault.key_retired');
  });

  it('settles two rotations in a row on the newest key, and keeps working after a restart', async () => {
    await call(vault, 'POST', '/keys/rotate', undefined, ADMIN);
    const second = await call(vault, 'POST', '/keys/rotate', undefined, ADMIN);
    const status = await waitForReencryption(vault);

    expect(status.body.active_key_id).toBe(second.body.active_key_id);
    expect(status.body.keys.map((key: { status: string }) => key.status)).toEqual(['retired', 'retired', 'retired', 'active']);
    expect(status.body.keys.at(-1).ciphertexts).toBe(CARDS + 1);
    expect(status.body.reencryption.reencrypted).toBeGreaterThanOrEqual(CARDS + 1);

    await vault.stop();
    vault = await startVault(data.dir, env);
    const again = await call(vault, 'POST', `/tokens/${tokens[CARDS - 1]}/detokenize`, { purpose: 'authorization', requester: 'api-gateway' });

    expect(again.body.pan).toBe(pans[CARDS - 1]);
    expect((await call(vault, 'GET', '/keys', undefined, ADMIN)).body.active_key_id).toBe(second.body.active_key_id);
  });
});
