import { STRIPE_TEST_CARDS, TEST_CARDS } from '@payrail/core';

/**
 * Stripe's test PaymentMethods and tokens, each the PayRail test card with the same outcome. Using one
 * tokenizes that card in the vault (a new token each time, as Stripe creates a new PaymentMethod).
 */
export const TEST_PAYMENT_METHODS: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(
  STRIPE_TEST_CARDS.flatMap(([name, pan]) => [[`pm_card_${name}`, pan], [`tok_${name}`, pan]]),
));

/** The card behind a test PaymentMethod, with an expiry three years ahead and a CVC of the right length. */
export function testCardFor(pan: string): { pan: string; exp_month: number; exp_year: number; cvv: string } {
  return { pan, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvv: pan.startsWith('37') ? '1234' : '123' };
}

/** What each test PaymentMethod does (for the README table and tests): the PayRail test card's description. */
export function testPaymentMethodOutcomes(): Array<{ payment_method: string; token: string; card: string; outcome: string }> {
  return Object.entries(TEST_PAYMENT_METHODS)
    .filter(([name]) => name.startsWith('pm_'))
    .map(([name, pan]) => ({ payment_method: name, token: `tok_${name.slice('pm_card_'.length)}`, card: pan, outcome: TEST_CARDS.find((card) => card.number === pan)?.description ?? 'Succeeds.' }));
}
