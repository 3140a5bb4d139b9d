import { assert, isId, newId, PayrailError, type CardBrand } from '@payrail/core';
import type { Journal } from '@payrail/journal';
import { ACCESS_LOG_STREAM, CARDS_STREAM, type CardStore, type StoredCard } from '../cards/cardStore';
import type { KeyRing } from '../keys/keyRing';

/** The purposes a detokenization may name (issue 4); any other is refused, and the refusal logged. */
export const DETOKENIZE_PURPOSES: readonly string[] = ['authorization', 'refund', 'dispute_evidence'];

/** A card that passed validation, as the vault encrypts it. The CVV is not here: it is never stored. */
export interface ValidatedCard {
  pan: string;
  brand: CardBrand;
  bin: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  holder_name?: string;
}

/** What the vault tells about a token: never the PAN. */
export interface TokenView {
  token: string;
  brand: CardBrand;
  last4: string;
  bin: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  created: string;
  key_id: string;
}

/** The plaintext inside a ciphertext. */
interface CardSecret {
  pan: string;
  exp_month: number;
  exp_year: number;
  holder_name?: string;
}

export interface DetokenizedCard extends CardSecret {
  token: string;
}

export interface DetokenizeRequest {
  purpose: string;
  requester: string;
  correlationId: string;
}

type Outcome = { outcome: 'allowed'; secret: CardSecret } | { outcome: 'refused' | 'not_found' };

const view = (card: StoredCard): TokenView => ({
  token: card.token,
  brand: card.brand,
  last4: card.last4,
  bin: card.bin,
  exp_month: card.exp_month,
  exp_year: card.exp_year,
  fingerprint: card.fingerprint,
  created: card.created,
  key_id: card.key_id,
});

const missing = (token: string | null): PayrailError =>
  new PayrailError('resource_missing', token === null ? 'No such token.' : `No such token: ${token}.`, { param: 'token' });

/**
 * Tokenization and detokenization against the vault's journal: a card becomes a `vault.token_created`
 * event carrying its Fernet ciphertext; every detokenization attempt becomes a line of the access log,
 * durable before the PAN is answered.
 */
export class TokenService {
  constructor(private readonly deps: { journal: Journal; store: CardStore; ring: KeyRing }) {}

  /** Encrypts the card under the active key and records it; resolves once the event is durable. */
  async tokenize(card: ValidatedCard, correlationId: string): Promise<TokenView> {
    const { journal, ring, store } = this.deps;
    const token = newId('tok');
    const fingerprint = ring.fingerprint(card.pan);
    const secret: CardSecret = { pan: card.pan, exp_month: card.exp_month, exp_year: card.exp_year };
    if (card.holder_name !== undefined) secret.holder_name = card.holder_name;
    const plaintext = JSON.stringify(secret);
    await journal.transact((tx) => {
      // Encrypting under the lock means the key is the one active when the event is ordered, so the
      // re-encryption after a rotation can never miss a card.
      const { key_id, ciphertext } = ring.encrypt(plaintext);
      const { brand, bin, last4, exp_month, exp_year } = card;
      tx.append(CARDS_STREAM, {
        type: 'vault.token_created',
        ref: token,
        correlation_id: correlationId,
        data: { token, brand, bin, last4, exp_month, exp_year, fingerprint, key_id, ciphertext },
      });
    });
    const stored = store.get(token);
    assert(stored !== undefined, `the token ${token} was committed, so the projection has it`);
    return view(stored);
  }

  /** The metadata of a token, after reading what other processes appended. */
  async describe(token: string): Promise<TokenView> {
    await this.deps.journal.catchUp();
    const card = isId(token, 'tok') ? this.deps.store.get(token) : undefined;
    if (card === undefined) throw missing(isId(token, 'tok') ? token : null);
    return view(card);
  }

  /**
   * Logs the attempt in the access log (allowed, refused or not_found) and, when allowed, answers the
   * card. The PAN leaves only after its log line is durable; refusals throw after theirs is.
   */
  async detokenize(tokenParam: string, request: DetokenizeRequest): Promise<DetokenizedCard> {
    const { journal, ring, store } = this.deps;
    const token = isId(tokenParam, 'tok') ? tokenParam : null;
    const { purpose, requester, correlationId } = request;
    const result = await journal.transact((tx): Outcome => {
      const card = token === null ? undefined : store.get(token);
      let decided: Outcome;
      let reason: string | undefined;
      if (card === undefined) {
        decided = { outcome: 'not_found' };
        reason = token === null ? 'token_malformed' : 'token_unknown';
      } else if (!DETOKENIZE_PURPOSES.includes(purpose)) {
        decided = { outcome: 'refused' };
        reason = 'purpose_not_allowed';
      } else {
        decided = { outcome: 'allowed', secret: JSON.parse(ring.decrypt(card.key_id, card.ciphertext).toString('utf8')) as CardSecret };
      }
      tx.append(ACCESS_LOG_STREAM, {
        type: 'vault.detokenize_attempted',
        ref: token ?? 'unknown',
        correlation_id: correlationId,
        data: {
          ...(token === null ? {} : { token }),
          purpose,
          requester,
          correlation_id: correlationId,
          outcome: decided.outcome,
          ...(reason === undefined ? {} : { reason }),
        },
      });
      return decided;
    });
    if (result.outcome === 'allowed') return { token: tokenParam, ...result.secret };
    if (result.outcome === 'not_found') throw missing(token);
    throw new PayrailError('purpose_not_allowed', `Detokenization needs a purpose from the allow-list: ${DETOKENIZE_PURPOSES.join(', ')}.`, {
      param: 'purpose',
    });
  }
}
