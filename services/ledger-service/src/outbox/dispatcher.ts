import type { FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { PayrailError, newId, signStandardWebhook, stripeSignature } from '@payrail/core';
import { StreamTailer, type JournalEvent, type StreamHead } from '@payrail/journal';
import { MERCHANT_EVENT_TYPES, parseStripeEventId, stripeEventsOf, webhookPayloadOf } from '@payrail/ledger';
import type { Logger } from '@payrail/service-kit';
import { SpanKind, SpanStatusCode, contextOf, spanContextOf, withSpan } from '@payrail/tracing';
import { isDeliverable, type DispatchEndpoint, type EndpointDirectory } from '../endpoints/endpointDirectory';
import type { GatewayClient } from '../endpoints/gatewayClient';
import type { Ledger } from '../ledger/ledger';
import { deliveryKey, type AttemptData, type AttemptLog, type AttemptOutcome, type DeliveryRecord, type RecordContext } from './attemptLog';
import type { Checkpoint, CheckpointTicket } from './checkpoint';
import { wakeOnAppend } from './appendWakeup';
import { parseRetryAfter, withJitter } from './retrySchedule';
import { WEBHOOK_USER_AGENT, sendWebhook, type SendResult } from './webhookSender';

/** Deliveries whose first attempt is not recorded yet that may wait in memory; past it, tailing pauses. */
const BACKLOG_DELIVERIES_MAX = 200_000;
/** How often an endpoint that answered 410 is reported to the gateway again until the gateway has it. */
const GONE_REPORT_INTERVAL_MS = 2_000;
/** How many times an attempt's line is tried before the dispatcher gives up on recording it. */
const RECORD_TRIES_MAX = 5;
const RECORD_RETRY_MS = 200;
/** How long a shutdown waits for attempts in flight (they are sent again after a restart otherwise). */
const SHUTDOWN_WAIT_MS = 2_000;
/** How many reads of the ledger a batch of tailed events waits for until the ledger state has them. */
const LEDGER_CATCH_UP_TRIES_MAX = 5;

export interface DispatcherSettings {
  timeout_ms: number;
  /** The delay before each scheduled attempt; after the last one fails, the delivery is dead-lettered. */
  schedule_ms: readonly number[];
  jitter_pct: number;
  retry_after_max_ms: number;
  concurrency_per_endpoint: number;
  concurrency_total: number;
  poll_ms: number;
}

export interface DispatcherDeps {
  dataDir: string;
  ledger: Ledger;
  endpoints: EndpointDirectory;
  log: AttemptLog;
  checkpoint: Checkpoint;
  gateway: GatewayClient;
  logger: Logger;
  settings: DispatcherSettings;
  /** Told of every attempt (for metrics). */
  /** After each attempt: `attempt` counts from 1 per delivery, `manual` when a person asked for it. */
  onAttempt?: (attempt: { outcome: string; webhook_lag_ms: number; attempt: number; manual: boolean }) => void;
  /**
   * Whether this process may still act for the outbox (it holds the dispatcher lease, see lease/):
   * checked right before each send and each write. Once false, nothing is sent, recorded or checkpointed.
   */
  mayAct?: () => boolean;
  /** The lease epoch this dispatcher runs under, named in the User-Agent of its deliveries. */
  epoch?: number;
}

/** A delivery the dispatcher is working on: queued, in flight, or waiting for its next scheduled attempt. */
interface Pending {
  record: DeliveryRecord;
  event: JournalEvent;
  /** The batch it was tailed in, until its first attempt is recorded (null for retries rebuilt at start-up). */
  ticket: CheckpointTicket | null;
  timer: NodeJS.Timeout | null;
  due_ms: number | null;
}

/** A first-in first-out queue whose take is constant-time, however long a stuck endpoint's backlog grows. */
class Fifo<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head += 1;
    // Drop the taken slots once they are most of the array.
    if (this.head >= 1_024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/** The deliveries to one endpoint: its queue of due attempts, how many are in flight, and whether it is failing. */
interface Lane {
  ready: Fifo<Pending>;
  in_flight: number;
  /**
   * The last attempt was not a 2xx: until one is, the endpoint gets one attempt at a time, so failing
   * (or hanging) endpoints hold one slot each of WEBHOOK_CONCURRENCY_TOTAL and are not hammered.
   */
  failing: boolean;
}

/**
 * The outbox dispatcher (DESIGN §6): tails the ledger streams from `outbox/offsets.json`, sends each
 * merchant event to every endpoint subscribed to it, signed per Standard Webhooks, retries on the
 * configured schedule with jitter (honouring Retry-After on 429 and 503), dead-letters after the last
 * attempt, and records every attempt. Each endpoint has its own queue and concurrency limit (one
 * attempt at a time while it fails), so a slow endpoint never holds up the others; an endpoint's
 * events leave in ledger order.
 */
export class Dispatcher {
  private readonly lanes = new Map<string, Lane>();
  /** Lanes with due attempts, in the order they are served (round robin). */
  private readonly activeLanes = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  /** Endpoints that answered 410 Gone and that the gateway has not disabled yet. */
  private readonly gone = new Map<string, { event_id: string; correlation_id: string }>();
  private readonly tailers: StreamTailer[] = [];
  /** Immediate wake-ups of the tailers, one per ledger stream (see wakeOnAppend). */
  private readonly watchers: FSWatcher[] = [];
  private readonly inFlightAttempts = new Set<Promise<unknown>>();
  /** Manual retries in flight by merchant and Idempotency-Key. */
  private readonly keyedRetries = new Map<string, Promise<AttemptData[]>>();
  private backlogWaiters: Array<() => void> = [];
  private inFlight = 0;
  private backlog = 0;
  private pumping = false;
  private stopped = false;
  private goneTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Reschedules the retries recorded before a restart, then follows the ledger from the checkpoint. */
  async start(): Promise<void> {
    const { endpoints, checkpoint, logger, settings } = this.deps;
    await endpoints.start();
    this.rebuildRetries();
    for (const stream of this.deps.ledger.streams()) {
      let from = checkpoint.resumeFrom(stream);
      if (from !== undefined && !this.matchesLedger(stream, from)) {
        logger.warn({ stream, checkpoint: from }, 'outbox: the checkpoint does not match the ledger; reading this stream from the start (recorded deliveries are not sent again)');
        checkpoint.reset(stream);
        from = undefined;
      }
      const tailer = new StreamTailer({
        dataDir: this.deps.dataDir,
        stream,
        ...(from === undefined ? {} : { from }),
        poll_ms: settings.poll_ms,
        onEvents: (events, head) => this.onEvents(stream, events, head),
        onError: (error) => logger.error({ stream, err: error.message }, 'outbox: cannot read the ledger; retrying on the next wake-up'),
      });
      this.tailers.push(tailer);
      tailer.start();
      const watcher = wakeOnAppend(path.join(this.deps.dataDir, `${stream}.jsonl`), () => void tailer.wake(), logger);
      if (watcher !== null) this.watchers.push(watcher);
    }
    checkpoint.start((error) => logger.error({ err: error.message }, 'outbox: cannot write offsets.json; retrying'), () => this.mayAct());
    this.goneTimer = setInterval(() => void this.reportGone(), GONE_REPORT_INTERVAL_MS);
    this.goneTimer.unref();
  }

  /**
   * Sends an event now, re-signed with the current secrets, to one endpoint or to every endpoint it
   * concerns: one more attempt each (also from the dead-letter queue), never a new event. With an
   * Idempotency-Key, a repeated request answers the attempts of the first (a request with another body
   * is a 422), and a concurrent one waits for it.
   */
  async retryNow(eventId: string, merchant: string, endpointId: string | undefined, correlationId: string, idempotency?: { key: string; request_hash: string }): Promise<{ attempts: AttemptData[]; replayed: boolean }> {
    if (idempotency === undefined) return { attempts: await this.retryOnce(eventId, merchant, endpointId, correlationId), replayed: false };
    const index = `${merchant}\u0000${idempotency.key}`;
    await this.keyedRetries.get(index)?.catch(() => undefined);
    const prior = this.deps.log.keyedRetry(merchant, idempotency.key);
    if (prior !== undefined) {
      if (prior.request_hash !== idempotency.request_hash) {
        throw new PayrailError('idempotency_key_reused', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotency.key}' if you meant to execute a different request.`, { param: 'Idempotency-Key' });
      }
      return { attempts: prior.attempts, replayed: true };
    }
    const work = this.retryOnce(eventId, merchant, endpointId, correlationId, idempotency);
    this.keyedRetries.set(index, work);
    try {
      return { attempts: await work, replayed: false };
    } finally {
      if (this.keyedRetries.get(index) === work) this.keyedRetries.delete(index);
    }
  }

  private async retryOnce(eventId: string, merchant: string, endpointId: string | undefined, correlationId: string, idempotency?: { key: string; request_hash: string }): Promise<AttemptData[]> {
    const { ledger, endpoints, log } = this.deps;
    await ledger.catchUp();
    await endpoints.refresh();
    const stored = this.ledgerEventOf(eventId);
    if (stored === undefined || stored.event.merchant_id !== merchant) throw new PayrailError('resource_missing', `No such event: '${eventId}'.`, { param: 'id' });
    const event = stored.event;
    const stripeType = this.stripeTypeOf(eventId, event);
    let targets: DispatchEndpoint[];
    if (endpointId !== undefined) {
      const endpoint = endpoints.get(endpointId);
      if (endpoint === undefined || endpoint.merchant !== merchant || endpoint.deleted) throw new PayrailError('resource_missing', `No such webhook_endpoint: '${endpointId}'.`, { param: 'endpoint' });
      if (endpoint.status !== 'enabled') {
        throw new PayrailError('invalid_state_transition', 'This webhook_endpoint is disabled; enable it (POST /v1/webhook-endpoints/{id} with disabled: false) before sending to it.', { param: 'endpoint', details: { current_state: 'disabled', webhook_endpoint: endpoint.id } });
      }
      targets = [endpoint];
    } else {
      const subscribed = stripeType === null ? endpoints.subscribers(merchant, event.type, Date.parse(event.timestamp)) : endpoints.stripeSubscribers(merchant, stripeType, Date.parse(event.timestamp));
      const ids = new Set([...log.forEvent(eventId).map((r) => r.endpoint_id), ...subscribed.map((e) => e.id)]);
      targets = [...ids].map((id) => endpoints.get(id)).filter((e): e is DispatchEndpoint => e !== undefined && isDeliverable(e));
      if (targets.length === 0) throw new PayrailError('resource_missing', 'No enabled webhook endpoint receives this event; pass endpoint to choose one.', { param: 'endpoint' });
    }
    return Promise.all(targets.map(async (endpoint) => {
      const record = log.get(eventId, endpoint.id) ?? log.begin({ delivery_id: newId('del'), event_id: eventId, event_type: stripeType ?? event.type, endpoint_id: endpoint.id, merchant });
      const waiting = this.pending.get(deliveryKey(eventId, endpoint.id));
      const data = await this.attemptNow(record, event, endpoint, { merchant, correlation_id: correlationId, ...(idempotency === undefined ? {} : { idempotency }) }, waiting?.due_ms ?? null);
      // Delivered by hand: the scheduled retry has nothing left to do.
      if (data.outcome === 'delivered' && waiting !== undefined && waiting.timer !== null) this.finish(waiting);
      return data;
    }));
  }

  /** Backlog, retries and dead letters per endpoint, for operators and the console. */
  status(): Record<string, unknown> {
    type Counts = { queued: number; in_flight: number; pending_retries: number; dead_letter_queue: number; delivered: number; last_attempt_at: string | null };
    const perEndpoint = new Map<string, Counts>();
    const row = (id: string): Counts => {
      let counts = perEndpoint.get(id);
      if (counts === undefined) {
        counts = { queued: 0, in_flight: 0, pending_retries: 0, dead_letter_queue: 0, delivered: 0, last_attempt_at: null };
        perEndpoint.set(id, counts);
      }
      return counts;
    };
    for (const [id, lane] of this.lanes) Object.assign(row(id), { queued: lane.ready.length, in_flight: lane.in_flight });
    for (const p of this.pending.values()) if (p.timer !== null) row(p.record.endpoint_id).pending_retries += 1;
    for (const record of this.deps.log.all()) {
      const counts = row(record.endpoint_id);
      if (record.delivered) counts.delivered += 1;
      else if (record.dead_lettered) counts.dead_letter_queue += 1;
      if (record.last_attempt_at !== null && (counts.last_attempt_at === null || record.last_attempt_at > counts.last_attempt_at)) counts.last_attempt_at = record.last_attempt_at;
    }
    const endpoints = [...perEndpoint].map(([id, counts]) => {
      const endpoint = this.deps.endpoints.get(id);
      const state = endpoint === undefined ? 'unknown' : endpoint.deleted ? 'deleted' : this.gone.has(id) ? 'gone' : endpoint.status;
      return { id, merchant: endpoint?.merchant ?? null, url: endpoint?.url ?? null, status: state, ...counts };
    });
    const sum = (key: 'queued' | 'in_flight' | 'pending_retries' | 'dead_letter_queue' | 'delivered'): number => endpoints.reduce((total, e) => total + e[key], 0);
    return {
      object: 'outbox_status',
      endpoints,
      totals: { queued: sum('queued'), in_flight: sum('in_flight'), pending_retries: sum('pending_retries'), dead_letter_queue: sum('dead_letter_queue'), delivered: sum('delivered'), first_attempts_pending: this.backlog },
      checkpoint: this.deps.checkpoint.heads(),
      ledger: this.deps.ledger.heads(),
      settings: { ...this.deps.settings },
    };
  }

  /**
   * Stops tailing and retrying; waits briefly for attempts in flight; saves the checkpoint. With `lost`
   * (the lease went to another process) it waits for nothing and writes nothing: the new holder resumes
   * from the checkpoint and the attempts on record.
   */
  async stop(options: { lost?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.goneTimer !== null) clearInterval(this.goneTimer);
    this.wakeBacklogWaiters(true);
    for (const watcher of this.watchers) watcher.close();
    await Promise.all(this.tailers.map((t) => t.stop()));
    for (const p of this.pending.values()) if (p.timer !== null) clearTimeout(p.timer);
    if (options.lost === true) {
      this.deps.checkpoint.abandon();
    } else {
      await Promise.race([Promise.allSettled([...this.inFlightAttempts]), new Promise((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref())]);
      await this.deps.checkpoint.stop();
    }
    await this.deps.endpoints.stop();
  }

  /** A batch of ledger events read by a tailer: one delivery per subscribed endpoint, not yet recorded. */
  private async onEvents(stream: string, events: JournalEvent[], head: StreamHead): Promise<void> {
    const { ledger, endpoints, log, checkpoint, logger } = this.deps;
    if (this.stopped || !this.mayAct()) return;
    const wanted = events.filter((e) => MERCHANT_EVENT_TYPES.has(e.type) && e.merchant_id !== undefined);
    // The ledger state must hold these events (for their object snapshots): the tailer may have read them first.
    for (let i = 0; i < LEDGER_CATCH_UP_TRIES_MAX && wanted.some((e) => ledger.merchantEvent(e.event_id) === undefined); i++) await ledger.catchUp();
    await endpoints.refresh();
    const created: Pending[] = [];
    for (const event of wanted) {
      if (ledger.merchantEvent(event.event_id) === undefined) {
        logger.error({ event_id: event.event_id, stream }, 'outbox: an event the tailer read is not in the ledger state; not delivered');
        continue;
      }
      const merchant = event.merchant_id as string;
      const at = Date.parse(event.timestamp);
      // One delivery per endpoint and event: a PayRail event, or each of its Stripe events for a Stripe-format endpoint.
      const deliveries: Array<{ id: string; type: string; endpoint: DispatchEndpoint }> = endpoints.subscribers(merchant, event.type, at).map((endpoint) => ({ id: event.event_id, type: event.type, endpoint }));
      if (endpoints.all().some((e) => e.dialect === 'stripe' && e.merchant === merchant)) {
        for (const stripeEvent of stripeEventsOf(ledger.state, event)) {
          for (const endpoint of endpoints.stripeSubscribers(merchant, stripeEvent.type, at)) deliveries.push({ id: stripeEvent.id, type: stripeEvent.type, endpoint });
        }
      }
      for (const { id, type, endpoint } of deliveries) {
        if (this.gone.has(endpoint.id) || log.get(id, endpoint.id) !== undefined) continue; // recorded before a restart
        const record = log.begin({ delivery_id: newId('del'), event_id: id, event_type: type, endpoint_id: endpoint.id, merchant });
        created.push({ record, event, ticket: null, timer: null, due_ms: null });
      }
    }
    const ticket = checkpoint.track(stream, head, created.length);
    const firstDelay = this.deps.settings.schedule_ms[0] ?? 0;
    for (const p of created) {
      p.ticket = ticket;
      this.backlog += 1;
      this.pending.set(deliveryKey(p.record.event_id, p.record.endpoint_id), p);
      this.schedule(p, firstDelay);
    }
    // Back-pressure: a stuck endpoint may fill memory with first attempts only up to the limit.
    while (this.backlog >= BACKLOG_DELIVERIES_MAX && !this.stopped) await new Promise<void>((resolve) => this.backlogWaiters.push(resolve));
  }

  /** Retries recorded as scheduled before a restart, due at their recorded time (or now, if past). */
  private rebuildRetries(): void {
    const now = Date.now();
    let count = 0;
    for (const record of this.deps.log.all()) {
      if (record.delivered || record.dead_lettered || record.next_retry_ms === null) continue;
      const stored = this.ledgerEventOf(record.event_id);
      const endpoint = this.deps.endpoints.get(record.endpoint_id);
      if (stored === undefined || endpoint === undefined || !isDeliverable(endpoint)) continue;
      const p: Pending = { record, event: stored.event, ticket: null, timer: null, due_ms: null };
      this.pending.set(deliveryKey(record.event_id, record.endpoint_id), p);
      this.schedule(p, Math.max(0, record.next_retry_ms - now));
      count += 1;
    }
    if (count > 0) this.deps.logger.info({ retries: count }, 'outbox: rescheduled the retries recorded before the restart');
  }

  private matchesLedger(stream: string, head: StreamHead): boolean {
    return head.seq === 0 || this.deps.ledger.state.hashes.get(stream)?.[head.seq - 1] === head.hash;
  }

  private schedule(p: Pending, delay_ms: number): void {
    if (this.stopped) return;
    if (delay_ms <= 0) {
      this.enqueue(p);
      return;
    }
    p.due_ms = Date.now() + delay_ms;
    p.timer = setTimeout(() => {
      p.timer = null;
      p.due_ms = null;
      this.enqueue(p);
    }, delay_ms);
  }

  private enqueue(p: Pending): void {
    const id = p.record.endpoint_id;
    let lane = this.lanes.get(id);
    if (lane === undefined) {
      lane = { ready: new Fifo<Pending>(), in_flight: 0, failing: false };
      this.lanes.set(id, lane);
    }
    lane.ready.push(p);
    this.activeLanes.add(id);
    this.pump();
  }

  /** Starts due attempts, one lane at a time in turn, within both concurrency limits. */
  private pump(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const { concurrency_per_endpoint, concurrency_total } = this.deps.settings;
      let started = true;
      while (started && this.inFlight < concurrency_total) {
        started = false;
        for (const id of [...this.activeLanes]) {
          if (this.inFlight >= concurrency_total) break;
          const lane = this.lanes.get(id) as Lane;
          if (lane.in_flight >= (lane.failing ? 1 : concurrency_per_endpoint)) continue;
          const next = lane.ready.shift();
          if (lane.ready.length === 0) this.activeLanes.delete(id);
          if (next === undefined) continue;
          started = true;
          this.run(next, lane);
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private run(p: Pending, lane: Lane): void {
    lane.in_flight += 1;
    this.inFlight += 1;
    this.track(this.runScheduled(p).finally(() => {
      lane.in_flight -= 1;
      this.inFlight -= 1;
      this.pump();
    }), p);
  }

  /** Keeps `work` until it settles (shutdown waits for it) and logs what it should never throw. */
  private track(work: Promise<unknown>, p: Pending): void {
    const tracked: Promise<unknown> = work
      .catch((error: Error) => this.deps.logger.error({ err: error, delivery_id: p.record.delivery_id }, 'outbox: a scheduled attempt failed unexpectedly'))
      .finally(() => this.inFlightAttempts.delete(tracked));
    this.inFlightAttempts.add(tracked);
  }

  /** A scheduled attempt. Its concurrency slot is free as soon as the endpoint answered; the line is written after. */
  private async runScheduled(p: Pending): Promise<void> {
    const endpoint = this.deps.endpoints.get(p.record.endpoint_id);
    // Delivered by hand meanwhile, or the endpoint was disabled or deleted: nothing to send.
    if (p.record.delivered || endpoint === undefined || !isDeliverable(endpoint) || this.gone.has(endpoint.id)) {
      this.finish(p);
      return;
    }
    // The lease is lost: another process delivers from the records (this one is being stopped).
    if (!this.mayAct()) return;
    const { data, delay_ms } = await this.exchange(p.record, p.event, endpoint, { manual: false, next_retry_ms: null });
    this.track(this.settle(p, data, delay_ms), p);
  }

  /** Records a scheduled attempt, then schedules the next one, or lets the delivery go. */
  private async settle(p: Pending, data: AttemptData, delay_ms: number | null): Promise<void> {
    const recorded = await this.record(data, { merchant: p.record.merchant, ...(p.event.correlation_id === undefined ? {} : { correlation_id: p.event.correlation_id }) });
    if (recorded) this.releaseTicket(p);
    if (data.outcome === 'disabled') this.markGone(data.endpoint.id, data.event_id, p.event.correlation_id ?? newId('corr'));
    if (data.outcome === 'failed' && delay_ms !== null && !p.record.delivered) this.schedule(p, delay_ms);
    else this.finish(p, recorded);
  }

  /** A manual attempt: sent at once, outside the queues, and answered once its line is durable. */
  private async attemptNow(record: DeliveryRecord, event: JournalEvent, endpoint: DispatchEndpoint, context: RecordContext & { correlation_id: string }, next_retry_ms: number | null): Promise<AttemptData> {
    if (!this.mayAct()) throw notTheHolder();
    const { data } = await this.exchange(record, event, endpoint, { manual: true, next_retry_ms });
    await this.record(data, context);
    if (data.outcome === 'disabled') this.markGone(endpoint.id, event.event_id, context.correlation_id);
    return data;
  }

  /**
   * One exchange with the endpoint: sign with every valid secret, POST, and decide the outcome (and,
   * for a scheduled attempt, the delay before the next one). Never throws for the endpoint's behaviour.
   * It is an `outbox.webhook.deliver` span: a scheduled attempt continues the trace of the commit that
   * wrote the ledger line (its stored traceparent), so the delivery and merchant-sim's handling of it
   * join the checkout's trace; a manual retry belongs to the request that asked for it, linked to the
   * event's trace. The HTTP client span under it carries the context to the endpoint in `traceparent`.
   */
  private exchange(record: DeliveryRecord, event: JournalEvent, endpoint: DispatchEndpoint, mode: { manual: boolean; next_retry_ms: number | null }): Promise<{ data: AttemptData; delay_ms: number | null }> {
    const origin = spanContextOf(event.traceparent);
    return withSpan('outbox.webhook.deliver', {
      kind: SpanKind.PRODUCER,
      attributes: { 'webhook.event_id': record.event_id, 'webhook.event_type': record.event_type, 'webhook.delivery_id': record.delivery_id, 'webhook.endpoint': endpoint.id, 'webhook.manual': mode.manual },
      ...(mode.manual ? { links: origin === null ? [] : [{ context: origin, attributes: { 'webhook.link': 'event' } }] } : { parent: contextOf(event.traceparent) }),
    }, async (span) => {
      const exchanged = await this.exchangeOnce(record, event, endpoint, mode);
      const { data } = exchanged;
      span.setAttributes({ 'webhook.attempt': data.attempt, 'webhook.outcome': data.outcome, 'webhook.latency_ms': data.latency_ms, ...(data.status === undefined ? {} : { 'http.response.status_code': data.status }) });
      if (data.outcome !== 'delivered') span.setStatus({ code: SpanStatusCode.ERROR, message: data.error ?? data.outcome });
      return exchanged;
    });
  }

  private async exchangeOnce(record: DeliveryRecord, event: JournalEvent, endpoint: DispatchEndpoint, mode: { manual: boolean; next_retry_ms: number | null }): Promise<{ data: AttemptData; delay_ms: number | null }> {
    const { ledger, endpoints, log, settings } = this.deps;
    const number = log.reserveAttempt(record);
    const secrets = endpoints.signingSecrets(endpoint);
    const stripe = endpoint.dialect === 'stripe';
    const payload = stripe
      ? stripeEventsOf(ledger.state, event, (type) => endpoints.stripeSubscribers(endpoint.merchant, type, Date.parse(event.timestamp)).length).find((e) => e.id === record.event_id) ?? null
      : webhookPayloadOf(ledger.state, event);
    if (payload === null) throw new Error(`no payload for ${record.event_id} (${record.event_type})`);
    const body = JSON.stringify(payload);
    const attemptedAt = new Date();
    const timestamp = Math.floor(attemptedAt.getTime() / 1000);
    let headers: AttemptData['headers'];
    let result: SendResult;
    if (secrets.length === 0) {
      headers = { 'webhook-id': record.event_id, 'webhook-timestamp': String(timestamp), [stripe ? 'stripe-signature' : 'webhook-signature']: '', 'webhook-attempt': String(number) };
      result = { latency_ms: 0, error: 'not sent: no signing secret can be decrypted (is WEBHOOK_SECRET_KEY the same as the gateway\'s?)', retry_after: null };
    } else {
      // Stripe signs `t.body` with the whole `whsec_...` string, one v1= per valid secret (newest first).
      headers = stripe
        ? { 'webhook-id': record.event_id, 'webhook-timestamp': String(timestamp), 'stripe-signature': [`t=${timestamp}`, ...secrets.map((s) => `v1=${stripeSignature(body, s.value, timestamp)}`)].join(','), 'webhook-attempt': String(number) }
        : { ...signStandardWebhook({ id: event.event_id, timestamp, body, secrets: secrets.map((s) => s.value) }), 'webhook-attempt': String(number) };
      // The payment's correlation id travels with its webhook (outside the signed content) to the merchant,
      // and the User-Agent names the lease epoch of the dispatcher that sent it.
      const traced = {
        ...headers,
        ...(event.correlation_id === undefined ? {} : { 'x-correlation-id': event.correlation_id }),
        ...(this.deps.epoch === undefined ? {} : { 'user-agent': `${WEBHOOK_USER_AGENT} dispatcher-epoch/${this.deps.epoch}` }),
      };
      result = await sendWebhook({ url: endpoint.url, body, headers: traced, timeout_ms: settings.timeout_ms, ...(this.deps.mayAct === undefined ? {} : { mayStart: this.deps.mayAct }) });
    }
    const finished = Date.now();
    const lane = this.lanes.get(endpoint.id);
    if (lane !== undefined) lane.failing = !(result.status !== undefined && result.status >= 200 && result.status < 300);
    let outcome: AttemptOutcome;
    let delay: number | null = null;
    if (result.status !== undefined && result.status >= 200 && result.status < 300) outcome = 'delivered';
    else if (result.status === 410) outcome = 'disabled';
    else if (mode.manual) outcome = 'failed';
    else {
      delay = this.retryDelay(record.scheduled_attempts + 1, result);
      outcome = delay === null ? 'dead_lettered' : 'failed';
    }
    const nextRetry = mode.manual ? mode.next_retry_ms : delay === null ? null : finished + delay;
    const data: AttemptData = {
      delivery_id: record.delivery_id,
      event_id: record.event_id,
      event_type: record.event_type,
      endpoint: { id: endpoint.id, url: endpoint.url, secret_ids: secrets.map((s) => s.id) },
      attempt: number,
      attempted_at: attemptedAt.toISOString(),
      ...(result.status === undefined ? {} : { status: result.status }),
      latency_ms: result.latency_ms,
      ...(result.error === undefined ? {} : { error: result.error }),
      outcome,
      ...(nextRetry === null ? {} : { next_retry_at: new Date(nextRetry).toISOString() }),
      webhook_lag_ms: Math.max(0, finished - Date.parse(event.timestamp)),
      headers,
      ...(mode.manual ? { manual: true } : {}),
    };
    this.deps.onAttempt?.({ outcome, webhook_lag_ms: data.webhook_lag_ms, attempt: number, manual: mode.manual });
    this.deps.logger.info(
      { event_id: event.event_id, delivery_id: record.delivery_id, endpoint: endpoint.id, attempt: number, status: result.status, outcome, latency_ms: result.latency_ms, correlation_id: event.correlation_id },
      'webhook delivery attempt',
    );
    return { data, delay_ms: delay };
  }

  /** The ledger event of a delivery's event id: its own, or the one a Stripe event id (`evt_X_1`) derives from. */
  private ledgerEventOf(eventId: string): ReturnType<Ledger['merchantEvent']> {
    const parsed = parseStripeEventId(eventId);
    return this.deps.ledger.merchantEvent(parsed === null ? eventId : parsed.event_id);
  }

  /**
   * The Stripe type of a delivery's event id when it names a Stripe event: a `_n` suffix, or a ledger
   * event id whose deliveries went to a Stripe-format endpoint. Null for a PayRail event.
   */
  private stripeTypeOf(eventId: string, event: JournalEvent): string | null {
    const parsed = parseStripeEventId(eventId);
    if (parsed === null) return null;
    const recorded = this.deps.log.forEvent(eventId)[0];
    if (parsed.index === 0 && (recorded === undefined || recorded.event_type === event.type)) return null;
    return stripeEventsOf(this.deps.ledger.state, event)[parsed.index]?.type ?? null;
  }

  /** The delay before the next scheduled attempt after `scheduled` attempts failed, or null when the schedule is exhausted. */
  private retryDelay(scheduled: number, result: SendResult): number | null {
    const { schedule_ms, jitter_pct, retry_after_max_ms } = this.deps.settings;
    const base = schedule_ms[scheduled];
    if (base === undefined) return null;
    let delay = withJitter(base, jitter_pct);
    if (result.status === 429 || result.status === 503) {
      const asked = parseRetryAfter(result.retry_after);
      if (asked !== null) delay = Math.max(delay, Math.min(asked, retry_after_max_ms));
    }
    return delay;
  }

  /** Appends the attempt's line, retrying a few times when the journal is busy; false if it could not. */
  private async record(data: AttemptData, context: RecordContext): Promise<boolean> {
    for (let tries = 1; ; tries++) {
      if (!this.mayAct()) {
        this.deps.logger.warn({ delivery_id: data.delivery_id, attempt: data.attempt }, 'outbox: the dispatcher lease is lost; this attempt is not recorded (the holder sends its event again)');
        return false;
      }
      try {
        await this.deps.log.record(data, context);
        return true;
      } catch (error) {
        if (!this.mayAct()) continue; // the lease is lost: the next turn says so and gives up
        if (tries >= RECORD_TRIES_MAX || this.stopped) {
          this.deps.logger.error({ err: (error as Error).message, delivery_id: data.delivery_id, attempt: data.attempt }, 'outbox: cannot record an attempt; the checkpoint stays before its event, so it is sent again after a restart');
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS * tries));
      }
    }
  }

  /** The endpoint answered 410 Gone: stop sending to it and have the gateway disable it. */
  private markGone(endpointId: string, eventId: string, correlationId: string): void {
    if (!this.gone.has(endpointId)) this.deps.logger.warn({ endpoint: endpointId, event_id: eventId }, 'outbox: endpoint answered 410 Gone; disabling it');
    this.gone.set(endpointId, { event_id: eventId, correlation_id: correlationId });
    for (const p of [...this.pending.values()]) {
      if (p.record.endpoint_id !== endpointId) continue;
      if (p.timer !== null) clearTimeout(p.timer);
      p.timer = null;
      this.finish(p);
    }
    const lane = this.lanes.get(endpointId);
    lane?.ready.clear();
    void this.reportGone();
  }

  /** Tells the gateway about endpoints that answered 410, until its stream shows them disabled. */
  private async reportGone(): Promise<void> {
    if (this.gone.size === 0 || !this.mayAct()) return;
    await this.deps.endpoints.refresh();
    for (const [id, evidence] of [...this.gone]) {
      const endpoint = this.deps.endpoints.get(id);
      if (endpoint === undefined || endpoint.deleted || endpoint.status === 'disabled') {
        this.gone.delete(id);
        continue;
      }
      if (await this.deps.gateway.disableEndpoint(id, { status_code: 410, event_id: evidence.event_id }, evidence.correlation_id)) await this.deps.endpoints.refresh();
    }
  }

  private mayAct(): boolean {
    return this.deps.mayAct?.() ?? true;
  }

  /** The delivery needs nothing more from the scheduler. */
  private finish(p: Pending, releaseTicket = true): void {
    this.pending.delete(deliveryKey(p.record.event_id, p.record.endpoint_id));
    if (p.timer !== null) clearTimeout(p.timer);
    p.timer = null;
    if (releaseTicket) this.releaseTicket(p);
  }

  private releaseTicket(p: Pending): void {
    if (p.ticket === null) return;
    this.deps.checkpoint.release(p.ticket);
    p.ticket = null;
    this.backlog -= 1;
    this.wakeBacklogWaiters(false);
  }

  private wakeBacklogWaiters(all: boolean): void {
    if (!all && this.backlog >= BACKLOG_DELIVERIES_MAX) return;
    const waiters = this.backlogWaiters;
    this.backlogWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** A manual retry asked of a process that does not hold the dispatcher lease. */
export function notTheHolder(holder?: string | null): PayrailError {
  return new PayrailError('upstream_unavailable', `This ledger-service is a standby: the dispatcher lease is held by ${holder ?? 'another ledger-service'}; send the retry to the ledger-service that holds it (GET /outbox/status names the holder), or retry later.`);
}
