/**
 * The scenario mix: checkouts drawn from the synthetic generator's TrafficPlan (`payrail generate`'s
 * distributions: amounts per currency, customers, capture method, the test-card outcomes, refunds),
 * each played as a real integration plays it: the card tokenized at the vault (once per card, as a
 * saved card), then create → confirm (or a decline, for a decline test card) → capture or cancel
 * (manual capture) → refund, each POST with its own Idempotency-Key. Time is compressed: the checkout
 * page's pause before the confirmation (the plan's confirm_after_ms, 20–300 ms) is kept, the hours
 * before a capture or the days before a refund are not.
 *
 * Connections ask `nextStep()` for work: first a step of an open checkout whose pause is over (so a
 * step always follows the answer of the one before it, whichever connection carries it), else a new
 * checkout. Only when neither is ready (the tokenizer behind) does a connection send a `retrieve`
 * (GET of a recent PaymentIntent) rather than idle; the report counts those.
 */
import { PROCESSOR_DECLINE_CODES, newId } from '@payrail/core';
import { TRAFFIC_DEFAULTS, TrafficPlan, trafficOptions, type PlannedPayment } from '@payrail/settlement';
import type { LoadStats, Operation, Verdict } from './loadStats';

/** Checkouts in one plan: a run ends long before (at 1,000 checkouts a second, 16 minutes). */
export const PLAN_PAYMENTS = 1_000_000;
/** Tokenizations in flight at the vault. */
const TOKENIZE_CONCURRENCY = 4;
/** Saved cards remembered (PAN → token). */
const SAVED_CARDS_MAX = 200_000;
/** A step that got no answer is sent again (same Idempotency-Key) this many times before the checkout is given up. */
const NO_ANSWER_RETRIES_MAX = 2;
/** Recent PaymentIntents a `retrieve` picks from. */
const RECENT_IDS_MAX = 256;
/** Checkouts open at once (created, not finished); past it no new checkout starts. */
const OPEN_FLOWS_MAX = 20_000;
const REQUEST_TIMEOUT_MS = 10_000;
const DECLINES = new Set<string>(PROCESSOR_DECLINE_CODES);

type FlowOperation = Exclude<Operation, 'tokenize' | 'retrieve'>;

interface Flow {
  payment: PlannedPayment;
  token: string;
  correlation: string;
  id: string | null;
  next: FlowOperation;
  ready_at_ms: number;
  /** Sends of the current step that got no answer. */
  retries: number;
}

/** One HTTP request a connection sends. */
export interface HttpStep {
  op: Operation;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
  flow: Flow | null;
}

export interface FlowSummary {
  started: number;
  /** Reached the end the plan gave them (captured, refunded, voided, declined as the card says). */
  completed: number;
  /** Declined by the gateway's velocity rule (a card used more than VELOCITY_MAX_PAYMENTS times in its window). */
  velocity_declined: number;
  /** Ended by an answer that was not expected, or by a step that never got one. */
  failed: number;
  /** Still waiting for a step when the run (and its drain) ended, by that step. */
  unfinished: Record<string, number>;
  /** How the completed ones ended: final status, decline code, refund. */
  endings: Record<string, number>;
  /** `retrieve` requests sent because no checkout step was ready. */
  idle_retrieves: number;
  tokenize_failed: number;
  /** New checkouts the plan did not have any more (the run outlasted PLAN_PAYMENTS). */
  plan_exhausted: boolean;
}

export interface CheckoutTrafficOptions {
  seed: number;
  /** Distinguishes this run's Idempotency-Keys from an earlier run's with the same seed. */
  runId: string;
  apiKey: string;
  vaultUrl: string;
  internalToken: string;
  stats: LoadStats;
  /** Tokenized checkouts kept ready to start. */
  readyTarget: number;
  now(): number;
}

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** The header a replayed answer carries, whatever its case on the wire. */
function header(headers: Record<string, unknown>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
  return undefined;
}

type Json = Record<string, unknown>;

/** An answer's body as an object (an empty one when it is not JSON). */
function parse(text: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Json) : {};
  } catch {
    return {};
  }
}

/** The `error` object of an answer in the documented shape, when there is one. */
function errorOf(body: Json): { code?: string; decline_code?: string; message?: string; payment_intent?: Json } | undefined {
  const error = body['error'];
  return typeof error === 'object' && error !== null ? (error as { code?: string; decline_code?: string; message?: string; payment_intent?: Json }) : undefined;
}

/** The traffic plan of a load run: the generator's defaults for the demo merchant alone, no timeouts (they take PROVIDER_TIMEOUT_MS each). */
export function loadPlan(seed: number): TrafficPlan {
  const year = new Date().getUTCFullYear();
  return new TrafficPlan(trafficOptions({ seed, start: `${year}-01-01`, payments: PLAN_PAYMENTS, merchants: 1, outcome_mix: { ...TRAFFIC_DEFAULTS.outcome_mix, timeout: 0 } }));
}

export class CheckoutTraffic {
  private readonly plan: Iterator<PlannedPayment>;
  private readonly readyFlows: Flow[] = [];
  /** Open checkouts waiting for their next step, in the order they become ready. */
  private readonly waiting: Flow[] = [];
  private readonly savedCards = new Map<string, string>();
  private readonly recentIds: string[] = [];
  private tokenizing = 0;
  private stopped = false;
  private open = 0;
  private readonly summaryCounts: FlowSummary = { started: 0, completed: 0, velocity_declined: 0, failed: 0, unfinished: {}, endings: {}, idle_retrieves: 0, tokenize_failed: 0, plan_exhausted: false };

  constructor(private readonly options: CheckoutTrafficOptions) {
    this.plan = loadPlan(options.seed).payments();
  }

  /** Tokenizes checkouts until `readyTarget` are ready (or the plan ends), before the clock starts. */
  async prefill(): Promise<void> {
    this.pump();
    while (!this.stopped && this.readyFlows.length < this.options.readyTarget && (this.tokenizing > 0 || !this.summaryCounts.plan_exhausted)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      this.pump();
    }
    if (this.readyFlows.length === 0) throw new Error(`no checkout could be prepared: the vault at ${this.options.vaultUrl} tokenized no card (${this.summaryCounts.tokenize_failed} failed)`);
  }

  /** Stops tokenizing new checkouts (open ones can still finish). */
  stop(): void {
    this.stopped = true;
  }

  /** Open checkouts that still have a step to send. */
  pending(): number {
    return this.waiting.length;
  }

  /** The next request a connection should send: a ready step of an open checkout, a new checkout, or a retrieve. */
  nextStep(now_ms: number): HttpStep {
    const first = this.waiting[0];
    if (first !== undefined && first.ready_at_ms <= now_ms) {
      this.waiting.shift();
      return this.stepOf(first);
    }
    const fresh = this.open < OPEN_FLOWS_MAX ? this.readyFlows.shift() : undefined;
    if (fresh !== undefined) {
      this.pump();
      this.open += 1;
      this.summaryCounts.started += 1;
      return this.stepOf(fresh);
    }
    this.summaryCounts.idle_retrieves += 1;
    return this.retrieveStep();
  }

  /** Takes the next step whose pause is over, or waits for one (up to `until_ms`); for the drain after the run. */
  async nextFollowUp(until_ms: number): Promise<HttpStep | null> {
    for (;;) {
      const first = this.waiting[0];
      if (first === undefined) return null;
      const now = this.options.now();
      if (first.ready_at_ms <= now) {
        this.waiting.shift();
        return this.stepOf(first);
      }
      if (first.ready_at_ms > until_ms) return null;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, first.ready_at_ms - now)));
    }
  }

  /** Records an answer and moves its checkout on. */
  answered(step: HttpStep, status: number, text: string, headers: Record<string, unknown>, latency_ms: number, at_ms: number): void {
    const body = parse(text);
    const replayed = header(headers, 'idempotent-replayed') === 'true';
    const error = errorOf(body);
    const errorKey = `${status}${error?.code === undefined ? '' : ` ${error.code}`}${error?.decline_code === undefined ? '' : `/${error.decline_code}`}`;
    const flow = step.flow;
    let verdict: Verdict = status === 200 ? 'expected' : 'unexpected';
    if (status === 402 && error?.code === 'card_declined') {
      if (error.decline_code === 'fraudulent' && /velocity rule/.test(error.message ?? '')) verdict = 'velocity';
      else if (step.op === 'decline') verdict = 'expected';
    }
    if (step.op === 'decline' && status === 200) verdict = 'unexpected';
    this.options.stats.record(step.op, { status, latency_ms, at_ms, verdict, ...(verdict === 'unexpected' ? { error: errorKey } : {}), replayed });
    if (flow === null) return;
    flow.retries = 0;
    if (verdict === 'velocity') return this.end('velocity');
    if (verdict === 'unexpected') return this.end('failed');
    const intent = (status === 402 ? error?.payment_intent : body) ?? {};
    if (typeof intent['id'] === 'string') this.remember(intent['id']);
    const payment = flow.payment;
    switch (step.op) {
      case 'create':
        flow.id = typeof body['id'] === 'string' ? body['id'] : null;
        if (flow.id === null) return this.end('failed');
        return this.then(flow, DECLINES.has(payment.outcome) ? 'decline' : 'confirm', at_ms + payment.confirm_after_ms);
      case 'decline':
        return this.end('completed', `declined ${error?.decline_code ?? '?'}`);
      case 'confirm':
        if (body['status'] === 'authorized' && payment.capture !== null) return this.then(flow, 'capture', at_ms);
        if (body['status'] === 'authorized' && payment.void_after_ms !== null) return this.then(flow, 'cancel', at_ms);
        if (body['status'] === 'captured' && payment.refund !== null) return this.then(flow, 'refund', at_ms);
        return this.end('completed', String(body['status']));
      case 'capture':
        if (payment.refund !== null) return this.then(flow, 'refund', at_ms);
        return this.end('completed', `manual ${String(body['status'])}`);
      case 'cancel':
        return this.end('completed', `manual ${String(body['status'])}`);
      case 'refund':
        return this.end('completed', `captured, refund ${String(body['status'])}`);
      case 'tokenize':
      case 'retrieve':
        return;
    }
  }

  /** A request that got no answer: its checkout's step is sent again with the same Idempotency-Key, or the checkout is given up. */
  unanswered(step: HttpStep, why: string): void {
    this.options.stats.noAnswer(step.op, why);
    const flow = step.flow;
    if (flow === null) return;
    flow.retries += 1;
    if (flow.retries > NO_ANSWER_RETRIES_MAX) return this.end('failed');
    this.waiting.unshift(flow);
  }

  summary(): FlowSummary {
    const unfinished: Record<string, number> = {};
    for (const flow of this.waiting) bump(unfinished, flow.next);
    return { ...this.summaryCounts, unfinished, endings: { ...this.summaryCounts.endings } };
  }

  private then(flow: Flow, next: FlowOperation, ready_at_ms: number): void {
    flow.next = next;
    flow.ready_at_ms = ready_at_ms;
    // Sorted by ready time; pauses are short, so the place is near the end.
    let at = this.waiting.length;
    while (at > 0 && (this.waiting[at - 1]?.ready_at_ms ?? 0) > ready_at_ms) at -= 1;
    this.waiting.splice(at, 0, flow);
  }

  private end(how: 'completed' | 'velocity' | 'failed', ending?: string): void {
    this.open -= 1;
    if (how === 'completed') {
      this.summaryCounts.completed += 1;
      bump(this.summaryCounts.endings, ending ?? '?');
    } else if (how === 'velocity') {
      this.summaryCounts.velocity_declined += 1;
    } else {
      this.summaryCounts.failed += 1;
    }
  }

  private remember(id: string): void {
    if (this.recentIds.length >= RECENT_IDS_MAX) this.recentIds.shift();
    if (!this.recentIds.includes(id)) this.recentIds.push(id);
  }

  private headers(flow: Flow | null, op: Operation): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.apiKey}`, accept: 'application/json' };
    if (flow === null) return headers;
    return { ...headers, 'content-type': 'application/json', 'idempotency-key': `load-${this.options.runId}-${flow.payment.index}-${op}`, 'x-correlation-id': flow.correlation };
  }

  private stepOf(flow: Flow): HttpStep {
    const { payment } = flow;
    const post = (path: string, body: unknown): HttpStep => ({ op: flow.next, method: 'POST', path, headers: this.headers(flow, flow.next), body: JSON.stringify(body), flow });
    const intent = `/v1/payment-intents/${flow.id ?? ''}`;
    switch (flow.next) {
      case 'create':
        return post('/v1/payment-intents', {
          amount: payment.amount,
          currency: payment.currency,
          payment_method: flow.token,
          capture_method: payment.capture_method,
          customer: { name: payment.customer.name, email: payment.customer.email, country: payment.customer.country, ip: payment.customer.ip },
          metadata: { customer_ref: payment.customer.ref, mcc: payment.customer.mcc, load_run: this.options.runId },
          description: `Load order ${payment.index + 1}`,
        });
      case 'confirm':
      case 'decline':
        return post(`${intent}/confirm`, {});
      case 'capture':
        return post(`${intent}/capture`, { amount_to_capture: payment.capture?.amount ?? payment.amount });
      case 'cancel':
        return post(`${intent}/cancel`, {});
      case 'refund':
        return post('/v1/refunds', { payment_intent: flow.id, amount: payment.refund?.amount ?? payment.amount, reason: 'requested_by_customer' });
    }
  }

  private retrieveStep(): HttpStep {
    const id = this.recentIds[Math.floor(Math.random() * this.recentIds.length)];
    return { op: 'retrieve', method: 'GET', path: id === undefined ? '/v1/payment-intents?limit=1' : `/v1/payment-intents/${id}`, headers: this.headers(null, 'retrieve'), body: '', flow: null };
  }

  /** Keeps `readyTarget` checkouts tokenized: saved cards at once, new ones at the vault, TOKENIZE_CONCURRENCY at a time. */
  private pump(): void {
    while (!this.stopped && this.tokenizing < TOKENIZE_CONCURRENCY && this.readyFlows.length + this.tokenizing < this.options.readyTarget) {
      const next = this.plan.next();
      if (next.done === true) {
        this.summaryCounts.plan_exhausted = true;
        return;
      }
      const payment = next.value;
      const saved = this.savedCards.get(payment.card.pan);
      if (saved !== undefined) {
        this.readyFlows.push(this.flowOf(payment, saved));
        continue;
      }
      this.tokenizing += 1;
      void this.tokenize(payment)
        .then((token) => {
          if (token === null) return;
          if (this.savedCards.size < SAVED_CARDS_MAX) this.savedCards.set(payment.card.pan, token);
          this.readyFlows.push(this.flowOf(payment, token));
        })
        .finally(() => {
          this.tokenizing -= 1;
          this.pump();
        });
    }
  }

  private flowOf(payment: PlannedPayment, token: string): Flow {
    return { payment, token, correlation: newId('corr'), id: null, next: 'create', ready_at_ms: 0, retries: 0 };
  }

  private async tokenize(payment: PlannedPayment): Promise<string | null> {
    const { card, customer } = payment;
    const started = this.options.now();
    const step: HttpStep = { op: 'tokenize', method: 'POST', path: '/tokens', headers: {}, body: '', flow: null };
    try {
      const response = await fetch(`${this.options.vaultUrl}/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-internal-token': this.options.internalToken },
        body: JSON.stringify({ pan: card.pan, exp_month: card.exp_month, exp_year: card.exp_year, cvv: card.cvv, holder_name: customer.name }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      const at = this.options.now();
      // The vault answers 201 for a new token.
      const verdict: Verdict = response.status === 201 ? 'expected' : 'unexpected';
      const body = parse(text);
      this.options.stats.record('tokenize', { status: response.status, latency_ms: at - started, at_ms: at, verdict, ...(verdict === 'unexpected' ? { error: `${response.status} ${errorOf(body)?.code ?? ''}`.trim() } : {}), replayed: false });
      if (verdict !== 'expected' || typeof body['token'] !== 'string') {
        this.summaryCounts.tokenize_failed += 1;
        return null;
      }
      return body['token'] as string;
    } catch (error) {
      this.unanswered(step, (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection error');
      this.summaryCounts.tokenize_failed += 1;
      return null;
    }
  }
}
