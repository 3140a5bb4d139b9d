import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { COMMAND_EVENTS_MAX, Journal, type EventDraft } from '@payrail/journal';
import type { Logger } from '@payrail/service-kit';
import { ACCESS_LOG_STREAM, CARDS_STREAM, CardStore, VAULT_LOCK } from '../cards/cardStore';
import { ENCRYPTED_CARDS_FILE } from '../cards/snapshotWriter';
import { KeyRing } from '../keys/keyRing';
import { KEYS_FILE, KeysFileError, readKeysFile } from '../keys/keysFile';

/** The vault cannot start safely; the message says why and what to do. */
export class VaultStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultStartError';
  }
}

export interface OpenedVault {
  journal: Journal;
  store: CardStore;
  ring: KeyRing;
}

/**
 * Loads the keys, opens the vault's journal and replays it, and checks that keys.json holds every key
 * a stored card is encrypted under. Creates keys.json only on a first start (no card data at all);
 * a missing or corrupt keys.json over existing cards is a VaultStartError, never a new key.
 */
export async function openVault({ dataDir, logger }: { dataDir: string; logger: Logger }): Promise<OpenedVault> {
  const keysFile = path.join(dataDir, KEYS_FILE);
  const ring = await loadOrCreateKeys(dataDir, keysFile, logger);
  const store = new CardStore();
  const journal = await Journal.open({
    dataDir,
    streams: [CARDS_STREAM, ACCESS_LOG_STREAM],
    lockName: VAULT_LOCK,
    onEvent: (stream, event) => store.apply(stream, event),
    onReset: () => store.clear(),
    logger,
  });
  try {
    const missing = [...store.ciphertextCounts()].filter(([keyId]) => !ring.has(keyId));
    if (missing.length > 0) {
      const cards = missing.reduce((sum, [, count]) => sum + count, 0);
      throw new VaultStartError(
        `${keysFile} lacks the key(s) ${missing.map(([keyId]) => keyId).join(', ')} under which ${cards} stored card(s) are encrypted. ` +
          'The vault refuses to start: restore keys.json from a backup.',
      );
    }
    await recordKeyHistory(journal, store, ring);
  } catch (error) {
    await journal.close();
    throw error;
  }
  return { journal, store, ring };
}

async function loadOrCreateKeys(dataDir: string, keysFile: string, logger: Logger): Promise<KeyRing> {
  try {
    return new KeyRing(keysFile, await readKeysFile(keysFile));
  } catch (error) {
    if (!(error instanceof KeysFileError)) throw error;
    if (error.reason === 'corrupt') {
      throw new VaultStartError(
        `${error.message}. The vault refuses to start: restore keys.json from a backup. ` +
          'It never makes new keys over an unreadable keys.json, as every card encrypted under the old keys would be lost.',
      );
    }
  }
  const holders = [path.join(dataDir, `${CARDS_STREAM}.jsonl`), path.join(dataDir, ENCRYPTED_CARDS_FILE)].filter(holdsCards);
  if (holders.length > 0) {
    throw new VaultStartError(
      `${keysFile} is missing, but ${holders.join(' and ')} already hold vault data. The vault refuses to start: restore ` +
        'keys.json from a backup. New keys would leave every stored card undecryptable.',
    );
  }
  const ring = await KeyRing.create(keysFile);
  logger.warn({ file: keysFile, key_id: ring.active.id }, 'vault: first start: created keys.json with a new key and a fingerprint key; back it up, no card can be read without it');
  return ring;
}

function holdsCards(file: string): boolean {
  return existsSync(file) && statSync(file).size > 0;
}

/**
 * Writes the key events the journal lacks (a first start, or a rotation whose event could not be
 * written), so that vault/cards.jsonl tells the history of every key in keys.json.
 */
async function recordKeyHistory(journal: Journal, store: CardStore, ring: KeyRing): Promise<void> {
  const drafts: EventDraft[] = [];
  for (const record of ring.list()) {
    const journaled = store.journaledKeyState(record.id);
    if (journaled === undefined) {
      drafts.push({ type: 'vault.key_added', ref: record.id, data: { key_id: record.id, created_at: record.created_at } });
    }
    if (record.status === 'retired' && journaled !== 'retired') {
      drafts.push({ type: 'vault.key_retired', ref: record.id, data: { key_id: record.id } });
    }
  }
  for (let start = 0; start < drafts.length; start += COMMAND_EVENTS_MAX) {
    await journal.append(CARDS_STREAM, drafts.slice(start, start + COMMAND_EVENTS_MAX));
  }
}
