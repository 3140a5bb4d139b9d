import { PayrailError, isPayrailError, isProcessorName, type ErrorCode, verifyAdyenHmacSignature, verifyStripeSignature, type AdyenSignedFields, type ProcessorName } from '@payrail/core';
import type { JournalEvent } from '@payrail/journal';
import { STREAMS } from '@payrail/ledger';
import type { GatewayDeps } from '../common/deps';
import { DisputeCommands } from '../disputes/disputeCommands';
import { defineRoute, type RouteResult, type RouteSpec } from '../http/route';
import { PaymentIntentCommands } from '../paymentIntents/paymentIntentCommands';
import { checkNotice, type RejectionReason } from './noticeChecks';
import { noticeFromProviderA, noticeFromProviderB, type ProviderNotice } from './providerNotice';
import type { WebhookInbox } from './webhookInbox';

type Outcome = { outcome: 'applied' | 'ignored' | 'duplicate' | 'out_of_order'; events: JournalEvent[] } | { outcome: 'rejected'; events: []; reason: RejectionReason | ErrorCode | 'malformed_notification' };

/**
 * `POST /v1/webhooks/provider/{provider}`: a processor's webhook, verified over the raw body in
 * constant time. An invalid signature is stored, flagged, and answered 400. A valid one is applied to
 * the ledger at most once (its id is the causation of the events it produced, checked under the
 * ledger lock, so concurrent deliveries to several gateway processes apply it once) and never moves
 * a payment backwards. If the ledger cannot be written the answer is 503, so the processor retries.
 */
export function providerWebhookRoutes(deps: GatewayDeps, inbox: WebhookInbox): RouteSpec[] {
  const payments = new PaymentIntentCommands(deps);
  const disputes = new DisputeCommands(deps);
  const state = deps.ledger.state;

  /**
   * Applies a notice; an authentic notice the ledger cannot take (a state it cannot follow) is
   * `rejected` with the error's code, never an error answer: the processor would retry it forever.
   * Only a ledger that cannot be written escapes, as 503, so the processor retries.
   */
  async function applySafely(notice: ProviderNotice, correlationId: string): Promise<Outcome> {
    try {
      return await apply(await withFee(notice, correlationId), correlationId);
    } catch (error) {
      if (isPayrailError(error) && error.statusCode < 500) return { outcome: 'rejected', events: [], reason: error.code };
      throw error;
    }
  }

  /** A capture notice naming a balance transaction gets its fee from the processor (bounded; none on failure). */
  async function withFee(notice: ProviderNotice, correlationId: string): Promise<ProviderNotice> {
    if (notice.balance_transaction === undefined || notice.fee !== undefined) return notice;
    const fee = await deps.processors.balanceTransactionFee(notice.provider, notice.balance_transaction, correlationId);
    return fee === null ? notice : { ...notice, fee };
  }

  async function apply(notice: ProviderNotice, correlationId: string): Promise<Outcome> {
    const causation = `${notice.provider}:${notice.id}`;
    await deps.ledger.catchUp(); // another gateway process may have recorded the payment
    const intent = notice.payment_intent === null ? undefined : state.payments.get(notice.payment_intent);
    if (intent === undefined) return { outcome: 'ignored', events: [] };
    const refused = payments.pix.isLatePayment(notice, intent) ? null : checkNotice(notice, intent);
    if (refused !== null) return { outcome: 'rejected', events: [], reason: refused };
    if (notice.kind === 'dispute') {
      if (state.causations.has(causation) || notice.dispute_step === undefined) return { outcome: 'duplicate', events: [] };
      const input = { payment_intent: intent.id, reason: notice.reason ?? 'general', ...(notice.amount ? { amount: notice.amount } : {}), processor_dispute_id: notice.dispute_id ?? '', processor_event: causation };
      return disputes.applyNotice(input, notice.dispute_step, correlationId);
    }
    const outcome = await deps.ledger.transact(intent.merchant, (tx): Outcome => {
      if (state.causations.has(causation)) return { outcome: 'duplicate', events: [] };
      const current = state.payments.get(intent.id);
      if (current === undefined) return { outcome: 'ignored', events: [] };
      if (payments.pix.isLatePayment(notice, current)) {
        // A Pix payment after its PaymentIntent expired: recorded, and refunded by the gateway.
        const late = payments.pix.applyLatePayment(tx, notice, current, correlationId, causation);
        return 'rejected' in late ? { outcome: 'rejected', events: [], reason: late.rejected } : { outcome: 'applied', events: late.events };
      }
      // Checked again under the lock: another process may have moved the payment since.
      const reason = checkNotice(notice, current);
      if (reason !== null) return { outcome: 'rejected', events: [], reason };
      const base = { ref: current.id, merchant_id: current.merchant, correlation_id: correlationId, causation_id: causation };
      const pending = state.pendingConfirmations.get(current.id) ?? null;
      const reference = notice.processor_reference ?? current.processor_reference ?? '';
      const awaitingResult = current.processing && current.status === 'created';
      switch (notice.kind) {
        case 'authorized':
        case 'captured': {
          if (awaitingResult) {
            // An authorization notice that does not say (Adyen's AUTHORISATION) captured what the gateway
            // asked for with it: captureDelayHours 0 for automatic capture, as the confirmation's own answer.
            const captured = notice.kind === 'captured' || (notice.captured ?? current.capture_method === 'automatic');
            payments.appendResult(tx, current.id, current.merchant, notice.provider, { outcome: 'authorized', processor_reference: reference, captured, ...(notice.fee ? { fee: notice.fee } : {}) }, correlationId, pending, causation);
            return { outcome: 'applied', events: [] };
          }
          const captures = notice.kind === 'captured' || notice.captured === true;
          if (current.status === 'authorized' && captures) {
            const event = payments.appendCapture(tx, current, notice.provider, notice.amount ?? current.amount_capturable, current.processor_reference ?? reference, notice.fee, base);
            return { outcome: 'applied', events: [event] };
          }
          return { outcome: 'ignored', events: [] };
        }
        case 'declined':
          if (!awaitingResult) return { outcome: 'ignored', events: [] };
          payments.appendResult(tx, current.id, current.merchant, notice.provider, { outcome: 'declined', decline_code: notice.decline_code ?? 'card_declined', message: notice.message ?? 'The card was declined.', processor_reference: reference }, correlationId, pending, causation);
          return { outcome: 'applied', events: [] };
        case 'voided':
          if (current.status !== 'authorized') return { outcome: 'ignored', events: [] };
          return { outcome: 'applied', events: [tx.append(STREAMS.payments, { ...base, type: 'payment_intent.reversed', data: { reason: 'voided', processor_reference: reference } })] };
        default:
          return { outcome: 'ignored', events: [] };
      }
    });
    await payments.pix.sendLateRefunds(outcome.events, correlationId);
    return outcome;
  }

  return [
    defineRoute({
      method: 'post', path: '/v1/webhooks/provider/:provider', operationId: 'receiveProcessorWebhook', tag: 'Processor webhooks', auth: 'none',
      summary: 'Webhooks from processors: providerA signs with Stripe-Signature, providerB with additionalData.hmacSignature. Invalid signatures are stored and answered 400; duplicates are answered 200 and applied once.',
      responses: {
        200: {
          description: 'Received: providerA gets {"received": true}; providerB the text [accepted] (text/plain), as Adyen expects',
          content: { 'application/json': { $ref: '#/components/schemas/ProviderWebhookReceipt' }, 'text/plain': { const: '[accepted]' } },
        },
      },
      handler: async (c) => {
        const provider = c.params['provider'] ?? '';
        if (!isProcessorName(provider)) throw new PayrailError('resource_missing', `No such processor: '${provider}'.`, { param: 'provider' });
        const raw = c.req.rawBody;
        const body: Record<string, unknown> = isRecord(c.body) ? c.body : {};
        const stored = raw === undefined ? '' : isRecord(c.body) ? body : raw.toString('utf8');
        const correlationId = c.req.correlationId;
        const { notices, failure } = verify(provider, raw, c.req.get('stripe-signature'), c.body, deps);
        if (failure !== null) {
          await inbox.record({ ...claimedIds(provider, body), signature_valid: false, signature_reason: failure, outcome: 'rejected', ledger_event_ids: [], body: stored }, correlationId);
          throw new PayrailError('webhook_signature_invalid', `The ${provider} webhook signature does not verify: ${failure}`, { param: provider === 'providerA' ? 'Stripe-Signature' : 'additionalData.hmacSignature' });
        }
        if (notices === null) {
          // Authentic but unreadable (not an object with id, type and data.object): kept, flagged and
          // acknowledged, so the processor does not retry it forever; nothing reaches the ledger.
          await inbox.record({ provider, provider_event_id: text(body['id']), event_type: text(body['type']), signature_valid: true, outcome: 'rejected', rejection_reason: 'malformed_notification', payment_intent: null, ledger_event_ids: [], body: stored }, correlationId);
          deps.metrics.providerWebhooksRejected.inc({ provider, reason: 'malformed_notification' });
          deps.logger.error({ provider, correlation_id: correlationId }, 'processor webhook is signed but not an event: rejected, acknowledged');
          return acknowledgement(provider);
        }
        for (const notice of notices) {
          // An applied webhook is settled. An ignored one (say, for a payment another gateway process had
          // not yet shown us) is looked at again; applying is idempotent by causation id either way.
          const prior = await inbox.prior(provider, notice.id);
          const applied: Outcome = prior === 'applied' ? { outcome: 'duplicate', events: [] } : await applySafely(notice, correlationId);
          const result: Outcome = prior !== null && applied.outcome === 'ignored' ? { ...applied, outcome: 'duplicate' } : applied;
          if (result.outcome === 'rejected') {
            // An authentic webhook that disagrees with the ledger: acknowledged (or the processor would
            // retry it forever), never applied, and an alert for an operator.
            deps.metrics.providerWebhooksRejected.inc({ provider, reason: result.reason });
            deps.logger.error({ provider, provider_event_id: notice.id, event_type: notice.event_type, payment_intent: notice.payment_intent, reason: result.reason, correlation_id: correlationId }, 'processor webhook disagrees with the ledger: rejected, not applied');
          }
          await inbox.record({
            provider,
            provider_event_id: notice.id,
            event_type: notice.event_type,
            signature_valid: true,
            outcome: result.outcome,
            ...(result.outcome === 'rejected' ? { rejection_reason: result.reason } : {}),
            payment_intent: notice.payment_intent,
            ledger_event_ids: result.events.map((e) => e.event_id),
            body,
          }, correlationId);
        }
        return acknowledgement(provider);
      },
    }),
  ];
}

/**
 * What an unverified webhook claims to be (its id, type and payment), so that a forged or broken one
 * can be found next to the real ones; never trusted for anything else.
 */
function claimedIds(provider: ProcessorName, body: Record<string, unknown>): { provider: ProcessorName; provider_event_id: string | null; event_type: string | null; payment_intent: string | null } {
  if (provider === 'providerA') {
    const object = isRecord(body['data']) && isRecord(body['data']['object']) ? body['data']['object'] : {};
    const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
    return { provider, provider_event_id: text(body['id']), event_type: text(body['type']), payment_intent: text(object['payment_intent']) ?? text(metadata['payment_intent']) };
  }
  const items = Array.isArray(body['notificationItems']) ? body['notificationItems'] : [];
  const first: unknown = items[0];
  const item = isRecord(first) && isRecord(first['NotificationRequestItem']) ? first['NotificationRequestItem'] : {};
  const code = text(item['eventCode']);
  const psp = text(item['pspReference']);
  return { provider, provider_event_id: psp === null && code === null ? null : `${psp ?? ''}:${code ?? ''}`, event_type: code, payment_intent: text(item['merchantReference']) };
}

/** What each processor takes as "received": Adyen the text `[accepted]`, Stripe any 2xx. */
function acknowledgement(provider: ProcessorName): RouteResult {
  return provider === 'providerB' ? { status: 200, raw: '[accepted]', headers: { 'content-type': 'text/plain; charset=utf-8' } } : { body: { received: true } };
}

/** Adyen sends at most 6 items per notification; more is not a notification. */
const NOTIFICATION_ITEMS_MAX = 100;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Checks the processor's signature over the raw body (each item, for providerB) and reads the notices. */
function verify(provider: ProcessorName, raw: Buffer | undefined, stripeHeader: string | undefined, body: unknown, deps: GatewayDeps): { notices: ProviderNotice[] | null; failure: string | null } {
  if (raw === undefined) return { notices: [], failure: 'no JSON body: send the raw JSON the processor signed, with Content-Type: application/json' };
  if (provider === 'providerA') {
    const check = verifyStripeSignature(raw, stripeHeader, deps.config.PROVIDER_A_WEBHOOK_SECRET);
    if (!check.ok) return { notices: [], failure: check.message };
    const readable = isRecord(body) && text(body['id']) !== null && text(body['type']) !== null && isRecord(body['data']) && isRecord(body['data']['object']);
    return { notices: readable ? [noticeFromProviderA(body)] : null, failure: null };
  }
  const list = isRecord(body) ? body['notificationItems'] : undefined;
  const items = Array.isArray(list) ? list : [];
  if (items.length === 0) return { notices: [], failure: 'no notificationItems' };
  if (items.length > NOTIFICATION_ITEMS_MAX) return { notices: [], failure: `more than ${NOTIFICATION_ITEMS_MAX} notificationItems` };
  const notices: ProviderNotice[] = [];
  for (const wrapper of items) {
    // Each item carries its own signature: an item that is not one is unsigned.
    if (!isRecord(wrapper) || !isRecord(wrapper['NotificationRequestItem'])) return { notices: [], failure: 'a notification item is not {NotificationRequestItem: {...}}' };
    const item = wrapper['NotificationRequestItem'];
    let check;
    try {
      check = verifyAdyenHmacSignature(item as unknown as AdyenSignedFields, deps.config.PROVIDER_B_HMAC_KEY);
    } catch {
      check = { ok: false as const, message: 'the item is missing signed fields' };
    }
    if (!check.ok) return { notices: [], failure: check.message };
    notices.push(noticeFromProviderB(item));
  }
  return { notices, failure: null };
}
