import { PayrailError, isSupportedCurrency } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';

/** Request-body pieces shared by several routes. */
export const METADATA_SCHEMA: JsonSchema = {
  type: 'object',
  maxProperties: 50,
  propertyNames: { minLength: 1, maxLength: 40 },
  additionalProperties: { type: 'string', maxLength: 500 },
};

export const TOKEN_SCHEMA: JsonSchema = { type: 'string', pattern: '^tok_[0-9a-z]{26}$', examples: ['tok_01jcy4p6a8c0e2g4j6k8m0p2r4'] };
export const AMOUNT_SCHEMA: JsonSchema = { type: 'integer', description: 'minor units (cents, yen, fils), greater than zero', examples: [2500] };
export const CURRENCY_SCHEMA: JsonSchema = { type: 'string', pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 code', examples: ['usd'] };

export const LIST_QUERY_PROPERTIES: Record<string, JsonSchema> = {
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
  starting_after: { type: 'string', maxLength: 64 },
};

/** Checks an amount beyond its type: positive, and not above the configured maximum. */
export function checkAmount(amount: number, max: number, param = 'amount'): void {
  if (amount <= 0) throw new PayrailError('amount_must_be_positive', undefined, { param });
  if (amount > max) throw new PayrailError('amount_too_large', `The amount is above the maximum of ${max} minor units.`, { param });
}

/** Upper-cases and checks an ISO 4217 code. */
export function checkCurrency(currency: string, param = 'currency'): string {
  const code = currency.toUpperCase();
  if (!isSupportedCurrency(code)) throw new PayrailError('currency_unsupported', `'${currency}' is not a supported ISO 4217 currency.`, { param });
  return code;
}

/** Cursor pagination over a newest-first list: `limit` items after the id `starting_after`. */
export function paginate<T extends { id: string }>(items: T[], query: Record<string, unknown>, url: string): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  const limit = (query['limit'] as number | undefined) ?? 10;
  const after = query['starting_after'] as string | undefined;
  let start = 0;
  if (after !== undefined) {
    const index = items.findIndex((item) => item.id === after);
    if (index === -1) throw new PayrailError('resource_missing', `starting_after: no such object '${after}' in this list.`, { param: 'starting_after' });
    start = index + 1;
  }
  const data = items.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < items.length, url };
}
