import type { Response } from 'express';
import type { Authenticated, Merchant, MerchantKey, MerchantStore } from './merchantStore';

/**
 * The merchant and key an API key presented on a request names, or null. The key store first reads
 * what other gateway processes appended, so a key created, deleted or rotated in any of them counts
 * here at once (DELETE /v1/merchants/me/api-keys/{id} revokes everywhere).
 */
export async function lookUpApiKey(merchants: MerchantStore, apiKey: string): Promise<Authenticated | null> {
  await merchants.refresh();
  return merchants.authenticate(apiKey);
}

/**
 * Puts the caller on the response (`res.locals.merchant`, `res.locals.apiKey`) and, once the request
 * is answered without an error, records the key's use (its `last_used`; see MerchantStore.noteUse).
 * A refusal writes nothing.
 */
export function admitApiKey(merchants: MerchantStore, res: Response, found: Authenticated): void {
  res.locals['merchant'] = found.merchant;
  res.locals['apiKey'] = found.key;
  res.once('finish', () => {
    if (res.statusCode < 400) merchants.noteUse(found);
  });
}

/** The caller admitApiKey put on the response. */
export const callerOf = (res: Response): { merchant: Merchant; apiKey: MerchantKey } => ({ merchant: res.locals['merchant'] as Merchant, apiKey: res.locals['apiKey'] as MerchantKey });
