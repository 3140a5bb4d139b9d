/**
 * The shapes the console reads, taken from the code that writes them (type-only imports: nothing
 * of the server is bundled into the browser).
 */
export type { Dispute, Escrow, EscrowPayee, PaymentIntent, Refund, WebhookPayload } from '@payrail/ledger';
export type { AuditExport, VerifiedEvent } from '../../src/console/auditExport.js';
export type { DeadLetter } from '../../src/console/deadLetters.js';
export type { EscrowCustody } from '../../src/console/escrowCustody.js';
export type { Overview } from '../../src/console/overview.js';
export type { PaymentTrace, TraceSpan } from '../../src/console/paymentTrace.js';
export type { DayReport, SettlementDay } from '../../src/console/settlementDays.js';
export type { SearchResult } from '../../src/console/search.js';
export type { ProviderHealth } from '../../src/routing/circuitBreakers.js';
export type { AlertEvent as SloAlert, SloReport } from '../../src/ops/sloEvaluator.js';
import type { Canaries } from '../../src/routing/canary.js';
export type { Incident, TriageReport } from '@payrail/ops';
export type { MismatchExplanations } from '@payrail/settlement';
export type { DisputeDraft } from '../../src/disputes/disputeDraft.js';
/** A routing canary as GET /admin/canaries lists it. */
export type Canary = ReturnType<Canaries['list']>[number];
import type { SloReport as Report } from '../../src/ops/sloEvaluator.js';
/** One SLO as GET /admin/slos lists it (the reconciliation SLO with its days). */
export type SloStatus = Report['slos'][number];
export type { DeliveryAttempt } from '../../src/webhooks/deliveryLog.js';

/** A webhook endpoint as `/v1/webhook-endpoints` answers it (never with its secret, but at creation or rotation). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  enabled_events: string[];
  description: string | null;
  status: string;
  disabled_reason: string | null;
  secrets: Array<{ id: string; created: number; expires_at: number | null; status: string }>;
  created: number;
  /** Only in the answer to a creation or a rotation. */
  secret?: string;
}

/** What merchant-sim received of an event, with its badges. */
export interface Receipt {
  id: string;
  type: string | null;
  order_id: string | null;
  attempts: number;
  processed: boolean;
  last_status: number;
  badges: { signature: 'SIG OK' | 'SIG FAIL'; retries: number; delta_s: number | null };
  labels: string[];
  timeline?: Array<{ attempt: number; received_at: string; status: number; latency_ms: number; signature: string; signature_reason?: string; mode: string; headers: Record<string, string> }>;
}

/** provider-sim's failure injection for one processor (the switches the console shows). */
export interface ProcessorFaults {
  outage: 'none' | '503' | 'refuse';
  latency_ms: number;
  latency_jitter_ms: number;
  timeout_percent: number;
  decline_percent: number;
  [other: string]: unknown;
}
