import type { ProcessorName } from '@payrail/core';

/** Each processor's books: one stream per processor under `data/providers/sim/`. */
export const BOOK_STREAMS: Readonly<Record<ProcessorName, string>> = Object.freeze({
  providerA: 'providers/sim/providerA',
  providerB: 'providers/sim/providerB',
});

/** The settlement files the bank side wrote (both processors). */
export const SETTLEMENT_STREAM = 'providers/sim/settlements';

export const BOOKS_LOCK = 'providers/sim/.journal';

export const ALL_BOOK_STREAMS: readonly string[] = [BOOK_STREAMS.providerA, BOOK_STREAMS.providerB, SETTLEMENT_STREAM];

/** The event types of the books (schemas in shared/schemas/src/events/providerSim.ts). */
export const BOOK_EVENTS = {
  chargeAuthorized: 'provider_sim.charge_authorized',
  chargeDeclined: 'provider_sim.charge_declined',
  callDropped: 'provider_sim.call_dropped',
  pixChargeCreated: 'provider_sim.pix_charge_created',
  pixChargePaid: 'provider_sim.pix_charge_paid',
  chargeCaptured: 'provider_sim.charge_captured',
  chargeVoided: 'provider_sim.charge_voided',
  refundSucceeded: 'provider_sim.refund_succeeded',
  disputeOpened: 'provider_sim.dispute_opened',
  disputeClosed: 'provider_sim.dispute_closed',
  disputeFundsMoved: 'provider_sim.dispute_funds_moved',
  webhookQueued: 'provider_sim.webhook_queued',
  webhookSent: 'provider_sim.webhook_sent',
  webhookAbandoned: 'provider_sim.webhook_abandoned',
  responseRecorded: 'provider_sim.response_recorded',
  settlementWritten: 'provider_sim.settlement_written',
} as const;
