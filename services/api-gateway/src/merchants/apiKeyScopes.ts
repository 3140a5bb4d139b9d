import { PayrailError } from '@payrail/core';
import { API_KEY_SCOPES } from '@payrail/schemas';

export { API_KEY_SCOPES };

/**
 * What a restricted API key may do (`read_only`: nothing but read). Every key can read; an
 * unrestricted key (one created without scopes) can do everything.
 */
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * What a route behind a merchant's key needs: `read` (every GET: any key), a write scope (what it
 * changes), or `unrestricted` (managing API keys: only a key without scopes).
 */
export const ROUTE_SCOPES = ['read', 'payments:write', 'refunds:write', 'webhooks:write', 'unrestricted'] as const;
export type RouteScope = (typeof ROUTE_SCOPES)[number];

/** Whether a key with `scopes` (null: unrestricted) may call a route that needs `needed`. */
export function keyAllows(scopes: readonly ApiKeyScope[] | null, needed: RouteScope): boolean {
  if (scopes === null || needed === 'read') return true;
  if (needed === 'unrestricted') return false;
  return scopes.includes(needed);
}

/**
 * The 403 a restricted key gets on a route outside its scopes (before the route reads its input, so
 * nothing is written), or null when it may call it. `route` names the route in the message.
 */
export function scopeRefusal(key: { prefix: string; scopes: readonly ApiKeyScope[] | null }, needed: RouteScope, route: string): PayrailError | null {
  if (keyAllows(key.scopes, needed)) return null;
  const has = (key.scopes ?? []).join(', ');
  const fix = needed === 'unrestricted' ? 'an unrestricted key (one created without scopes)' : `a key with the scope ${needed}, or an unrestricted key`;
  return new PayrailError('api_key_scope_required', `This API key (${key.prefix}...) is restricted to ${has}; ${route} needs ${needed === 'unrestricted' ? 'an unrestricted key' : needed}: call it with ${fix}.`, { details: { required_scope: needed } });
}

/**
 * What is wrong with a route's scope declaration, or null: a route behind a merchant's key declares
 * one of ROUTE_SCOPES, `read` exactly when it is a GET (or `unrestricted`); a route behind another
 * credential (admin, internal, a processor's signature) declares none, as no API key opens it.
 */
export function routeScopeProblem(route: { method: string; path: string; auth?: string; scope?: string | undefined }): string | null {
  const name = `${route.method.toUpperCase()} ${route.path}`;
  const merchant = route.auth === undefined || route.auth === 'merchant';
  if (!merchant) return route.scope === undefined ? null : `${name}: auth ${route.auth} routes take no API key, so they declare no scope`;
  if (route.scope === undefined || !(ROUTE_SCOPES as readonly string[]).includes(route.scope)) return `${name}: declares no scope (one of ${ROUTE_SCOPES.join(', ')})`;
  if (route.method === 'get' && route.scope !== 'read' && route.scope !== 'unrestricted') return `${name}: a GET reads: scope read (or unrestricted), not ${route.scope}`;
  if (route.method !== 'get' && route.scope === 'read') return `${name}: a ${route.method.toUpperCase()} changes something: it needs a write scope (or unrestricted), not read`;
  return null;
}
