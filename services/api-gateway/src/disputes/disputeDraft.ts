import { assert } from '@payrail/core';
import { StreamTailer, type JournalEvent } from '@payrail/journal';
import { MERCHANT_EVENT_TYPES, OUTBOX_STREAMS, parseStripeEventId, type Dispute, type LedgerState, type PaymentIntent, type Refund } from '@payrail/ledger';
import type { Logger } from '@payrail/service-kit';
import { auditExport, type VerifiedEvent } from '../console/auditExport';
import { formatMoney } from '../console/auditReportPdf';
import { notFound } from '../http/route';
import { attemptView, type DeliveryAttempt } from '../webhooks/deliveryLog';

/*
 * A dispute response draft: the evidence packet a merchant submits for a dispute, assembled by fixed
 * rules from the ledger and the webhook outbox (no network, no model). Every fact names the journal
 * line it stands on, so a person can check it: line `seq` of `data/<stream>.jsonl` has `event_id`.
 */

/** The longest evidence text POST /v1/disputes/{id}/evidence accepts. */
export const EVIDENCE_TEXT_MAX = 20_000;
/** The most webhook receipts one draft lists (oldest first); the rest are counted in `webhook_receipts_omitted`. */
export const DRAFT_RECEIPTS_MAX = 500;
/** Nested customer fields are listed down to this depth (`address.line1` is depth 2). */
const CUSTOMER_DEPTH_MAX = 3;
/** A fact's value is cut to this many characters (metadata values hold at most 500). */
const FACT_VALUE_MAX = 500;

/** The journal line a fact stands on: `sed -n '<seq>p' data/<stream>.jsonl | jq -r .event_id` prints `event_id`. */
export interface Citation {
  stream: string;
  seq: number;
  event_id: string;
}

/** One field of the packet (a customer's email, a tracking number...) and the line that recorded it. */
export interface CitedFact {
  field: string;
  value: string;
  cite: Citation;
}

/** One ledger line of the payment, its refunds or its dispute. */
export interface TimelineEntry {
  at: string;
  type: string;
  ref: string;
  /** What the line moved or reserved, in minor units of the payment's currency; null when it moved nothing. */
  amount: number | null;
  /** The line's hash re-computed and its link to the line before it in its stream both hold. */
  verified: boolean;
  cite: Citation;
}

/** The authorization or the capture as the processor answered it. */
export interface ProcessorStep {
  processor: string;
  processor_reference: string | null;
  amount: number;
  currency: string;
  at: string;
  cite: Citation;
}

/**
 * The card checks of the authorization. The ledger's `payment_intent.authorized` line holds the
 * processor, its reference and the amount only, and provider-sim's books hold no check results
 * either: AVS and CVC are never recorded, and the draft says so rather than guess.
 */
export interface CardChecks {
  avs: 'not recorded';
  cvc: 'not recorded';
  explanation: string;
  /** The authorization line that was examined (null when the payment has none). */
  cite: Citation | null;
}

export interface DisputeFacts {
  id: string;
  payment_intent: string;
  status: Dispute['status'];
  reason: string;
  reason_category: ReasonCategory;
  amount: number;
  currency: string;
  processor: string;
  processor_dispute_id: string | null;
  funds_status: Dispute['funds_status'];
  opened_at: string;
  /** The `dispute.opened` line (amount, reason, processor). */
  cite: Citation;
  /** The dispute's latest line (its status and funds now). */
  status_cite: Citation;
}

export interface RefundRecord {
  id: string;
  amount: number;
  currency: string;
  status: Refund['status'];
  reason: string | null;
  requested_at: string;
  /** The `refund.created` line. */
  cite: Citation;
  /** The refund's latest line (its status now). */
  status_cite: Citation;
}

/** One attempt at delivering one of the payment's events to one of the merchant's endpoints. */
export interface WebhookReceipt {
  /** The event delivered: a ledger line's event_id (a Stripe-format endpoint's `_n` suffix kept). */
  event_id: string;
  event_type: string;
  endpoint_id: string;
  endpoint_url: string;
  delivery_id: string;
  attempt: number;
  attempted_at: string;
  status_code: number | null;
  outcome: DeliveryAttempt['outcome'];
  /** The attempt's line in `outbox/deliveries.jsonl`. */
  cite: Citation;
}

/** How the dispute's reason reads: it decides which facts the argument puts first. */
export type ReasonCategory = 'fraud' | 'not_received' | 'duplicate' | 'credit_not_processed' | 'other';

/** The line of argument the rules chose (see `argumentKind`). */
export type ArgumentKind = 'refund_already_issued' | 'no_authorization_on_record' | 'product_delivered' | 'product_shipped' | 'authorized_and_captured';

/** One sentence of the argument and the lines it stands on. */
export interface ArgumentPoint {
  text: string;
  cites: Citation[];
}

export type GapCode =
  | 'card_checks_not_recorded'
  | 'no_authorization'
  | 'no_capture'
  | 'no_customer_name'
  | 'no_customer_email'
  | 'no_order_reference'
  | 'no_shipping_address'
  | 'no_tracking_number'
  | 'no_delivery_confirmation'
  | 'no_webhook_receipt'
  | 'chain_not_verified'
  | 'evidence_not_submittable';

/** Something missing that would strengthen the case, and what to do about it. */
export interface DraftGap {
  code: GapCode;
  message: string;
}

/** The body POST /v1/disputes/{id}/evidence takes, exactly its fields. */
export interface EvidenceBody {
  text: string;
  file_name: string;
}

export interface DisputeDraft {
  object: 'dispute_draft';
  merchant: string;
  generated_at: string;
  /** Every cited ledger line re-hashed and linked to the line before it (the audit export's check). */
  chain_verified: boolean;
  dispute: DisputeFacts;
  argument: { kind: ArgumentKind; summary: string; points: ArgumentPoint[] };
  authorization: ProcessorStep | null;
  capture: ProcessorStep | null;
  card: CitedFact[];
  card_checks: CardChecks;
  customer: CitedFact[];
  /** Metadata about the order and its shipping (shipping_*, tracking_*, carrier, order_*, delivery_*...). */
  delivery: CitedFact[];
  /** The payment's description and every other metadata key. */
  other_details: CitedFact[];
  refunds: RefundRecord[];
  timeline: TimelineEntry[];
  webhook_receipts: WebhookReceipt[];
  webhook_receipts_omitted: number;
  /** Ready for POST /v1/disputes/{id}/evidence. */
  evidence: EvidenceBody;
  /** False once the dispute is past `opened`: the evidence route answers 409. */
  evidence_submittable: boolean;
  gaps: DraftGap[];
}

/** A delivery attempt and the outbox line it is. */
export interface CitedAttempt {
  attempt: DeliveryAttempt;
  cite: Citation;
}

/** Where a draft reads the delivery attempts of an event (DeliveryReceipts, or a fixed list in tests). */
export interface ReceiptSource {
  /** Every attempt at delivering the ledger event `eventId` (any dialect), oldest first. */
  attemptsOf(eventId: string): readonly CitedAttempt[];
}

/**
 * The dispatcher's `outbox/deliveries.jsonl` (ledger-service writes it) with each attempt's line, by
 * the ledger event delivered. DeliveryLog keeps the attempts without their lines; a draft cites them.
 * Read on demand, from where the last read stopped.
 */
export class DeliveryReceipts implements ReceiptSource {
  private readonly byEvent = new Map<string, CitedAttempt[]>();
  private readonly tailer: StreamTailer;

  constructor(dataDir: string, logger: Logger) {
    const stream = OUTBOX_STREAMS.deliveries;
    this.tailer = new StreamTailer({
      dataDir,
      stream,
      onError: (error) => logger.warn({ err: error.message }, 'outbox: cannot read a delivery line; retrying on the next read'),
      onEvents: async (events) => events.forEach((event) => this.add({ attempt: attemptView(event.data), cite: citeLine(stream, event) })),
    });
  }

  /** Reads every line appended since the last read. */
  async refresh(): Promise<void> {
    // A read already running may have started before the latest append: wait for it, then read again.
    await this.tailer.wake();
    await this.tailer.wake();
  }

  attemptsOf(eventId: string): readonly CitedAttempt[] {
    return this.byEvent.get(eventId) ?? [];
  }

  async close(): Promise<void> {
    await this.tailer.stop();
  }

  private add(cited: CitedAttempt): void {
    const ledgerEvent = parseStripeEventId(cited.attempt.event_id)?.event_id ?? cited.attempt.event_id;
    const list = this.byEvent.get(ledgerEvent);
    if (list === undefined) this.byEvent.set(ledgerEvent, [cited]);
    else list.push(cited);
  }
}

const citeLine = (stream: string, event: Pick<JournalEvent, 'seq' | 'event_id'>): Citation => ({ stream, seq: event.seq, event_id: event.event_id });
const citeOf = (line: VerifiedEvent): Citation => citeLine(line.stream, line);

/**
 * The response draft of one of `merchant`'s disputes, from the ledger state (which must have caught
 * up) and the delivery attempts in `receipts`. An unknown dispute, or another merchant's, is a 404
 * `resource_missing`.
 */
export function disputeDraft(state: LedgerState, merchant: string, disputeId: string, receipts: ReceiptSource, now = new Date()): DisputeDraft {
  const dispute = state.disputes.get(disputeId);
  if (dispute === undefined || dispute.merchant !== merchant) throw notFound('dispute', disputeId);
  const intent = state.payments.get(dispute.payment_intent);
  assert(intent !== undefined, `dispute ${disputeId} names an unknown payment_intent ${dispute.payment_intent}`);
  const audit = auditExport(state, merchant, { payment_intent: intent.id }, now);
  const lines = audit.events;
  const facts = gatherFacts(intent, dispute, state.refundsByPayment.get(intent.id) ?? [], lines, receipts);
  const argument = argumentOf(facts);
  return {
    object: 'dispute_draft',
    merchant,
    generated_at: audit.generated_at,
    chain_verified: audit.chain_verified,
    dispute: facts.dispute,
    argument,
    authorization: facts.authorization,
    capture: facts.capture,
    card: facts.card,
    card_checks: facts.card_checks,
    customer: facts.customer,
    delivery: facts.delivery,
    other_details: facts.other_details,
    refunds: facts.refunds,
    timeline: facts.timeline,
    webhook_receipts: facts.receipts.slice(0, DRAFT_RECEIPTS_MAX),
    webhook_receipts_omitted: Math.max(0, facts.receipts.length - DRAFT_RECEIPTS_MAX),
    evidence: evidenceBody(facts.dispute, argument),
    evidence_submittable: dispute.status === 'opened',
    gaps: gapsOf(facts, dispute, audit.chain_verified),
  };
}

/** The file name the evidence names: the PDF of the draft (GET /v1/disputes/{id}/draft.pdf). */
export const draftFileName = (disputeId: string): string => `payrail_dispute_draft_${disputeId}.pdf`;

/** Everything the rules read, each piece with its line. */
interface Facts {
  dispute: DisputeFacts;
  timeline: TimelineEntry[];
  authorization: ProcessorStep | null;
  capture: ProcessorStep | null;
  captures: number;
  card: CitedFact[];
  card_checks: CardChecks;
  customer: CitedFact[];
  delivery: CitedFact[];
  other_details: CitedFact[];
  refunds: RefundRecord[];
  receipts: WebhookReceipt[];
}

function gatherFacts(intent: PaymentIntent, dispute: Dispute, refunds: readonly Refund[], lines: VerifiedEvent[], receipts: ReceiptSource): Facts {
  const authorized = lastLine(lines, (l) => l.type === 'payment_intent.authorized');
  const captured = lastLine(lines, (l) => l.type === 'payment_intent.captured');
  const metadata = metadataFacts(intent, lines);
  return {
    dispute: disputeFacts(dispute, lines),
    timeline: lines.map((line) => ({ at: line.timestamp, type: line.type, ref: line.ref, amount: amountOf(line), verified: line.verification.hash_valid && line.verification.linked_to_previous, cite: citeOf(line) })),
    authorization: authorized === undefined ? null : processorStep(authorized, intent, 'amount_capturable'),
    capture: captured === undefined ? null : processorStep(captured, intent, 'amount_captured'),
    captures: lines.filter((l) => l.type === 'payment_intent.captured').length,
    card: cardFacts(intent, lines),
    card_checks: {
      avs: 'not recorded',
      cvc: 'not recorded',
      explanation: 'The authorization line records the processor, its reference and the amount only; no AVS or CVC result is kept by the ledger or by the processor simulator.',
      cite: authorized === undefined ? null : citeOf(authorized),
    },
    customer: customerFacts(intent, lines),
    delivery: metadata.filter((fact) => DELIVERY_KEY.test(fact.field)),
    other_details: [...descriptionFact(intent, lines), ...metadata.filter((fact) => !DELIVERY_KEY.test(fact.field))],
    refunds: refunds.flatMap((refund) => refundRecord(refund, lines)),
    receipts: webhookReceipts(lines, receipts),
  };
}

/** The last line that `matches`, or undefined. */
function lastLine(lines: readonly VerifiedEvent[], matches: (line: VerifiedEvent) => boolean): VerifiedEvent | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (matches(lines[i] as VerifiedEvent)) return lines[i];
  return undefined;
}

/** The amount a line moved or reserved, if its data carries one. */
function amountOf(line: VerifiedEvent): number | null {
  const amount = line.data['amount'] ?? line.data['amount_captured'] ?? line.data['amount_capturable'];
  return typeof amount === 'number' ? amount : null;
}

function disputeFacts(dispute: Dispute, lines: VerifiedEvent[]): DisputeFacts {
  const opened = lastLine(lines, (l) => l.type === 'dispute.opened' && l.ref === dispute.id);
  const latest = lastLine(lines, (l) => l.ref === dispute.id);
  // The state is built from these very lines: a dispute without its opening line is a bug.
  assert(opened !== undefined && latest !== undefined, `dispute ${dispute.id} has no dispute.opened line among its payment's events`);
  return {
    id: dispute.id,
    payment_intent: dispute.payment_intent,
    status: dispute.status,
    reason: dispute.reason,
    reason_category: reasonCategory(dispute.reason),
    amount: dispute.amount,
    currency: dispute.currency,
    processor: dispute.processor,
    processor_dispute_id: dispute.processor_dispute_id,
    funds_status: dispute.funds_status,
    opened_at: opened.timestamp,
    cite: citeOf(opened),
    status_cite: citeOf(latest),
  };
}

/** Stripe's and Adyen's reasons (`fraudulent`, `Fraudulent`, `product_not_received`...) in five kinds. */
export function reasonCategory(reason: string): ReasonCategory {
  const words = reason.toLowerCase();
  if (/fraud|unrecogni[sz]ed|no.?authori[sz]ation|card.?absent/.test(words)) return 'fraud';
  if (/not.?received|non.?receipt|undelivered/.test(words)) return 'not_received';
  if (/duplicate/.test(words)) return 'duplicate';
  if (/credit|refund|cancel/.test(words)) return 'credit_not_processed';
  return 'other';
}

function processorStep(line: VerifiedEvent, intent: PaymentIntent, amountField: 'amount_capturable' | 'amount_captured'): ProcessorStep {
  const reference = line.data['processor_reference'];
  return {
    processor: String(line.data['processor']),
    processor_reference: typeof reference === 'string' ? reference : null,
    amount: line.data[amountField] as number,
    currency: intent.currency,
    at: line.timestamp,
    cite: citeOf(line),
  };
}

/** The lines that may set a payment's card, customer, metadata or description. */
const SETS_DETAILS = new Set(['payment_intent.created', 'payment_intent.updated']);

function cardFacts(intent: PaymentIntent, lines: VerifiedEvent[]): CitedFact[] {
  const card = intent.card;
  const line = lastLine(lines, (l) => (SETS_DETAILS.has(l.type) || l.type === 'payment_intent.authorization_requested') && l.data['card'] !== undefined);
  if (card === null || line === undefined) return [];
  const cite = citeOf(line);
  const fields: Array<[string, string | undefined]> = [
    ['brand', card.brand],
    ['bin', card.bin],
    ['last4', card.last4],
    ['expiry', card.exp_month === undefined || card.exp_year === undefined ? undefined : `${String(card.exp_month).padStart(2, '0')}/${card.exp_year}`],
    ['country', card.country],
  ];
  return fields.flatMap(([field, value]) => (value === undefined ? [] : [{ field, value, cite }]));
}

function customerFacts(intent: PaymentIntent, lines: VerifiedEvent[]): CitedFact[] {
  const line = lastLine(lines, (l) => SETS_DETAILS.has(l.type) && l.data['customer'] !== undefined);
  if (intent.customer === null || line === undefined) return [];
  const cite = citeOf(line);
  return flatten(intent.customer, '', 1).map(([field, value]) => ({ field, value, cite }));
}

/** A customer object as `field`, `value` pairs: nested objects by dotted path, at most CUSTOMER_DEPTH_MAX deep. */
function flatten(value: Record<string, unknown>, prefix: string, depth: number): Array<[string, string]> {
  return Object.entries(value).flatMap(([key, inner]): Array<[string, string]> => {
    if (inner === null || inner === undefined || inner === '') return [];
    if (typeof inner === 'object' && !Array.isArray(inner) && depth < CUSTOMER_DEPTH_MAX) return flatten(inner as Record<string, unknown>, `${prefix}${key}.`, depth + 1);
    return [[`${prefix}${key}`, cut(typeof inner === 'string' ? inner : JSON.stringify(inner))]];
  });
}

const cut = (text: string): string => (text.length > FACT_VALUE_MAX ? `${text.slice(0, FACT_VALUE_MAX - 3)}...` : text);

/** Metadata keys about the order and getting it to the customer. */
const DELIVERY_KEY = /^(ship|deliver|tracking|carrier|order|fulfil|address|signed|signature|proof)/i;

/** Each metadata key with the line that last set it to its value (creation, or an update that merged it). */
function metadataFacts(intent: PaymentIntent, lines: VerifiedEvent[]): CitedFact[] {
  return Object.entries(intent.metadata).flatMap(([field, value]) => {
    const line = lastLine(lines, (l) => SETS_DETAILS.has(l.type) && (l.data['metadata'] as Record<string, unknown> | undefined)?.[field] === value);
    return line === undefined ? [] : [{ field, value: cut(value), cite: citeOf(line) }];
  });
}

function descriptionFact(intent: PaymentIntent, lines: VerifiedEvent[]): CitedFact[] {
  const line = lastLine(lines, (l) => SETS_DETAILS.has(l.type) && l.data['description'] !== undefined);
  if (intent.description === null || intent.description === '' || line === undefined) return [];
  return [{ field: 'description', value: cut(intent.description), cite: citeOf(line) }];
}

function refundRecord(refund: Refund, lines: VerifiedEvent[]): RefundRecord[] {
  const created = lastLine(lines, (l) => l.type === 'refund.created' && l.ref === refund.id);
  const latest = lastLine(lines, (l) => l.ref === refund.id);
  if (created === undefined || latest === undefined) return [];
  return [{ id: refund.id, amount: refund.amount, currency: refund.currency, status: refund.status, reason: refund.reason, requested_at: created.timestamp, cite: citeOf(created), status_cite: citeOf(latest) }];
}

/** Every delivery attempt of the payment's merchant events, oldest first. */
function webhookReceipts(lines: VerifiedEvent[], receipts: ReceiptSource): WebhookReceipt[] {
  const all: WebhookReceipt[] = [];
  for (const line of lines) {
    if (!MERCHANT_EVENT_TYPES.has(line.type)) continue;
    for (const { attempt, cite } of receipts.attemptsOf(line.event_id)) {
      all.push({
        event_id: attempt.event_id, event_type: attempt.event_type, endpoint_id: attempt.endpoint.id, endpoint_url: attempt.endpoint.url, delivery_id: attempt.delivery_id,
        attempt: attempt.attempt, attempted_at: attempt.attempted_at, status_code: attempt.status_code, outcome: attempt.outcome, cite,
      });
    }
  }
  return all.sort((a, b) => a.attempted_at.localeCompare(b.attempted_at) || a.cite.seq - b.cite.seq);
}

// The rules. Each reads the facts and either says one sentence backed by its lines or nothing.

const money = (amount: number, currency: string): string => formatMoney(amount, currency);
const day = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const factOf = (facts: readonly CitedFact[], field: RegExp): CitedFact | undefined => facts.find((fact) => field.test(fact.field));

/** What the delivery metadata says: a tracking number, its carrier, delivery, and where to. */
interface DeliveryReading {
  tracking: CitedFact | undefined;
  carrier: CitedFact | undefined;
  /** When it was delivered (`delivered_at`...). */
  deliveredAt: CitedFact | undefined;
  /** A delivery status that says delivered (`delivery_status: delivered`...). */
  deliveredStatus: CitedFact | undefined;
  /** The shipping address fields, in the order an address is written. */
  address: CitedFact[];
  order: CitedFact | undefined;
}

/** The parts of an address in writing order; a field is ranked by the first part its name contains. */
const ADDRESS_ORDER = ['name', 'line1', 'address', 'line2', 'city', 'state', 'postal', 'zip', 'country'];
const addressRank = (field: string): number => {
  const rank = ADDRESS_ORDER.findIndex((part) => field.toLowerCase().includes(part));
  return rank === -1 ? ADDRESS_ORDER.length : rank;
};

function readDelivery(delivery: readonly CitedFact[]): DeliveryReading {
  return {
    tracking: factOf(delivery, /tracking/i),
    carrier: factOf(delivery, /carrier/i),
    deliveredAt: factOf(delivery, /^(delivered_(at|on|date)|delivery_date)$/i),
    deliveredStatus: delivery.find((fact) => /deliver/i.test(fact.field) && /^(delivered|signed)/i.test(fact.value)),
    address: delivery.filter((fact) => /^(ship(ping)?_|address)/i.test(fact.field) && !/tracking|carrier|method|status|cost|date/i.test(fact.field)).sort((a, b) => addressRank(a.field) - addressRank(b.field)),
    order: factOf(delivery, /^order/i),
  };
}

const isDelivered = (reading: DeliveryReading): boolean => reading.deliveredAt !== undefined || reading.deliveredStatus !== undefined;

/**
 * The line of argument, first rule that holds: the money is already back with the customer; nothing
 * shows the card was authorized; the goods were delivered; they were shipped; the card was authorized
 * and the payment captured.
 */
function argumentKind(facts: Facts, reading: DeliveryReading): ArgumentKind {
  if (refundedTotal(facts.refunds) >= facts.dispute.amount) return 'refund_already_issued';
  if (facts.authorization === null && facts.capture === null) return 'no_authorization_on_record';
  if (isDelivered(reading)) return 'product_delivered';
  if (reading.tracking !== undefined) return 'product_shipped';
  return 'authorized_and_captured';
}

const refundedTotal = (refunds: readonly RefundRecord[]): number => refunds.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.amount, 0);

type Rule = (facts: Facts, reading: DeliveryReading) => ArgumentPoint | null;

/** Which facts come first for each kind of reason: what the issuer will weigh most. */
const RULE_ORDER: Record<ReasonCategory, Array<'authorization' | 'customer' | 'country' | 'delivery' | 'refunds' | 'single_capture'>> = {
  fraud: ['authorization', 'customer', 'country', 'delivery', 'refunds'],
  not_received: ['delivery', 'authorization', 'customer', 'refunds'],
  duplicate: ['single_capture', 'authorization', 'delivery', 'refunds'],
  credit_not_processed: ['refunds', 'authorization', 'delivery', 'customer'],
  other: ['authorization', 'delivery', 'customer', 'refunds'],
};

const RULES: Record<(typeof RULE_ORDER)[ReasonCategory][number], Rule> = {
  authorization: (facts) => {
    const { authorization: auth, capture } = facts;
    const last4 = factOf(facts.card, /^last4$/)?.value;
    const card = last4 === undefined ? null : `the card (${factOf(facts.card, /^brand$/)?.value ?? 'card'} ending ${last4})`;
    const cites = [auth?.cite, capture?.cite, facts.card[0]?.cite].filter((c): c is Citation => c !== undefined);
    const captured = capture === null ? '' : `${money(capture.amount, capture.currency)} was captured on ${day(capture.at)}`;
    if (auth === null) {
      // A payment captured without an authorization line (Pix): the capture alone.
      return capture === null ? null : { text: `${captured.charAt(0).toUpperCase()}${captured.slice(1)} by ${capture.processor}${card === null ? '' : ` from ${card}`}.`, cites };
    }
    const reference = auth.processor_reference === null ? '' : ` (reference ${auth.processor_reference})`;
    const subject = card === null ? 'The payment' : `${card.charAt(0).toUpperCase()}${card.slice(1)}`;
    return { text: `${subject} was authorized by ${auth.processor}${reference} on ${day(auth.at)}${captured === '' ? '' : ` and ${captured}`}.`, cites };
  },
  customer: (facts, reading) => {
    const name = factOf(facts.customer, /^name$/);
    const email = factOf(facts.customer, /^email$/);
    const ip = factOf(facts.customer, /^ip$/);
    if (name === undefined && email === undefined) return null;
    const who = [name?.value, email === undefined ? undefined : `<${email.value}>`].filter(Boolean).join(' ');
    const order = reading.order === undefined ? 'The order' : `Order ${reading.order.value}`;
    const from = ip === undefined ? '' : ` from IP address ${ip.value}`;
    return { text: `${order} was placed by ${who}${from}.`, cites: uniqueCites([reading.order, name, email, ip]) };
  },
  country: (facts) => {
    const card = factOf(facts.card, /^country$/);
    const customer = factOf(facts.customer, /^country$/);
    if (card === undefined || customer === undefined || card.value !== customer.value) return null;
    return { text: `The card was issued in ${card.value}, the customer's country.`, cites: uniqueCites([card, customer]) };
  },
  delivery: (_facts, reading) => {
    const to = reading.address.length === 0 ? '' : ` to ${reading.address.map((fact) => fact.value).join(', ')}`;
    const via = reading.carrier === undefined ? '' : ` (${reading.carrier.value})`;
    const on = reading.deliveredAt === undefined ? '' : ` on ${reading.deliveredAt.value}`;
    const cites = uniqueCites([reading.tracking, reading.carrier, reading.deliveredStatus, reading.deliveredAt, ...reading.address]);
    const verb = isDelivered(reading) ? 'were delivered' : 'were shipped';
    if (reading.tracking !== undefined) return { text: `The goods ${verb}${to} per tracking number ${reading.tracking.value}${via}${on}.`, cites };
    if (isDelivered(reading)) return { text: `The goods were delivered${to}${on}.`, cites };
    if (reading.address.length > 0) return { text: `The order was to be shipped${to}.`, cites };
    return null;
  },
  refunds: (facts) => {
    const succeeded = facts.refunds.filter((r) => r.status === 'succeeded');
    const open = facts.refunds.filter((r) => r.status === 'pending_approval' || r.status === 'approved');
    if (succeeded.length === 0 && open.length === 0) {
      const last = facts.timeline[facts.timeline.length - 1];
      return { text: `No refund was issued: none of the payment's ${facts.timeline.length} ledger lines is a refund.`, cites: last === undefined ? [] : [last.cite] };
    }
    const said = [
      ...succeeded.map((r) => `a refund of ${money(r.amount, r.currency)} was issued on ${day(r.requested_at)} (${r.id})`),
      ...open.map((r) => `a refund of ${money(r.amount, r.currency)} is ${r.status === 'approved' ? 'on its way' : 'waiting for approval'} (${r.id})`),
    ];
    const text = said.join('; ');
    return { text: `${text.charAt(0).toUpperCase()}${text.slice(1)}.`, cites: [...succeeded, ...open].flatMap((r) => [r.cite, r.status_cite]) };
  },
  single_capture: (facts) => {
    if (facts.capture === null || facts.captures !== 1) return null;
    return { text: `This payment was captured once, on ${day(facts.capture.at)}.`, cites: [facts.capture.cite] };
  },
};

function uniqueCites(facts: ReadonlyArray<CitedFact | undefined>): Citation[] {
  const seen = new Map<string, Citation>();
  for (const fact of facts) if (fact !== undefined) seen.set(`${fact.cite.stream}:${fact.cite.seq}`, fact.cite);
  return [...seen.values()];
}

function argumentOf(facts: Facts): DisputeDraft['argument'] {
  const reading = readDelivery(facts.delivery);
  const kind = argumentKind(facts, reading);
  const order = RULE_ORDER[facts.dispute.reason_category];
  // When the money is already back, that is the argument: it comes first whatever the reason.
  const rules = kind === 'refund_already_issued' ? ['refunds' as const, ...order.filter((r) => r !== 'refunds')] : order;
  const points = rules.map((rule) => RULES[rule](facts, reading)).filter((point): point is ArgumentPoint => point !== null);
  const summary = points.length === 0 ? 'The ledger holds no authorization, capture, customer or delivery detail for this payment.' : points.map((p) => p.text).join(' ');
  return { kind, summary, points };
}

function gapsOf(facts: Facts, dispute: Dispute, chainVerified: boolean): DraftGap[] {
  const reading = readDelivery(facts.delivery);
  const gaps: DraftGap[] = [];
  const gap = (when: boolean, code: GapCode, message: string): void => {
    if (when) gaps.push({ code, message });
  };
  gap(!chainVerified, 'chain_not_verified', 'A cited ledger line fails its hash-chain check: run payrail verify on the data folder before submitting.');
  gap(dispute.status !== 'opened', 'evidence_not_submittable', `The dispute is ${dispute.status}: evidence is taken only while it is opened (POST /v1/disputes/{id}/evidence answers 409).`);
  gap(facts.authorization === null, 'no_authorization', 'The ledger holds no payment_intent.authorized line: ask the processor for the authorization record.');
  gap(facts.authorization !== null, 'card_checks_not_recorded', 'AVS and CVC results are not recorded: ask the processor for the authorization response (AVS, CVC, 3-D Secure) and attach it.');
  gap(facts.capture === null, 'no_capture', 'The ledger holds no payment_intent.captured line.');
  gap(factOf(facts.customer, /^name$/) === undefined, 'no_customer_name', "The payment has no customer name: add the cardholder's name from the order.");
  gap(factOf(facts.customer, /^email$/) === undefined, 'no_customer_email', "The payment has no customer email: add the order confirmation sent to the customer.");
  gap(reading.order === undefined, 'no_order_reference', 'No order reference in the metadata (order_id): add the order and its receipt.');
  gap(reading.address.length === 0, 'no_shipping_address', 'No shipping address in the metadata (shipping_*): add where the goods went.');
  gap(reading.tracking === undefined, 'no_tracking_number', 'No tracking number in the metadata (tracking_number, carrier): add the carrier and tracking number.');
  gap(reading.tracking !== undefined && !isDelivered(reading), 'no_delivery_confirmation', "The tracking number is recorded but not the delivery: add the carrier's proof of delivery (delivered_at, signature).");
  gap(!facts.receipts.some((r) => r.outcome === 'delivered'), 'no_webhook_receipt', "No event of this payment reached a merchant endpoint: the packet cannot show when the merchant's system learned of the payment.");
  return gaps;
}

/** The evidence text: the argument, each point with its lines, and the attached PDF's name; at most EVIDENCE_TEXT_MAX characters. */
function evidenceBody(dispute: DisputeFacts, argument: DisputeDraft['argument']): EvidenceBody {
  const file_name = draftFileName(dispute.id);
  const points = argument.points.map((point, i) => `${i + 1}. ${point.text}${point.cites.length === 0 ? '' : ` [${point.cites.map(citationText).join('; ')}]`}`);
  const text = [
    `Response to dispute ${dispute.id} (reason: ${dispute.reason}) on payment ${dispute.payment_intent}, ${money(dispute.amount, dispute.currency)}.`,
    '',
    argument.summary,
    '',
    'Each fact with the PayRail ledger line it stands on (stream, line number, event id):',
    ...points,
    '',
    `Attached: ${file_name} (the timeline of the payment, its authorization and capture, refunds and webhook receipts).`,
  ].join('\n');
  const tail = '\n[cut: the attached PDF has the rest]';
  return { text: text.length <= EVIDENCE_TEXT_MAX ? text : `${text.slice(0, EVIDENCE_TEXT_MAX - tail.length)}${tail}`, file_name };
}

/** A citation as a person reads it: `ledger/payments line 12, evt_...`. */
export const citationText = (cite: Citation): string => `${cite.stream} line ${cite.seq}, ${cite.event_id}`;
