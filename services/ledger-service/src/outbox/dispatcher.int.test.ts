import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startService } from '@payrail/testing';
import { Webhook } from 'standardwebhooks';
import { WebhookStack, waitForAsync } from '../testing/webhookStack';

/** A merchant's receiver inside the test: verifies each delivery over its raw bytes with the standardwebhooks package. */
interface Receiver {
  url: string;
  received: Array<{ id: string; attempt: number; headers: IncomingHttpHeaders; body: string; verified: boolean; at: number }>;
  close(): Promise<void>;
}

async function startReceiver(secret: () => string, answer: (count: number) => { status: number; headers?: Record<string, string> }): Promise<Receiver> {
  const received: Receiver['received'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        new Webhook(secret()).verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      received.push({ id: String(req.headers['webhook-id']), attempt: Number(req.headers['webhook-attempt']), headers: req.headers, body, verified, at: Date.now() });
      const { status, headers } = answer(received.length);
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const signatures = (header: string): string[] => header.split(' ').filter((s) => s.startsWith('v1,'));

describe('merchant webhooks: gateway → dispatcher → merchant-sim (real processes)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await WebhookStack.start('webhooks', {
      WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms,300ms,400ms',
      WEBHOOK_TIMEOUT_MS: '500',
      WEBHOOK_RETRY_AFTER_MAX_MS: '5000',
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('signs every delivery so that the standardwebhooks package verifies it, with the body of GET /v1/events/{id}', async () => {
    const key = await stack.newMerchant();
    await stack.setSimMode('local', 'normal');
    const { secret } = await stack.endpoint(key, 'local');
    const events: string[] = [];
    for (let i = 0; i < 5; i++) events.push((await stack.payment(key, 1_000 + i)).event);
    await stack.waitForMerchant(events, 10_000);

    const webhook = new Webhook(secret);
    for (const id of events) {
      const event = (await stack.api(key, 'GET', `/v1/events/${id}`)).body;
      const delivery = stack.simDeliveries().find((d) => d.webhook_id === id);
      expect(delivery).toMatchObject({ signature_valid: true, status: 200, attempt: 1, duplicate: false });
      // The headers merchant-sim received verify over the exact bytes of the event as the API shows it.
      expect(webhook.verify(JSON.stringify(event), delivery?.headers ?? {})).toEqual(event);
      expect(delivery?.body).toEqual(event);
      const attempts = (await stack.waitForDeliveries(key, id, (d) => d.data.length > 0, 5_000, 'the recorded attempt')).data;
      expect(attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'delivered', status_code: 200, error: null, next_retry_at: null, endpoint: expect.objectContaining({ secret_ids: ['sec_1'] }) })]);
      expect(webhook.verify(JSON.stringify(event), attempts[0].headers)).toEqual(event);
      expect(attempts[0].headers['webhook-id']).toBe(id);
      expect(attempts[0].webhook_lag_ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('a duplicate delivery (manual retry) is one more attempt of the same event: merchant-sim records the event once', async () => {
    const key = await stack.newMerchant();
    await stack.setSimMode('local', 'normal');
    const { secret } = await stack.endpoint(key, 'local');
    const { event } = await stack.payment(key);
    await stack.waitForMerchant([event], 10_000);

    const retry = await stack.api(key, 'POST', `/v1/events/${event}/retry`, {});
    expect(retry.status).toBe(200);
    expect(retry.body.data).toEqual([expect.objectContaining({ event_id: event, attempt: 2, outcome: 'delivered', status_code: 200, manual: true })]);
    const body = JSON.stringify((await stack.api(key, 'GET', `/v1/events/${event}`)).body);
    expect(() => new Webhook(secret).verify(body, retry.body.data[0].headers)).not.toThrow();

    const seen = (await stack.sim('GET', `/events/${event}`)).body;
    expect(seen).toMatchObject({ id: event, processed: true, attempts: 2 });
    expect(seen.timeline.map((t: { duplicate: boolean }) => t.duplicate)).toEqual([false, true]);
    expect(stack.simDeliveries().filter((d) => d.webhook_id === event && !d.duplicate)).toHaveLength(1);
    const deliveries = await stack.waitForDeliveries(key, event, (d) => d.data.length === 2, 5_000, 'both attempts recorded');
    expect(deliveries.data.map((a: { attempt: number }) => a.attempt)).toEqual([1, 2]);
    expect(new Set(deliveries.data.map((a: { delivery_id: string }) => a.delivery_id)).size).toBe(1);

    // With an Idempotency-Key, asking again replays the answer instead of sending once more.
    const keyed = await stack.api(key, 'POST', `/v1/events/${event}/retry`, {}, { 'idempotency-key': 'resend-1' });
    const again = await stack.api(key, 'POST', `/v1/events/${event}/retry`, {}, { 'idempotency-key': 'resend-1' });
    expect(keyed.body.data).toEqual([expect.objectContaining({ attempt: 3, outcome: 'delivered' })]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.data).toEqual(keyed.body.data);
    const other = await stack.api(key, 'POST', `/v1/events/${event}/retry`, { endpoint: deliveries.data[0].endpoint.id }, { 'idempotency-key': 'resend-1' });
    expect(other.status).toBe(422);
    expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused', param: 'Idempotency-Key' });
    expect((await stack.sim('GET', `/events/${event}`)).body).toMatchObject({ attempts: 3 });
  });

  it('during a secret rotation both secrets sign (two v1 signatures); with no grace only the new one does', async () => {
    const key = await stack.newMerchant();
    await stack.setSimMode('sandbox', 'normal');
    const { id, secret: first } = await stack.endpoint(key, 'sandbox');

    const rotated = await stack.api(key, 'POST', `/v1/webhook-endpoints/${id}/rotate-secret`, {});
    expect(rotated.status).toBe(200);
    const second = rotated.body.secret as string;
    expect(second).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(second).not.toBe(first);
    expect(rotated.body.secrets).toEqual([expect.objectContaining({ id: 'sec_1', status: 'expiring' }), expect.objectContaining({ id: 'sec_2', status: 'active' })]);
    await stack.setSimSecrets('sandbox', [second]); // the merchant switched at once; old receivers still verify

    const { event } = await stack.payment(key);
    await stack.waitForMerchant([event], 10_000);
    const attempt = (await stack.waitForDeliveries(key, event, (d) => d.data.length > 0, 5_000, 'the recorded attempt')).data[0];
    expect(signatures(attempt.headers['webhook-signature'])).toHaveLength(2);
    expect(attempt.endpoint.secret_ids).toEqual(['sec_2', 'sec_1']);
    const body = JSON.stringify((await stack.api(key, 'GET', `/v1/events/${event}`)).body);
    expect(() => new Webhook(first).verify(body, attempt.headers)).not.toThrow();
    expect(() => new Webhook(second).verify(body, attempt.headers)).not.toThrow();

    const immediate = await stack.api(key, 'POST', `/v1/webhook-endpoints/${id}/rotate-secret`, { expires_in_ms: 0 });
    const third = immediate.body.secret as string;
    await stack.setSimSecrets('sandbox', [third]);
    const later = await stack.payment(key);
    await stack.waitForMerchant([later.event], 10_000);
    const only = (await stack.waitForDeliveries(key, later.event, (d) => d.data.length > 0, 5_000, 'the recorded attempt')).data[0];
    expect(signatures(only.headers['webhook-signature'])).toHaveLength(1);
    const laterBody = JSON.stringify((await stack.api(key, 'GET', `/v1/events/${later.event}`)).body);
    expect(() => new Webhook(third).verify(laterBody, only.headers)).not.toThrow();
    expect(() => new Webhook(second).verify(laterBody, only.headers)).toThrow();
    expect((await stack.api(key, 'GET', `/v1/webhook-endpoints/${id}`)).body.secret).toBeUndefined();
  });

  it('retries an offline merchant on the schedule and delivers once it is back', async () => {
    const key = await stack.newMerchant();
    await stack.setSimMode('staging', 'offline');
    await stack.endpoint(key, 'staging');
    const { event } = await stack.payment(key);
    const failing = await stack.waitForDeliveries(key, event, (d) => d.data.length >= 2, 10_000, 'two failed attempts');
    expect(failing.data.slice(0, 2)).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', status_code: 503, error: 'HTTP 503', next_retry_at: expect.any(String) }),
      expect.objectContaining({ attempt: 2, outcome: 'failed', status_code: 503, next_retry_at: expect.any(String) }),
    ]);
    expect(failing.deliveries[0]).toMatchObject({ state: 'retrying' });

    await stack.setSimMode('staging', 'normal');
    const done = await stack.waitForDeliveries(key, event, (d) => d.deliveries[0]?.state === 'delivered', 10_000, 'delivery after the merchant came back');
    const attempts = done.data as Array<{ attempt: number; outcome: string; attempted_at: string }>;
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(attempts[attempts.length - 1]).toMatchObject({ outcome: 'delivered' });
    // The schedule spaces the retries: 100 ms then 200 ms (±10 % jitter).
    expect(Date.parse(attempts[1]?.attempted_at ?? '') - Date.parse(attempts[0]?.attempted_at ?? '')).toBeGreaterThanOrEqual(85);
    const seen = (await stack.sim('GET', `/events/${event}`)).body;
    expect(seen).toMatchObject({ processed: true, attempts: attempts.length });
  });

  it('counts an endpoint that does not answer within WEBHOOK_TIMEOUT_MS as failed, then retries', async () => {
    const key = await stack.newMerchant();
    await stack.setSimMode('local', 'timeout', { timeout_ms: 5_000 });
    await stack.endpoint(key, 'local');
    const { event } = await stack.payment(key);
    const timedOut = await stack.waitForDeliveries(key, event, (d) => d.data.length >= 1, 10_000, 'a timed-out attempt');
    expect(timedOut.data[0]).toMatchObject({ attempt: 1, outcome: 'failed', status_code: null, error: expect.stringMatching(/timeout/) });
    expect(timedOut.data[0].latency_ms).toBeGreaterThanOrEqual(490);
    expect(timedOut.data[0].latency_ms).toBeLessThan(2_000);
    await stack.setSimMode('local', 'normal');
    await stack.waitForDeliveries(key, event, (d) => d.deliveries[0]?.state === 'delivered', 10_000, 'delivery once the merchant answers in time');
  });

  it('dead-letters a delivery after the last scheduled attempt; a manual retry from the DLQ delivers it', async () => {
    const key = await stack.newMerchant();
    await stack.setSimMode('sandbox', 'offline');
    const { id } = await stack.endpoint(key, 'sandbox');
    const { event } = await stack.payment(key);
    const dead = await stack.waitForDeliveries(key, event, (d) => d.deliveries[0]?.state === 'dead_lettered', 10_000, 'the dead-letter queue');
    expect(dead.data).toHaveLength(5);
    expect(dead.data[4]).toMatchObject({ attempt: 5, outcome: 'dead_lettered', next_retry_at: null });
    const deliveryId = dead.deliveries[0].delivery_id;
    expect(stack.lines('outbox/dlq')).toContainEqual(expect.objectContaining({ type: 'outbox.dead_lettered', data: expect.objectContaining({ delivery_id: deliveryId, event_id: event, attempts: 5, last_status: 503 }) }));
    const status = (await stack.internal('GET', '/outbox/status')).body;
    expect(status.endpoints).toContainEqual(expect.objectContaining({ id, dead_letter_queue: 1, pending_retries: 0 }));

    await stack.setSimMode('sandbox', 'normal');
    const retry = await stack.api(key, 'POST', `/v1/events/${event}/retry`, { endpoint: id });
    expect(retry.status).toBe(200);
    expect(retry.body.data).toEqual([expect.objectContaining({ delivery_id: deliveryId, attempt: 6, outcome: 'delivered', manual: true })]);
    const after = await stack.deliveries(key, event);
    expect(after.deliveries[0]).toMatchObject({ state: 'delivered', attempts: 6 });
    expect((await stack.sim('GET', `/events/${event}`)).body).toMatchObject({ processed: true, attempts: 6 });
    expect((await stack.api(key, 'GET', `/v1/events`)).body.data).toHaveLength(1); // one event, never a new one
  });

  it('a slow endpoint never holds up another: each gets its own queue, and a healthy one gets events in ledger order', async () => {
    const key = await stack.newMerchant();
    await stack.setSimMode('staging', 'timeout', { timeout_ms: 10_000 });
    const slow = await stack.endpoint(key, 'staging');
    let secret = '';
    const receiver = await startReceiver(() => secret, () => ({ status: 200 }));
    try {
      const fast = await stack.api(key, 'POST', '/v1/webhook-endpoints', { url: receiver.url, enabled_events: ['payment_intent.*'] });
      secret = fast.body.secret;
      const events: string[] = [];
      for (let i = 0; i < 30; i++) events.push((await stack.payment(key, 100 + i)).event);
      await waitForAsync(() => new Set(receiver.received.map((r) => r.id)).size === 30, 3_000, 'the healthy endpoint to get all 30 events');
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      // The slow endpoint has not delivered anything meanwhile (its attempts wait for the timeout).
      expect(stack.simDeliveries().filter((d) => d.webhook_id !== undefined && events.includes(d.webhook_id) && d.status === 200 && d.env === 'staging')).toHaveLength(0);
      // Sent in ledger order: attempts to the healthy endpoint start in the order of the events.
      const toFast = (d: { data: Array<{ endpoint: { id: string }; attempted_at: string }> }) => d.data.find((a) => a.endpoint.id === fast.body.id);
      const started = await Promise.all(events.map(async (id) => toFast(await stack.waitForDeliveries(key, id, (d) => toFast(d) !== undefined, 5_000, 'the recorded attempt'))?.attempted_at as string));
      expect([...started].sort()).toEqual(started);
    } finally {
      await stack.api(key, 'DELETE', `/v1/webhook-endpoints/${slow.id}`);
      await stack.setSimMode('staging', 'normal');
      await receiver.close();
    }
  });

  it('honours Retry-After on 429, and disables an endpoint that answers 410 Gone', async () => {
    const key = await stack.newMerchant();
    let secret = '';
    const limited = await startReceiver(() => secret, (count) => (count === 1 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 }));
    try {
      const endpoint = await stack.api(key, 'POST', '/v1/webhook-endpoints', { url: limited.url, enabled_events: ['*'] });
      secret = endpoint.body.secret;
      const { event } = await stack.payment(key);
      const done = await stack.waitForDeliveries(key, event, (d) => d.deliveries[0]?.state === 'delivered', 10_000, 'delivery after Retry-After');
      const [first, second] = done.data as Array<{ attempted_at: string; next_retry_at: string; status_code: number }>;
      expect(first?.status_code).toBe(429);
      expect(Date.parse(first?.next_retry_at ?? '') - Date.parse(first?.attempted_at ?? '')).toBeGreaterThanOrEqual(1_000);
      expect(Date.parse(second?.attempted_at ?? '') - Date.parse(first?.attempted_at ?? '')).toBeGreaterThanOrEqual(1_000);
      await stack.api(key, 'DELETE', `/v1/webhook-endpoints/${endpoint.body.id}`);
    } finally {
      await limited.close();
    }

    const gone = await startReceiver(() => secret, () => ({ status: 410 }));
    try {
      const endpoint = await stack.api(key, 'POST', '/v1/webhook-endpoints', { url: gone.url, enabled_events: ['*'] });
      secret = endpoint.body.secret;
      const { event } = await stack.payment(key);
      await waitForAsync(async () => (await stack.api(key, 'GET', `/v1/webhook-endpoints/${endpoint.body.id}`)).body.status === 'disabled', 10_000, 'the endpoint to be disabled');
      expect((await stack.api(key, 'GET', `/v1/webhook-endpoints/${endpoint.body.id}`)).body).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
      expect((await stack.deliveries(key, event)).data).toEqual([expect.objectContaining({ attempt: 1, status_code: 410, outcome: 'disabled', next_retry_at: null })]);
      await stack.payment(key);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(gone.received).toHaveLength(1);
    } finally {
      await gone.close();
    }
  });
});

describe('the dispatcher across restarts (real processes, kill -9)', () => {
  let stack: WebhookStack;
  beforeAll(async () => {
    stack = await WebhookStack.start('webhooks-crash', { WEBHOOK_RETRY_SCHEDULE: '0,100ms,200ms,300ms,400ms,500ms' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('killed mid-stream and restarted, it delivers every event at least once; merchant-sim records each once', async () => {
    const key = stack.demoKey;
    await stack.endpoint(key, 'local');
    const events: string[] = [];
    const create = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) events.push((await stack.payment(key, 500 + events.length)).event);
    };
    const writing = create(150);
    await waitForAsync(() => stack.simDeliveries().length >= 40, 10_000, 'deliveries under way');
    await stack.ledger.kill();
    expect(events.length).toBeLessThan(150); // mid-stream: payments keep coming
    await create(30); // committed while the dispatcher is down
    stack.ledger = await startService('ledger-service', 'LEDGER_PORT', stack.env);
    await writing;
    await stack.waitForMerchant(events, 20_000);

    const listed: string[] = [];
    for (let after: string | undefined; ;) {
      const page = (await stack.sim('GET', `/events?env=local&limit=100${after === undefined ? '' : `&starting_after=${after}`}`)).body;
      listed.push(...page.data.map((e: { id: string }) => e.id));
      if (!page.has_more) break;
      after = page.data[page.data.length - 1].id;
    }
    expect(listed).toHaveLength(events.length);
    expect(new Set(listed)).toEqual(new Set(events));
    const processed = stack.simDeliveries().filter((d) => d.status === 200 && !d.duplicate);
    expect(processed).toHaveLength(events.length);
    expect(stack.simDeliveries().every((d) => d.signature_valid)).toBe(true);
    // The dispatcher's own log records a delivered attempt for every event too (lines are written just after the answers).
    const delivered = () => new Set(stack.lines('outbox/deliveries').filter((l) => l.data['outcome'] === 'delivered').map((l) => l.data['event_id']));
    await waitForAsync(() => delivered().size === events.length, 5_000, 'a delivered attempt recorded for every event');
    expect(delivered()).toEqual(new Set(events));
  });

  it('reschedules a pending retry after a restart instead of starting the delivery over', async () => {
    const key = stack.demoKey;
    await stack.setSimMode('local', 'offline');
    const { event } = await stack.payment(key);
    await stack.waitForDeliveries(key, event, (d) => d.data.length >= 1, 10_000, 'a failed attempt');
    await stack.restartLedger('stop');
    await stack.setSimMode('local', 'normal');
    const done = await stack.waitForDeliveries(key, event, (d) => d.deliveries[0]?.state === 'delivered', 10_000, 'delivery after the restart');
    expect(done.deliveries).toHaveLength(1);
    expect(done.data[0].attempt).toBe(1);
    expect(done.data[done.data.length - 1].attempt).toBe(done.data.length);
  });
});
