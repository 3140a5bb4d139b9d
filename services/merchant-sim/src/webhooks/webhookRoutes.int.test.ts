import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateWebhookSecret, signStandardWebhook } from '@payrail/core';
import { makeTempDataDir, startService, testEnv, type RunningService } from '@payrail/testing';
import { Webhook } from 'standardwebhooks';

const TOKEN = 'test-internal-token-0123456789';
const SECRET = generateWebhookSecret();
const nowS = (): number => Math.floor(Date.now() / 1000);

let counter = 0;
const nextId = (prefix: string): string => `${prefix}_test${Date.now().toString(36)}${(counter += 1)}`;

/** A gateway-style event body for payment intent `pi`. */
function eventBody(pi: string, { type = 'payment_intent.captured', status = 'captured', created = nowS() } = {}): { id: string; body: string } {
  const id = nextId('evt');
  return { id, body: JSON.stringify({ id, type, created, data: { object: { id: pi, object: 'payment_intent', amount: 1099, currency: 'USD', status } } }) };
}

describe('merchant-sim webhook receiver (real process)', () => {
  let service: RunningService;
  let cleanup: () => void;
  let dataDir: string;

  const deliver = (env: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> =>
    fetch(`${service.url}/webhooks/${env}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, ...(signal === undefined ? {} : { signal }) });
  const signed = (id: string, body: string, secrets = [SECRET], timestamp = nowS()) => signStandardWebhook({ id, timestamp, body, secrets });
  const admin = (method: string, route: string, body?: unknown): Promise<Response> =>
    fetch(`${service.url}${route}`, { method, headers: { 'x-internal-token': TOKEN, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const bodyOf = (response: Response): Promise<any> => response.json();
  const getJson = async (route: string): Promise<any> => bodyOf(await fetch(`${service.url}${route}`));
  const setMode = async (env: string, setting: unknown): Promise<void> => {
    const response = await admin('PUT', `/admin/modes/${env}`, setting);
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    ({ dir: dataDir, cleanup } = makeTempDataDir('merchant-sim'));
    service = await startService('merchant-sim', 'MERCHANT_SIM_PORT', testEnv(dataDir, { MERCHANT_SIM_SECRETS: JSON.stringify({ local: [SECRET] }) }));
  });

  afterAll(async () => {
    await service?.stop();
    cleanup?.();
  });

  afterEach(async () => {
    await setMode('local', { mode: 'normal' });
  });

  it('given a valid delivery, stores it as SIG OK, answers 200 and shows one event with its badges', async () => {
    const { id, body } = eventBody('pi_valid');
    const response = await deliver('local', body, signed(id, body));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: true, id, attempt: 1, duplicate: false });

    const list = await getJson('/events?env=local&signature=ok');
    const listed = list.data.find((event: { id: string }) => event.id === id);
    expect(listed).toMatchObject({ type: 'payment_intent.captured', order_id: 'pi_valid', processed: true, badges: { signature: 'SIG OK', retries: 0 } });
    expect(listed.badges.delta_s).toBeGreaterThanOrEqual(0);
    expect(listed.labels[0]).toBe('SIG OK');

    const detail = await getJson(`/events/${id}`);
    expect(detail.payload).toEqual(JSON.parse(body));
    expect(detail.timeline).toHaveLength(1);
    expect(detail.timeline[0]).toMatchObject({ attempt: 1, status: 200, mode: 'normal', signature: 'SIG OK', headers: { 'webhook-id': id } });
    expect(detail.timeline[0].headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('given a tampered body, a wrong secret or an old timestamp, stores SIG FAIL with the reason and answers 400', async () => {
    const cases: Array<[string, (id: string, body: string) => { body: string; headers: Record<string, string> }, string]> = [
      ['tampered', (id, body) => ({ body: body.replace('1099', '1'), headers: signed(id, body) }), 'no_matching_signature'],
      ['wrong secret', (id, body) => ({ body, headers: signed(id, body, [generateWebhookSecret()]) }), 'no_matching_signature'],
      ['old timestamp', (id, body) => ({ body, headers: signed(id, body, [SECRET], nowS() - 301) }), 'timestamp_too_old'],
      ['no headers', (_id, body) => ({ body, headers: {} }), 'missing_headers'],
    ];
    for (const [label, make, reason] of cases) {
      const { id, body } = eventBody(`pi_${label.replace(' ', '_')}`);
      const attempt = make(id, body);
      const response = await deliver('local', attempt.body, attempt.headers);
      expect([label, response.status]).toEqual([label, 400]);
      expect((await bodyOf(response)).error).toMatchObject({ code: 'webhook_signature_invalid', param: 'webhook-signature', signature_reason: reason });
    }
    const failed = await getJson('/events?signature=fail&limit=100');
    expect(failed.data.length).toBeGreaterThanOrEqual(4);
    const tampered = failed.data.find((event: { order_id: string }) => event.order_id === 'pi_tampered');
    expect(tampered).toMatchObject({ processed: false, badges: { signature: 'SIG FAIL' }, last_status: 400 });
    // A payment the merchant only heard of through unverified deliveries is no order of its own.
    expect((await fetch(`${service.url}/orders/pi_tampered`)).status).toBe(404);
  });

  it('given the same webhook-id twice, records two attempts and keeps one event', async () => {
    const { id, body } = eventBody('pi_duplicate');
    const headers = signed(id, body);
    expect((await deliver('local', body, headers)).status).toBe(200);
    const second = await deliver('local', body, { ...headers, 'webhook-attempt': '2' });
    expect(await second.json()).toMatchObject({ attempt: 2, duplicate: true });

    const events = (await getJson('/events?limit=100')).data.filter((event: { id: string }) => event.id === id);
    expect(events).toHaveLength(1);
    expect(events[0].badges.retries).toBe(1);
    expect(events[0].labels).toContain('RETRY 1');
    const detail = await getJson(`/events/${id}`);
    expect(detail.timeline.map((attempt: { attempt: number; duplicate: boolean; processed: boolean }) => [attempt.attempt, attempt.duplicate, attempt.processed])).toEqual([
      [1, false, true],
      [2, true, false],
    ]);
    expect(detail.timeline[1].since_previous_s).toBeGreaterThanOrEqual(0);
    expect((await getJson('/orders/pi_duplicate')).history).toHaveLength(1);
  });

  it('given concurrent deliveries of one event, processes it exactly once', async () => {
    const { id, body } = eventBody('pi_concurrent');
    const headers = signed(id, body);
    const answers = await Promise.all(Array.from({ length: 6 }, async () => bodyOf(await deliver('local', body, headers))));
    expect(answers.filter((answer) => answer.duplicate === false)).toHaveLength(1);
    expect(answers.map((answer) => answer.attempt).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await getJson('/orders/pi_concurrent')).history).toHaveLength(1);
  });

  it('given a body over the limit, records the attempt without its body and answers 413', async () => {
    const id = nextId('evt');
    const body = JSON.stringify({ id, filler: 'x'.repeat(300 * 1024) });
    const response = await deliver('local', body, signed(id, body));
    expect(response.status).toBe(413);
    expect((await getJson(`/events/${id}`)).timeline[0]).toMatchObject({ signature: 'SIG FAIL', signature_reason: 'body_too_large', status: 413, body_bytes: Buffer.byteLength(body) });
  });

  it('accepts either secret during a rotation pushed at run time', async () => {
    const next = generateWebhookSecret();
    const rotated = await admin('PUT', '/admin/secrets/local', { secrets: [next, SECRET] });
    expect(rotated.status).toBe(200);
    const shown = await rotated.text();
    expect(shown).not.toContain(next);
    expect(JSON.parse(shown)).toMatchObject({ env: 'local', count: 2 });

    for (const secrets of [[SECRET], [next], [next, SECRET]]) {
      const { id, body } = eventBody('pi_rotation');
      expect((await deliver('local', body, signed(id, body, secrets))).status).toBe(200);
    }
    expect((await admin('PUT', '/admin/secrets/local', { secrets: [SECRET] })).status).toBe(200);
    const { id, body } = eventBody('pi_rotation');
    expect((await deliver('local', body, signed(id, body, [next]))).status).toBe(400);
  });

  it('accepts deliveries signed by the standardwebhooks package', async () => {
    const { id, body } = eventBody('pi_thirdparty');
    const timestamp = nowS();
    const signature = new Webhook(SECRET).sign(id, new Date(timestamp * 1000), body);
    const response = await deliver('local', body, { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature });
    expect(response.status).toBe(200);
  });

  it('with no secret for an env, stores every delivery as SIG FAIL no_secret_configured', async () => {
    const { id, body } = eventBody('pi_nosecret');
    const response = await deliver('staging', body, signed(id, body));
    expect(response.status).toBe(400);
    expect((await getJson(`/events/${id}`)).timeline[0]).toMatchObject({ signature: 'SIG FAIL', signature_reason: 'no_secret_configured', env: 'staging' });
  });

  it('offline mode answers 503 at once and still records the attempt; the retry later is processed', async () => {
    await setMode('local', { mode: 'offline' });
    const { id, body } = eventBody('pi_offline');
    const offline = await deliver('local', body, signed(id, body));
    expect(offline.status).toBe(503);
    expect((await getJson(`/events/${id}`)).timeline[0]).toMatchObject({ mode: 'offline', status: 503, processed: false });
    expect((await fetch(`${service.url}/orders/pi_offline`)).status).toBe(404);

    await setMode('local', { mode: 'normal' });
    expect((await deliver('local', body, signed(id, body))).status).toBe(200);
    const detail = await getJson(`/events/${id}`);
    expect(detail).toMatchObject({ processed: true, badges: { retries: 1 } });
    expect((await getJson('/orders/pi_offline')).status).toBe('captured');
  });

  it('timeout mode answers only after timeout_ms, and notes a sender that gave up first', async () => {
    await setMode('local', { mode: 'timeout', timeout_ms: 400 });
    const patient = eventBody('pi_timeout');
    const started = Date.now();
    const response = await deliver('local', patient.body, signed(patient.id, patient.body));
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect((await getJson(`/events/${patient.id}`)).timeline[0]).toMatchObject({ mode: 'timeout', timeout_ms: 400, sender_disconnected: false });
    expect((await getJson(`/events/${patient.id}`)).timeline[0].latency_ms).toBeGreaterThanOrEqual(400);

    const hasty = eventBody('pi_timeout_hasty');
    await expect(deliver('local', hasty.body, signed(hasty.id, hasty.body), AbortSignal.timeout(100))).rejects.toThrow();
    const deadline = Date.now() + 5_000;
    let attempt: any;
    while (attempt === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const found = await fetch(`${service.url}/events/${hasty.id}`);
      if (found.ok) attempt = (await bodyOf(found)).timeline[0];
    }
    expect(attempt).toMatchObject({ mode: 'timeout', sender_disconnected: true });
  });

  it('flaky mode at 100% answers 500 and records it; at 0% answers 200', async () => {
    await setMode('local', { mode: 'flaky', flaky_pct: 100 });
    const { id, body } = eventBody('pi_flaky');
    expect((await deliver('local', body, signed(id, body))).status).toBe(500);
    expect((await getJson(`/events/${id}`)).timeline[0]).toMatchObject({ mode: 'flaky', flaky_pct: 100, status: 500, processed: false });
    await setMode('local', { mode: 'flaky', flaky_pct: 0 });
    expect((await deliver('local', body, signed(id, body))).status).toBe(200);
  });

  it('modes are per env, listed, and refuse bad values with the error shape', async () => {
    await setMode('sandbox', { mode: 'offline' });
    const modes = await bodyOf(await admin('GET', '/admin/modes'));
    expect(modes.data).toMatchObject({ sandbox: { mode: 'offline' }, local: { mode: 'normal' } });
    await setMode('sandbox', { mode: 'normal' });

    const bad = async (env: string, body: unknown) => bodyOf(await admin('PUT', `/admin/modes/${env}`, body));
    expect((await bad('local', { mode: 'sleepy' })).error).toMatchObject({ code: 'parameter_invalid', param: 'mode' });
    expect((await bad('local', { mode: 'flaky', flaky_pct: 101 })).error).toMatchObject({ code: 'parameter_invalid', param: 'flaky_pct' });
    expect((await bad('local', { mode: 'timeout', timeout_ms: -1 })).error).toMatchObject({ param: 'timeout_ms' });
    expect((await bad('local', { flaky_pct: 1 })).error).toMatchObject({ code: 'parameter_missing', param: 'mode' });
    expect((await bad('prod', { mode: 'normal' })).error).toMatchObject({ code: 'resource_missing', param: 'env' });
    const unauthenticated = await fetch(`${service.url}/admin/modes/local`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"mode":"offline"}' });
    expect(unauthenticated.status).toBe(401);
    expect((await admin('GET', '/admin/modes')).status).toBe(200);
  });

  it('refuses malformed secrets without echoing them, and never shows a secret', async () => {
    const response = await admin('PUT', '/admin/secrets/local', { secrets: ['whsec_tooShort'] });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain('tooShort');
    expect(JSON.parse(text).error).toMatchObject({ code: 'parameter_invalid', param: 'secrets' });
    const summary = await (await admin('GET', '/admin/secrets')).text();
    expect(summary).not.toContain(SECRET);
    expect(JSON.parse(summary).data.local).toMatchObject({ count: 1, fingerprints: [expect.stringMatching(/^[0-9a-f]{12}$/)] });
  });

  it('stores a body that is not JSON as text, and never a card number', async () => {
    const id = nextId('evt');
    const body = 'card 4242 4242 4242 4242 here';
    expect((await deliver('local', body, { ...signed(id, body), 'content-type': 'text/plain' })).status).toBe(200);
    const detail = await getJson(`/events/${id}`);
    expect(detail.payload).toBe('card 424242******4242 here');
    expect(detail.timeline[0]).toMatchObject({ body_masked: true, signature: 'SIG OK' });
    const stream = readFileSync(path.join(dataDir, 'merchant-sim', 'deliveries.jsonl'), 'utf8');
    expect(stream).not.toContain('4242 4242 4242 4242');
    expect(stream).not.toContain('4242424242424242');
  });

  it('lists newest first with limit and starting_after, and refuses bad queries', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { id, body } = eventBody('pi_paging');
      ids.push(id);
      await deliver('sandbox', body, { 'webhook-id': id });
    }
    const first = await getJson('/events?env=sandbox&limit=2');
    expect(first.data.map((event: { id: string }) => event.id)).toEqual([ids[2], ids[1]]);
    expect(first.has_more).toBe(true);
    const second = await getJson(`/events?env=sandbox&limit=2&starting_after=${ids[1]}`);
    expect(second.data.map((event: { id: string }) => event.id)).toEqual([ids[0]]);
    expect(second.has_more).toBe(false);

    expect((await getJson('/events?limit=0')).error).toMatchObject({ code: 'parameter_invalid', param: 'limit' });
    expect((await getJson('/events?signature=maybe')).error).toMatchObject({ param: 'signature' });
    expect((await getJson('/events?color=red')).error).toMatchObject({ code: 'parameter_unknown', param: 'color' });
    expect((await getJson('/events/evt_nope')).error).toMatchObject({ code: 'resource_missing', param: 'id' });
    expect((await fetch(`${service.url}/webhooks/prod`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
