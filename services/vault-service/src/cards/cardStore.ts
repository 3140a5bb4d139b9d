import type { CardBrand } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';

/** The vault's journal: cards and key history in one stream, detokenization attempts in the other, one lock. */
export const CARDS_STREAM = 'vault/cards';
export const ACCESS_LOG_STREAM = 'vault/access_log';
export const VAULT_LOCK = 'vault/.journal';

/** A tokenized card as the vault holds it: metadata in clear, the PAN only inside `ciphertext`. */
export interface StoredCard {
  token: string;
  brand: CardBrand;
  bin: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  /** The key `ciphertext` was made under. */
  key_id: string;
  /** Fernet token of the JSON `{pan, exp_month, exp_year, holder_name?}`. */
  ciphertext: string;
  /** When the token was created (ISO 8601). */
  created: string;
}

type TokenCreated = Omit<StoredCard, 'created'>;
interface CardReencrypted {
  token: string;
  key_id: string;
  ciphertext: string;
}

/**
 * The projection of the vault's journal: every card by token, how many ciphertexts each key holds,
 * and which keys the journal has recorded as added or retired. Fed every event in order by the journal.
 */
export class CardStore {
  private readonly cards = new Map<string, StoredCard>();
  private readonly ciphertextsByKey = new Map<string, number>();
  private readonly keyHistory = new Map<string, 'added' | 'retired'>();
  /** The seq of the last vault/cards event applied. */
  cardsSeq = 0;
  /** Moves on every change of cards: the snapshot writer compares it with what it last wrote. */
  version = 0;

  apply(stream: string, event: JournalEvent): void {
    if (stream !== CARDS_STREAM) return;
    this.cardsSeq = event.seq;
    this.version += 1;
    switch (event.type) {
      case 'vault.token_created': {
        const data = event.data as unknown as TokenCreated;
        this.setCard({ ...data, created: event.timestamp });
        break;
      }
      case 'vault.card_reencrypted': {
        const data = event.data as unknown as CardReencrypted;
        const card = this.cards.get(data.token);
        if (card !== undefined) this.setCard({ ...card, key_id: data.key_id, ciphertext: data.ciphertext });
        break;
      }
      case 'vault.key_added':
        this.keyHistory.set(String(event.data['key_id']), 'added');
        break;
      case 'vault.key_retired':
        this.keyHistory.set(String(event.data['key_id']), 'retired');
        break;
    }
  }

  /** Forgets everything: the journal replays from the start next. */
  clear(): void {
    this.cards.clear();
    this.ciphertextsByKey.clear();
    this.keyHistory.clear();
    this.cardsSeq = 0;
    this.version += 1;
  }

  get(token: string): StoredCard | undefined {
    return this.cards.get(token);
  }

  get size(): number {
    return this.cards.size;
  }

  all(): IterableIterator<StoredCard> {
    return this.cards.values();
  }

  /** How many ciphertexts each key id holds (keys holding none are absent). */
  ciphertextCounts(): ReadonlyMap<string, number> {
    return this.ciphertextsByKey;
  }

  /** The tokens whose ciphertext is under any key but `keyId`, in creation order. */
  tokensNotUnder(keyId: string): string[] {
    const tokens: string[] = [];
    for (const card of this.cards.values()) if (card.key_id !== keyId) tokens.push(card.token);
    return tokens;
  }

  /** What the journal last recorded about a key: `added`, `retired`, or undefined for nothing. */
  journaledKeyState(keyId: string): 'added' | 'retired' | undefined {
    return this.keyHistory.get(keyId);
  }

  private setCard(card: StoredCard): void {
    const previous = this.cards.get(card.token);
    if (previous !== undefined) this.count(previous.key_id, -1);
    this.cards.set(card.token, card);
    this.count(card.key_id, 1);
  }

  private count(keyId: string, delta: number): void {
    const next = (this.ciphertextsByKey.get(keyId) ?? 0) + delta;
    if (next === 0) this.ciphertextsByKey.delete(keyId);
    else this.ciphertextsByKey.set(keyId, next);
  }
}
