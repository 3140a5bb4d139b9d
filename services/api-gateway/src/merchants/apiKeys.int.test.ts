import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { hmacSha256 } from '@payrail/core';
import { routeTable } from '@payrail/service-kit';
import { filesUnder, freePort, makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { gatewayRoutes } from '../app';
import { stripeRouter } from '../stripe/stripeApp';
import { openGateway } from '../testing/gatewayHarness';
import { ROUTE_SCOPES, keyAllows, routeScopeProblem, type ApiKeyScope, type RouteScope } from './apiKeyScopes';

// Issue 17: self-service API keys and restricted keys, on real processes: two gateways sharing one data
// folder (A also serves the Stripe-compatible API on its own port), the vault and provider-sim.

jest.setTimeout(120_000);

const KEYS_MAX = 6;
/** API_KEY_PEPPER's default (testEnv sets none): the keyed hash a key is stored as. */
const PEPPER = 'payrail-sandbox-api-key-pepper';

type Answer = { status: number; body: any; text: string };

describe('self-service API keys and scopes (two gateway processes, one data folder)', () => {
  let dir: string;
  let cleanup: () => void;
  let env: NodeJS.ProcessEnv;
  let vault: RunningService;
  let sim: RunningService;
  let a: RunningService;
  let b: RunningService;
  let stripePort: number;

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDataDir('api-keys'));
    const [vaultPort, simPort] = await Promise.all([freePort(), freePort()]);
    stripePort = await freePort();
    env = testEnv(dir, { VAULT_URL: `http://127.0.0.1:${vaultPort}`, PROVIDER_SIM_URL: `http://127.0.0.1:${simPort}`, API_KEYS_PER_MERCHANT_MAX: String(KEYS_MAX), VELOCITY_MAX_PAYMENTS: '1000' });
    vault = await startService('vault-service', 'VAULT_PORT', { ...env, VAULT_PORT: String(vaultPort) });
    sim = await startService('provider-sim', 'PROVIDER_SIM_PORT', { ...env, PROVIDER_SIM_PORT: String(simPort) });
    // One first, so that the demo merchant is created once; then the second on the same folder.
    a = await startService('api-gateway', 'GATEWAY_PORT', { ...env, STRIPE_API_PORT: String(stripePort) });
    b = await startService('api-gateway', 'GATEWAY_PORT', env);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([a, b, vault, sim].filter(Boolean).map((s) => s.stop()));
    cleanup?.();
  });

  const call = async (gateway: RunningService | string, method: string, url: string, key: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const base = typeof gateway === 'string' ? gateway : gateway.url;
    const res = await fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: res.status, body: parsed, text };
  };
  const newMerchant = async (name: string): Promise<{ id: string; key: string }> => {
    const res = await fetch(`${a.url}/admin/merchants`, { method: 'POST', headers: { 'x-admin-token': env['ADMIN_TOKEN'] as string, 'content-type': 'application/json' }, body: JSON.stringify({ name, rate_limit_requests: 100_000 }) });
    const body = (await res.json()) as { id: string; api_key: string };
    return { id: body.id, key: body.api_key };
  };
  const createKey = (gateway: RunningService, key: string, body: Record<string, unknown>) => call(gateway, 'POST', '/v1/merchants/me/api-keys', key, body);
  const listKeys = async (gateway: RunningService, key: string): Promise<Array<Record<string, any>>> => (await call(gateway, 'GET', '/v1/merchants/me/api-keys?limit=100', key)).body.data;
  const works = async (gateway: RunningService, key: string): Promise<number> => (await call(gateway, 'GET', '/v1/payment-intents?limit=1', key)).status;
  /** The streams the gateway writes, line by line, but the key uses a success records after its answer (gateway/api_key_uses). */
  const streams = (): Record<string, string> => Object.fromEntries(
    filesUnder(dir)
      .filter((file) => file.endsWith('.jsonl') && /\/(ledger|gateway)\//.test(file) && !file.endsWith('api_key_uses.jsonl'))
      .map((file) => [path.relative(dir, file), readFileSync(file, 'utf8')]),
  );
  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeout_ms = 10_000): Promise<T> {
    const deadline = Date.now() + timeout_ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  async function capturedPayment(key: string): Promise<string> {
    const token = await fetch(`${vault.url}/tokens`, { method: 'POST', headers: { 'x-internal-token': env['INTERNAL_TOKEN'] as string, 'content-type': 'application/json' }, body: JSON.stringify({ pan: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 }) }).then((r) => r.json() as Promise<{ token: string }>);
    const created = await call(a, 'POST', '/v1/payment-intents', key, { amount: 5000, currency: 'usd', payment_method: token.token }, { 'idempotency-key': `k-${randomUUID()}` });
    expect(created.status).toBe(200);
    const confirmed = await call(b, 'POST', `/v1/payment-intents/${created.body.id}/confirm`, key, {});
    expect(confirmed.body.status).toBe('captured');
    return created.body.id as string;
  }

  it('creates a key whose secret is shown once, works in both processes, is listed without it, and is stored only as its keyed hash', async () => {
    const shop = await newMerchant('Keys shop');
    const created = await createKey(a, shop.key, { name: 'reporting job' });
    expect(created.status).toBe(200);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^sk_test_[0-9a-f]{40}$/);
    expect(created.body).toMatchObject({ object: 'api_key', name: 'reporting job', prefix: secret.slice(0, 12), scopes: null, expires_at: null, last_used: null });
    expect(created.body.id).toMatch(/^key_[0-9a-z]{26}$/);
    expect(Math.abs(created.body.created - Date.now() / 1000)).toBeLessThan(60);

    // The other process knows it at once, without a restart.
    expect(await works(b, secret)).toBe(200);
    const listed = await listKeys(b, shop.key);
    expect(listed.map((key) => key.id)).toEqual([created.body.id, expect.stringMatching(/^key_/)]);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(['created', 'expires_at', 'id', 'last_used', 'name', 'object', 'prefix', 'scopes']);
    expect(JSON.stringify(listed)).not.toContain(secret);

    // Its use is recorded after the answer (to the hour), and every process lists it.
    const lastUsed = await until('last_used', async () => (await listKeys(a, shop.key)).find((key) => key.id === created.body.id)?.['last_used'] ?? undefined);
    expect(Math.abs(lastUsed - Date.now() / 1000)).toBeLessThan(60);

    // At rest: the keyed hash, never the secret, in any file of the data folder or any log line.
    const files = filesUnder(dir).filter((file) => statSync(file).size < 50_000_000);
    for (const file of files) expect({ file, holds: readFileSync(file, 'utf8').includes(secret) }).toEqual({ file, holds: false });
    expect(readFileSync(path.join(dir, 'gateway/merchants.jsonl'), 'utf8')).toContain(`hmac-sha256:${hmacSha256(PEPPER, secret).toString('hex')}`);
    for (const gateway of [a, b]) expect(`${gateway.lines.join('\n')}${gateway.stderr()}`).not.toContain(secret);
  });

  it('honours expires_in_s and expires_at, and refuses an expiry in the past or two of them', async () => {
    const shop = await newMerchant('Expiring shop');
    const at = Math.floor(Date.now() / 1000) + 86_400;
    const dated = await createKey(a, shop.key, { expires_at: at });
    expect(dated.body.expires_at).toBe(at);
    const started = Date.now();
    const brief = await createKey(a, shop.key, { name: 'brief', expires_in_s: 3 });
    expect(brief.status).toBe(200);
    expect(brief.body.expires_at).toBeGreaterThanOrEqual(Math.floor(started / 1000) + 2);
    expect(await works(b, brief.body.secret)).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + 3_300 - Date.now())));
    for (const gateway of [a, b]) {
      const refused = await call(gateway, 'GET', '/v1/payment-intents', brief.body.secret);
      expect({ status: refused.status, code: refused.body.error.code }).toEqual({ status: 401, code: 'api_key_invalid' });
    }
    expect((await listKeys(b, shop.key)).map((key) => key.id)).not.toContain(brief.body.id);
    expect(await works(a, dated.body.secret)).toBe(200);

    const before = streams();
    const past = await createKey(a, shop.key, { expires_at: Math.floor(Date.now() / 1000) - 1 });
    expect(past.body.error).toMatchObject({ code: 'parameter_invalid', param: 'expires_at' });
    const both = await createKey(b, shop.key, { expires_at: at, expires_in_s: 60 });
    expect(both.body.error).toMatchObject({ code: 'parameter_invalid', param: 'expires_in_s' });
    const mixed = await createKey(b, shop.key, { scopes: ['read_only', 'refunds:write'] });
    expect(mixed.body.error).toMatchObject({ code: 'parameter_invalid', param: 'scopes' });
    const unknown = await createKey(b, shop.key, { scopes: ['everything'] });
    expect(unknown.status).toBe(400);
    expect(streams()).toEqual(before);
  });

  it(`allows at most API_KEYS_PER_MERCHANT_MAX (${KEYS_MAX}) working keys, even when both processes create at once`, async () => {
    const shop = await newMerchant('Crowded shop');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => createKey(i % 2 === 0 ? a : b, shop.key, { name: `key ${i}` })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(KEYS_MAX - 1);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(10 - (KEYS_MAX - 1));
    for (const answer of refused) expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status: 409, code: 'api_key_limit_reached' });
    expect(await listKeys(a, shop.key)).toHaveLength(KEYS_MAX);

    const before = streams();
    expect((await createKey(b, shop.key, { name: 'one more' })).body.error.code).toBe('api_key_limit_reached');
    expect(streams()).toEqual(before);
    // Deleting one makes room.
    const victim = answers.find((answer) => answer.status === 200)?.body.id as string;
    expect((await call(a, 'DELETE', `/v1/merchants/me/api-keys/${victim}`, shop.key)).status).toBe(200);
    expect((await createKey(b, shop.key, { name: 'one more' })).status).toBe(200);
  });

  it('deleting a key revokes it at once in the other process and on the Stripe-compatible API; the last unrestricted key without an expiry cannot be deleted', async () => {
    const shop = await newMerchant('Revoking shop');
    const spare = await createKey(a, shop.key, { name: 'spare' });
    const spareKey = spare.body.secret as string;
    // B has served it (and would keep serving it from memory if it did not read A's deletion).
    expect(await works(b, spareKey)).toBe(200);
    expect((await call(`http://127.0.0.1:${stripePort}`, 'GET', '/v1/payment_intents', spareKey)).status).toBe(200);

    const deleted = await call(a, 'DELETE', `/v1/merchants/me/api-keys/${spare.body.id}`, shop.key);
    expect(deleted).toMatchObject({ status: 200, body: { id: spare.body.id, object: 'api_key', deleted: true } });
    for (const url of [`${a.url}/v1/payment-intents`, `${b.url}/v1/payment-intents`, `http://127.0.0.1:${stripePort}/v1/payment_intents`, `${b.url}/stripe/v1/payment_intents`]) {
      const refused = await call(url, 'GET', '', spareKey);
      expect({ url, status: refused.status }).toEqual({ url, status: 401 });
    }
    expect((await call(b, 'DELETE', `/v1/merchants/me/api-keys/${spare.body.id}`, shop.key)).status).toBe(404);

    // The merchant's own key is its last unrestricted key without an expiry: it stays.
    const [own] = (await listKeys(b, shop.key)).filter((key) => key.scopes === null);
    const last = await call(b, 'DELETE', `/v1/merchants/me/api-keys/${own?.['id']}`, shop.key);
    expect({ status: last.status, code: last.body.error.code, param: last.body.error.param }).toEqual({ status: 409, code: 'api_key_last_unrestricted', param: 'id' });
    // An expiring or a restricted key does not stand in for it.
    await createKey(a, shop.key, { expires_in_s: 3_600 });
    await createKey(a, shop.key, { scopes: ['payments:write', 'refunds:write', 'webhooks:write'] });
    expect((await call(a, 'DELETE', `/v1/merchants/me/api-keys/${own?.['id']}`, shop.key)).body.error.code).toBe('api_key_last_unrestricted');
    expect(await works(a, shop.key)).toBe(200);
    // With another one, it can go, and the merchant carries on with the new key.
    const successor = await createKey(b, shop.key, { name: 'successor' });
    expect((await call(a, 'DELETE', `/v1/merchants/me/api-keys/${own?.['id']}`, shop.key)).status).toBe(200);
    expect(await works(b, shop.key)).toBe(401);
    expect(await works(b, successor.body.secret)).toBe(200);

    // Another merchant's key is no key of this one.
    const other = await newMerchant('Other shop');
    const [otherKey] = await listKeys(a, other.key);
    expect((await call(a, 'DELETE', `/v1/merchants/me/api-keys/${otherKey?.['id']}`, successor.body.secret)).status).toBe(404);
    expect(await works(b, other.key)).toBe(200);
  });

  it('an admin rotation with no grace also stops the old key at once in the other process', async () => {
    const shop = await newMerchant('Rotating shop');
    expect(await works(b, shop.key)).toBe(200);
    const rotated = await fetch(`${a.url}/admin/merchants/${shop.id}/rotate-key`, { method: 'POST', headers: { 'x-admin-token': env['ADMIN_TOKEN'] as string, 'content-type': 'application/json' }, body: JSON.stringify({ grace_ms: 0 }) }).then((r) => r.json() as Promise<{ api_key: string }>);
    expect(await works(b, shop.key)).toBe(401);
    expect(await works(b, rotated.api_key)).toBe(200);
  });

  it('a restricted key is refused outside its scopes (403 api_key_scope_required, nothing written) and accepted inside them', async () => {
    const shop = await newMerchant('Scoped shop');
    const keyWith = async (scopes: ApiKeyScope[]): Promise<string> => {
      const created = await createKey(a, shop.key, { scopes });
      expect(created.body).toMatchObject({ scopes, prefix: expect.stringMatching(/^rk_test_/) });
      return created.body.secret as string;
    };
    const reader = await keyWith(['read_only']);
    const payments = await keyWith(['payments:write']);
    const refunds = await keyWith(['refunds:write']);
    const hooks = await keyWith(['webhooks:write']);

    // Inside: payments:write creates and captures, refunds:write refunds, webhooks:write registers an endpoint, every key reads.
    const pi = await capturedPayment(payments);
    const refund = await call(b, 'POST', '/v1/refunds', refunds, { payment_intent: pi, amount: 500 });
    expect({ status: refund.status, state: refund.body.status }).toEqual({ status: 200, state: 'succeeded' });
    const endpoint = await call(a, 'POST', '/v1/webhook-endpoints', hooks, { url: 'http://127.0.0.1:9/hooks', enabled_events: ['*'] });
    expect(endpoint.status).toBe(200);
    for (const key of [reader, payments, refunds, hooks]) expect((await call(b, 'GET', `/v1/payment-intents/${pi}`, key)).status).toBe(200);

    // Outside: refused before the request is read, whatever it holds; the streams do not change.
    const before = streams();
    const refusals: Array<[string, string, string, unknown, string]> = [
      [reader, 'POST', '/v1/payment-intents', { amount: 100, currency: 'usd' }, 'payments:write'],
      [reader, 'POST', '/v1/refunds', { payment_intent: pi, amount: 100 }, 'refunds:write'],
      [reader, 'POST', '/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/x', enabled_events: ['*'] }, 'webhooks:write'],
      [payments, 'POST', '/v1/refunds', { payment_intent: pi, amount: 100 }, 'refunds:write'],
      [payments, 'DELETE', `/v1/webhook-endpoints/${endpoint.body.id}`, undefined, 'webhooks:write'],
      [refunds, 'POST', `/v1/payment-intents/${pi}/cancel`, {}, 'payments:write'],
      [hooks, 'POST', '/v1/refunds', { payment_intent: pi, amount: 100 }, 'refunds:write'],
      [hooks, 'POST', '/v1/merchants/me/api-keys', {}, 'unrestricted'],
      [payments, 'GET', '/v1/merchants/me/api-keys', undefined, 'unrestricted'],
    ];
    for (const [key, method, url, body, needed] of refusals) {
      const answer = await call(b, method, url, key, body, { 'idempotency-key': `r-${randomUUID()}` });
      expect({ url, status: answer.status, code: answer.body.error.code, required_scope: answer.body.error.required_scope }).toEqual({ url, status: 403, code: 'api_key_scope_required', required_scope: needed });
    }
    expect(streams()).toEqual(before);

    // A refusal is no use: a key refused every time has never been used.
    const idle = await createKey(a, shop.key, { name: 'idle', scopes: ['read_only'] });
    for (let i = 0; i < 3; i++) expect((await call(a, 'POST', '/v1/refunds', idle.body.secret, { payment_intent: pi, amount: 1 })).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await listKeys(b, shop.key)).find((key) => key.id === idle.body.id)?.['last_used']).toBeNull();

    // The Stripe-compatible API holds them to the same scopes, on its own port and under /stripe: the
    // official client raises its StripePermissionError.
    const stripeAs = (key: string) => new Stripe(key, { host: '127.0.0.1', port: stripePort, protocol: 'http', maxNetworkRetries: 0 });
    await expect(stripeAs(reader).paymentIntents.create({ amount: 100, currency: 'usd' })).rejects.toMatchObject({ type: 'StripePermissionError', statusCode: 403 });
    await expect(stripeAs(payments).refunds.create({ payment_intent: pi, amount: 100 })).rejects.toMatchObject({ type: 'StripePermissionError', statusCode: 403 });
    expect((await stripeAs(reader).paymentIntents.retrieve(pi)).id).toBe(pi);
    expect(await stripeAs(refunds).refunds.create({ payment_intent: pi, amount: 100 })).toMatchObject({ object: 'refund', status: 'succeeded', amount: 100 });
    const underStripe = await fetch(`${b.url}/stripe/v1/customers`, { method: 'POST', headers: { authorization: `Bearer ${hooks}`, 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ada%40example.com' });
    expect(underStripe.status).toBe(403);
    expect(await underStripe.json()).toEqual({ error: { type: 'invalid_request_error', message: expect.stringContaining('payments:write'), request_log_url: expect.any(String) } });
  });

  it('every route of the route table declares its scope, and every route behind a key enforces it', async () => {
    // The declarations, in the route table itself: the native routes, the Stripe-compatible ones, and
    // nothing under /v1 mounted around them.
    const { dir: tableDir, cleanup: tableCleanup } = makeTempDataDir('api-keys-table');
    const gw = await openGateway(tableDir);
    try {
      const routes = gatewayRoutes(gw.deps);
      expect(routes.map(routeScopeProblem).filter((problem) => problem !== null)).toEqual([]);
      const stripe = stripeRouter(gw.deps, '/stripe').routes;
      expect(stripe.map(routeScopeProblem).filter((problem) => problem !== null)).toEqual([]);
      const declared = new Set(routes.map((route) => `${route.method} ${route.path}`));
      const mountedUnderV1 = routeTable(gw.app).filter((route) => route.path.startsWith('/v1/')).map((route) => `${route.method} ${route.path}`);
      expect(mountedUnderV1.filter((route) => !declared.has(route))).toEqual([]);
      expect(routes.filter((route) => route.auth === 'merchant').length).toBeGreaterThan(40);
    } finally {
      await gw.close();
      tableCleanup();
    }

    // The behaviour, on the real process: each documented operation behind a key, called with each kind
    // of restricted key; refused exactly when the key lacks the scope its document declares.
    const shop = await newMerchant('Walking shop');
    const keys: Array<{ scopes: ApiKeyScope[]; secret: string }> = [];
    for (const scopes of [['read_only'], ['payments:write'], ['refunds:write'], ['webhooks:write']] as ApiKeyScope[][]) {
      keys.push({ scopes, secret: (await createKey(a, shop.key, { scopes })).body.secret as string });
    }
    type Operation = { method: string; path: string; scope: string; stripe: boolean };
    const operationsOf = async (url: string, stripe: boolean): Promise<Operation[]> => {
      const document = (await (await fetch(url)).json()) as { paths: Record<string, Record<string, { security?: unknown[]; 'x-payrail-scope'?: string }>> };
      return Object.entries(document.paths).flatMap(([template, ops]) => Object.entries(ops)
        .filter(([, op]) => JSON.stringify(op.security ?? []).includes('bearer'))
        .map(([method, op]) => ({ method, path: template, scope: op['x-payrail-scope'] ?? '(none)', stripe })));
    };
    const operations = [...(await operationsOf(`${a.url}/openapi.json`, false)), ...(await operationsOf(`${a.url}/stripe/openapi.json`, true))];
    expect(operations.filter((op) => !(ROUTE_SCOPES as readonly string[]).includes(op.scope))).toEqual([]);
    expect(operations.filter((op) => op.stripe).length).toBeGreaterThan(30);
    const send = (op: Operation, secret: string) => {
      const url = op.path.replace(/\{date\}/g, '2026-01-01').replace(/\{[^}]+\}/g, 'pi_00000000000000000000000000');
      if (op.stripe) return fetch(`${b.url}${url}`, { method: op.method.toUpperCase(), headers: { authorization: `Bearer ${secret}`, ...(op.method === 'post' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) }, ...(op.method === 'post' ? { body: '' } : {}) });
      return fetch(`${b.url}${url}`, { method: op.method.toUpperCase(), headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, ...(op.method === 'get' ? {} : { body: '{}' }) });
    };
    const refused: string[] = [];
    const before = streams();
    for (const key of keys) {
      for (const op of operations.filter((candidate) => !keyAllows(key.scopes, candidate.scope as RouteScope))) {
        const res = await send(op, key.secret);
        const body = (await res.json()) as { error?: { code?: string; required_scope?: string; type?: string } };
        const expected = op.stripe ? { status: 403, type: 'invalid_request_error' } : { status: 403, code: 'api_key_scope_required', required_scope: op.scope };
        const got = op.stripe ? { status: res.status, type: body.error?.type } : { status: res.status, code: body.error?.code, required_scope: body.error?.required_scope };
        expect({ key: key.scopes.join(','), op: `${op.method} ${op.path}`, ...got }).toEqual({ key: key.scopes.join(','), op: `${op.method} ${op.path}`, ...expected });
        refused.push(`${op.method} ${op.path}`);
      }
    }
    expect(streams()).toEqual(before);
    expect(new Set(refused).size).toBe(operations.filter((op) => op.scope !== 'read').length);
    for (const key of keys) {
      for (const op of operations.filter((candidate) => keyAllows(key.scopes, candidate.scope as RouteScope))) {
        const res = await send(op, key.secret);
        await res.arrayBuffer();
        expect({ key: key.scopes.join(','), op: `${op.method} ${op.path}`, refused: res.status === 403 }).toEqual({ key: key.scopes.join(','), op: `${op.method} ${op.path}`, refused: false });
      }
    }
  });
});
