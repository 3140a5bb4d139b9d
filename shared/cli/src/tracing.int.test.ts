import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { luhnCheckDigit } from '@payrail/core';
import { freePort, makeTempDataDir, startService, testEnv } from '@payrail/testing';
import type { SpanLine } from '@payrail/tracing';
import { startPayrail, type PayrailStart } from './testing/payrailStart';

/** Longest wait for the last hop (merchant-sim) and for the spans of every service to be written. */
const HOPS_TIMEOUT_MS = 20_000;

type Line = Record<string, unknown>;

function spansIn(dir: string): SpanLine[] {
  const file = path.join(dir, 'traces', 'spans.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').flatMap((line) => {
    try {
      return line === '' ? [] : [JSON.parse(line) as SpanLine];
    } catch {
      return [];
    }
  });
}

async function until<T>(what: () => T, done: (value: T) => boolean, timeout_ms: number): Promise<T> {
  const deadline = Date.now() + timeout_ms;
  let value = what();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = what();
  }
  return value;
}

const newTraceId = (): string => randomBytes(16).toString('hex');
const newSpanId = (): string => randomBytes(8).toString('hex');

describe('distributed tracing: one checkout is one trace across every service', () => {
  let payrail: PayrailStart;
  beforeAll(async () => {
    // A short processor timeout, so the scripted network_timeout of the first attempt fails over quickly.
    payrail = await startPayrail('tracing', { LOG_LEVEL: 'info', TAIL_POLL_MS: '100', OTEL_BSP_SCHEDULE_DELAY: '100', PROCESSOR_TIMEOUT_MS: '1000', PROVIDER_TIMEOUT_MS: '1500' });
  }, 40_000);
  afterAll(async () => {
    await payrail?.cleanup();
  });

  it('create + confirm (with a failover) through the gateway: vault, provider-sim, its webhook, ledger-service and merchant-sim join the trace', async () => {
    // Given a merchant whose checkout is traced: its calls carry one traceparent (W3C), as a traced client's do
    const traceId = newTraceId();
    const headers = { 'content-type': 'application/json', traceparent: `00-${traceId}-${newSpanId()}-01` };
    const merchant = { ...headers, authorization: `Bearer ${payrail.env['DEMO_MERCHANT_API_KEY']}` };
    const post = async (url: string, body: unknown, extra: Record<string, string>): Promise<any> => {
      const response = await fetch(url, { method: 'POST', headers: extra, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
      const parsed = await response.json();
      if (response.status >= 300) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(parsed)}`);
      return parsed;
    };
    let digits = '424242';
    while (digits.length < 15) digits += String(randomInt(10));
    const gateway = payrail.url('GATEWAY_PORT');
    const { token } = await post(`${payrail.url('VAULT_PORT')}/tokens`, { pan: digits + luhnCheckDigit(digits), exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvv: '123' }, { 'content-type': 'application/json', 'x-internal-token': payrail.env['INTERNAL_TOKEN'] as string });

    // When it creates and confirms a payment whose first processor attempt times out (scripted)
    const intent = await post(`${gateway}/v1/payment-intents`, { amount: 2_500, currency: 'usd', payment_method: token, simulate: ['network_timeout', 'success'] }, { ...merchant, 'idempotency-key': `trace-${traceId}` });
    const confirmed = await post(`${gateway}/v1/payment-intents/${intent.id}/confirm`, {}, merchant);
    expect(confirmed.status).toBe('captured');

    // Then every service wrote spans of that one trace
    const ofTrace = (): SpanLine[] => spansIn(payrail.dir).filter((span) => span.trace_id === traceId);
    const merchantSimDelivery = (spans: SpanLine[]): boolean => spans.some((s) => s.service === 'merchant-sim' && s.kind === 'server' && String(s.attributes['webhook.id'] ?? '').startsWith('evt_'));
    const gatewayWebhook = (spans: SpanLine[]): SpanLine | undefined => spans.find((s) => s.service === 'api-gateway' && s.kind === 'server' && s.name.startsWith('POST /v1/webhooks/provider/'));
    // Each service writes its spans in its own batches: wait until the webhook's send span (provider-sim's) is written too.
    const webhookSent = (spans: SpanLine[]): boolean => {
      const parent = spans.find((s) => s.span_id === gatewayWebhook(spans)?.parent_span_id);
      return parent !== undefined && spans.some((s) => s.span_id === parent.parent_span_id);
    };
    const spans = await until(ofTrace, (found) => merchantSimDelivery(found) && gatewayWebhook(found) !== undefined && webhookSent(found), HOPS_TIMEOUT_MS);
    const services = new Set(spans.map((s) => s.service));
    expect([...services].sort()).toEqual(['api-gateway', 'ledger-service', 'merchant-sim', 'provider-sim', 'vault-service']);
    const byId = new Map(spans.map((s) => [s.span_id, s]));

    // the gateway's server spans are named by route and are children of the merchant's span
    const confirm = spans.find((s) => s.service === 'api-gateway' && s.kind === 'server' && s.name === 'POST /v1/payment-intents/:id/confirm');
    expect(confirm).toBeDefined();
    expect(spans.find((s) => s.service === 'vault-service' && s.kind === 'server')).toBeDefined();

    // one processor.attempt span per attempt: the first failed over, the second authorized
    const attempts = spans.filter((s) => s.name === 'processor.attempt').sort((a, b) => Number(a.attributes['payrail.attempt']) - Number(b.attributes['payrail.attempt']));
    expect(attempts.map((a) => [a.attributes['payrail.attempt'], a.attributes['payrail.outcome'], a.attributes['payrail.next'] ?? null])).toEqual([[1, 'no_answer', 'failover'], [2, 'authorized', null]]);
    expect(attempts[0]?.attributes['payrail.processor']).not.toBe(attempts[1]?.attributes['payrail.processor']);
    expect(String(attempts[1]?.attributes['payrail.routing_reason'])).toMatch(/^failover: /);
    expect(typeof attempts[0]?.attributes['payrail.routing_reason']).toBe('string');
    // provider-sim's handling of each attempt is under the attempt's HTTP client span
    for (const attempt of attempts) {
      const served = spans.filter((s) => s.service === 'provider-sim' && s.kind === 'server' && byId.get(s.parent_span_id ?? '')?.parent_span_id === attempt.span_id);
      expect(served.length).toBeGreaterThanOrEqual(1);
    }

    // the processor's webhook reached the gateway in the same trace (provider-sim's send span is its grandparent)
    const webhook = gatewayWebhook(spans) as SpanLine;
    const sendSpan = byId.get(byId.get(webhook.parent_span_id ?? '')?.parent_span_id ?? '');
    expect(sendSpan?.name).toBe('provider_sim.webhook.send');

    // journal commits: one span per command, each linked to its batch, whose phases are its children
    const commits = spans.filter((s) => s.service === 'api-gateway' && s.name === 'journal.commit');
    expect(commits.length).toBeGreaterThanOrEqual(3);
    for (const commit of commits) {
      const batchLink = commit.links.find((l) => l.attributes['journal.link'] === 'batch');
      expect(batchLink).toBeDefined();
      expect(commit.events.find((e) => e.name === 'journal.batch')?.attributes['journal.fsync_ms']).toEqual(expect.any(Number));
    }
    const batches = spans.filter((s) => s.name === 'journal.batch');
    expect(batches.length).toBeGreaterThanOrEqual(1);
    const phases = new Set(spans.filter((s) => batches.some((b) => b.span_id === s.parent_span_id)).map((s) => s.name));
    for (const phase of ['journal.lock_wait', 'journal.catch_up', 'journal.write', 'journal.fsync']) expect(phases).toContain(phase);

    // the outbox delivered the ledger events in the trace of their commits, and merchant-sim received them there
    const deliveries = spans.filter((s) => s.service === 'ledger-service' && s.name === 'outbox.webhook.deliver');
    expect(deliveries.length).toBeGreaterThanOrEqual(1);
    for (const delivery of deliveries) expect(byId.get(delivery.parent_span_id ?? '')?.name).toBe('journal.commit');

    // every ledger line of the payment names its commit's span
    const ledgerLines = readFileSync(path.join(payrail.dir, 'ledger', 'payments.jsonl'), 'utf8').split('\n').filter((l) => l.includes(intent.id)).map((l) => JSON.parse(l) as Line);
    expect(ledgerLines.length).toBeGreaterThanOrEqual(4);
    for (const line of ledgerLines) expect(String(line['traceparent'])).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    // the log lines written inside the trace carry its ids
    const logged = (service: string): Line[] => payrail.logLines(service).filter((l) => l['trace_id'] === traceId);
    const gatewayLines = await until(() => logged('api-gateway'), (lines) => lines.length > 0, 5_000);
    expect(gatewayLines.every((l) => typeof l['span_id'] === 'string' && /^[0-9a-f]{16}$/.test(l['span_id'] as string))).toBe(true);
    expect(gatewayLines.some((l) => l['msg'] === 'request finished')).toBe(true);
    for (const service of ['vault-service', 'provider-sim', 'ledger-service', 'merchant-sim']) expect({ service, lines: (await until(() => logged(service), (lines) => lines.length > 0, 5_000)).length > 0 }).toEqual({ service, lines: true });

    // the console's trace of the payment answers these spans, and only spans of the payment's traces
    const auth = { authorization: `Bearer ${payrail.env['DEMO_MERCHANT_API_KEY']}` };
    const shown = (await (await fetch(`${gateway}/v1/console/payments/${intent.id}/trace`, { headers: auth })).json()) as { trace_ids: string[]; spans: Array<SpanLine & { offset_ms: number }> };
    expect(shown.trace_ids).toEqual([traceId]);
    expect(new Set(shown.spans.map((s) => s.service)).size).toBe(5);
    expect(shown.spans.every((s) => s.trace_id === traceId && s.links.every((l) => l.trace_id === traceId) && s.offset_ms >= 0)).toBe(true);
    expect((await fetch(`${gateway}/v1/console/payments/pi_${'0'.repeat(26)}/trace`, { headers: auth })).status).toBe(404);

    // and the gateway exports the lock wait of its ledger batches
    const metrics = await (await fetch(`${gateway}/metrics`)).text();
    expect(metrics).toMatch(/journal_lock_wait_seconds_count\{service="api-gateway"\} [1-9]/);
  }, 60_000);
});

describe('OTEL_EXPORTER_OTLP_ENDPOINT sends the spans to a collector instead of the file', () => {
  let collector: Server;
  const received: Array<{ path: string; body: any }> = [];
  beforeAll(async () => {
    collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => collector.close(resolve));
  });

  it('vault-service POSTs OTLP/HTTP JSON to <endpoint>/v1/traces, with its service name, and writes no span file', async () => {
    const { dir, cleanup } = makeTempDataDir('tracing-otlp');
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const vault = await startService('vault-service', 'VAULT_PORT', testEnv(dir, { VAULT_PORT: String(await freePort()), OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' }));
    try {
      // Given a traced request to the vault
      const traceId = newTraceId();
      const response = await fetch(`${vault.url}/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-internal-token': testEnv(dir)['INTERNAL_TOKEN'] as string, traceparent: `00-${traceId}-${newSpanId()}-01` },
        body: JSON.stringify({ pan: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvv: '123' }),
      });
      expect(response.status).toBe(201);
      // When the batch is exported, then the collector has the server span of that trace
      const spansOf = (): Array<{ traceId: string; name: string; service: string }> => received.flatMap(({ body }) => (body.resourceSpans ?? []).flatMap((rs: any) => {
        const service = rs.resource?.attributes?.find((a: any) => a.key === 'service.name')?.value?.stringValue;
        return (rs.scopeSpans ?? []).flatMap((ss: any) => (ss.spans ?? []).map((s: any) => ({ traceId: s.traceId, name: s.name, service })));
      }));
      const found = await until(spansOf, (spans) => spans.some((s) => s.traceId === traceId), 10_000);
      expect(received.every((r) => r.path === '/v1/traces')).toBe(true);
      expect(found.filter((s) => s.traceId === traceId).map((s) => [s.service, s.name])).toContainEqual(['vault-service', 'POST /tokens']);
      expect(existsSync(path.join(dir, 'traces', 'spans.jsonl'))).toBe(false);
    } finally {
      await vault.stop();
      cleanup();
    }
  }, 40_000);
});
