import type { Journal } from '@payrail/journal';
import { CARDS_STREAM, type CardStore } from '../cards/cardStore';
import type { KeyRing } from './keyRing';
import type { KeyStatus } from './keysFile';
import type { ReencryptionProgress, ReencryptionWorker } from './reencryptionWorker';

/** A key as `GET /keys` shows it: never its material. */
export interface KeyView {
  id: string;
  created_at: string;
  status: KeyStatus;
  retired_at?: string;
  /** How many stored cards are encrypted under this key. */
  ciphertexts: number;
}

export interface KeysStatus {
  active_key_id: string;
  keys: KeyView[];
  reencryption: ReencryptionProgress;
}

/** Key rotation and key status, for the admin routes. */
export class KeyService {
  constructor(private readonly deps: { journal: Journal; store: CardStore; ring: KeyRing; worker: ReencryptionWorker }) {}

  /**
   * Adds a new key to keys.json (written atomically before any card uses it), records `vault.key_added`
   * and starts the background re-encryption. New tokens use the new key from the moment keys.json has it.
   */
  async rotate(correlationId: string): Promise<KeysStatus> {
    const { journal, ring, worker } = this.deps;
    const { added, previous } = await ring.rotate();
    try {
      await journal.append(CARDS_STREAM, {
        type: 'vault.key_added',
        ref: added.id,
        correlation_id: correlationId,
        data: { key_id: added.id, created_at: added.created_at, previous_key_id: previous.id },
      });
    } finally {
      worker.kick();
    }
    return this.status();
  }

  status(): KeysStatus {
    const { ring, store, worker } = this.deps;
    const counts = store.ciphertextCounts();
    return {
      active_key_id: ring.active.id,
      keys: ring.list().map(({ id, created_at, status, retired_at }) => ({
        id,
        created_at,
        status,
        ...(retired_at === undefined ? {} : { retired_at }),
        ciphertexts: counts.get(id) ?? 0,
      })),
      reencryption: worker.status(),
    };
  }
}
