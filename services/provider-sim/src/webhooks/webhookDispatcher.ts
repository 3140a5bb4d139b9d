import type { ProcessorName } from '@payrail/core';
import type { Journal } from '@payrail/journal';
import type { Logger } from '@payrail/service-kit';
import { SpanKind, SpanStatusCode, contextOf, withSpan } from '@payrail/tracing';
import { BOOK_EVENTS, BOOK_STREAMS } from '../books/bookStreams';
import type { PendingWebhook, SimBooks } from '../books/simBooks';
import type { ProcessorDialect } from '../charges/processorDialect';
import type { FaultInjector } from '../faults/faultInjector';

/** The most webhooks being delivered (or waiting to retry) at once; the rest queue behind them. */
const DELIVERIES_ACTIVE_MAX = 32;
const ERROR_CHARS_MAX = 500;

interface Attempt {
  acknowledged: boolean;
  status: number | null;
  error: string | null;
}

export interface WebhookDispatcherOptions {
  books: SimBooks;
  journal: Journal;
  faults: FaultInjector;
  dialects: Readonly<Record<ProcessorName, ProcessorDialect>>;
  /** `${GATEWAY_URL}`; webhooks go to `/v1/webhooks/provider/{provider}` under it. */
  gatewayUrl: string;
  /** The wait before each retry; its length is the number of retries. */
  retry_schedule_ms: readonly number[];
  attempt_timeout_ms: number;
  logger: Logger;
}

/**
 * Delivers the webhooks the books owe the gateway, like a processor does: each one POSTed and
 * retried on the published schedule until acknowledged, then recorded as sent (or abandoned after
 * the last retry). A webhook the duplicate fault picked is delivered a second time once acknowledged;
 * with the out-of-order fault, webhooks wait out a window and go newest first, one at a time.
 * Undelivered webhooks survive a restart in the books and are delivered then.
 */
export class WebhookDispatcher {
  private readonly inFlight = new Set<string>();
  private readonly waiting: PendingWebhook[] = [];
  private readonly held = new Map<ProcessorName, { webhooks: PendingWebhook[]; timer: NodeJS.Timeout }>();
  private readonly pauses = new Map<NodeJS.Timeout, () => void>();
  private readonly aborter = new AbortController();
  private active = 0;
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {}

  /** Picks up every webhook the books owe that is not on its way yet. Call after each commit. */
  kick(): void {
    if (this.closed) return;
    for (const webhook of this.options.books.pendingWebhooks()) {
      if (this.inFlight.has(webhook.id)) continue;
      this.inFlight.add(webhook.id);
      if (this.options.faults.of(webhook.provider).webhook_out_of_order) this.hold(webhook);
      else this.waiting.push(webhook);
    }
    this.pump();
  }

  /** Stops delivering; what is undelivered stays in the books for the next start. */
  close(): void {
    this.closed = true;
    this.aborter.abort();
    for (const [timer, cancel] of this.pauses) {
      clearTimeout(timer);
      cancel();
    }
    for (const { timer } of this.held.values()) clearTimeout(timer);
    this.pauses.clear();
    this.held.clear();
  }

  private pump(): void {
    while (!this.closed && this.active < DELIVERIES_ACTIVE_MAX && this.waiting.length > 0) {
      const webhook = this.waiting.shift() as PendingWebhook;
      this.active += 1;
      void this.deliver(webhook).finally(() => {
        this.active -= 1;
        this.pump();
      });
    }
  }

  private hold(webhook: PendingWebhook): void {
    const existing = this.held.get(webhook.provider);
    if (existing !== undefined) {
      existing.webhooks.push(webhook);
      return;
    }
    const timer = setTimeout(() => void this.release(webhook.provider), this.options.faults.of(webhook.provider).webhook_reorder_window_ms);
    this.held.set(webhook.provider, { webhooks: [webhook], timer });
  }

  /** Delivers what the window held, newest first, each after the previous one is settled. */
  private async release(provider: ProcessorName): Promise<void> {
    const batch = this.held.get(provider);
    this.held.delete(provider);
    for (const webhook of (batch?.webhooks ?? []).reverse()) {
      if (this.closed) return;
      await this.deliver(webhook);
    }
  }

  private async deliver(webhook: PendingWebhook): Promise<void> {
    const { retry_schedule_ms, journal, logger } = this.options;
    const log = logger.child({ webhook_id: webhook.id, provider: webhook.provider, event_type: webhook.event_type, correlation_id: webhook.correlation_id });
    let attempt: Attempt = { acknowledged: false, status: null, error: null };
    let attempts = 0;
    try {
      while (attempts <= retry_schedule_ms.length) {
        if (attempts > 0 && !(await this.pause(retry_schedule_ms[attempts - 1] ?? 0))) return;
        attempts += 1;
        attempt = await this.send(webhook);
        if (attempt.acknowledged || this.closed) break;
        log.warn({ attempt: attempts, status_code: attempt.status, error: attempt.error }, 'webhook not acknowledged; will retry');
      }
      if (this.closed) return;
      if (!attempt.acknowledged) {
        log.error({ attempts, status_code: attempt.status, error: attempt.error }, 'webhook abandoned after its last retry');
        await journal.append(BOOK_STREAMS[webhook.provider], {
          type: BOOK_EVENTS.webhookAbandoned,
          ref: webhook.id,
          ...(webhook.correlation_id === undefined ? {} : { correlation_id: webhook.correlation_id }),
          data: { provider: webhook.provider, attempts, last_status_code: attempt.status, last_error: attempt.error },
        });
        return;
      }
      if (webhook.deliveries === 2) {
        const duplicate = await this.send(webhook);
        log.info({ status_code: duplicate.status, error: duplicate.error }, 'webhook delivered a second time (duplicate fault)');
      }
      await journal.append(BOOK_STREAMS[webhook.provider], {
        type: BOOK_EVENTS.webhookSent,
        ref: webhook.id,
        ...(webhook.correlation_id === undefined ? {} : { correlation_id: webhook.correlation_id }),
        data: { provider: webhook.provider, attempts, status_code: attempt.status ?? 200, deliveries: webhook.deliveries },
      });
    } catch (error) {
      // The books could not record the result: the webhook stays owed and goes again at the next start.
      log.error({ err: error }, 'webhook result not recorded');
    } finally {
      this.inFlight.delete(webhook.id);
    }
  }

  /**
   * One POST of a webhook to the gateway, in a span of the trace that queued it (the stored traceparent
   * of its line, so the gateway's handling of it joins the payment's trace): fetch's own client span
   * under it carries the trace context to the gateway in `traceparent`.
   */
  private send(webhook: PendingWebhook): Promise<Attempt> {
    const attributes = { 'webhook.id': webhook.id, 'webhook.provider': webhook.provider, 'webhook.event_type': webhook.event_type, 'payrail.payment_intent': webhook.payment_intent };
    return withSpan('provider_sim.webhook.send', { kind: SpanKind.PRODUCER, attributes, parent: contextOf(webhook.traceparent) }, async (span) => {
      const attempt = await this.post(webhook);
      span.setAttributes({ 'webhook.acknowledged': attempt.acknowledged, ...(attempt.status === null ? {} : { 'http.response.status_code': attempt.status }) });
      if (!attempt.acknowledged) span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.error ?? `not acknowledged (HTTP ${attempt.status ?? 'none'})` });
      return attempt;
    });
  }

  private async post(webhook: PendingWebhook): Promise<Attempt> {
    const dialect = this.options.dialects[webhook.provider];
    const body = JSON.stringify(webhook.payload);
    const headers: Record<string, string> = { ...dialect.deliveryHeaders(body, Math.floor(Date.now() / 1000)) };
    if (webhook.correlation_id !== undefined) headers['X-Correlation-Id'] = webhook.correlation_id;
    try {
      const response = await fetch(`${this.options.gatewayUrl}/v1/webhooks/provider/${webhook.provider}`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(this.options.attempt_timeout_ms)]),
      });
      const text = await response.text();
      return { acknowledged: dialect.acknowledged(response.status, text), status: response.status, error: null };
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown } }).cause?.code;
      const reason = typeof cause === 'string' ? cause : `${(error as Error).name}: ${(error as Error).message}`;
      return { acknowledged: false, status: null, error: reason.slice(0, ERROR_CHARS_MAX) };
    }
  }

  /** Waits before a retry; false when the dispatcher closed meanwhile. */
  private pause(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closed) return resolve(false);
      const timer = setTimeout(() => {
        this.pauses.delete(timer);
        resolve(!this.closed);
      }, ms);
      this.pauses.set(timer, () => resolve(false));
    });
  }
}
