import { API_KEY_SCOPES, ROUTE_SCOPES, keyAllows, routeScopeProblem, scopeRefusal, type ApiKeyScope, type RouteScope } from './apiKeyScopes';

describe('API key scopes', () => {
  it('let an unrestricted key do everything, every key read, and a restricted key write only what its scopes name', () => {
    const table = (scopes: ApiKeyScope[] | null) => Object.fromEntries(ROUTE_SCOPES.map((needed) => [needed, keyAllows(scopes, needed)]));
    expect(table(null)).toEqual({ read: true, 'payments:write': true, 'refunds:write': true, 'webhooks:write': true, unrestricted: true });
    expect(table(['read_only'])).toEqual({ read: true, 'payments:write': false, 'refunds:write': false, 'webhooks:write': false, unrestricted: false });
    expect(table(['refunds:write'])).toEqual({ read: true, 'payments:write': false, 'refunds:write': true, 'webhooks:write': false, unrestricted: false });
    expect(table(['payments:write', 'refunds:write', 'webhooks:write'])).toEqual({ read: true, 'payments:write': true, 'refunds:write': true, 'webhooks:write': true, unrestricted: false });
    expect(API_KEY_SCOPES).toEqual(['read_only', 'payments:write', 'refunds:write', 'webhooks:write']);
  });

  it('refuse with 403 api_key_scope_required naming the scope needed and how to get it', () => {
    const refusal = scopeRefusal({ prefix: 'rk_test_9f2c', scopes: ['read_only'] }, 'refunds:write', 'POST /v1/refunds');
    expect(refusal?.toBody().error).toEqual({
      type: 'invalid_request_error',
      code: 'api_key_scope_required',
      required_scope: 'refunds:write',
      message: 'This API key (rk_test_9f2c...) is restricted to read_only; POST /v1/refunds needs refunds:write: call it with a key with the scope refunds:write, or an unrestricted key.',
    });
    expect(refusal?.statusCode).toBe(403);
    expect(scopeRefusal({ prefix: 'rk_test_9f2c', scopes: ['webhooks:write'] }, 'unrestricted', 'GET /v1/merchants/me/api-keys')?.message).toContain('an unrestricted key (one created without scopes)');
    expect(scopeRefusal({ prefix: 'sk_test_4eC3', scopes: null }, 'unrestricted', 'GET /v1/merchants/me/api-keys')).toBeNull();
  });

  it('hold every route declaration to the rule: a GET reads, a write names its scope, other credentials take none', () => {
    const route = (method: string, auth: string, scope?: RouteScope) => routeScopeProblem({ method, path: '/v1/x', auth, scope });
    expect(route('get', 'merchant', 'read')).toBeNull();
    expect(route('get', 'merchant', 'unrestricted')).toBeNull();
    expect(route('post', 'merchant', 'payments:write')).toBeNull();
    expect(route('delete', 'merchant', 'unrestricted')).toBeNull();
    expect(route('post', 'admin')).toBeNull();
    expect(route('post', 'merchant')).toBe('POST /v1/x: declares no scope (one of read, payments:write, refunds:write, webhooks:write, unrestricted)');
    expect(route('get', 'merchant', 'refunds:write')).toMatch(/a GET reads/);
    expect(route('post', 'merchant', 'read')).toMatch(/needs a write scope/);
    expect(route('post', 'internal', 'read')).toMatch(/declare no scope/);
    // The Stripe-compatible routes have no auth field: every one is behind a key.
    expect(routeScopeProblem({ method: 'post', path: '/v1/refunds' })).toMatch(/declares no scope/);
  });
});
