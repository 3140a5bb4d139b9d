import { PayrailError } from '@payrail/core';
import type { JsonSchema } from '@payrail/schemas';
import { inputChecker, refuse } from './checkInput';

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;

/** A filter that takes any id-like text (an `order_id`), rather than one of a few values. */
export const ID_FILTER = 'id';

/**
 * The query of a list route: Stripe-style `limit` and `starting_after`, plus the route's own filters:
 * each takes one of its listed values, or any id of up to 128 characters when it is ID_FILTER.
 */
export function listQueryChecker(filters: Record<string, readonly string[] | typeof ID_FILTER>): ((query: unknown) => { limit: number; starting_after?: string; filters: Record<string, string | undefined> }) & { schema: JsonSchema } {
  const schema: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    properties: {
      limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
      starting_after: { type: 'string', minLength: 1, maxLength: 128 },
      ...Object.fromEntries(Object.entries(filters).map(([name, values]) => [name, values === ID_FILTER ? { type: 'string', minLength: 1, maxLength: 128 } : { enum: [...values] }])),
    },
  };
  const check = inputChecker(schema);
  return Object.assign((query: unknown) => {
    refuse(check(query));
    const given = query as Record<string, string | undefined>;
    const limit = given['limit'] === undefined ? LIST_LIMIT_DEFAULT : Number(given['limit']);
    if (limit < 1 || limit > LIST_LIMIT_MAX) throw new PayrailError('parameter_invalid', `limit must be from 1 to ${LIST_LIMIT_MAX}.`, { param: 'limit' });
    return {
      limit,
      ...(given['starting_after'] === undefined ? {} : { starting_after: given['starting_after'] }),
      filters: Object.fromEntries(Object.keys(filters).map((name) => [name, given[name]])),
    };
  }, { schema });
}

/** One page of `newestFirst` after the item `starting_after` (which must be in the list), as a Stripe list. */
export function page<T extends { id: string }>(newestFirst: readonly T[], { limit, starting_after }: { limit: number; starting_after?: string }, url: string) {
  let start = 0;
  if (starting_after !== undefined) {
    const at = newestFirst.findIndex((item) => item.id === starting_after);
    if (at === -1) throw new PayrailError('resource_missing', `starting_after: ${starting_after} is not in this list.`, { param: 'starting_after' });
    start = at + 1;
  }
  return { object: 'list' as const, url, data: newestFirst.slice(start, start + limit), has_more: start + limit < newestFirst.length };
}
