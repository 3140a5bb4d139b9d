import { PayrailError } from '@payrail/core';

/** The environments a merchant registers an endpoint for, one receiver URL each: `/webhooks/:env`. */
export const WEBHOOK_ENVS = ['local', 'sandbox', 'staging'] as const;

export type WebhookEnv = (typeof WEBHOOK_ENVS)[number];

export const isWebhookEnv = (value: unknown): value is WebhookEnv => (WEBHOOK_ENVS as readonly unknown[]).includes(value);

/** One value per environment, built by `make`. */
export function perEnv<T>(make: (env: WebhookEnv) => T): Record<WebhookEnv, T> {
  return { local: make('local'), sandbox: make('sandbox'), staging: make('staging') };
}

/** Reads the `:env` of a route; an unknown env is a 404 naming the known ones. */
export function envParam(value: string): WebhookEnv {
  if (!isWebhookEnv(value)) throw new PayrailError('resource_missing', `No env '${value}': expected one of ${WEBHOOK_ENVS.join(', ')}.`, { param: 'env' });
  return value;
}
