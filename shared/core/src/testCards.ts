/**
 * The test cards of PayRail's simulated processors: which card number leads to which outcome, the
 * way Stripe's and Adyen's test cards do, and how each decline reads in each processor's dialect.
 * provider-sim decides outcomes with this table; the docs print it; the gateway maps processor
 * answers back to PayRail decline codes with it.
 */
import TEST_CARD_TABLE from './testCards.json';

/** The decline codes a processor answers with (Stripe's `decline_code` values; the gateway adds its own). */
export const PROCESSOR_DECLINE_CODES = ['card_declined', 'insufficient_funds', 'expired_card', 'incorrect_cvc', 'processing_error', 'fraudulent'] as const;

export type ProcessorDeclineCode = (typeof PROCESSOR_DECLINE_CODES)[number];

/** What a card does at authorization. */
export type TestCardBehaviour =
  | { kind: 'succeeds' }
  | { kind: 'declines'; decline_code: ProcessorDeclineCode }
  /** Authorizes and captures normally; a dispute (chargeback) opens some time after capture. */
  | { kind: 'succeeds_then_disputed' }
  /** The processor records a successful authorization but answers too late for the caller. */
  | { kind: 'times_out' };

export interface TestCard {
  readonly number: string;
  readonly behaviour: TestCardBehaviour;
  readonly description: string;
  /** The name of Stripe's test card with this outcome (`pm_card_<name>`, `tok_<name>`), if Stripe has one. */
  readonly stripe_test_card?: string;
}

/**
 * Every special test card, from `testCards.json`: the one place their numbers are written (the k6 load
 * script reads the same file). Any other Luhn-valid card number succeeds.
 */
export const TEST_CARDS: readonly TestCard[] = Object.freeze((TEST_CARD_TABLE.cards as TestCard[]).map((card) => Object.freeze({ ...card, behaviour: Object.freeze({ ...card.behaviour }) })));

/**
 * Stripe's test card names and their numbers, in Stripe's order of its docs: its plain Visa, the other
 * brands that succeed, then the cards of each special outcome (the Stripe-compatible API's `pm_card_*`).
 */
export const STRIPE_TEST_CARDS: ReadonlyArray<readonly [name: string, pan: string]> = Object.freeze(
  [...TEST_CARD_TABLE.cards.slice(0, 1), ...TEST_CARD_TABLE.more_succeeding_cards, ...TEST_CARD_TABLE.cards.slice(1)]
    .flatMap((card) => ('stripe_test_card' in card && card.stripe_test_card !== undefined ? [[card.stripe_test_card, card.number] as const] : [])),
);

/** The table's first card that simply succeeds (Stripe's plain Visa): the one examples and hints name. */
export const SUCCEEDING_TEST_CARD: string = (TEST_CARDS.find((card) => card.behaviour.kind === 'succeeds') as TestCard).number;

/** PayRail's own card (not one of Stripe's): Luhn-valid, authorizes, and the answer never comes in time. */
export const TIMEOUT_TEST_CARD: string = (TEST_CARDS.find((card) => card.behaviour.kind === 'times_out') as TestCard).number;

const BY_NUMBER = new Map(TEST_CARDS.map((card) => [card.number, card.behaviour]));

/** What a card number does: its entry of `TEST_CARDS`, or `succeeds`. Check the number (Luhn) first. */
export function testCardBehaviour(pan: string): TestCardBehaviour {
  return BY_NUMBER.get(pan.replace(/[ -]/g, '')) ?? { kind: 'succeeds' };
}

/** How a decline reads in providerA's (Stripe's) error body: `error.code`, `error.message`. */
export interface StripeDecline {
  readonly code: string;
  readonly message: string;
}

/** How a decline reads in providerB's (Adyen's) payment response. */
export interface AdyenRefusal {
  /** `Error` for technical failures, `Refused` for the issuer's or risk's no. */
  readonly resultCode: 'Refused' | 'Error';
  readonly refusalReason: string;
  /** Adyen's numeric code, sent as a string. */
  readonly refusalReasonCode: string;
}

/**
 * Each decline code in each dialect. Stripe puts `card_declined` in `code` for issuer declines and
 * the specific reason in `decline_code`; for expired_card, incorrect_cvc and processing_error the
 * code is the reason itself. Adyen's refusal reasons and codes are its documented ones.
 */
export const DECLINE_DIALECTS: Readonly<Record<ProcessorDeclineCode, { stripe: StripeDecline; adyen: AdyenRefusal }>> = Object.freeze({
  card_declined: {
    stripe: { code: 'card_declined', message: 'Your card was declined.' },
    adyen: { resultCode: 'Refused', refusalReason: 'Refused', refusalReasonCode: '2' },
  },
  insufficient_funds: {
    stripe: { code: 'card_declined', message: 'Your card has insufficient funds.' },
    adyen: { resultCode: 'Refused', refusalReason: 'Not enough balance', refusalReasonCode: '12' },
  },
  expired_card: {
    stripe: { code: 'expired_card', message: 'Your card has expired.' },
    adyen: { resultCode: 'Refused', refusalReason: 'Expired Card', refusalReasonCode: '6' },
  },
  incorrect_cvc: {
    stripe: { code: 'incorrect_cvc', message: "Your card's security code is incorrect." },
    adyen: { resultCode: 'Refused', refusalReason: 'CVC Declined', refusalReasonCode: '24' },
  },
  processing_error: {
    stripe: { code: 'processing_error', message: 'An error occurred while processing your card. Try again in a little bit.' },
    adyen: { resultCode: 'Error', refusalReason: 'Acquirer Error', refusalReasonCode: '4' },
  },
  fraudulent: {
    stripe: { code: 'card_declined', message: 'Your card was declined.' },
    adyen: { resultCode: 'Refused', refusalReason: 'FRAUD', refusalReasonCode: '20' },
  },
});

const FROM_ADYEN_CODE = new Map(Object.entries(DECLINE_DIALECTS).map(([code, dialects]) => [dialects.adyen.refusalReasonCode, code as ProcessorDeclineCode]));
const FROM_ADYEN_REASON = new Map(Object.entries(DECLINE_DIALECTS).map(([code, dialects]) => [dialects.adyen.refusalReason.toLowerCase(), code as ProcessorDeclineCode]));

/**
 * The PayRail decline code of an Adyen refusal, by `refusalReasonCode` first, then by
 * `refusalReason` (case-insensitive); any refusal PayRail does not know is `card_declined`.
 */
export function declineCodeFromAdyen(refusal: { refusalReasonCode?: string | null; refusalReason?: string | null }): ProcessorDeclineCode {
  return (
    FROM_ADYEN_CODE.get(refusal.refusalReasonCode ?? '') ??
    FROM_ADYEN_REASON.get((refusal.refusalReason ?? '').toLowerCase()) ??
    'card_declined'
  );
}
