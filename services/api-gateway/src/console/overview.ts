import type { LedgerState, PaymentIntent } from '@payrail/ledger';
import type { DeliveryAttempt, DeliveryLog } from '../webhooks/deliveryLog';
import { merchantEvents } from '../webhooks/merchantEvents';

/** The console's overview of a merchant's recent activity. */
export interface Overview {
  object: 'overview';
  since: number;
  payments: { total: number; by_status: Record<string, number> };
  /** Captured volume per currency, in minor units. */
  volume: Array<{ currency: string; captured: number; refunded: number; payments: number }>;
  decline_reasons: Array<{ decline_code: string; count: number }>;
  webhooks: { deliveries: number; delivered: number; delivered_first_attempt: number; success_rate: number | null };
  refunds_pending_approval: number;
  disputes_open: number;
}

/** Payments created since `since` (unix seconds) by status, volume and decline reason, and the webhook success rate of their events. */
export function overviewOf(state: LedgerState, merchant: string, since: number, deliveries: DeliveryLog): Overview {
  const all = state.paymentsByMerchant.get(merchant) ?? [];
  const recent: PaymentIntent[] = [];
  // Payments are in creation order: walk back from the newest until one is older than `since`.
  for (let i = all.length - 1; i >= 0; i--) {
    const payment = all[i] as PaymentIntent;
    if (payment.created < since) break;
    recent.push(payment);
  }
  const byStatus: Record<string, number> = {};
  const volume = new Map<string, { currency: string; captured: number; refunded: number; payments: number }>();
  const declines = new Map<string, number>();
  for (const payment of recent) {
    byStatus[payment.status] = (byStatus[payment.status] ?? 0) + 1;
    if (payment.amount_received > 0) {
      const entry = volume.get(payment.currency) ?? { currency: payment.currency, captured: 0, refunded: 0, payments: 0 };
      entry.captured += payment.amount_received;
      entry.refunded += payment.amount_refunded;
      entry.payments += 1;
      volume.set(payment.currency, entry);
    }
    if (payment.status === 'declined') {
      const code = payment.decline_code ?? 'unknown';
      declines.set(code, (declines.get(code) ?? 0) + 1);
    }
  }

  const byDelivery = new Map<string, DeliveryAttempt[]>();
  for (const event of merchantEvents(state, merchant, { created_gte: since })) {
    for (const attempt of deliveries.attempts(event.event_id)) byDelivery.set(attempt.delivery_id, [...(byDelivery.get(attempt.delivery_id) ?? []), attempt]);
  }
  let delivered = 0;
  let firstAttempt = 0;
  for (const attempts of byDelivery.values()) {
    if (attempts.some((a) => a.outcome === 'delivered')) delivered += 1;
    if (attempts.some((a) => a.outcome === 'delivered' && a.attempt === 1)) firstAttempt += 1;
  }

  return {
    object: 'overview',
    since,
    payments: { total: recent.length, by_status: byStatus },
    volume: [...volume.values()].sort((a, b) => b.captured - a.captured),
    decline_reasons: [...declines].map(([decline_code, count]) => ({ decline_code, count })).sort((a, b) => b.count - a.count),
    webhooks: { deliveries: byDelivery.size, delivered, delivered_first_attempt: firstAttempt, success_rate: byDelivery.size === 0 ? null : delivered / byDelivery.size },
    refunds_pending_approval: (state.refundsByMerchant.get(merchant) ?? []).filter((r) => r.status === 'pending_approval').length,
    disputes_open: (state.disputesByMerchant.get(merchant) ?? []).filter((d) => d.status === 'opened' || d.status === 'under_review').length,
  };
}
